"""Migration 0012 (D18): the former PERSONAL_DATA_RETENTION_DAYS becomes each existing type's 보존기간."""

from __future__ import annotations

import secrets

import flask_migrate
import psycopg
import pytest
from sqlalchemy import text

from app import create_app
from app.extensions import db
from tests.conftest import _libpq


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server_url")
    name = f"policycrm_scratch_{secrets.token_hex(4)}"
    with psycopg.connect(_libpq(server), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{server.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(_libpq(server), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_existing_types_get_the_period_that_keeps_them_at_least_as_long(scratch_url, monkeypatch):
    app = create_app({"SQLALCHEMY_DATABASE_URI": scratch_url}, env_name="test")
    with app.app_context():
        flask_migrate.upgrade(revision="0009")
        db.session.execute(text(
            "INSERT INTO agencies (id, code, name_ko, name_en, working_blocks) VALUES (1, 'HB', '한빛시', 'Hanbit', "
            "'09:00-12:00,13:00-18:00')"))
        db.session.execute(text(
            "INSERT INTO departments (id, agency_id, code, name_ko, name_en, kind, is_active) VALUES "
            "(1, 1, 'D', '도로과', 'Roads', 'division', true)"))
        db.session.execute(text(
            "INSERT INTO complaint_types (id, code, name_ko, name_en, description_ko, description_en, kind, "
            "period_spec, department_id, asks_location, attachment_kinds, open311_public, is_active) VALUES "
            "(1, 'X', '엑스', 'X', '', '', 'other', '3d', 1, false, 'pdf', false, true)"))
        db.session.commit()
        monkeypatch.setenv("PERSONAL_DATA_RETENTION_DAYS", "1500")  # four years and more: 5 years keep it
        flask_migrate.upgrade(revision="0012")
        assert db.session.execute(text("SELECT retention_period FROM complaint_types")).scalar() == "5y"
        db.session.remove()
        db.engine.dispose()
