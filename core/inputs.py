"""What arrives in URLs and forms, bounded to what the database and the date arithmetic can hold.

Out-of-range or malformed input is bad input, never a 500: an id in a path that PostgreSQL's `integer` cannot
hold (above 2³¹−1) matches no route (404, like any unknown id); a query parameter out of range is a localized 400;
a date outside `EARLIEST_DAY` … `LATEST_DAY` is a form error, so no deadline, time-zone shift or "+1 day"
ever leaves Python's years 1–9999. NUL characters (which PostgreSQL refuses in text) are refused with a 400
wherever they arrive: path, query string or form.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter
from wtforms import DateField
from wtforms.widgets import MonthInput

#: PostgreSQL `integer` (every id column); SQLite holds more, but one bound for both backends
DB_INT_MAX = 2**31 - 1
#: the dates any form or query accepts: far from datetime's limits, so date arithmetic cannot overflow
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2199, 12, 31)
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,19}")  # ASCII only: str.isdigit() is true for "²", which int() refuses


class BadInput(BadRequest):
    """A 400 whose description the user reads (already localized); the error page shows it."""

    def __init__(self, message: str) -> None:
        super().__init__(description=message)
        self.user_message = message


class DatabaseIntConverter(IntegerConverter):
    """`<int:…>` in every route: 0 … 2³¹−1, so an id the database cannot hold is a 404 like any unknown id."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 0, max: int | None = DB_INT_MAX,  # noqa: A002
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def parse_int(text: str | None, *, low: int = 0, high: int = DB_INT_MAX) -> int | None:
    """`text` as a whole number (ASCII digits, optional minus) within `low` … `high`, else None."""
    text = (text or "").strip()
    if not _WHOLE_NUMBER.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def db_id(value) -> int:
    """WTForms `coerce` for ids: a whole number the database can hold; anything else is "not a valid choice"
    (a ValueError), never an integer PostgreSQL refuses in a query."""
    number = value if isinstance(value, int) and not isinstance(value, bool) else parse_int(str(value))
    if number is None or not 0 <= number <= DB_INT_MAX:
        raise ValueError("not an id")
    return number


def query_int(name: str, *, default: int | None, low: int, high: int) -> int | None:
    """The query parameter `name` as a whole number within `low` … `high`; absent or empty: `default`; else 400."""
    text = request.args.get(name, "")
    if not text.strip():
        return default
    value = parse_int(text, low=low, high=high)
    if value is None:
        raise BadInput(_("%(name)s must be a whole number from %(low)s to %(high)s.", name=name, low=low,
                         high=high))
    return value


def day_in_range(value: date) -> bool:
    return EARLIEST_DAY <= value <= LATEST_DAY


def instant_in_range(value: datetime) -> bool:
    """An instant whose own calendar day is in range (then any time-zone shift of it is too)."""
    return day_in_range(value.date())


def date_range_message() -> str:
    from core.i18n import official_date

    return _("Enter a date between %(first)s and %(last)s.", first=official_date(EARLIEST_DAY),
             last=official_date(LATEST_DAY))


class BoundedDateField(DateField):
    """A date field that refuses days outside `EARLIEST_DAY` … `LATEST_DAY` with a form error (every form's
    dates: tests/web/test_no_server_errors.py checks that no form uses a plain DateField)."""

    def __init__(self, *args, **kwargs) -> None:
        bounds = {"min": EARLIEST_DAY.isoformat(), "max": LATEST_DAY.isoformat()}  # the browser's date picker too
        super().__init__(*args, render_kw={**bounds, **(kwargs.pop("render_kw", None) or {})}, **kwargs)

    def process_formdata(self, valuelist) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and not day_in_range(self.data):
            raise ValueError(date_range_message())


class BoundedMonthField(BoundedDateField):
    """A month ("2026-11", the browser's month picker) within the same bounds, held as its first day."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, format="%Y-%m", **kwargs)
        self.render_kw.update({"min": EARLIEST_DAY.strftime("%Y-%m"), "max": LATEST_DAY.strftime("%Y-%m")})

    widget = MonthInput()


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values if isinstance(value, str))


def refuse_nul_characters() -> None:
    """No person types a NUL character; PostgreSQL refuses it in text. A 400 before any view sees it."""
    if (_has_nul(request.view_args.values() if request.view_args else ()) or _has_nul(request.args.keys())
            or _has_nul(request.args.values()) or _has_nul(request.form.keys()) or _has_nul(request.form.values())):
        raise BadInput(_("The request contains a character that is not allowed."))


def init_app(app: Flask) -> None:
    """Before any route is added: `<int:…>` is bounded everywhere, and NUL characters are refused."""
    app.url_map.converters["int"] = DatabaseIntConverter
    app.before_request(refuse_nul_characters)
