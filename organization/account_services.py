"""Changes to a staff account that end its sessions: a new password, deactivation, other roles.

Each change deletes every server-side session of the account (organization.sessions.end_all), so a session
cookie copied before the change stops working at once. Services only flush; callers commit.
"""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

from core.extensions import db
from organization.domain.roles import Permission, Role, parse_roles
from organization.models import User, UserRole
from organization.services import MIN_PASSWORD_LENGTH, require_permission
from organization.sessions import end_all

MAX_PASSWORD_LENGTH = 256


class AccountRefused(Exception):
    """A change refused for a reason the web layer translates (`code`)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _check_new_password(password: str) -> None:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise AccountRefused("password_length")


def reset_password(user: User, new_password: str) -> None:
    """Set a password chosen by an administrator; it also lifts a lock-out. The caller ends the sessions."""
    _check_new_password(new_password)
    user.password_hash = generate_password_hash(new_password)
    user.failed_login_count, user.locked_until = 0, None


def change_own_password(user: User, *, current_password: str, new_password: str) -> int:
    """The person changes their password; every session of theirs ends (the caller opens a new one for the
    browser they used). Returns how many sessions ended."""
    if not check_password_hash(user.password_hash, current_password):
        raise AccountRefused("wrong_password")
    _check_new_password(new_password)
    if check_password_hash(user.password_hash, new_password):
        raise AccountRefused("same_password")
    user.password_hash = generate_password_hash(new_password)
    return end_all(user)


def update_account(actor: User, user: User, *, roles: list[str], active: bool, new_password: str | None) -> bool:
    """An administrator sets `user`'s roles, whether the account is active, and optionally a new password
    (which also lifts a lock-out). Any of these changes ends every session of `user`. Returns whether anything
    changed. An administrator cannot disable their own account or take their own administrator role."""
    require_permission(actor, Permission.USERS_MANAGE)
    wanted = parse_roles(roles)
    if not wanted:
        raise AccountRefused("roles_required")
    if wanted & {Role.OFFICER, Role.DEPARTMENT_HEAD} and user.department_id is None:
        raise AccountRefused("department_required")
    if user.id == actor.id and (not active or Role.ADMIN not in wanted):
        raise AccountRefused("own_admin")
    changed = False
    if wanted != user.roles:
        user.role_rows = [row for row in user.role_rows if Role(row.role) in wanted] + [
            UserRole(role=role.value) for role in sorted(wanted - user.roles)]
        changed = True
    if active != user.is_active_account:
        user.is_active_account = active
        changed = True
    if new_password:
        reset_password(user, new_password)
        changed = True
    if changed:
        db.session.flush()
        end_all(user)
    return changed
