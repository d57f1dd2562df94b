"""One value of a report table as text for a reader: the on-screen page and the PDF write the same words.

`display(value, kind, locale)`, with `kind` one of `reporting.domain.document.KINDS` and `locale` "ko" or "en":

- int → `1,234`; number → `1,234.5` (one decimal); percent (a fraction) → `95.4%`;
- hours → `12.5시간` / `12.5 hours`, days → `3.0일` / `3.0 days` (Babel's CLDR units, one decimal);
- date → `2026. 9. 25.`, datetime (aware) → `2026. 9. 25. 14:03` in KST, in both languages: official documents
  use the Korean date whatever the interface language (core/i18n.py);
- None → "" (an empty cell, as in the XLSX and the CSV).

A value that does not fit its column's kind (a label in a number column, a date in a text column) is shown by its
own type, never refused. No application context is needed: the locale is an argument.

Also the lines every format shares: the totals row's label, the period and the conditions (translated with the
current locale: these need an application context).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal, format_percent
from babel.units import format_unit
from flask_babel import gettext as _

from core.i18n import official_date, official_datetime
from reporting.domain.document import Report

#: Babel number patterns per kind (the XLSX number formats say the same)
PATTERNS = {"int": "#,##0", "number": "#,##0.0", "percent": "#,##0.0%", "hours": "#,##0.0", "days": "#,##0.0"}
UNITS = {"hours": "duration-hour", "days": "duration-day"}
NUMERIC_KINDS = frozenset(PATTERNS)


def display(value: object, kind: str = "text", locale: str = "ko") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime):
        return official_datetime(value) if value.utcoffset() is not None else official_datetime_naive(value)
    if isinstance(value, date):
        return official_date(value)
    if isinstance(value, float) and not math.isfinite(value):
        return format_decimal(value, locale=locale)  # ∞, NaN: shown, not refused
    if isinstance(value, int | float) and kind in NUMERIC_KINDS:
        return _number(value, kind, locale)
    if isinstance(value, int | float):
        return format_decimal(value, format="#,##0.##", locale=locale)
    return str(value)


def _number(value: int | float, kind: str, locale: str) -> str:
    pattern = PATTERNS[kind]
    value = half_up(value, kind)
    if kind == "percent":
        return format_percent(value, format=pattern, locale=locale)
    if kind in UNITS:
        return format_unit(value, UNITS[kind], format=pattern, locale=locale)
    return format_decimal(value, format=pattern, locale=locale)


def half_up(value: int | float, kind: str) -> Decimal:
    """Rounded half up as Excel shows it (3.25 → 3.3; Babel would round half to even, 3.2), from the shortest
    decimal that is the float (so 0.955 is 95.5%, not the binary 0.95499…)."""
    places = {"int": Decimal(1), "percent": Decimal("0.001")}.get(kind, Decimal("0.1"))
    exact = Decimal(int(value)) if isinstance(value, int) else Decimal(repr(float(value)))
    return exact.quantize(places, rounding=ROUND_HALF_UP)


def official_datetime_naive(value: datetime) -> str:
    """A naive datetime is taken as KST already (the domain promises aware values; a slip must not crash)."""
    return f"{official_date(value.date())} {value:%H:%M}"


def is_numeric(kind: str) -> bool:
    """Right-aligned on the page and in the PDF."""
    return kind in NUMERIC_KINDS


def text_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (Korean) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def totals_cells(totals: Sequence[object]) -> list[object]:
    """The totals row with its first cell labelled "합계" / "Total" when the table left it empty."""
    cells = list(totals)
    if cells and cells[0] in (None, ""):
        cells[0] = _("Total")
    return cells


def period_text(report: Report) -> str:
    """`2025. 9. 1. ~ 2026. 8. 31.`"""
    return f"{official_date(report.period.start)} ~ {official_date(report.period.end)}"


def conditions_rows(report: Report) -> list[tuple[str, str]]:
    """What the conditions sheet says, in order: the same lines as the PDF's conditions table."""
    rows = [(_("Report"), report.title), (_("Period"), period_text(report)), *report.conditions]
    rows += [(_("Note") if index == 0 else "", note) for index, note in enumerate(report.notes)]
    rows += [(_("Made at"), official_datetime(report.made_at)), (_("Made by"), report.made_by)]
    return rows
