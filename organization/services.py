"""Use cases for staff accounts and the organisation tree. Callers commit; services only flush."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from core.extensions import db
from organization.account_audit import record
from organization.domain.roles import Permission, Role, can, parse_roles
from organization.errors import InvalidUserData, PermissionDenied
from organization.models import Agency, Department, User, UserRole

MIN_PASSWORD_LENGTH = 10
# Hash compared when the login id is unknown, so unknown and known ids take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password-" + "x" * 16)


def require_permission(actor: User | None, permission: Permission) -> None:
    """Raise PermissionDenied unless `actor` holds `permission` (the service-side declaration)."""
    if actor is None or not actor.is_active or not can(actor.roles, permission):
        raise PermissionDenied(permission.value)


def create_agency(*, code: str, name_ko: str, name_en: str, **fields) -> Agency:
    agency = Agency(code=code, name_ko=name_ko, name_en=name_en, **fields)
    db.session.add(agency)
    db.session.flush()
    return agency


def create_department(
    *, agency: Agency, code: str, name_ko: str, name_en: str, kind: str, parent: Department | None = None, **fields
) -> Department:
    """Add a 국/과/팀 node. A team must sit under a division, a division under a bureau (or at top)."""
    if kind not in ("bureau", "division", "team"):
        raise InvalidUserData(f"unknown department kind {kind!r}")
    if kind == "team" and (parent is None or parent.kind != "division"):
        raise InvalidUserData("a team (팀) must belong to a division (과)")
    if kind == "bureau" and parent is not None:
        raise InvalidUserData("a bureau (국) is a top-level department")
    department = Department(
        agency=agency, code=code, name_ko=name_ko, name_en=name_en, kind=kind, parent=parent, **fields
    )
    db.session.add(department)
    db.session.flush()
    return department


def create_user(
    *,
    login_id: str,
    display_name: str,
    password: str,
    roles: list[str] | frozenset[Role],
    now: datetime,
    department: Department | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> User:
    """Create a staff account with hashed password and one or more roles."""
    login_id = login_id.strip().lower()
    if not login_id or len(login_id) > 64:
        raise InvalidUserData("login id must be 1–64 characters")
    if db.session.scalar(select(func.count()).select_from(User).where(User.login_id == login_id)):
        raise InvalidUserData(f"login id {login_id!r} is already taken")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidUserData(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    parsed = parse_roles(roles)
    if not parsed:
        raise InvalidUserData("a user needs at least one role")
    if parsed & {Role.OFFICER, Role.DEPARTMENT_HEAD} and department is None:
        raise InvalidUserData("officers and department heads must belong to a department")
    user = User(
        login_id=login_id,
        display_name=display_name.strip(),
        password_hash=generate_password_hash(password),
        department=department,
        email=email,
        phone=phone,
        created_at=now,
        role_rows=[UserRole(role=r.value) for r in sorted(parsed)],
    )
    db.session.add(user)
    db.session.flush()
    return user


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    locked: bool = False

    @property
    def ok(self) -> bool:
        return self.user is not None


def authenticate(
    login_id: str, password: str, *, now: datetime, max_failures: int, lockout: timedelta, address: str | None = None
) -> LoginResult:
    """Check credentials with per-account lock-out after `max_failures` consecutive failures.

    A locked account is refused even with the right password until the lock expires. The caller
    commits (so failure counts persist) and shows one message for every failure. A lock-out is recorded in the
    account audit trail (no actor; `address` is where the last attempt came from).
    """
    user = db.session.scalar(select(User).where(User.login_id == login_id.strip().lower()))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return LoginResult(None)
    if user.locked_until is not None and user.locked_until > now:
        return LoginResult(None, locked=True)
    if not user.is_active or not check_password_hash(user.password_hash, password):
        user.failed_login_count += 1
        if user.failed_login_count >= max_failures:
            user.locked_until = now + lockout
            user.failed_login_count = 0
            record(user, "locked", actor=None, now=now, address=address, after=user.locked_until.isoformat())
            return LoginResult(None, locked=True)
        return LoginResult(None)
    user.failed_login_count = 0
    user.locked_until = None
    user.last_login_at = now
    return LoginResult(user)
