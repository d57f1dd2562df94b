"""Fixtures shared by the integration and web layers.

Every test that asks for `app` runs twice: once on SQLite and once on a real PostgreSQL database
created for this session on $TEST_POSTGRES_URL's server (default: the local server on 127.0.0.1:5432).
An unreachable PostgreSQL is an error, never a skip. Migrations (not create_all) build the schema.
Unit tests (tests/unit) use none of this.

Every database test starts from the same state: every table empty but the bundled holiday snapshot (plus the
demo organisation for `demo`). Commits are real; after the test only the tables that differ from that state
are put back (tests/db_state.py), instead of truncating every table and reloading the snapshot each time.

The session stops at once when a compiled catalog (translations/*/LC_MESSAGES/messages.mo) is missing or
older than its .po: the pages would silently fall back to English and many web tests would fail confusingly.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import flask_migrate
import psycopg
import pytest
from flask import Flask
from sqlalchemy import text

import core.clock
from app import create_app
from app.demo import seed_demo
from core.clock import now_utc
from core.extensions import db
from tests.db_state import Baseline
from tests.helpers import PasswordHashMemo, close_pools
from working_calendar.holidays import sync_snapshot

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
LANGUAGES = ("ko", "en")
# Tables that database triggers write (migration 0009: every write to a cached table sets a new catalog token):
# a test starts with their rows (by these key columns), whatever token the last write left.
TRIGGER_WRITTEN_TABLES = {"cache_revisions": ("name",)}

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", "postgresql"]


def stale_catalogs(translations: Path = TRANSLATIONS, languages=LANGUAGES) -> list[str]:
    """The compiled catalogs (.mo) that are missing or older than their .po, as paths relative to `translations`."""
    found = []
    for language in languages:
        po = translations / language / "LC_MESSAGES" / "messages.po"
        mo = po.with_suffix(".mo")
        if not mo.is_file() or (po.is_file() and mo.stat().st_mtime < po.stat().st_mtime):
            found.append(str(mo.relative_to(translations.parent)))
    return found


def pytest_sessionstart(session) -> None:
    if stale := stale_catalogs():
        pytest.exit(
            f"Compiled translation catalogs are missing or older than their .po files: {', '.join(stale)}. "
            "Run `make test`, or compile them with "
            "`.venv/bin/python -m babel.messages.frontend compile -d translations -f`, then run pytest again.",
            returncode=4,
        )


@pytest.fixture(scope="session")
def _password_hash_memo() -> Iterator[PasswordHashMemo]:
    with PasswordHashMemo() as memo:
        yield memo


@pytest.fixture(autouse=True)
def _remembered_password_hashes(_password_hash_memo) -> None:
    """scrypt (≈80 ms a hash) of the same password and salt is computed once per session (tests/helpers.py)."""
    _password_hash_memo.rewind()


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    try:
        with psycopg.connect(_libpq(url), connect_timeout=5) as conn:
            conn.execute("select 1")
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is required for these tests and is unreachable at {url}: {error}. "
                    "Run `make test`, which starts or creates a server.", pytrace=False)
    return url


@pytest.fixture(scope="session")
def postgres_database(postgres_server_url) -> Iterator[str]:
    """A fresh database for this test session on the PostgreSQL server; dropped afterwards."""
    name = f"policycrm_test_{secrets.token_hex(4)}"
    with psycopg.connect(_libpq(postgres_server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = postgres_server_url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(_libpq(postgres_server_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite3'}"
    return request.getfixturevalue("postgres_database")


@pytest.fixture(scope="session")
def app(database_url) -> Iterator[Flask]:
    application = create_app({"SQLALCHEMY_DATABASE_URI": database_url}, env_name="test")
    with application.app_context():
        flask_migrate.upgrade()
        _reset_all_tables()
        application.extensions["test_baseline"] = Baseline.capture(
            db.session, db.metadata.sorted_tables, derived=TRIGGER_WRITTEN_TABLES)
        db.session.remove()
    yield application
    close_pools(application)


def _reset_all_tables() -> None:
    """Every table emptied (identities restarted on PostgreSQL) and the bundled holiday calendar loaded, like a
    deployed database after `flask db upgrade`: the state every test starts from."""
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    sync_snapshot(now=now_utc())
    db.session.commit()


def _restore_baseline(app: Flask) -> None:
    """Put back the tables the test changed (through any connection); see tests/db_state.py."""
    baseline: Baseline = app.extensions["test_baseline"]
    if dirty := baseline.dirty_tables(db.session):
        baseline.restore(db.session, dirty)
        db.session.commit()
        if still := baseline.dirty_tables(db.session):
            raise AssertionError(f"tables not back to the state every test starts from: {sorted(still)}")
    else:
        db.session.rollback()


@pytest.fixture
def clean_app(app) -> Iterator[Flask]:
    """The session app; after the test every table is back to the state every test starts from."""
    yield app
    with app.app_context():
        db.session.rollback()
        _restore_baseline(app)
        db.session.remove()


@pytest.fixture
def ctx(clean_app) -> Iterator[Flask]:
    """An app context for service-level tests (commits are real; tables are put back afterwards)."""
    with clean_app.app_context():
        yield clean_app
        db.session.remove()


@pytest.fixture
def client(clean_app):
    return clean_app.test_client()


@pytest.fixture
def demo(clean_app):
    """The 한빛시 demo organisation and one account per role (see app/demo.py).

    `seed_demo` runs once per worker, engine and clock (the frozen instant, or the real clock): it publishes the
    demo charter, a PDF rendering of about 0.1 s. Its rows are kept (tests/db_state.py) and every later test gets
    exactly those rows back, with the same ids and sequences a fresh seed gives; only the timestamps of the rows
    are those of the first seed of that clock instead of the test's own start."""
    with clean_app.app_context():
        seeds = clean_app.extensions.setdefault("test_demo_baselines", {})
        key = core.clock.frozen_at
        if key not in seeds:
            seed_demo(now=now_utc())
            db.session.commit()
            seeds[key] = Baseline.capture(db.session, db.metadata.sorted_tables, derived=TRIGGER_WRITTEN_TABLES)
        elif dirty := seeds[key].dirty_tables(db.session):
            seeds[key].restore(db.session, dirty)
            db.session.commit()
        db.session.remove()
    return clean_app
