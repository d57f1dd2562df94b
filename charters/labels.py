"""Translated labels and sentences of the 고객헌장 feature (shared by pages and PDFs)."""

from __future__ import annotations

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from charters.domain.measure import Verdict
from charters.domain.snapshot import StandardEntry
from civil_complaints.domain.periods import ProcessingPeriod

#: a charter is written and published in Korean (its PDF is the official document); English pages show its
#: content as it is, marked with this language
DOCUMENT_LANG = "ko"

SECTION_TITLES = {
    "preamble": _l("Preamble"),
    "mission": _l("Basic mission"),
    "services": _l("Services we provide and the level of service we aim for"),
    "remedy": _l("Complaints, correction procedure and responsibility for compensation"),
    "improvement": _l("Efforts and plans to improve our services"),
}
SECTION_HINTS = {
    "preamble": _l("The customary opening: the agency's promise to its citizens, in a few lines."),
    "mission": _l("Item 1: what the agency is for."),
    "services": _l("Item 2: the services and the level promised. The standards below are listed after this text."),
    "remedy": _l("Item 3: how complaints are handled, how errors are corrected and what is compensated. "
                 "The compensation rules below are listed after this text."),
    "improvement": _l("Item 4: customer participation, satisfaction surveys, evaluation and publication."),
}
GROUP_TITLES = {
    "core": _l("Core service standards"),
    "response": _l("Customer service standards"),
}
MEASURE_LABELS = {
    "descriptive": _l("Descriptive (not measured by the system)"),
    "deadline": _l("Processing time of a complaint type"),
    "satisfaction": _l("Satisfaction rate"),
}
CHANNEL_LABELS = {
    "visit": _l("In person"),
    "phone": _l("Telephone"),
    "web": _l("Website"),
    "email": _l("E-mail"),
    "mail": _l("Post"),
    "fax": _l("Fax"),
    "other": _l("Other"),
}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "approved": _l("Approved"),
    "published": _l("Published"),
    "superseded": _l("Superseded"),
}
VERDICT_LABELS = {
    Verdict.KEPT: _l("Kept"),
    Verdict.BROKEN: _l("Not kept"),
    Verdict.NO_DATA: _l("No complaints"),
    Verdict.NOT_MEASURED: _l("Not measured"),
}


#: the charter's legal basis by kind of agency (AGENCY_KIND): a 지방자치단체 follows 행정서비스헌장 practice, a
#: 공공기관 공운법 제13조 (charters published before the kind was kept cited 공운법)
LEGAL_BASIS = {
    "local_government": _l("Administrative service charter under the Guidelines for Administrative Service Charters"),
    "public_institution": _l("Act on the Management of Public Institutions, Article 13"),
}


def legal_basis(agency_kind: str | None) -> str:
    return str(LEGAL_BASIS[agency_kind or "public_institution"])


ROW_NAMES = {
    "standard": lambda number: _("Standard %(number)d", number=number),
    "compensation": lambda number: _("Compensation rule %(number)d", number=number),
    "channel": lambda number: _("Contact %(number)d", number=number),
}


def won(amount: int | None) -> str:
    """"5,000원" / "5,000 won"."""
    return "" if amount is None else _("%(amount)s won", amount=format_decimal(amount))


def percent(value: float | None) -> str:
    """"96.5%"; an em dash when there is nothing to show."""
    if value is None:
        return "—"
    return _("%(value)s%%", value=format_decimal(round(value, 1), format="#,##0.#"))


def short_period(spec: str | None) -> str:
    """"7일", "3근무시간", "즉시(3근무시간)", "2주": the period as the charter states it."""
    if not spec:
        return "—"
    period = ProcessingPeriod.parse(spec)
    amount = period.amount  # 즉시 is 3 working hours (영 제19조)
    units = {"h": lambda: ngettext("%(num)d working hour", "%(num)d working hours", amount),
             "d": lambda: ngettext("%(num)d day", "%(num)d days", amount),
             "w": lambda: ngettext("%(num)d week", "%(num)d weeks", amount),
             "m": lambda: ngettext("%(num)d month", "%(num)d months", amount),
             "y": lambda: ngettext("%(num)d year", "%(num)d years", amount)}
    return units[period.unit.value]()


def measure_text(entry: StandardEntry) -> str:
    """How a standard is measured, e.g. "처리기간(7일) 내 처리율 100%" or "만족률 80% 이상"."""
    if entry.measure == "deadline":
        target = entry.target_percent or 100
        if entry.promise_spec:
            return _("Share answered within the promised %(period)s (statutory: %(statutory)s): %(target)d%% or more",
                     period=short_period(entry.promise_spec), statutory=short_period(entry.type_period),
                     target=target) if entry.type_period else _(
                "Share answered within the promised %(period)s: %(target)d%% or more",
                period=short_period(entry.promise_spec), target=target)
        period = short_period(entry.type_period) if entry.type_period else "—"
        if target == 100:
            return _("Every complaint answered within the processing period (%(period)s)", period=period)
        return _("Share answered within the processing period (%(period)s): %(target)d%% or more",
                 period=period, target=target)
    if entry.measure == "satisfaction":
        scope = entry.complaint_type_name or _("all complaints")
        return _("Satisfaction rate %(target)d%% or more (%(scope)s)", target=entry.target_percent or 0, scope=scope)
    return _("Checked by self-inspection")


def amount_text(amount_won: int | None, form: str) -> Markup:
    """"5,000원 (문화상품권)", or the form alone when the compensation is not money. The form is the charter's own
    (Korean) words, marked as such on an English page."""
    words = Markup('<span lang="{}">{}</span>').format(DOCUMENT_LANG, form) if form else Markup("")
    if amount_won is None:
        return words
    return Markup("{} ({})").format(won(amount_won), words) if form else Markup("{}").format(won(amount_won))


def duration(value: float | None, unit: str) -> str:
    """"12.5 working hours" / "3 working days"; an em dash when there is no value."""
    if value is None:
        return "—"
    number = format_decimal(round(value, 1), format="#,##0.#")
    if unit == "hours":
        return _("%(value)s working hours", value=number)
    return _("%(value)s working days", value=number)


def period_text(first_day, last_day) -> str:
    from core.i18n import official_date

    return f"{official_date(first_day)} ~ {official_date(last_day)}"
