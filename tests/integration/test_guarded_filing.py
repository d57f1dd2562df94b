"""A citizen's filing uses the worker's cached catalog unchecked and lets the filing itself check the token: a
catalog changed behind the worker's back is never used (the filing is redone with the fresh one), and nothing
is written with the stale one."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update

from civil_complaints.catalog import current_catalog
from civil_complaints.complaint_models import Complaint, ComplaintEvent, ComplaintType
from civil_complaints.intake.filing_sql import insert_filing_guarded
from core.extensions import db
from notifications.models import OutboxMessage
from organization.models import Department
from tests.complaint_helpers import complaint_form
from tests.helpers import csrf_token_from, parse, terminate_idle_backends
from tests.web.test_open311 import BASE, _assert_spec_error, _form, _issue_key


def _behind_the_workers_back(app, statement) -> None:
    """A change committed by another process: the database's token moves, this worker's cache does not."""
    with app.app_context():
        db.session.execute(statement)
        db.session.commit()


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (Complaint, ComplaintEvent, OutboxMessage))


def test_a_type_closed_meanwhile_is_refused_on_the_form_and_nothing_is_written(demo):
    client = demo.test_client()
    page = client.get("/complaints/new")  # this worker caches the catalog
    before = _counts(demo)
    _behind_the_workers_back(demo, update(ComplaintType).where(ComplaintType.code == "ROAD-DAMAGE")
                             .values(is_active=False))
    response = client.post("/complaints/new", data={"csrf_token": csrf_token_from(page), **complaint_form()})
    assert response.status_code == 400
    assert "이 분류의 민원은 더 이상 받지 않습니다." in parse(response).get_text()
    assert parse(response).find("input", attrs={"name": "title"})["value"] == "도로가 파였어요", "input kept"
    assert _counts(demo) == before


def test_a_filing_after_a_change_meanwhile_uses_the_fresh_catalog(demo):
    client = demo.test_client()
    page = client.get("/complaints/new")
    _behind_the_workers_back(demo, update(Department).where(Department.name_ko == "도로과")
                             .values(phone="031-999-0000"))
    response = client.post("/complaints/new", data={"csrf_token": csrf_token_from(page), **complaint_form()})
    assert response.status_code == 303
    receipt_no = response.headers["Location"].split("/")[2]
    with demo.app_context():
        notice = db.session.scalar(select(OutboxMessage)
                                   .where(OutboxMessage.idempotency_key == f"received:{receipt_no}"))
        assert json.loads(notice.payload)["department_phone"] == "031-999-0000"


def test_open311_refuses_a_service_closed_meanwhile(demo):
    key = _issue_key(demo)
    client = demo.test_client()
    assert client.post(f"{BASE}/requests.json", data=_form(key)).status_code == 200  # caches the catalog
    before = _counts(demo)
    _behind_the_workers_back(demo, update(ComplaintType).where(ComplaintType.code == "ROAD-DAMAGE")
                             .values(open311_public=False))
    _assert_spec_error(client.post(f"{BASE}/requests.json", data=_form(key)), 404)  # the spec: unknown service_code
    assert _counts(demo) == before


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # the guarded statement is PostgreSQL's
def test_the_guarded_statement_writes_all_three_rows_or_none(demo):
    now = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    with demo.app_context():
        catalog = current_catalog()
        ctype = catalog.by_code("ROAD-DAMAGE")
        db.session.rollback()
        complaint = {"receipt_no": "HB-2611-900001", "type_id": ctype.id, "kind": ctype.kind, "channel": "web",
                     "title": "t", "content": "c", "department_id": ctype.department_id, "complainant_name": "홍",
                     "complainant_email": "a@b.kr", "notify_channel": "email", "is_joint": False, "arrived_at": now,
                     "received_at": now, "period_spec": ctype.period_spec, "due_at": now, "due_date": now.date(),
                     "calendar_revision": "", "created_at": now, "latitude": None}
        event = {"action": "received", "at": now, "actor_kind": "citizen", "actor_id": None, "is_public": True,
                 "detail": "{}"}
        notice = {"idempotency_key": "received:HB-2611-900001", "channel": "email", "recipient": "a@b.kr",
                  "template": "complaint_received", "language": "ko", "payload": "{}", "status": "pending",
                  "attempts": 0, "created_at": now, "next_attempt_at": now}
        before = _counts(demo)
        engine = db.engines["autocommit"]
        assert insert_filing_guarded(engine, complaint, event, notice, "not-the-token") is None
        assert _counts(demo) == before, "a stale token writes nothing"
        with pytest.raises(ValueError, match="naive"):
            insert_filing_guarded(engine, {**complaint, "received_at": now.replace(tzinfo=None)}, event, notice,
                                  catalog.token)
        assert _counts(demo) == before
        complaint_id = insert_filing_guarded(engine, complaint, event, notice, catalog.token)
        assert complaint_id is not None
        assert _counts(demo) == tuple(n + 1 for n in before), "committed at once, without the session"
        assert db.session.scalar(select(ComplaintEvent.complaint_id).where(
            ComplaintEvent.complaint_id == complaint_id)) == complaint_id


def test_a_type_opened_meanwhile_is_accepted_though_the_cached_form_did_not_offer_it(demo):
    _behind_the_workers_back(demo, update(ComplaintType).where(ComplaintType.code == "ROAD-DAMAGE")
                             .values(is_active=False))
    client = demo.test_client()
    page = client.get("/complaints/new")  # cached without ROAD-DAMAGE
    assert 'value="ROAD-DAMAGE"' not in page.get_data(as_text=True)
    _behind_the_workers_back(demo, update(ComplaintType).where(ComplaintType.code == "ROAD-DAMAGE")
                             .values(is_active=True))
    response = client.post("/complaints/new", data={"csrf_token": csrf_token_from(page), **complaint_form()})
    assert response.status_code == 303, parse(response).select(".form-hint-invalid")


def test_open311_accepts_a_service_opened_meanwhile(demo):
    key = _issue_key(demo)
    client = demo.test_client()
    _behind_the_workers_back(demo, update(ComplaintType).where(ComplaintType.code == "ROAD-DAMAGE")
                             .values(open311_public=False))
    _assert_spec_error(client.post(f"{BASE}/requests.json", data=_form(key)), 404)  # cached: not public
    _behind_the_workers_back(demo, update(ComplaintType).where(ComplaintType.code == "ROAD-DAMAGE")
                             .values(open311_public=True))
    assert client.post(f"{BASE}/requests.json", data=_form(key)).status_code == 200


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # the autocommit pool is PostgreSQL's
def test_open311_survives_a_database_restart_of_its_pooled_connections(demo):
    """The key lookup and the filing run on pooled autocommit connections that are not pinged in steady use:
    one found dead is replaced and the statement sent again (app.extensions.fetch_one_autocommit)."""
    key = _issue_key(demo)
    client = demo.test_client()
    assert client.post(f"{BASE}/requests.json", data=_form(key)).status_code == 200
    assert terminate_idle_backends(demo) >= 1
    response = client.post(f"{BASE}/requests.json", data=_form(key))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert _counts(demo)[0] == 2
