"""Connection handling: a pooled PostgreSQL connection that died while idle is replaced before use; the client
address behind a trusted reverse proxy."""

from __future__ import annotations

import psycopg
from sqlalchemy import create_engine, text

import app as app_package
from app import create_app
from tests.conftest import _libpq


def test_a_connection_killed_while_idle_is_replaced_before_use(postgres_database, monkeypatch):
    monkeypatch.setattr(app_package, "IDLE_PING_SECONDS", 0)  # every checkout counts as "after idle"
    engine = create_engine(postgres_database, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as conn:
            first_pid = conn.execute(text("select pg_backend_pid()")).scalar()
        with psycopg.connect(_libpq(postgres_database), autocommit=True) as admin:
            assert admin.execute("select pg_terminate_backend(%s)", (first_pid,)).fetchone()[0]
        with engine.connect() as conn:  # without the ping this statement would fail on the dead connection
            second_pid = conn.execute(text("select pg_backend_pid()")).scalar()
        assert second_pid != first_pid
    finally:
        engine.dispose()


def test_a_connection_in_steady_use_is_not_pinged(postgres_database, monkeypatch):
    """Within IDLE_PING_SECONDS the pool hands the connection out untested: a dead one fails the statement."""
    monkeypatch.setattr(app_package, "IDLE_PING_SECONDS", 3600)
    engine = create_engine(postgres_database, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as conn:
            pid = conn.execute(text("select pg_backend_pid()")).scalar()
        with psycopg.connect(_libpq(postgres_database), autocommit=True) as admin:
            admin.execute("select pg_terminate_backend(%s)", (pid,))
        failed = False
        try:
            with engine.connect() as conn:
                conn.execute(text("select 1"))
        except Exception:  # noqa: BLE001 - any DBAPI error shows the connection was handed out unpinged
            failed = True
        assert failed
    finally:
        engine.dispose()


def test_the_client_address_behind_a_trusted_proxy(database_url):
    seen = []
    for hops in (0, 1):
        application = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "PROXY_FIX_HOPS": hops}, env_name="test")

        @application.get("/whoami-test")
        def whoami():
            from flask import request

            seen.append(request.remote_addr)
            return "ok"
        application.test_client().get("/whoami-test", headers={"X-Forwarded-For": "203.0.113.9"},
                                      environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert seen == ["10.0.0.2", "203.0.113.9"]
