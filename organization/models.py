"""Agency, departments (국/과/팀 tree) and staff accounts with roles."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db_types import UTCDateTime
from core.extensions import db
from organization.domain.roles import Permission, Role, can


class Agency(db.Model):
    """The institution running this instance (행정기관 or 공공기관)."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: short code used in receipt numbers, e.g. "HB"
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name_ko: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    #: working blocks for the statutory clock (D2), e.g. "09:00-12:00,13:00-18:00", Asia/Seoul
    working_blocks: Mapped[str] = mapped_column(String(100), default="09:00-12:00,13:00-18:00")
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(200))

    departments: Mapped[list[Department]] = relationship(back_populates="agency")


DEPARTMENT_KINDS = ("bureau", "division", "team")  # 국 / 과 / 팀


class Department(db.Model):
    """A node of the organisation tree: 국 (bureau) > 과 (division) > 팀 (team)."""

    __tablename__ = "departments"
    __table_args__ = (CheckConstraint("kind IN ('bureau', 'division', 'team')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_ko: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    #: the department's public contact, printed on notices (영 제31조)
    phone: Mapped[str | None] = mapped_column(String(40))
    is_active: Mapped[bool] = mapped_column(default=True)

    agency: Mapped[Agency] = relationship(back_populates="departments")
    parent: Mapped[Department | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Department]] = relationship(back_populates="parent", order_by="Department.code")

    def name(self, locale: str) -> str:
        """The department's name in the interface language (English pages never show the Korean name)."""
        return self.name_ko if locale == "ko" else (self.name_en or self.name_ko)

    def path_name(self, locale: str, separator: str = " › ") -> str:
        """"도시교통국 › 도로과" / "Urban Transport Bureau › Roads Division"."""
        return separator.join(node.name(locale) for node in self.path())

    def path(self) -> list[Department]:
        """The chain from the top-level bureau down to this department."""
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class User(UserMixin, db.Model):
    """A staff account. Citizens never have accounts."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login_id: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    #: office phone printed on notices with the officer's 소속·성명 (영 제31조)
    phone: Mapped[str | None] = mapped_column(String(40))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    #: consecutive failed logins since the last success; reset on success
    failed_login_count: Mapped[int] = mapped_column(default=0)
    #: while in the future, every login attempt is refused (lock-out after repeated failures)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: a temporary password (new account, administrator's reset): every staff page sends the person to
    #: /staff/password until they choose their own
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    preferred_locale: Mapped[str | None] = mapped_column(String(8))

    department: Mapped[Department | None] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="UserRole.role"
    )

    #: the token of the session this object was loaded for (organization.sessions), not a column
    session_token = None  # str once loaded through a session; a plain attribute (no annotation: not mapped)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_active_account

    def get_id(self) -> str:
        """Flask-Login keeps this in the session cookie: the session's token, never the account's id."""
        if not self.session_token:
            raise RuntimeError("open a session first (organization.sessions.open_session)")
        return self.session_token

    @property
    def roles(self) -> frozenset[Role]:
        return _roles_of(tuple(sorted(row.role for row in self.role_rows)))

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def can(self, permission: Permission) -> bool:
        return can(self.roles, permission)


@lru_cache(maxsize=64)
def _roles_of(names: tuple[str, ...]) -> frozenset[Role]:
    """The roles named by a user's role rows (a menu asks for them once per link, so the few sets are kept)."""
    return frozenset(Role(name) for name in names)


class UserRole(db.Model):
    """One role held by one user; a user may hold several."""

    __tablename__ = "user_roles"
    __table_args__ = (
        UniqueConstraint("user_id", "role"),
        CheckConstraint("role IN ('officer', 'department_head', 'auditor', 'admin', 'review_officer', "
                        "'records_officer')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))

    user: Mapped[User] = relationship(back_populates="role_rows")
