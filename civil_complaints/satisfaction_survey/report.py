"""The satisfaction survey of finished 민원 by handling department, a report of the hub
(/staff/reports/satisfaction-survey; page, XLSX, CSV and PDF by the registry).

Who reads it: department heads (their own department), 민원심사관 and auditors (REPORTS_DOWNLOAD with every 민원),
administrators (they keep every survey: SURVEYS_VIEW_ALL). The rule that keeps the answers anonymous: a
department's mean, distribution and free texts are shown only from MIN_SEGMENT_RESPONSES (5) answers in the period;
below it the row says "too few answers to show", and the all-departments mean leaves it out too.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from civil_complaints.satisfaction_survey.queries import SegmentFigures, figures_by_segment, shown_mean
from core.extensions import db
from core.i18n import official_date, official_datetime
from organization.domain.roles import Permission, Role
from organization.models import Department, User
from reporting.domain.document import Chart, Column, Report, Series, Table
from reporting.domain.statistics import share
from reporting.registry import ReportDefinition, ReportQuery
from surveys.domain.answers import MIN_SEGMENT_RESPONSES

KEY = "satisfaction-survey"
#: an overall answer of this score or more (of 5) counts as satisfied
SATISFIED_SCORE = 4


def may_read(user: User) -> bool:
    return user.can(Permission.REPORTS_DOWNLOAD) or user.can(Permission.SURVEYS_VIEW_ALL)


def scope(user: User) -> frozenset[int] | None:
    """None (every department) for review officers, auditors and administrators; a head: their own department."""
    if user.can(Permission.COMPLAINTS_VIEW_ALL) or user.can(Permission.SURVEYS_VIEW_ALL):
        return None
    if user.has_role(Role.DEPARTMENT_HEAD) and user.department_id is not None:
        return frozenset({user.department_id})
    return frozenset()


def choices() -> dict[str, list[tuple[str, str]]]:
    locale = str(get_locale() or "ko")
    return {"department": [(d.code, d.name(locale)) for d in
                           db.session.scalars(select(Department).order_by(Department.code))]}


def _codes(query: ReportQuery) -> set[str] | None:
    """The department codes the asker may see, narrowed by the department filter; None: every one."""
    codes = None
    if query.departments is not None:
        codes = set(db.session.scalars(select(Department.code).where(Department.id.in_(query.departments or [0]))))
    if wanted := query.filters.get("department"):
        codes = {wanted} if codes is None or wanted in codes else set()
    return codes


def _too_few() -> str:
    return _("Too few answers to show (fewer than %(n)d)", n=MIN_SEGMENT_RESPONSES)


def _line(name: str, f: SegmentFigures) -> list[object]:
    satisfied = sum(1 for s in f.scores if s >= SATISFIED_SCORE)
    return [name, f.invited, f.invited_answered, share(f.invited_answered, f.invited), f.responses, f.mean,
            share(satisfied, len(f.scores)) if f.shown else None, "" if f.shown else _too_few()]


def _columns() -> list[Column]:
    return [Column("department", _("Handling department"), width=18), Column("invited", _("Invited"), "int"),
            Column("invited_answered", _("Invitations answered"), "int"),
            Column("rate", _("Response rate"), "percent"), Column("responses", _("Answers in the period"), "int"),
            Column("mean", _("Overall satisfaction (mean, 1-5)"), "number"),
            Column("satisfied", _("Satisfied share (4-5)"), "percent"), Column("shown", _("Results"), width=30)]


def _departments_table(figures: list[SegmentFigures], names: dict[str, str]) -> Table:
    shown = [f for f in figures if f.shown]
    invited, answered = sum(f.invited for f in figures), sum(f.invited_answered for f in figures)
    scores = [s for f in shown for s in f.scores]
    totals = [_("All departments"), invited, answered, share(answered, invited), sum(f.responses for f in figures),
              shown_mean(figures), share(sum(1 for s in scores if s >= SATISFIED_SCORE), len(scores)),
              _("Mean of the departments shown") if len(shown) < len(figures) else ""]
    return Table("departments", _("Satisfaction by handling department"), _columns(),
                 [_line(names.get(f.code, f.code), f) for f in figures], totals=totals, note=_(
                     "Invited: invitations e-mailed in the period; answered: those of them answered so far. Answers "
                     "in the period: answers received in the period, whenever invited. A department's results are "
                     "shown from %(n)d answers in the period.", n=MIN_SEGMENT_RESPONSES))


def _distribution_table(figures: list[SegmentFigures], names: dict[str, str], order) -> Table:
    rows = []
    for f in figures:
        if f.shown:
            rows += [[names.get(f.code, f.code), question, choice, f.choices.get((question, choice), 0),
                      share(f.choices.get((question, choice), 0), f.answered.get(question, 0))]
                     for question, choice in order if f.answered.get(question)]
    return Table("distribution", _("Answers to each question by department"), [
        Column("department", _("Handling department"), width=18), Column("question", _("Question"), width=40),
        Column("choice", _("Choice"), width=16), Column("answers", _("Answers"), "int"),
        Column("share", _("Share of the question's answers"), "percent")], rows)


def _texts_table(figures: list[SegmentFigures], names: dict[str, str]) -> Table:
    rows = [[names.get(f.code, f.code), question, text] for f in figures if f.shown for question, text in f.texts]
    return Table("texts", _("Written answers by department"), [
        Column("department", _("Handling department"), width=18), Column("question", _("Question"), width=30),
        Column("text", _("Answer"), width=60)], rows)


NOTES = (
    _l("A sample of the complaints answered (status answered or closed) is invited by e-mail some days after the "
       "answer; the answers are stored without the complaint, the name or the address, with the handling "
       "department's code only."),
    _l("Overall satisfaction: the survey's first question, its first choice scored 5 and its last 1. Satisfied "
       "share: answers scoring 4 or 5."),
    _l("So that nobody's answers can be told apart, a department's mean, distribution and written answers are "
       "shown only from 5 answers in the period, and the mean of all departments leaves out those below it."),
)


def build_satisfaction_survey(query: ReportQuery) -> Report:
    figures, layout = figures_by_segment(query.period.start, query.period.end, _codes(query))
    names = {d.code: d.name(query.locale) for d in db.session.scalars(select(Department))}
    shown = [f for f in figures if f.shown and f.mean is not None]
    made_by = query.actor.display_name if query.actor is not None else ""
    conditions = [(_("Period"), f"{official_date(query.period.start)} ~ {official_date(query.period.end)}"),
                  (_("Handling department"), names.get(query.filters.get("department", ""), _("All"))),
                  (_("Results shown from"), _("%(n)d answers per department", n=MIN_SEGMENT_RESPONSES)),
                  (_("Made at"), official_datetime(query.now)), (_("Made by"), made_by)]
    charts = [Chart("mean", _("Overall satisfaction by handling department"), "hbar",
                    [names.get(f.code, f.code) for f in shown], [Series(_("Mean (1-5)"), [f.mean for f in shown])],
                    unit=_("points"))] if shown else []
    return Report(KEY, _("Satisfaction survey of finished complaints"), query.period, query.now, made_by,
                  conditions=conditions, charts=charts, notes=[str(n) for n in NOTES], tables=[
                      _departments_table(figures, names), _distribution_table(figures, names, layout.order),
                      _texts_table(figures, names)])


def definition() -> ReportDefinition:
    return ReportDefinition(
        key=KEY, title=lambda: _l("Satisfaction survey of finished complaints"),
        description=lambda: _l("Invitations, response rate, overall satisfaction and the answers to each question "
                               "by handling department; a department is shown from 5 answers."),
        build=build_satisfaction_survey, may_read=may_read, scope=scope, filters=("department",), choices=choices,
        order=15)
