"""정책 소식 받기 on the 민원 filing form (issue 20: "a 민원인 may also opt in when filing"), on SQLite and PostgreSQL:
unticked by default with the registry's consent texts; ticked, the filed 민원 is followed by a pending policy
customer and the usual confirmation mail in the outbox (nothing sent as news until confirmed); unticked, nothing;
a bad choice comes back with the input kept and nothing filed; a failure of the registry never fails the filing;
the staff registration has no such group."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy import func, select

from civil_complaints.complaint_models import Complaint
from core.extensions import db
from notifications.models import OutboxMessage
from policy_customers.models import PolicyCustomer, PolicyField
from policy_customers.queries import recipients
from policy_customers.services import Refused
from tests.complaint_helpers import complaint_form, file_complaint
from tests.conftest import _libpq
from tests.helpers import csrf_token_from, login, parse, post_form, text_of

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 2026-12-07 10:00 KST
EMAIL = "hong@example.kr"  # the filing form's e-mail (tests/complaint_helpers.py)
OPT_IN = {"policy_news": "y", "policy_fields": ["TRAFFIC", "WELFARE"], "policy_consent_news": "y"}


@pytest.fixture
def site(demo, frozen):
    frozen(NOW)
    return demo


def _complaints(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Complaint))


def _customer(app, email=EMAIL) -> dict | None:
    with app.app_context():
        found = db.session.scalar(select(PolicyCustomer).where(PolicyCustomer.email == email))
        if found is None:
            return None
        codes = dict(db.session.execute(select(PolicyField.id, PolicyField.code)).all())
        return {"status": found.status, "name": found.name, "fields": {codes[f.field_id] for f in found.field_links},
                "purposes": {c.purpose for c in found.consents if c.withdrawn_at is None}}


def _mails(app, template="policy_customer_confirm", to=EMAIL) -> list[dict]:
    with app.app_context():
        return [json.loads(m.payload) for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == template, OutboxMessage.recipient == to))]


def test_the_group_is_unticked_and_states_the_registry_s_consent_per_purpose(site):
    page = parse(site.test_client().get("/complaints/new"))
    group = page.select_one("#policy-news")
    assert group.select_one("legend").get_text(strip=True) == "정책 소식 받기 (선택)"
    boxes = group.select("input[type=checkbox]")
    assert {b["name"] for b in boxes} == {"policy_news", "policy_fields", "policy_consent_news",
                                          "policy_consent_surveys"}
    assert not any(b.has_attr("checked") for b in boxes)  # nothing ticked in advance
    assert "교통" in [label.get_text(strip=True) for label in group.select("label")]
    tables = group.select("table.consent-table")
    assert len(tables) == 2  # one notice per purpose (제22조), the texts of /subscribe
    subscribe_page = parse(site.test_client().get("/subscribe"))
    assert [t.get_text(" ", strip=True) for t in tables] == [
        t.get_text(" ", strip=True) for t in subscribe_page.select("table.consent-table")]
    for table in tables:
        assert [th.get_text(strip=True) for th in table.select("th")] == ["처리 목적", "수집 항목", "보유 기간",
                                                                        "동의 거부 권리"]


def test_ticked_it_files_the_complaint_then_a_pending_subscription_and_its_confirmation_mail(site):
    client = site.test_client()
    response = file_complaint(client, **OPT_IN, policy_consent_surveys="y")
    assert response.status_code == 303
    assert _customer(site) == {"status": "pending", "name": None, "fields": {"TRAFFIC", "WELFARE"},
                               "purposes": {"news", "surveys"}}
    (mail,) = _mails(site)
    assert "/subscribe/confirm/" in mail["confirm_url"]
    assert _complaints(site) == 1
    with site.app_context():
        assert recipients(["TRAFFIC"], "news", NOW) == []  # double opt-in: nothing until confirmed
        complaint = db.session.scalar(select(Complaint))
        assert not any("policy" in key for key in Complaint.__table__.columns.keys())
        assert complaint.complainant_email == EMAIL
    receipt = parse(client.get(response.headers["Location"]))
    assert "보내 드린 전자우편의 링크를 여세요" in receipt.get_text()

    confirm_path = mail["confirm_url"].split("://", 1)[1].split("/", 1)[1]
    assert post_form(client, "/" + confirm_path, {}).status_code == 200
    with site.app_context():
        assert [r.email for r in recipients(["TRAFFIC"], "news", NOW)] == [EMAIL]


def test_unticked_nothing_reaches_the_registry_even_with_fields_and_consent_ticked(site):
    response = file_complaint(site.test_client(), policy_fields=["TRAFFIC"], policy_consent_news="y")
    assert response.status_code == 303
    assert _complaints(site) == 1
    assert _customer(site) is None and _mails(site) == []


@pytest.mark.parametrize(("overrides", "error_id", "words"), [
    ({"email": "", "notify_channel": "sms"}, "policy_news-error", "전자우편 주소를 적거나"),
    ({"policy_fields": []}, "policy_fields-error", "분야를 하나 이상 고르세요"),
    ({"policy_fields": ["TRAFFIC", "NO-SUCH-FIELD"]}, "policy_fields-error", "목록에 있는 분야를 고르세요"),
    ({"policy_consent_news": None}, "policy_consent_news-error", "이 동의가 없으면"),
])
def test_a_bad_choice_comes_back_with_the_input_kept_and_nothing_filed(site, overrides, error_id, words):
    response = file_complaint(site.test_client(), **{**OPT_IN, **overrides})
    assert response.status_code == 400
    page = parse(response)
    assert words in text_of(page, f"#{error_id}")
    assert page.find(id="title")["value"] == "도로가 파였어요"
    assert page.find(id="policy_news").has_attr("checked")
    kept = {box["value"] for box in page.select("input[name=policy_fields][checked]")}
    assert kept == {"TRAFFIC", "WELFARE"} & set(overrides.get("policy_fields", OPT_IN["policy_fields"]))
    assert _complaints(site) == 0 and _customer(site) is None and _mails(site) == []


def test_a_refusal_of_the_registry_after_filing_leaves_the_complaint_filed(site, monkeypatch):
    optin = site.extensions["civil_complaints"]["policy_optin"]

    def refuse(**_arguments):
        raise Refused("fields")  # e.g. the field was made inactive between the form's check and the filing

    monkeypatch.setitem(site.extensions["civil_complaints"], "policy_optin", replace(optin, subscribe=refuse))
    response = file_complaint(site.test_client(), **OPT_IN)
    assert response.status_code == 303
    assert _complaints(site) == 1
    assert _customer(site) is None and _mails(site) == []


def test_staff_registration_has_no_opt_in(site):
    staff = site.test_client()
    login(staff, "officer")
    page = parse(staff.get("/staff/complaints/register"))
    assert page.select_one("form") is not None
    assert page.select("[name^=policy_]") == [] and page.select_one("#policy-news") is None


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_ticked_while_the_database_is_unavailable_the_form_comes_back_and_the_resend_files_and_subscribes(
        site, postgres_server_url):
    """The database refuses connections: a 503 with the form as typed (the group cannot be shown then, nothing
    can be subscribed), never a 500; sent again once it is back, the 민원 is filed and the subscription recorded."""
    client = site.test_client()
    page = client.get("/complaints/new")
    data = {"csrf_token": csrf_token_from(page), **complaint_form(**OPT_IN),
            "filing_token": parse(page).find("input", attrs={"name": "filing_token"})["value"]}
    name = site.config["SQLALCHEMY_DATABASE_URI"].rsplit("/", 1)[1]
    with psycopg.connect(_libpq(postgres_server_url), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        try:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            refused = client.post("/complaints/new", data=data, content_type="multipart/form-data")
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    assert refused.status_code == 503
    assert parse(refused).find(id="title")["value"] == "도로가 파였어요"
    assert parse(refused).select_one("#policy-news") is None  # its fields could not be read
    assert _complaints(site) == 0 and _customer(site) is None
    resent = client.post("/complaints/new", data=data, content_type="multipart/form-data")
    assert resent.status_code == 303
    assert _complaints(site) == 1 and _customer(site)["status"] == "pending" and len(_mails(site)) == 1
