"""The account audit trail: every change to a staff account, who made it, when and from where (before → after).

Written by the account services in the same transaction as the change (a change and its record commit
together or not at all). A password is never written here, not even its hash: a reset or a change is an event
without values. `actor_id` is empty when the command line (`flask users ...`) or the login itself (a lock-out
after repeated failures) made the change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db_types import UTCDateTime
from core.extensions import db
from organization.models import User

#: what happened to the account
ACTIONS = ("created", "updated", "deactivated", "reactivated", "password_reset", "password_changed", "unlocked",
           "locked")
#: the account fields whose values are recorded (`before`/`after`); roles as sorted role codes joined by ","
FIELDS = ("login_id", "display_name", "department", "email", "phone", "roles")
VALUE_LENGTH = 300


class AccountChange(db.Model):
    """One change to one staff account (a created account has one row per field it was given)."""

    __tablename__ = "account_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    action: Mapped[str] = mapped_column(String(20))
    field: Mapped[str | None] = mapped_column(String(20))
    before: Mapped[str | None] = mapped_column(String(VALUE_LENGTH))
    after: Mapped[str | None] = mapped_column(String(VALUE_LENGTH))
    #: where the request came from (the proxy's X-Forwarded-For, see app ProxyFix); empty for commands
    remote_addr: Mapped[str | None] = mapped_column(String(45))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


def record(user: User, action: str, *, actor: User | None, now: datetime, address: str | None = None,
           field: str | None = None, before: str | None = None, after: str | None = None) -> AccountChange:
    """Add one row to the trail (flushed with the change by the caller's commit)."""
    if action not in ACTIONS or (field is not None and field not in FIELDS):
        raise ValueError(f"unknown account change {action!r}/{field!r}")
    change = AccountChange(user_id=user.id, actor_id=actor.id if actor is not None else None, at=now,
                           action=action, field=field, before=_cut(before), after=_cut(after),
                           remote_addr=(address or None) and address[:45])
    db.session.add(change)
    return change


def _cut(value: str | None) -> str | None:
    return None if value is None else value[:VALUE_LENGTH]


def roles_value(roles) -> str:
    """How a set of roles is stored in the trail: "admin,officer"."""
    return ",".join(sorted(str(getattr(role, "value", role)) for role in roles))


def account_values(user: User) -> dict[str, str | None]:
    """The recorded fields of an account as the trail stores them (the department by its code)."""
    return {"display_name": user.display_name, "department": user.department.code if user.department else None,
            "email": user.email or None, "phone": user.phone or None, "roles": roles_value(user.roles)}


def record_created(user: User, *, now: datetime, actor: User | None = None, address: str | None = None) -> None:
    """A new account: one row per field it was given."""
    values = {"login_id": user.login_id, **account_values(user)}
    for name, value in values.items():
        if value is not None:
            record(user, "created", actor=actor, now=now, address=address, field=name, after=value)


def changes_of(user: User, *, limit: int = 200) -> list[AccountChange]:
    """The account's trail, newest first (the actor loaded with it)."""
    from sqlalchemy.orm import joinedload

    query = (select(AccountChange).where(AccountChange.user_id == user.id).options(joinedload(AccountChange.actor))
             .order_by(AccountChange.at.desc(), AccountChange.id.desc()).limit(limit))
    return list(db.session.scalars(query))
