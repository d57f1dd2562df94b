"""Locale and time-zone selection, and the date/number formats used on screens and documents.

Official documents use Korean dates whatever the interface language (`2026. 9. 25.`).
"""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, current_app, session
from flask_babel import format_decimal, get_locale
from flask_login import current_user

from app.clock import KST, to_kst
from app.extensions import babel
from app.pdf_files import pdf_size


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.preferred_locale in languages:
        return current_user.preferred_locale
    # Korean first: English only when the user chooses it (the switch is on every page).
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return "Asia/Seoul"


def official_date(value: date | datetime | None) -> str:
    """`2026. 9. 25.` — the Korean official-document date (a datetime is first shown in KST)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_kst(value).date()
    return f"{value.year}. {value.month}. {value.day}."


def official_datetime(value: datetime | None) -> str:
    """`2026. 9. 25. 14:30` in KST (24-hour clock, as on 공문서)."""
    if value is None:
        return ""
    local = to_kst(value)
    return f"{official_date(local.date())} {local:%H:%M}"


def weekday_label(value: date | datetime) -> str:
    """Short weekday in the current locale: (월) … (일) or (Mon) … (Sun)."""
    if isinstance(value, datetime):
        value = value.astimezone(KST).date()
    names = ("월", "화", "수", "목", "금", "토", "일") if str(get_locale()) == "ko" else (
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return names[value.weekday()]


def number(value: int | float) -> str:
    return format_decimal(value)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.filters.update(
        official_date=official_date,
        official_datetime=official_datetime,
        weekday=weekday_label,
        number=number,
        pdf_size=pdf_size,
    )
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def inject_globals() -> dict:
        locale = str(get_locale())
        name = app.config["AGENCY_NAME"] if locale == "ko" else app.config["AGENCY_NAME_EN"]
        return {"current_locale": locale, "agency_name": name}
