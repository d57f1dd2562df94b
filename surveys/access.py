"""Who may read and change a survey: department heads their own department's, administrators every one; auditors
read every one and change nothing."""

from __future__ import annotations

from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import User
from surveys.models import Survey


def can_create(user: User | None) -> bool:
    return user is not None and user.is_active and user.can(Permission.SURVEYS_MANAGE)


def can_edit(user: User | None, department_id: int | None) -> bool:
    if not can_create(user):
        return False
    return user.can(Permission.SURVEYS_MANAGE_ALL) or department_id == user.department_id


def can_read(user: User | None, survey: Survey) -> bool:
    if user is None or not user.is_active:
        return False
    return user.can(Permission.SURVEYS_VIEW_ALL) or can_edit(user, survey.department_id)


def require_edit(user: User | None, department_id: int | None) -> None:
    if not can_edit(user, department_id):
        raise PermissionDenied(Permission.SURVEYS_MANAGE.value)
