"""Fixtures shared by the integration and web layers.

Every test that asks for `app` runs twice: once on SQLite and once on a real PostgreSQL database
created for this session on $TEST_POSTGRES_URL's server (default: the local server on 127.0.0.1:5432).
An unreachable PostgreSQL is an error, never a skip. Migrations (not create_all) build the schema.
Unit tests (tests/unit) use none of this.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import flask_migrate
import psycopg
import pytest
from flask import Flask
from sqlalchemy import text

from app import create_app
from core.extensions import db
from tests.helpers import close_pools

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", "postgresql"]


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
    yield application
    close_pools(application)


def _delete_all_rows() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    # Like a deployed database after `flask db upgrade`, every test starts with the bundled holiday calendar.
    from core.clock import now_utc
    from working_calendar.holidays import sync_snapshot

    sync_snapshot(now=now_utc())
    db.session.commit()


@pytest.fixture
def clean_app(app) -> Iterator[Flask]:
    """The session app, with every table emptied after the test."""
    yield app
    with app.app_context():
        db.session.rollback()
        _delete_all_rows()
        db.session.remove()


@pytest.fixture
def ctx(clean_app) -> Iterator[Flask]:
    """An app context for service-level tests (commits are real; tables are emptied afterwards)."""
    with clean_app.app_context():
        yield clean_app
        db.session.remove()


@pytest.fixture
def client(clean_app):
    return clean_app.test_client()


@pytest.fixture
def demo(clean_app):
    """The 한빛시 demo organisation and one account per role (see app/demo.py)."""
    from app.demo import seed_demo
    from core.clock import now_utc

    with clean_app.app_context():
        seed_demo(now=now_utc())
        db.session.commit()
    return clean_app
