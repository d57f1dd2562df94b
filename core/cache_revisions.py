"""Cache tokens: what lets every worker keep rarely changed tables in memory and still never serve them stale."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from core.db_types import UTCDateTime
from core.extensions import db


class CacheRevision(db.Model):
    """A token that changes with every write to a table the workers cache in memory (complaint types,
    departments, agencies, public holidays). Database triggers set it (migration 0009), in the writing
    transaction, whoever writes: the admin pages, the CLI, a migration or psql. A worker reads it once per
    request and rebuilds its cache when it differs (see `civil_complaints.catalog`).
    """

    __tablename__ = "cache_revisions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    #: random, never reused (a counter would repeat after the row is deleted and recreated)
    token: Mapped[str] = mapped_column(String(40))
    #: set with the token by the same triggers (migration 0015): Open311 discovery's changeset
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


#: the one token the triggers keep: types, departments, agencies and holidays share it (migration 0009)
CATALOG = "catalog"
_TOKEN = select(CacheRevision.token).where(CacheRevision.name == CATALOG)  # built once: read on every filing


def token_now() -> str | None:
    """The cache token as the current transaction sees it (None before the triggers first set it)."""
    return db.session.connection().execute(_TOKEN).scalar()
