"""Who may see and act on which 민원 (checked on every object, not only on pages).

* Auditors (COMPLAINTS_VIEW_ALL) read every 민원 and change nothing.
* Officers and heads read and act on their own department's 민원.
* A department asked for 협조 (법 제20조) reads the 민원 while the request is open and may only reply
  (cooperation_services.can_reply); the sharing ends with the reply or when the 민원 is finished.
"""

from __future__ import annotations

from sqlalchemy import select

from civil_complaints.complaint_models import Complaint
from civil_complaints.workflow_models import CooperationRequest
from core.extensions import db
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import User


def shared_by_cooperation(user: User, complaint: Complaint) -> bool:
    if user.department_id is None or not user.can(Permission.COMPLAINTS_HANDLE):
        return False
    return db.session.scalar(select(CooperationRequest.id).where(
        CooperationRequest.complaint_id == complaint.id, CooperationRequest.to_department_id == user.department_id,
        CooperationRequest.status == "open").limit(1)) is not None


def can_view(user: User | None, complaint: Complaint) -> bool:
    """Auditors read everything; officers and heads their department's 민원 and those shared by 협조."""
    if user is None or not user.is_active:
        return False
    if user.can(Permission.COMPLAINTS_VIEW_ALL):
        return True
    if user.can(Permission.COMPLAINTS_VIEW_DEPARTMENT) and user.department_id == complaint.department_id:
        return True
    return shared_by_cooperation(user, complaint)


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
