"""What the PostgreSQL benches share: the server they load into, a throwaway (or kept) database, the app's schema and
demo agency in it, and the load-average line each bench prints beside its figures."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def step(conn, label: str, sql: str, params=None) -> None:
    """One timed statement of a bulk load."""
    start = time.perf_counter()
    conn.execute(sql, params or {})
    print(f"{label:40} {time.perf_counter() - start:8.1f} s", flush=True)


def app_for(url: str):
    """The app on `url` with the test config (production refuses demo data)."""
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://", 1)},
                      env_name="test")


def migrate_and_seed(url: str) -> str:
    """The schema and the demo agency in the database at `url`; returns the working calendar's revision (what the
    bulk-loaded rows name as the calendar their deadlines were computed on)."""
    import flask_migrate

    from app.demo import seed_demo
    from core.clock import now_utc
    from core.extensions import db
    from working_calendar.cache import load_calendar

    app = app_for(url)
    with app.app_context():
        flask_migrate.upgrade()
        seed_demo(now=now_utc())
        db.session.commit()
        revision = (load_calendar().revision or "")[:32]
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    return revision


@contextmanager
def bench_database(keep: str | None, prefix: str) -> Iterator[tuple[str, bool]]:
    """(url, whether it existed already): database `keep` (created if missing, kept afterwards), or a throwaway
    `<prefix>_<random>` dropped at the end."""
    name = keep or f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(libpq(ADMIN_URL), autocommit=True) as conn:
        existed = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None
        if not existed:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{ADMIN_URL.rsplit('/', 1)[0]}/{name}", existed
    finally:
        if not keep:
            with psycopg.connect(libpq(ADMIN_URL), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
