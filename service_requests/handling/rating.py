"""The requester's rating of a resolved request (내부고객 만족도): five levels and a comment, once.

Decided for this product: rating a resolved request also confirms it (해결 → 완료), through the same step as the
confirm button, since a requester who rates accepts what was done; one who does not accept it asks again
(재요청) instead of rating. A rating of 1 or 2 tells the providing department's heads, who may then reopen the
confirmed request (domain/workflow.py: REOPEN from 완료 needs a poor rating and the provider's head).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError

from core.extensions import db
from service_requests.access import sides_of
from service_requests.domain.workflow import REQUESTERS, Action, RequestStatus
from service_requests.handling.services import Step, act
from service_requests.models import RequestRating, ServiceRequest
from service_requests.notices import heads_of, notify
from service_requests.satisfaction.forms import MAX_COMMENT
from working_calendar.domain.worktime import WorkCalendar

RATEABLE = frozenset({RequestStatus.RESOLVED.value, RequestStatus.CLOSED.value})
POOR = 2  # a score at or below this is a poor rating


class RatingRefused(Exception):
    """codes: not_your_side, wrong_status, already_rated, score, too_long (translated by the view)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def may_rate(user, request: ServiceRequest) -> bool:
    """Whether `user` may rate `request` now (the request page shows the form only then)."""
    return (bool(sides_of(user, request) & REQUESTERS) and request.status in RATEABLE and request.rating is None)


def rate(actor, request: ServiceRequest, *, score: int, comment: str, calendar: WorkCalendar,
         now: datetime) -> RequestRating:
    """Record `actor`'s rating; a resolved request is confirmed with it; a poor one tells the providing heads."""
    if not sides_of(actor, request) & REQUESTERS:
        raise RatingRefused("not_your_side")
    if request.status not in RATEABLE:
        raise RatingRefused("wrong_status")
    if request.rating is not None:
        raise RatingRefused("already_rated")
    if score not in range(1, 6):
        raise RatingRefused("score")
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise RatingRefused("too_long")
    if request.status == RequestStatus.RESOLVED.value:
        act(actor, request, Step(Action.CONFIRM), calendar=calendar, now=now)
    rating = RequestRating(request_id=request.id, score=score, comment=comment, rated_by_id=actor.id, rated_at=now)
    try:
        with db.session.begin_nested():  # two tabs, or two colleagues at once: the unique request_id decides
            db.session.add(rating)
    except IntegrityError:
        raise RatingRefused("already_rated") from None
    request.rating = rating
    if score <= POOR:
        notify(heads_of(request.provider_department_id), request, "poor_rating", now=now, key="rating",
               text=comment, actor=actor)
    return rating
