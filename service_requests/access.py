"""Who stands where on a request, and who may see it.

The requesting department sees its own requests; the providing department sees what is addressed to it (after a
forward, the new one: the department it came from no longer does, the history keeps its name and what it wrote);
those who read every department (auditors) read everything and change nothing; anyone else gets 403.
"""

from __future__ import annotations

from organization.domain.roles import Permission, Role
from service_requests.domain.workflow import Side
from service_requests.models import ServiceRequest


def sides_of(user, request: ServiceRequest) -> frozenset[Side]:
    """Every side `user` stands on (empty: they may only read, or not even that)."""
    if user is None or not user.can(Permission.SERVICE_REQUESTS_USE) or user.department_id is None:
        return frozenset()
    head = Role.DEPARTMENT_HEAD in user.roles and user.can(Permission.SERVICE_REQUESTS_MANAGE)
    sides = set()
    if user.department_id == request.requester_department_id:
        sides |= {Side.REQUESTER, Side.REQUESTER_HEAD} if head else {Side.REQUESTER}
    if user.department_id == request.provider_department_id:
        sides |= {Side.PROVIDER, Side.PROVIDER_HEAD} if head else {Side.PROVIDER}
    return frozenset(sides)


def may_read(user, request: ServiceRequest) -> bool:
    return user.can(Permission.SERVICE_REQUESTS_VIEW_ALL) or bool(sides_of(user, request))


def is_head_of(user, department_id: int) -> bool:
    return (user.department_id == department_id and Role.DEPARTMENT_HEAD in user.roles
            and user.can(Permission.SERVICE_REQUESTS_MANAGE))
