"""Migration 0012 (D18): the former PERSONAL_DATA_RETENTION_DAYS becomes each existing type's 보존기간."""

from __future__ import annotations

import flask_migrate
from sqlalchemy import text

from app import create_app
from core.extensions import db
from tests.integration.test_migrations import scratch_url  # noqa: F401 - fixture


def test_existing_types_get_the_period_that_keeps_them_at_least_as_long(scratch_url, monkeypatch):  # noqa: F811
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
