"""The staff home's counts of internal requests (app/staff_home.py shows them beside the 민원): for a member of a
providing department its queue's tabs, for a requester what waits for them, for a head the approvals. Each tile
links to the page that lists the same requests (the URL plan of issue 18: queues and request lists are their
rooms' pages), by path, so the home does not depend on those rooms being present."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from sqlalchemy import and_, case, func, select

from core.extensions import db
from organization.domain.roles import Permission, Role
from service_requests.domain.workflow import RequestStatus
from service_requests.models import Service, ServiceRequest

S = RequestStatus
OPEN = (S.RECEIVED.value, S.IN_PROGRESS.value, S.WAITING.value)
RUNNING = (S.RECEIVED.value, S.IN_PROGRESS.value)
QUEUE, MINE, APPROVALS = "service_requests.provider_queue", "service_requests.my_requests", "service_requests.approvals"
QUEUE_URL = "/staff/service-queue"
MINE_URL = "/staff/service-requests"
APPROVALS_URL = "/staff/service-requests/approvals"


@dataclass(frozen=True)
class Tile:
    key: str
    count: int
    href: str
    endpoint: str  # the page that lists them: the home shows a tile once that page exists (app/navigation.py)
    alert: bool = False


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _url(path: str, **args) -> str:
    return f"{path}?{urlencode(args)}" if args else path


def provider_tiles(user, now: datetime) -> list[Tile]:
    """미배정 / 내 담당 / 기한 경과 / 요청자 확인 대기 of the user's department's queue (nothing for a department
    that provides no service and has no request addressed to it)."""
    r = ServiceRequest
    department = user.department_id
    provides = db.session.scalar(select(Service.id).where(Service.department_id == department).limit(1))
    row = db.session.execute(select(
        _count(r.handler_id.is_(None)), _count(r.handler_id == user.id),
        _count(and_(r.status.in_(RUNNING), r.resolution_due_at < now)), _count(r.status == S.WAITING.value),
        func.count()).where(r.provider_department_id == department, r.status.in_(OPEN))).one()
    unassigned, mine, overdue, waiting, total = (int(value) for value in row)
    if provides is None and not total:
        return []
    return [Tile("ir_unassigned", unassigned, _url(QUEUE_URL, tab="unassigned"), QUEUE),
            Tile("ir_mine", mine, _url(QUEUE_URL, tab="mine"), QUEUE),
            Tile("ir_overdue", overdue, _url(QUEUE_URL, tab="overdue"), QUEUE, alert=True),
            Tile("ir_waiting", waiting, _url(QUEUE_URL, tab="waiting"), QUEUE)]


def requester_tiles(user) -> list[Tile]:
    """The user's own requests waiting for them (a question to answer, a resolution to confirm) and, for a
    department head, the department's requests waiting for their approval."""
    r = ServiceRequest
    question, resolved = (int(v) for v in db.session.execute(select(
        _count(r.status == S.WAITING.value), _count(r.status == S.RESOLVED.value)).where(
        r.requester_id == user.id, r.status.in_((S.WAITING.value, S.RESOLVED.value)))).one())
    tiles = [Tile("ir_question", question, _url(MINE_URL, tab="mine", status=S.WAITING.value), MINE, alert=True),
             Tile("ir_confirm", resolved, _url(MINE_URL, tab="mine", status=S.RESOLVED.value), MINE)]
    if Role.DEPARTMENT_HEAD in user.roles and user.can(Permission.SERVICE_REQUESTS_MANAGE):
        pending = db.session.scalar(select(func.count()).select_from(r).where(
            r.requester_department_id == user.department_id, r.status == S.PENDING_APPROVAL.value))
        tiles.append(Tile("ir_approval", pending, APPROVALS_URL, APPROVALS, alert=True))
    return tiles


def home_tiles(user, now: datetime) -> tuple[list[Tile], list[Tile]]:
    """(the providing department's tiles, the requester's tiles); nothing for those who do not use the feature."""
    if not user.can(Permission.SERVICE_REQUESTS_USE) or user.department_id is None:
        return [], []
    return provider_tiles(user, now), requester_tiles(user)
