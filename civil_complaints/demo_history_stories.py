"""What became of each planned demo 민원 (issue 19.10): one function per story, each the steps the services take.

A story only adds steps to its `Case` (demo_history_plan.py); the generator drops a case whose last step would
fall after the seed's `now` and plans another, so nothing in the history happens in the future.
"""

from __future__ import annotations

import random
from datetime import timedelta

from civil_complaints.demo_history_people import REMEDIES
from civil_complaints.demo_history_plan import (
    AGENCIES,
    EXTENSION_REASON,
    MOVES,
    Agency,
    Case,
    Step,
    after_working,
    answer,
    between,
    day_after,
    end_pause,
    kst,
    late_time,
    recompute_due,
    supplement_request,
    take,
)
from civil_complaints.domain.extensions import Extension, ExtensionGround
from civil_complaints.domain.transfers import LIMITS, department_transfer_basis

RETURN_REASONS = "정해 드린 기한까지 두 차례 요청한 서류를 보완하지 않으셨습니다 (시행령 제25조①)."


def _taken(case: Case, agency: Agency, rng: random.Random) -> None:
    take(case, agency, rng, between(agency.calendar, rng, case.received_at, case.due_at, skew=4))


def _answer_in_time_or_late(case: Case, agency: Agency, rng: random.Random, start, late_share: float) -> None:
    calendar = agency.calendar
    at = late_time(calendar, rng, case) if rng.random() < late_share else between(calendar, rng, start, case.due_at,
                                                                                  skew=1.3)
    answer(case, max(at, start + timedelta(minutes=5)), rng)


def answered(case: Case, agency: Agency, rng: random.Random) -> None:
    _taken(case, agency, rng)
    _answer_in_time_or_late(case, agency, rng, case.steps[-1].at, 0.0)


def late(case: Case, agency: Agency, rng: random.Random) -> None:
    _taken(case, agency, rng)
    answer(case, late_time(agency.calendar, rng, case), rng)


def refused(case: Case, agency: Agency, rng: random.Random) -> None:
    _taken(case, agency, rng)
    answer(case, between(agency.calendar, rng, case.steps[-1].at, case.due_at), rng, refused=True)


def _first_request(case: Case, agency: Agency, rng: random.Random):
    calendar = agency.calendar
    _taken(case, agency, rng)
    limit = after_working(calendar, case.received_at, 8)
    at = between(calendar, rng, case.steps[-1].at, limit if rng.random() < 0.85 else case.due_at)
    return supplement_request(case, calendar, at)


def supplemented(case: Case, agency: Agency, rng: random.Random) -> None:
    request = _first_request(case, agency, rng)
    day = min(request.sent_at.date() + timedelta(days=rng.randint(1, 6)), request.respond_by)
    at = kst(day, rng.randint(9, 20), rng.randint(0, 59))
    end_pause(case, at, "supplemented")
    before = case.due_at
    recompute_due(case, agency.calendar)
    case.status = "in_progress"
    case.steps.append(Step(at, "supplemented", None, {"text": "요청하신 서류를 보완하여 제출합니다.", "files": 0,
                                                      "before": "supplement_requested", "after": "in_progress",
                                                      "due_before": before.isoformat(),
                                                      "due_after": case.due_at.isoformat()}, kind="citizen"))
    _answer_in_time_or_late(case, agency, rng, at, 0.15)


def extended(case: Case, agency: Agency, rng: random.Random) -> None:
    calendar = agency.calendar
    _taken(case, agency, rng)
    at = between(calendar, rng, case.steps[-1].at, case.due_at)
    before = case.due_at
    extension = Extension.of(case.period, ExtensionGround.FACT_OR_SITE_CHECK.value)
    recompute_due(case, calendar, (extension,))
    case.extension = {"at": at, "due_before": before, "due_after": case.due_at, "by": case.assignee}
    case.steps.append(Step(at, "extended", case.assignee, {
        "number": 1, "period": case.period, "ground": extension.ground, "reason": EXTENSION_REASON, "consent": False,
        "due_before": before.isoformat(), "due_after": case.due_at.isoformat()}))
    _answer_in_time_or_late(case, agency, rng, at, 0.2)


def moved(case: Case, agency: Agency, rng: random.Random) -> None:
    """부서 이송 (영 제13조) soon after receipt, then handled and answered by the department it belongs to."""
    calendar, source = agency.calendar, case.department
    basis = department_transfer_basis(case.channel, from_civil_office=False)
    limit = after_working(calendar, case.received_at, LIMITS[basis].total_seconds() / 3600)
    at = after_working(calendar, case.received_at, rng.uniform(0.2, 1.3) * LIMITS[basis].total_seconds() / 3600)
    case.department, case.assignee, before, case.status = MOVES[source], None, case.status, "received"
    case.transfer = {"kind": "department", "from": source, "to": case.department, "at": at, "limit": limit,
                     "basis": basis.value, "reason": "소관 부서가 아니어서 처리주무부서로 이송합니다."}
    case.steps.append(Step(at, "transferred_department", agency.officers[source][0], {
        "before": before, "after": "received", "department_before_code": source,
        "department_after_code": case.department, "reason": case.transfer["reason"], "on_time": at <= limit,
        "limit_at": limit.isoformat(), "basis": basis.value}))
    take(case, agency, rng, between(calendar, rng, at, case.due_at, skew=4))
    _answer_in_time_or_late(case, agency, rng, case.steps[-1].at, 0.1)


def transferred(case: Case, agency: Agency, rng: random.Random) -> None:
    """타기관 이송 (영 제13조③, 8 working hours), some followed up by the officer later."""
    calendar = agency.calendar
    _taken(case, agency, rng)
    limit = after_working(calendar, case.received_at, 8)
    at = after_working(calendar, case.received_at, rng.uniform(1, 10))
    at = max(at, case.steps[-1].at + timedelta(minutes=10))
    case.transfer = {"kind": "agency", "from": case.department, "agency": rng.choice(AGENCIES), "at": at,
                     "limit": limit, "basis": "13-3", "reason": "소관 기관이 처리할 사항이어서 이송합니다."}
    before, case.status, case.finished_at = case.status, "transferred", at
    case.steps.append(Step(at, "transferred_agency", case.assignee, {
        "before": before, "after": "transferred", "agency": case.transfer["agency"], "reason": case.transfer["reason"],
        "on_time": at <= limit, "limit_at": limit.isoformat()}))
    if rng.random() < 0.5:
        follow = at + timedelta(days=rng.randint(5, 20))
        case.transfer["follow_up"] = (follow, "이송받은 기관에서 처리하여 회신하였다고 확인했습니다.")
        case.steps.append(Step(follow, "transfer_followed_up", case.assignee,
                               {"note": case.transfer["follow_up"][1]}, public=False))


def withdrawn(case: Case, agency: Agency, rng: random.Random) -> None:
    """취하 by the 민원인: while it is handled, or (one in four) while a 보완 is awaited."""
    if rng.random() < 0.25 and case.type_code != "STREETLIGHT":
        request = _first_request(case, agency, rng)
        at = kst(request.sent_at.date() + timedelta(days=rng.randint(1, 5)), rng.randint(9, 21))
        end_pause(case, at, "withdrawn")
    else:
        _taken(case, agency, rng)
        at = between(agency.calendar, rng, case.steps[-1].at, case.due_at)
    before, case.status, case.withdrawn_at, case.finished_at = case.status, "withdrawn", at, at
    case.steps.append(Step(at, "withdrawn", None, {"before": before, "after": "withdrawn",
                                                   "reason": "다른 방법으로 해결되었습니다."}, kind="citizen"))


def returned(case: Case, agency: Agency, rng: random.Random) -> None:
    """반려 (영 제25조①): two 보완 requests left unanswered past their 기한."""
    calendar = agency.calendar
    first = _first_request(case, agency, rng)
    second = supplement_request(case, calendar, day_after(first.respond_by), days=7, number=2)
    at = day_after(second.respond_by)
    end_pause(case, at, "returned")
    before, case.status, case.returned_at, case.finished_at = case.status, "returned", at, at
    case.steps.append(Step(at, "returned", case.assignee, {
        "before": before, "after": "returned", "reasons": RETURN_REASONS,
        "remedies": REMEDIES if case.kind == "statutory" else None}))


def deemed_withdrawn(case: Case, agency: Agency, rng: random.Random) -> None:
    """취하 간주 (영 제25조②): both 보완 requests came back undeliverable."""
    calendar = agency.calendar
    first = _first_request(case, agency, rng)
    first.returned_at = first.sent_at + timedelta(days=rng.randint(2, 4))
    case.steps.append(Step(first.returned_at, "supplement_returned", case.assignee,
                           {"number": 1, "note": "수취인 불명으로 반송"}, public=False))
    second = supplement_request(case, calendar, day_after(first.returned_at.date()), days=7, number=2)
    second.returned_at = second.sent_at + timedelta(days=rng.randint(2, 4))
    case.steps.append(Step(second.returned_at, "supplement_returned", case.assignee,
                           {"number": 2, "note": "수취인 불명으로 반송"}, public=False))
    at = day_after(second.returned_at.date())
    end_pause(case, at, "deemed_withdrawn")
    before, case.status, case.withdrawn_at, case.finished_at = case.status, "withdrawn", at, at
    case.steps.append(Step(at, "deemed_withdrawn", case.assignee, {"before": before, "after": "withdrawn",
                                                                   "ground": "undeliverable_twice"}))


def repeated(case: Case, agency: Agency, rng: random.Random) -> None:
    """종결 (법 제23조①): the third filing of the same 민원 after two answers (the generator files those two)."""
    _taken(case, agency, rng)
    at = between(agency.calendar, rng, case.steps[-1].at, case.due_at, skew=2)
    before, case.status, case.finished_at = case.status, "closed", at
    case.steps.append(Step(at, "closed_repeated", case.assignee, {"before": before, "after": "closed",
                                                                  "earlier": [], "committee": False}))


def still_open(case: Case, agency: Agency, rng: random.Random) -> None:
    """Open at `now`: not yet taken (one in three), or taken and being handled (overdue ones included)."""
    if case.story == "open" and rng.random() < 0.35:
        return
    take(case, agency, rng, between(agency.calendar, rng, case.received_at, agency.now - timedelta(minutes=30),
                                    skew=4))


def in_supplement(case: Case, agency: Agency, rng: random.Random) -> None:
    _first_request(case, agency, rng)


STORIES = {"answered": answered, "late": late, "refused": refused, "supplemented": supplemented,
           "extended": extended, "moved": moved, "transferred": transferred, "withdrawn": withdrawn,
           "returned": returned, "deemed_withdrawn": deemed_withdrawn, "repeated": repeated, "open": still_open,
           "overdue": still_open, "in_supplement": in_supplement}
