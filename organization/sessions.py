"""Staff sessions kept on the server: a login is a row, and a session cookie is only good while its row exists.

The signed session cookie carries a random token (Flask-Login's user id is that token, not the account's id);
only its SHA-256 digest is stored. Each request loads the user through the row (one query, as before), so
deleting rows ends sessions at once, wherever the cookie was copied to:

- logout deletes this browser's row (other browsers of the same person stay logged in);
- a password change, a deactivation or a change of roles deletes every row of the account (`end_all`);
- a row expires `STAFF_SESSION_HOURS` after the login, whatever the cookie says.

Why rows rather than a per-user version number in the cookie: a version ends every session of the person at
each logout (a logout on the office PC would log out the phone too), and rows also give an absolute session
lifetime kept by the server. Services only flush; callers commit.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, bindparam, delete, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column

from core.db_types import UTCDateTime
from core.extensions import db
from organization.models import User

TOKEN_BYTES = 32


class StaffSession(db.Model):
    """One logged-in browser of a staff account."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 (hex) of the token in the signed session cookie; the token itself is never stored
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


#: built once: this runs on every staff request
# The roles come in the same query: every page asks for them (the menu, the permission of the view).
_SESSION_USER = (select(User).options(joinedload(User.role_rows)).join(StaffSession, StaffSession.user_id == User.id)
                 .where(StaffSession.token_hash == bindparam("token_hash"), StaffSession.expires_at > bindparam("now"),
                        User.is_active_account))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(user: User, *, now: datetime, lifetime: timedelta) -> str:
    """A new session of `user`; returns the token for the cookie (also set as `user.session_token`).
    Expired rows of every account are deleted on the way (they are of no use to anyone)."""
    db.session.execute(delete(StaffSession).where(StaffSession.expires_at <= now))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    db.session.add(StaffSession(token_hash=_digest(token), user_id=user.id, created_at=now, expires_at=now + lifetime))
    db.session.flush()
    user.session_token = token
    return token


def user_for_token(token: str, *, now: datetime) -> User | None:
    """The active account whose unexpired session holds `token`, else None."""
    if not token or len(token) > 100:
        return None
    user = db.session.scalars(_SESSION_USER, {"token_hash": _digest(token), "now": now}).unique().first()
    if user is not None:
        user.session_token = token
    return user


def end_session(token: str | None) -> None:
    """Logout: this browser's session ends (its cookie, and every copy of it, stops working)."""
    if token:
        db.session.execute(delete(StaffSession).where(StaffSession.token_hash == _digest(token)))


def end_all(user: User) -> int:
    """Every session of `user` ends (password change, deactivation, role change); returns how many."""
    result = db.session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
    return result.rowcount or 0
