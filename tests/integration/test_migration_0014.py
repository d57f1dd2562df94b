"""Migration 0014 on data (D16): 민원 closed by the earlier merge are reopened, marked answered, or — when their
primary ended without an answer — have their merge undone; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import flask_migrate
from sqlalchemy import text

from app import create_app
from core.extensions import db
from tests.integration.test_migrations import scratch_url  # noqa: F401 - fixture

T = datetime(2026, 6, 8, 1, 0, tzinfo=UTC)


def _organisation() -> None:
    """What the 민원 below need, as the schema of 0013 holds it: an agency, 도로과, its type and an officer."""
    for statement in (
        "INSERT INTO agencies (id, code, name_ko, name_en, working_blocks) VALUES (1, 'HB', '한빛시', 'Hanbit', "
        "'09:00-12:00,13:00-18:00')",
        "INSERT INTO departments (id, agency_id, code, name_ko, name_en, kind, is_active) VALUES "
        "(1, 1, 'HB-ROADS', '도로과', 'Roads', 'division', true)",
        "INSERT INTO complaint_types (id, code, name_ko, name_en, description_ko, description_en, kind, period_spec, "
        "department_id, asks_location, attachment_kinds, open311_public, is_active, retention_period) VALUES "
        "(1, 'ROAD-DAMAGE', '도로 파손 신고', 'Road damage', '', '', 'other', '3d', 1, false, 'pdf', false, true, "
        "'3y')",
        "INSERT INTO users (id, login_id, display_name, department_id, password_hash, is_active_account, "
        "failed_login_count, created_at) VALUES (1, 'officer', '김담당', 1, 'x', true, 0, :t)",
    ):
        db.session.execute(text(statement), {"t": T})


def _complaint(number: str, status: str, *, answered: bool = False) -> int:
    db.session.execute(text(
        "INSERT INTO complaints (receipt_no, type_id, kind, channel, status, title, content, department_id, "
        "complainant_name, notify_channel, is_joint, arrived_at, received_at, period_spec, due_at, due_date, "
        "calendar_revision, created_at, version, answered_at, answer_text) "
        "SELECT :no, t.id, t.kind, 'web', :status, '제목', '내용', t.department_id, '홍길동', 'email', :false, :t, :t, "
        "t.period_spec, :t, :d, 'r', :t, 1, :answered_at, :answer FROM complaint_types t WHERE t.code = 'ROAD-DAMAGE'"),
        {"no": number, "status": status, "t": T, "d": date(2026, 6, 11), "false": False,
         "answered_at": T if answered else None, "answer": "보수했습니다." if answered else None})
    return db.session.execute(text("SELECT id FROM complaints WHERE receipt_no = :no"), {"no": number}).scalar()


def _merged(merged_id: int, primary_id: int, before: str) -> None:
    user_id = db.session.execute(text("SELECT id FROM users WHERE login_id = 'officer'")).scalar()
    db.session.execute(text("INSERT INTO complaint_links (complaint_id, linked_id, kind, created_at, created_by_id) "
                            "VALUES (:c, :p, 'merged_into', :t, :u)"),
                       {"c": merged_id, "p": primary_id, "t": T, "u": user_id})
    db.session.execute(text("INSERT INTO complaint_events (complaint_id, at, action, actor_kind, is_public, detail) "
                            "VALUES (:c, :t, 'merged_into', 'staff', :true, :d)"),
                       {"c": merged_id, "t": T, "true": True,
                        "d": json.dumps({"before": before, "after": "closed"})})


def test_merged_complaints_closed_by_the_old_merge_are_reopened_decree_6_7(scratch_url):  # noqa: F811
    app = create_app({"SQLALCHEMY_DATABASE_URI": scratch_url}, env_name="test")
    with app.app_context():
        flask_migrate.upgrade(revision="0013")  # the revision before 0014
        _organisation()  # by SQL: today's models (seed_demo) have columns that 0013 did not have
        open_primary = _complaint("HB-2606-000001", "in_progress")
        waiting = _complaint("HB-2606-000002", "closed")
        withdrawn_primary = _complaint("HB-2606-000003", "withdrawn")
        orphan = _complaint("HB-2606-000004", "closed")
        answered_primary = _complaint("HB-2606-000005", "answered", answered=True)
        shared = _complaint("HB-2606-000006", "closed", answered=True)
        _merged(waiting, open_primary, "assigned")
        _merged(orphan, withdrawn_primary, "received")
        _merged(shared, answered_primary, "received")
        db.session.commit()
        flask_migrate.upgrade()
        status = dict(db.session.execute(text("SELECT id, status FROM complaints")).all())
        assert (status[waiting], status[orphan], status[shared]) == ("assigned", "received", "answered")
        links = dict(db.session.execute(text("SELECT complaint_id, ended_reason FROM complaint_links")).all())
        assert links == {waiting: None, orphan: "withdrawn", shared: None}  # only the orphan's merge is undone
        undone = db.session.execute(text("SELECT complaint_id FROM complaint_events WHERE action = 'merge_undone'"))
        assert [row[0] for row in undone] == [orphan]
        db.session.remove()
        db.engine.dispose()
