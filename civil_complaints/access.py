"""Who may see and act on which 민원 (checked on every object, not only on pages)."""

from __future__ import annotations

from civil_complaints.complaint_models import Complaint
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import User


def can_view(user: User | None, complaint: Complaint) -> bool:
    """Auditors (and admins) read everything; officers and heads read their own department's 민원."""
    if user is None or not user.is_active:
        return False
    if user.can(Permission.COMPLAINTS_VIEW_ALL):
        return True
    return user.can(Permission.COMPLAINTS_VIEW_DEPARTMENT) and user.department_id == complaint.department_id


def can_handle(user: User | None, complaint: Complaint) -> bool:
    """Only officers and heads of the responsible department act on a 민원; auditors never do."""
    return (user is not None and user.is_active and user.can(Permission.COMPLAINTS_HANDLE)
            and user.department_id == complaint.department_id)


def require_view(user: User | None, complaint: Complaint) -> None:
    if not can_view(user, complaint):
        raise PermissionDenied(Permission.COMPLAINTS_VIEW_DEPARTMENT.value)


def require_handle(user: User | None, complaint: Complaint) -> None:
    if not can_handle(user, complaint):
        raise PermissionDenied(Permission.COMPLAINTS_HANDLE.value)
