"""저장한 검색 조건: a staff member's named queue filters (the queue page's query string), theirs alone.

Only the queue's own filter keys are stored (`keys`: the tab and the filter form's fields; cursors and anything
else are dropped), and only a query the filter form accepts; applying one is opening the queue with it, where the
form checks it again (a type since removed shows the usual error). At most MAX_PER_USER per user, names unique
per user. Nobody sees, applies or deletes another user's filters (each lookup is by owner).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import ForeignKey, String, UniqueConstraint, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from core.db_types import UTCDateTime
from core.extensions import db
from organization.models import User

MAX_PER_USER = 20
MAX_NAME = 60
MAX_QUERY = 1000


class SavedQueueFilter(db.Model):
    __tablename__ = "saved_queue_filters"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(MAX_NAME))
    #: the queue's query string, only known keys (e.g. "tab=overdue&kind=statutory")
    query: Mapped[str] = mapped_column(String(MAX_QUERY))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FilterRefused(ValueError):
    """code: name_taken, too_many, empty, too_long."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def clean_query(pairs: Iterable[tuple[str, str]], keys: Iterable[str]) -> str:
    """The query string of the known, non-empty keys, in the order of `keys` (one value each)."""
    given: dict[str, str] = {}
    for key, value in pairs:
        if value.strip() and key not in given:
            given[key] = value.strip()
    return urlencode([(key, given[key]) for key in keys if key in given])


def query_pairs(query: str) -> list[tuple[str, str]]:
    return parse_qsl(query, keep_blank_values=False)


def filters_of(user: User) -> list[SavedQueueFilter]:
    return list(db.session.scalars(select(SavedQueueFilter).where(SavedQueueFilter.user_id == user.id)
                                   .order_by(SavedQueueFilter.name, SavedQueueFilter.id)))


def save_filter(actor: User, *, name: str, query: str, now: datetime) -> SavedQueueFilter:
    """Save the (already cleaned and checked) query under `name` for `actor`."""
    name = " ".join((name or "").split())
    if not name:
        raise FilterRefused("empty")
    if len(name) > MAX_NAME or len(query) > MAX_QUERY:
        raise FilterRefused("too_long")
    taken = db.session.scalar(select(SavedQueueFilter.id).where(SavedQueueFilter.user_id == actor.id,
                                                                SavedQueueFilter.name == name))
    if taken is not None:
        raise FilterRefused("name_taken")
    count = db.session.scalar(select(func.count()).select_from(SavedQueueFilter)
                              .where(SavedQueueFilter.user_id == actor.id))
    if count >= MAX_PER_USER:
        raise FilterRefused("too_many")
    row = SavedQueueFilter(user_id=actor.id, name=name, query=query, created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:  # the same name saved at the same moment from another tab
        raise FilterRefused("name_taken") from None
    return row


def delete_filter(actor: User, filter_id: int) -> bool:
    """Delete one of `actor`'s filters; False when there is no such filter of theirs."""
    row = db.session.get(SavedQueueFilter, filter_id)
    if row is None or row.user_id != actor.id:
        return False
    db.session.delete(row)
    return True
