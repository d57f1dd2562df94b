"""Who on the staff hears about a 민원, and how a message to them is queued (e-mail, their language)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.domain.status import OPEN_STATUSES, RUNNING_STATUSES
from core.extensions import db
from core.i18n import official_date, official_datetime
from notifications.batch import OutboxBatch
from organization.domain.roles import Role
from organization.models import Department, User, UserRole


def running_clock_statuses() -> list[str]:
    """Open statuses whose processing clock runs: every open status except a pending 보완 (clock paused, D5)."""
    return sorted(s.value for s in RUNNING_STATUSES)


def open_statuses() -> list[str]:
    return sorted(s.value for s in OPEN_STATUSES)


class Directory:
    """Staff lookups cached for one job run (departments, officers, heads, review officers)."""

    def __init__(self) -> None:
        self._departments: dict[int, Department] = {}
        self._by_role: dict[tuple[str, int | None], list[User]] = {}
        self._users: dict[int, User | None] = {}

    def department(self, department_id: int) -> Department:
        if department_id not in self._departments:
            self._departments[department_id] = db.session.get(Department, department_id)
        return self._departments[department_id]

    def user(self, user_id: int | None) -> User | None:
        if user_id is None:
            return None
        if user_id not in self._users:
            self._users[user_id] = db.session.get(User, user_id)
        return self._users[user_id]

    def with_role(self, role: Role, department_id: int | None = None) -> list[User]:
        key = (role.value, department_id)
        if key not in self._by_role:
            query = (select(User).join(UserRole, UserRole.user_id == User.id)
                     .where(UserRole.role == role.value, User.is_active_account).order_by(User.id))
            if department_id is not None:
                query = query.where(User.department_id == department_id)
            self._by_role[key] = list(db.session.scalars(query).unique())
        return self._by_role[key]

    def handlers(self, assignee_id: int | None, department_id: int) -> list[User]:
        """The assignee; when unassigned (or the account is gone), the department's officers."""
        assignee = self.user(assignee_id)
        if assignee is not None and assignee.is_active_account:
            return [assignee]
        return self.with_role(Role.OFFICER, department_id)

    def heads(self, department_id: int) -> list[User]:
        return self.with_role(Role.DEPARTMENT_HEAD, department_id)

    def review_officers(self) -> list[User]:
        return self.with_role(Role.REVIEW_OFFICER)

    def department_staff(self, department_id: int) -> list[User]:
        """Officers and heads of a department, once each."""
        seen: dict[int, User] = {}
        for user in self.with_role(Role.OFFICER, department_id) + self.heads(department_id):
            seen.setdefault(user.id, user)
        return list(seen.values())


def language_of(user: User) -> str:
    return "en" if user.preferred_locale == "en" else "ko"


def department_name(department: Department | None, language: str) -> str:
    if department is None:
        return ""
    return department.name_ko if language == "ko" else department.name_en


def agency_name(language: str) -> str:
    config = current_app.config
    return config["AGENCY_NAME"] if language == "ko" else config["AGENCY_NAME_EN"]


def staff_case_url(receipt_no: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + f"/staff/complaints/{receipt_no}"


_HOUR_BASED: dict[str, bool] = {}


def due_text_of(period_spec: str, due_at: datetime, due_date: date) -> str:
    """The 처리기한 as notices state it (D3): an instant for hour units, else the date (as notices.due_text)."""
    if period_spec not in _HOUR_BASED:
        _HOUR_BASED[period_spec] = ProcessingPeriod.parse(period_spec).is_hour_based
    return official_datetime(due_at) if _HOUR_BASED[period_spec] else official_date(due_date)


def notify_staff(batch: OutboxBatch, user: User, *, key: str, template: str, payload: Callable[[str], dict],
                 now: datetime, attachment: str | None = None) -> None:
    """Queue an e-mail to a staff member in their language (`payload(language)` builds the template data);
    nothing when they have no address."""
    if not user.email:
        return
    language = language_of(user)
    full = {"agency": agency_name(language), "name": user.display_name, **payload(language)}
    batch.add(key=key, channel="email", recipient=user.email, template=template, language=language, payload=full,
              now=now, attachment=attachment)
