"""The periodic internal-customer survey (내부고객 만족도 조사).

Decided for this product:
- One period is open at a time: an administrator opens it with a title and a closing date (answers are taken until
  the end of that day, KST) and may close it early.
- Every department rates each providing department it used: one that received a request of it (the request
  reached the provider) during the period or in the 12 months before it opened. Any member of the department with
  internal services may give the department's answer, once per provider; the first answer stands, and the page
  shows colleagues that it was given (not its scores).
- Results are shown once the period has closed, per providing department only: the number of answering
  departments, the averages of 신속성 · 정확성 · 친절성 · 전반적 만족, and the comments without the rating
  department's name, in alphabetical order (not the order given). With fewer than MIN_ANSWERS answering
  departments a provider's figures and comments are withheld: with one or two, the rated department could tell
  who said what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.clock import KST, to_kst, today_kst
from core.extensions import db
from organization.models import Department
from service_requests.models import ServiceRequest, SurveyAnswer, SurveyPeriod

MIN_ANSWERS = 3
LOOKBACK = timedelta(days=365)
MAX_DAYS_OPEN = 366
SCORES = ("speed", "accuracy", "kindness", "overall")


class SurveyRefused(Exception):
    """codes: already_open, closes_past, closes_far, already_closed, no_department, closed, not_used,
    already_answered (translated by the view)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def is_closed(period: SurveyPeriod, now: datetime) -> bool:
    return period.closed_at is not None or period.closes_at <= now


def ended_at(period: SurveyPeriod) -> datetime:
    """When answers stopped (or will stop) being taken."""
    return period.closed_at or period.closes_at


def last_day(period: SurveyPeriod) -> date:
    """The last day answers are (or were) taken, in KST: the closing date, or the day it was closed early."""
    return to_kst(period.closed_at or period.closes_at - timedelta(microseconds=1)).date()


def open_period_now(now: datetime) -> SurveyPeriod | None:
    return db.session.scalar(select(SurveyPeriod).where(SurveyPeriod.closed_at.is_(None), SurveyPeriod.closes_at > now)
                             .order_by(SurveyPeriod.id.desc()).limit(1))


def periods() -> list[SurveyPeriod]:
    return list(db.session.scalars(select(SurveyPeriod).order_by(SurveyPeriod.opened_at.desc(),
                                                                 SurveyPeriod.id.desc())))


def open_period(actor, *, title: str, closes_on: date, now: datetime) -> SurveyPeriod:
    if open_period_now(now) is not None:
        raise SurveyRefused("already_open")
    if closes_on < today_kst(now):
        raise SurveyRefused("closes_past")
    if closes_on > today_kst(now) + timedelta(days=MAX_DAYS_OPEN):
        raise SurveyRefused("closes_far")
    period = SurveyPeriod(title=title.strip(), opened_at=now, opened_by_id=actor.id,
                          closes_at=datetime.combine(closes_on + timedelta(days=1), time(0), tzinfo=KST))
    db.session.add(period)
    db.session.flush()
    return period


def close_period(actor, period: SurveyPeriod, *, now: datetime) -> None:
    if is_closed(period, now):
        raise SurveyRefused("already_closed")
    period.closed_at = now


def providers_used(department_id: int, period: SurveyPeriod) -> list[Department]:
    """The providing departments that received a request of `department_id` in the period or the year before."""
    used = (select(ServiceRequest.provider_department_id)
            .where(ServiceRequest.requester_department_id == department_id,
                   ServiceRequest.provider_department_id != department_id,
                   ServiceRequest.clock_started_at.is_not(None),
                   ServiceRequest.created_at >= period.opened_at - LOOKBACK,
                   ServiceRequest.created_at < ended_at(period)).distinct())
    return list(db.session.scalars(select(Department).where(Department.id.in_(used)).order_by(Department.name_ko)))


def answered(department_id: int, period: SurveyPeriod) -> set[int]:
    """The providers `department_id` already rated in `period`."""
    return set(db.session.scalars(select(SurveyAnswer.provider_department_id).where(
        SurveyAnswer.period_id == period.id, SurveyAnswer.rater_department_id == department_id)))


def submit_answer(actor, period: SurveyPeriod, provider_id: int, scores: dict[str, int], *, comment: str,
                  now: datetime) -> SurveyAnswer:
    """The department's answer about one provider it used, once."""
    if actor.department_id is None:
        raise SurveyRefused("no_department")
    if is_closed(period, now):
        raise SurveyRefused("closed")
    if provider_id not in {d.id for d in providers_used(actor.department_id, period)}:
        raise SurveyRefused("not_used")
    if provider_id in answered(actor.department_id, period):
        raise SurveyRefused("already_answered")
    answer = SurveyAnswer(period_id=period.id, rater_department_id=actor.department_id,
                          provider_department_id=provider_id, comment=comment.strip(), submitted_by_id=actor.id,
                          submitted_at=now, **{name: scores[name] for name in SCORES})
    try:
        with db.session.begin_nested():  # a colleague answering at the same moment: the unique key decides
            db.session.add(answer)
    except IntegrityError:
        raise SurveyRefused("already_answered") from None
    return answer


@dataclass(frozen=True)
class ProviderResult:
    department: Department
    answers: int
    #: the four averages (None when withheld: fewer than MIN_ANSWERS answering departments)
    averages: dict[str, float] | None
    comments: list[str]

    @property
    def withheld(self) -> bool:
        return self.averages is None


def results(period: SurveyPeriod, *, provider_ids: set[int] | None = None) -> list[ProviderResult]:
    """Per providing department (all, or those in `provider_ids`): aggregates only, never an answer's rater."""
    columns = [func.avg(getattr(SurveyAnswer, name)) for name in SCORES]
    query = (select(SurveyAnswer.provider_department_id, func.count(), *columns)
             .where(SurveyAnswer.period_id == period.id).group_by(SurveyAnswer.provider_department_id))
    if provider_ids is not None:
        query = query.where(SurveyAnswer.provider_department_id.in_(provider_ids))
    rows = db.session.execute(query).all()
    departments = {d.id: d for d in db.session.scalars(select(Department).where(
        Department.id.in_([row[0] for row in rows])))}
    found = []
    for provider_id, count, *averages in rows:
        shown = count >= MIN_ANSWERS
        comments = sorted(db.session.scalars(select(SurveyAnswer.comment).where(
            SurveyAnswer.period_id == period.id, SurveyAnswer.provider_department_id == provider_id,
            SurveyAnswer.comment != ""))) if shown else []
        found.append(ProviderResult(departments[provider_id], count,
                                    dict(zip(SCORES, (round(float(a), 2) for a in averages), strict=True))
                                    if shown else None, comments))
    return sorted(found, key=lambda r: r.department.name_ko)
