"""The account audit trail as an administrator reads it: labels for actions and fields, stored values in words.

The trail keeps values as stored (role codes, a department's code, an instant in ISO form); this module turns
them into what a person reads, in the page's language. E-mail addresses and telephone numbers are masked here
(the page shows the current ones in the form; the trail only needs to show that they changed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from core.i18n import official_datetime
from core.masking import mask_email, mask_phone
from organization.account_audit import AccountChange, changes_of
from organization.domain.roles import Role
from organization.labels import ACCOUNT_ACTION_LABELS, ACCOUNT_FIELD_LABELS, ROLE_LABELS
from organization.models import Department, User


@dataclass(frozen=True)
class TrailRow:
    at: datetime
    actor: User | None
    action: str
    field: str
    before: str
    after: str
    remote_addr: str


def trail_of(user: User, locale: str) -> list[TrailRow]:
    """The account's changes, newest first, ready to show."""
    changes = changes_of(user)
    codes = {value for change in changes if change.field == "department" for value in (change.before, change.after)}
    departments = {d.code: d for d in db.session.scalars(select(Department).where(Department.code.in_(codes - {None})))}
    return [TrailRow(at=change.at, actor=change.actor, action=str(ACCOUNT_ACTION_LABELS.get(change.action, "")),
                     field=str(ACCOUNT_FIELD_LABELS[change.field]) if change.field else "",
                     before=_shown(change, change.before, departments, locale),
                     after=_shown(change, change.after, departments, locale), remote_addr=change.remote_addr or "")
            for change in changes]


def _shown(change: AccountChange, value: str | None, departments: dict[str, Department], locale: str) -> str:
    if value is None or value == "":
        return ""
    if change.action in ("locked", "unlocked"):
        return _instant(value)
    if change.field == "roles":
        return ", ".join(_role_label(code) for code in value.split(",") if code)
    if change.field == "department":
        department = departments.get(value)
        return department.path_name(locale) if department else value
    if change.field == "email":
        return mask_email(value)
    if change.field == "phone":
        return mask_phone(value)
    return value


def _role_label(code: str) -> str:
    try:
        return str(ROLE_LABELS[Role(code)])
    except ValueError:
        return code


def _instant(value: str) -> str:
    try:
        return official_datetime(datetime.fromisoformat(value))
    except ValueError:
        return value
