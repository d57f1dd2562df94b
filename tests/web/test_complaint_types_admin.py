"""Administrators manage the catalog of 민원 types; new filings follow it."""

from __future__ import annotations

import pytest

from civil_complaints.complaint_models import ComplaintType
from core.extensions import db
from organization.models import Department
from tests.helpers import login, parse, post_form


def _dept_id(app, code: str) -> int:
    with app.app_context():
        return db.session.query(Department.id).filter_by(code=code).scalar()


def test_admin_adds_a_type_with_the_statutory_default_period(demo):
    client = demo.test_client()
    login(client, "admin")
    response = post_form(client, "/admin/complaint-types/new", {
        "code": "NOISE", "name_ko": "소음 신고", "name_en": "Noise", "kind": "other", "period_spec": "",
        "department_id": str(_dept_id(demo, "HB-CLEAN")), "attachment_kinds": ["image", "pdf"],
        "open311_public": "y", "is_active": "y"})
    assert response.status_code == 303
    with demo.app_context():
        added = db.session.query(ComplaintType).filter_by(code="NOISE").one()
        assert added.period_spec == "즉시" and added.accepted_kinds == {"image", "pdf"} and added.open311_public
    options = parse(demo.test_client().get("/complaints/new")).select("#type_code option")
    assert any("소음 신고" in o.get_text() for o in options)


def test_statutory_type_needs_a_period_and_bad_input_is_kept(demo):
    client = demo.test_client()
    login(client, "admin")
    data = {"code": "permit x", "name_ko": "허가", "name_en": "Permit", "kind": "statutory", "period_spec": "",
            "department_id": str(_dept_id(demo, "HB-ROADS"))}
    response = post_form(client, "/admin/complaint-types/new", data)
    soup = parse(response)
    assert response.status_code == 400
    assert "민원처리기준표" in soup.find(id="period_spec-error").get_text()
    assert "대문자" in soup.find(id="code-error").get_text() or "capital" in soup.find(id="code-error").get_text()
    assert soup.find(id="code")["value"] == "permit x" and soup.find(id="name_ko")["value"] == "허가"


def test_deactivated_type_disappears_from_the_form_and_code_never_changes(demo):
    client = demo.test_client()
    login(client, "admin")
    with demo.app_context():
        ctype = db.session.query(ComplaintType).filter_by(code="STREETLIGHT").one()
        type_id, department_id = ctype.id, ctype.department_id
    response = post_form(client, f"/admin/complaint-types/{type_id}/edit", {
        "code": "HACKED", "name_ko": "가로등 고장 신고", "name_en": "Broken streetlight", "kind": "other",
        "period_spec": "3h", "department_id": str(department_id), "attachment_kinds": ["image"]})
    assert response.status_code == 303
    with demo.app_context():
        ctype = db.session.get(ComplaintType, type_id)
        assert ctype.code == "STREETLIGHT" and ctype.is_active is False and ctype.period_spec == "3h"
    options = parse(demo.test_client().get("/complaints/new")).select("#type_code option")
    assert not any("가로등" in o.get_text() for o in options)


def test_a_new_type_with_a_code_in_use_is_refused_and_the_input_kept(demo):
    client = demo.test_client()
    login(client, "admin")
    with demo.app_context():
        before = db.session.get(ComplaintType, db.session.query(ComplaintType.id).filter_by(code="STREETLIGHT")
                                .scalar())
        name_before = before.name_ko
    response = post_form(client, "/admin/complaint-types/new", {
        "code": "STREETLIGHT", "name_ko": "새 가로등 유형", "name_en": "New streetlight", "kind": "other",
        "period_spec": "", "department_id": str(_dept_id(demo, "HB-ROADS"))})
    soup = parse(response)
    assert response.status_code == 400
    assert "이미 쓰고 있는 코드" in soup.find(id="code-error").get_text()
    assert soup.find(id="name_ko")["value"] == "새 가로등 유형"
    with demo.app_context():
        assert db.session.query(ComplaintType).filter_by(code="STREETLIGHT").one().name_ko == name_before


def test_a_code_taken_between_the_check_and_the_commit_is_refused_not_a_server_error(demo, monkeypatch):
    """Two administrators add the same new code at once: the other's row is committed after this one's check
    (the check is made to run first by answering it as it was then), and the unique key refuses this one."""
    from civil_complaints.admin import services

    data = {"code": "RACE", "name_ko": "경합", "name_en": "Race", "kind": "other", "period_spec": "즉시",
            "department_id": _dept_id(demo, "HB-ROADS"), "asks_location": False, "open311_public": False,
            "is_active": True, "retention_period": "3y"}
    with demo.app_context():
        db.session.add(ComplaintType(**{**data, "name_ko": "먼저 저장됨"}))
        db.session.commit()
        monkeypatch.setattr(services, "type_by_code", lambda code: None)  # the check saw no such code yet
        with pytest.raises(services.CodeTaken):
            services.save_complaint_type(None, {**data, "attachment_kinds": []})
        assert [t.name_ko for t in db.session.query(ComplaintType).filter_by(code="RACE")] == ["먼저 저장됨"]
