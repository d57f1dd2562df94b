"""Who may read and change the 제도개선 register: department heads their own department's improvements,
민원심사관 and administrators every one; auditors (and the others with IMPROVEMENTS_VIEW) read."""

from __future__ import annotations

from civil_complaints.access import can_view
from civil_complaints.complaint_models import Complaint
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import User


def can_read(user: User | None) -> bool:
    return user is not None and user.is_active and user.can(Permission.IMPROVEMENTS_VIEW)


def can_edit_department(user: User | None, department_id: int | None) -> bool:
    if user is None or not user.is_active:
        return False
    if user.can(Permission.IMPROVEMENTS_EDIT_ALL):
        return True
    return user.can(Permission.IMPROVEMENTS_EDIT_DEPARTMENT) and department_id == user.department_id


def can_create(user: User | None) -> bool:
    return user is not None and user.is_active and (user.can(Permission.IMPROVEMENTS_EDIT_ALL)
                                                    or user.can(Permission.IMPROVEMENTS_EDIT_DEPARTMENT))


def require_edit(user: User | None, department_id: int | None) -> None:
    if not can_edit_department(user, department_id):
        raise PermissionDenied(Permission.IMPROVEMENTS_EDIT_DEPARTMENT.value)


def may_link(user: User, complaint: Complaint) -> bool:
    """A head links the 민원 they may read; 민원심사관 and administrators any."""
    return user.can(Permission.IMPROVEMENTS_EDIT_ALL) or can_view(user, complaint)
