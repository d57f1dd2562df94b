"""Locale and time-zone selection, and the date/number formats used on screens and documents.

Official documents use Korean dates whatever the interface language (`2026. 9. 25.`).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from babel.support import Translations
from flask import Flask, current_app, g, has_app_context, has_request_context, request, session
from flask_babel import Domain, format_decimal, get_locale
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from core.clock import KST, to_kst
from core.extensions import babel
from core.pdf_files import pdf_size

#: clients of these paths have no session: they choose with a `locale` (or `lang`) parameter or Accept-Language
CLIENT_CHOSEN_PREFIXES = ("/open311/",)


def _parameter(name: str) -> str:
    value = request.args.get(name)
    if value is None and request.method == "POST":
        try:
            value = request.form.get(name)
        except HTTPException:  # the body itself is what is refused (413): nothing to read a language from
            value = None
    return value or ""


def client_locale(languages) -> str:
    """`locale=en` / `lang=en-US` (query or form), else the best of Accept-Language, else Korean."""
    for name in ("locale", "lang"):
        wanted = _parameter(name).strip()[:2].lower()
        if wanted in languages:
            return wanted
    for tag, quality in request.accept_languages:  # best first; "ko-KR" counts as ko
        if quality > 0 and (primary := tag.split("-")[0].split("_")[0].lower()) in languages:
            return primary
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if has_request_context() and request.path.startswith(CLIENT_CHOSEN_PREFIXES):
        return client_locale(languages)
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
    local = to_kst(value)  # formatted field by field: a register writes a million of them
    return f"{local.year}. {local.month}. {local.day}. {local.hour:02d}:{local.minute:02d}"


def weekday_label(value: date | datetime) -> str:
    """Short weekday in the current locale: (월) … (일) or (Mon) … (Sun)."""
    if isinstance(value, datetime):
        value = value.astimezone(KST).date()
    names = ("월", "화", "수", "목", "금", "토", "일") if str(get_locale()) == "ko" else (
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return names[value.weekday()]


def number(value: int | float) -> str:
    return format_decimal(value)


def check_catalogs(directory: Path, languages: tuple[str, ...], *, translated: str = "ko") -> None:
    """Refuse to start without a compiled catalog (.mo) for every language, or with a `translated` catalog that
    translates nothing: Flask-Babel would silently show the English message ids instead of Korean."""
    from core.configuration import ConfigurationError

    for language in languages:
        path = directory / language / "LC_MESSAGES" / "messages.mo"
        if not path.is_file():
            raise ConfigurationError(
                f"the {language} translation catalog {path} is missing: compile the catalogs (`make "
                f"translations-compile`, or `pybabel compile -d translations`) or install a built wheel, which "
                f"carries them")
        with path.open("rb") as handle:
            entries = len(Translations(handle)._catalog)  # the header is one entry
        if language == translated and entries < 2:
            raise ConfigurationError(f"the {language} translation catalog {path} translates nothing")


class RequestDomain(Domain):
    """Flask-Babel's message domain, with the catalog looked up once per application context and locale.

    Flask-Babel finds the catalog anew for every message (three context-proxy lookups and the locale formatted
    to a string: ~20 µs; a page translates dozens). This keeps the catalog on ``g`` beside the locale object it
    was found for, so a change of locale in the middle of a request (``flask_babel.refresh()`` after a language
    choice, ``force_locale`` for a notice in the recipient's language) finds the right one again."""

    def get_translations(self) -> Translations:
        if not has_app_context():
            return super().get_translations()
        store = g._get_current_object().__dict__
        state, kept = store.get("_flask_babel"), store.get("_catalog_for_locale")
        if kept is not None and state is not None and getattr(state, "babel_locale", None) is kept[0]:
            return kept[1]
        translations = super().get_translations()
        store["_catalog_for_locale"] = (get_locale(), translations)
        return translations


def _install_domain(app: Flask) -> None:
    """Python's ``gettext``/``lazy_gettext`` and the templates' ``_()`` both read the catalog through
    ``RequestDomain`` (Flask-Babel's default domain and Jinja callables, replaced)."""
    domain = babel.domain_instance = RequestDomain()
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: domain.get_translations().ugettext(s),
        ngettext=lambda s, p, n: domain.get_translations().ungettext(s, p, n),
        pgettext=lambda c, s: domain.get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: domain.get_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )


def init_app(app: Flask) -> None:
    check_catalogs(Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]), tuple(app.config["LANGUAGES"]),
                   translated=app.config["BABEL_DEFAULT_LOCALE"])
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    _install_domain(app)
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
        korean = locale == "ko"
        return {"current_locale": locale, "agency_name": app.config["AGENCY_NAME" if korean else "AGENCY_NAME_EN"],
                "agency_address": app.config["AGENCY_ADDRESS" if korean else "AGENCY_ADDRESS_EN"]}
