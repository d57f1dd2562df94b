"""Changes to staff accounts by administrators and by the person: each one is written to the account audit trail
(organization/account_audit.py) in the same transaction, and the ones that change what a session may do (roles,
deactivation, a new password) end every server-side session of the account (organization.sessions.end_all).

Services only flush; callers commit. A refusal raises AccountRefused before anything is changed.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from core.extensions import db
from organization.account_audit import account_values, record, record_created, roles_value
from organization.domain.roles import Permission, Role
from organization.models import Department, User, UserRole
from organization.services import MIN_PASSWORD_LENGTH, create_user, require_permission
from organization.sessions import end_all

MAX_PASSWORD_LENGTH = 256
#: a login ID: lower-case letters, digits, ".", "_" and "-", starting with a letter or digit
LOGIN_ID = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
#: a generated temporary password: no 0/o, 1/l/i, so it can be read out over the telephone
_READABLE_CHARACTERS = "abcdefghjkmnpqrstuvwxyz23456789"


class AccountRefused(Exception):
    """A change refused for a reason the web layer translates (`code`)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class AccountDetails:
    """What an administrator sets on an account (the login ID is set once, at creation)."""

    display_name: str
    department: Department | None
    email: str | None
    phone: str | None
    roles: frozenset[Role]


def generate_password() -> str:
    """A temporary password of 14 characters in three groups ("k7mq-x3tp-9wz"): shown once, changed at login."""
    groups = ("".join(secrets.choice(_READABLE_CHARACTERS) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def fingerprint(user: User) -> str:
    """A digest of what the edit form shows: a form opened before someone else's change no longer matches."""
    parts = (user.display_name, str(user.department_id), user.email or "", user.phone or "", roles_value(user.roles),
             str(user.is_active_account))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def _check_new_password(password: str) -> None:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise AccountRefused("password_length")


def _check_details(details: AccountDetails) -> None:
    if not details.display_name.strip():
        raise AccountRefused("name_required")
    if not details.roles:
        raise AccountRefused("roles_required")
    if details.roles & {Role.OFFICER, Role.DEPARTMENT_HEAD} and details.department is None:
        raise AccountRefused("department_required")


def _other_active_admins(user: User) -> int:
    """How many active accounts other than `user` hold the administrator role, counted now in the database.

    The administrators' rows are locked first (SELECT … FOR UPDATE; SQLite takes the write lock at BEGIN), so two
    administrators removing each other at the same moment are counted one after the other, never both."""
    admins = select(UserRole.user_id).where(UserRole.role == Role.ADMIN.value)
    db.session.execute(select(User.id).where(User.id.in_(admins)).order_by(User.id).with_for_update())
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.id.in_(admins), User.is_active_account, User.id != user.id)) or 0


def _keep_an_administrator(user: User, *, roles: frozenset[Role], active: bool) -> None:
    """The last active administrator can neither lose the role nor be deactivated, by anyone."""
    losing = Role.ADMIN in user.roles and user.is_active_account and (Role.ADMIN not in roles or not active)
    if losing and _other_active_admins(user) == 0:
        raise AccountRefused("last_admin")


def reset_password(user: User, new_password: str) -> None:
    """Set a password chosen by an administrator; it also lifts a lock-out. The caller ends the sessions and
    records the event."""
    _check_new_password(new_password)
    user.password_hash = generate_password_hash(new_password)
    user.failed_login_count, user.locked_until = 0, None


def create_account(actor: User, *, login_id: str, details: AccountDetails, password: str | None, now: datetime,
                   address: str | None) -> tuple[User, str]:
    """An administrator creates an account with a temporary password (theirs, or generated when None), which the
    person must change at their first login. Returns the account and the temporary password (shown once)."""
    require_permission(actor, Permission.USERS_MANAGE)
    login_id = login_id.strip().lower()
    if not LOGIN_ID.fullmatch(login_id):
        raise AccountRefused("login_id_format")
    if db.session.scalar(select(func.count()).select_from(User).where(User.login_id == login_id)):
        raise AccountRefused("login_id_taken")
    _check_details(details)
    password = password or generate_password()
    _check_new_password(password)
    user = create_user(login_id=login_id, display_name=details.display_name, password=password, roles=details.roles,
                       now=now, department=details.department, email=details.email, phone=details.phone)
    user.must_change_password = True
    record_created(user, now=now, actor=actor, address=address)
    db.session.flush()
    return user, password


def _values(details: AccountDetails) -> dict[str, str | None]:
    return {"display_name": details.display_name.strip(),
            "department": details.department.code if details.department else None,
            "email": details.email or None, "phone": details.phone or None, "roles": roles_value(details.roles)}


def update_details(actor: User, user: User, details: AccountDetails, *, seen: str | None, now: datetime,
                   address: str | None) -> list[str]:
    """An administrator changes name, department, e-mail, phone and roles. Each changed field is recorded
    (before → after); a change of roles ends every session of the account. `seen` is the fingerprint of the
    account as the form showed it (None: not checked). Returns the changed fields."""
    require_permission(actor, Permission.USERS_MANAGE)
    if seen is not None and seen != fingerprint(user):
        raise AccountRefused("stale")
    _check_details(details)
    _keep_an_administrator(user, roles=details.roles, active=user.is_active_account)
    before, after = account_values(user), _values(details)
    changed = [name for name in before if before[name] != after[name]]
    for name in changed:
        record(user, "updated", actor=actor, now=now, address=address, field=name, before=before[name],
               after=after[name])
    user.display_name, user.department = after["display_name"], details.department
    user.email, user.phone = after["email"], after["phone"]
    if "roles" in changed:
        user.role_rows = [row for row in user.role_rows if Role(row.role) in details.roles] + [
            UserRole(role=role.value) for role in sorted(details.roles - user.roles)]
    db.session.flush()
    if "roles" in changed:
        end_all(user)
    return changed


def set_active(actor: User, user: User, active: bool, *, now: datetime, address: str | None) -> None:
    """Deactivate (the person can no longer log in; every session ends; history keeps the account) or reactivate.
    An administrator cannot deactivate their own account; the last active administrator stays active."""
    require_permission(actor, Permission.USERS_MANAGE)
    if active == user.is_active_account:
        raise AccountRefused("already_active" if active else "already_inactive")
    if not active and user.id == actor.id:
        raise AccountRefused("own_deactivation")
    _keep_an_administrator(user, roles=user.roles, active=active)
    user.is_active_account = active
    record(user, "reactivated" if active else "deactivated", actor=actor, now=now, address=address)
    db.session.flush()
    end_all(user)


def reset_by_admin(actor: User, user: User, password: str | None, *, now: datetime, address: str | None) -> str:
    """An administrator gives the account a temporary password (theirs, or generated when None): it lifts a
    lock-out, ends every session, and must be changed at the next login. Returns the password (shown once)."""
    require_permission(actor, Permission.USERS_MANAGE)
    password = password or generate_password()
    reset_password(user, password)
    user.must_change_password = True
    record(user, "password_reset", actor=actor, now=now, address=address)
    db.session.flush()
    end_all(user)
    return password


def is_locked(user: User, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def unlock(actor: User, user: User, *, now: datetime, address: str | None) -> None:
    """Lift a lock-out after repeated failed logins (and forget the failures), without touching the password."""
    require_permission(actor, Permission.USERS_MANAGE)
    if not is_locked(user, now) and not user.failed_login_count:
        raise AccountRefused("not_locked")
    before = user.locked_until.isoformat() if is_locked(user, now) else None
    user.locked_until, user.failed_login_count = None, 0
    record(user, "unlocked", actor=actor, now=now, address=address, before=before)
    db.session.flush()


def change_own_password(user: User, *, current_password: str, new_password: str, now: datetime,
                        address: str | None) -> int:
    """The person changes their password (which ends a temporary one); every session of theirs ends (the caller
    opens a new one for the browser they used). Returns how many sessions ended."""
    if not check_password_hash(user.password_hash, current_password):
        raise AccountRefused("wrong_password")
    _check_new_password(new_password)
    if check_password_hash(user.password_hash, new_password):
        raise AccountRefused("same_password")
    user.password_hash = generate_password_hash(new_password)
    user.must_change_password = False
    record(user, "password_changed", actor=user, now=now, address=address)
    db.session.flush()
    return end_all(user)
