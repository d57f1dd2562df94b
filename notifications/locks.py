"""One holder per scheduled job across processes and hosts.

PostgreSQL: a session-level advisory lock on a connection of its own. When the holder's process dies, its
session ends and PostgreSQL releases the lock, so a crashed holder never blocks the others.
SQLite (one host): a lease row in `job_leases`, taken over when it expires or when its holder is a pid on
this host that no longer exists.
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, text, update

from core.extensions import db
from notifications.monitoring_models import JobLease


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def advisory_key(job: str) -> int:
    """A stable signed 64-bit key for pg_advisory_lock, derived from the job name."""
    digest = hashlib.sha256(f"policy-crm:job:{job}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def job_lock(job: str, *, now: datetime, lease: timedelta) -> Iterator[bool]:
    """Yields True while this process holds `job`'s lock, False when another process holds it."""
    if db.engine.dialect.name == "postgresql":
        with _advisory_lock(job) as acquired:
            yield acquired
        return
    holder = holder_name()
    acquired = _take_lease(job, holder, now, lease)
    try:
        yield acquired
    finally:
        if acquired:
            with db.engine.begin() as conn:
                conn.execute(delete(JobLease).where(JobLease.job == job, JobLease.holder == holder))


@contextmanager
def _advisory_lock(job: str) -> Iterator[bool]:
    key = advisory_key(job)
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        acquired = bool(conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar())
        try:
            yield acquired
        finally:
            if acquired:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})


def _take_lease(job: str, holder: str, now: datetime, lease: timedelta) -> bool:
    with db.engine.begin() as conn:  # BEGIN IMMEDIATE on SQLite: one writer decides at a time
        current = conn.execute(select(JobLease.holder, JobLease.expires_at).where(JobLease.job == job)).first()
        if current is None:
            conn.execute(insert(JobLease).values(job=job, holder=holder, expires_at=now + lease))
            return True
        if current.expires_at > now and not _is_dead_local_holder(current.holder):
            return False
        conn.execute(update(JobLease).where(JobLease.job == job).values(holder=holder, expires_at=now + lease))
        return True


def _is_dead_local_holder(holder: str) -> bool:
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
