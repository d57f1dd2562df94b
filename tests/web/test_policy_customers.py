"""정책고객 (issue 20): subscribe → confirmation mail in the outbox → confirm → manage → leave with one click, on
SQLite and PostgreSQL (the `app` fixture); the same page whether an address is registered or not; refused forms;
dead links; the staff counts and their CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from notifications.models import OutboxMessage
from policy_customers.models import PolicyConsent, PolicyCustomer, PolicyCustomerToken
from policy_customers.queries import recipients
from tests.helpers import login, parse, post_form, text_of

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 2026-12-07 10:00 KST
BASE = "http://127.0.0.1:5000"
EMAIL = "hong.gildong@example.kr"


@pytest.fixture
def site(demo, frozen):
    frozen(NOW)
    return demo


def subscribe(client, email=EMAIL, *, fields=("TRAFFIC",), news=True, surveys=False, name="홍길동"):
    data = {"email": email, "name": name, "fields": list(fields)}
    if news:
        data["consent_news"] = "y"
    if surveys:
        data["consent_surveys"] = "y"
    return post_form(client, "/subscribe", data)


def mails(app, template: str, to: str = EMAIL) -> list[dict]:
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template,
                                                              OutboxMessage.recipient == to)
                                  .order_by(OutboxMessage.id))
        return [json.loads(row.payload) for row in rows]


def path(url: str) -> str:
    assert url.startswith(BASE + "/subscribe/"), url
    return url.removeprefix(BASE)


def customer(app, email=EMAIL) -> PolicyCustomer | None:
    with app.app_context():
        found = db.session.scalar(select(PolicyCustomer).where(PolicyCustomer.email == email))
        if found is not None:
            db.session.expunge(found)
        return found


def listed(app, fields=("TRAFFIC",), purpose="news", now=NOW) -> list[str]:
    with app.app_context():
        return [r.email for r in recipients(fields, purpose, now)]


def confirm(client, payload: dict):
    return post_form(client, path(payload["confirm_url"]), {})


def test_the_subscription_page_states_consent_per_purpose(site):
    page = parse(site.test_client().get("/subscribe"))
    boxes = {box["name"]: box for box in page.select("input[type=checkbox]") if box["name"].startswith("consent")}
    assert set(boxes) == {"consent_news", "consent_surveys"}
    assert not any(box.has_attr("checked") for box in boxes.values())  # nothing ticked in advance
    tables = page.select("table.consent-table")
    assert len(tables) == 2  # one notice per purpose (제22조)
    for table in tables:
        heads = [th.get_text(strip=True) for th in table.select("th")]
        assert heads == ["처리 목적", "수집 항목", "보유 기간", "동의 거부 권리"]
    assert "730일" in tables[0].get_text()  # POLICY_CUSTOMER_RETENTION_DAYS
    assert "입장은 기록하지 않습니다" in tables[0].get_text()
    labels = [label.get_text(strip=True) for label in page.select("#fields label")]
    assert labels == ["교통", "환경", "복지", "안전", "문화·관광", "경제·일자리"]
    assert parse(site.test_client().get("/")).find("a", href="/subscribe") is not None  # linked from the home page


def test_subscribe_confirm_manage_and_leave_with_one_click(site):
    client = site.test_client()
    response = subscribe(client, fields=("TRAFFIC", "WELFARE"))
    assert response.status_code == 303 and response.headers["Location"].endswith("/subscribe/sent")
    pending = customer(site)
    assert pending.status == "pending" and pending.name == "홍길동"
    assert listed(site) == []  # unconfirmed: nothing goes out
    [sent] = mails(site, "policy_customer_confirm")
    assert sent["fields"] == ["교통", "복지"] and sent["days"] == 7
    assert sent["list_unsubscribe"] == sent["leave_url"]
    with site.app_context():
        consents = db.session.scalars(select(PolicyConsent).where(PolicyConsent.customer_id == pending.id)).all()
        assert [(c.purpose, c.text_version, c.given_at, c.withdrawn_at) for c in consents] == [
            ("news", "2026-12-v1", NOW, None)]
        stored = db.session.scalars(select(PolicyCustomerToken.token_hash)).all()
    token = sent["confirm_url"].rsplit("/", 1)[1]
    assert token not in stored and len(stored) == 2  # hashes only: the confirmation and the manage link

    page = client.get(path(sent["confirm_url"]))
    assert page.status_code == 200 and customer(site).status == "pending"  # a GET (a mail scanner) confirms nothing
    assert page.headers["Referrer-Policy"] == "no-referrer"
    done = confirm(client, sent)
    assert done.status_code == 200 and text_of(parse(done), "h1") == "구독이 확인되었습니다"
    confirmed = customer(site)
    assert confirmed.status == "confirmed" and confirmed.confirmed_at == NOW
    assert confirmed.retention_until == NOW + timedelta(days=730)
    assert listed(site, ("WELFARE",)) == [EMAIL] and listed(site, ("SAFETY",)) == []
    assert listed(site, purpose="surveys") == []  # the optional purpose was not agreed to
    assert confirm(client, sent).status_code == 404  # the confirmation link works once

    [welcome] = mails(site, "policy_customer_welcome")
    manage = path(welcome["manage_url"])
    page = parse(client.get(manage))
    assert EMAIL in page.get_text() and "2028. 12. 6." in page.get_text()
    saved = post_form(client, manage, {"name": "", "fields": ["ENVIRONMENT"]})
    assert saved.status_code == 200
    assert customer(site).name is None
    assert listed(site, ("TRAFFIC", "WELFARE")) == [] and listed(site, ("ENVIRONMENT",)) == [EMAIL]
    post_form(client, manage + "/consent", {"purpose": "surveys", "give": "yes"}, form_page=manage)
    assert listed(site, ("ENVIRONMENT",), "surveys") == [EMAIL]
    post_form(client, manage + "/consent", {"purpose": "surveys", "give": "no"}, form_page=manage)
    assert listed(site, ("ENVIRONMENT",), "surveys") == []

    leave = path(welcome["leave_url"])
    page = client.get(leave)
    assert page.status_code == 200 and customer(site) is not None  # GET asks; only the POST leaves
    # what a mail client sends for List-Unsubscribe-Post (RFC 8058): no session, no CSRF token
    gone = site.test_client().post(leave, data={"List-Unsubscribe": "One-Click"})
    assert gone.status_code == 200 and text_of(parse(gone), "h1") == "구독이 해지되었습니다"
    assert customer(site) is None
    with site.app_context():
        assert db.session.scalar(select(PolicyCustomerToken)) is None and db.session.scalar(select(PolicyConsent)) \
            is None
        waiting = db.session.scalars(select(OutboxMessage.template).where(OutboxMessage.recipient == EMAIL,
                                                                          OutboxMessage.status == "pending")).all()
    assert waiting == []  # mails not yet sent to the address are gone with it
    assert listed(site, ("ENVIRONMENT",)) == []
    assert client.get(manage).status_code == 404


def test_the_same_page_whether_or_not_the_address_is_registered(site, frozen):
    client = site.test_client()
    subscribe(client, fields=("TRAFFIC",))
    confirm(client, mails(site, "policy_customer_confirm")[0])
    frozen(NOW + timedelta(minutes=11))
    again = subscribe(client, fields=("CULTURE",), surveys=True)
    fresh = subscribe(client, "new.person@example.kr", fields=("CULTURE",), surveys=True)
    assert again.status_code == fresh.status_code == 303
    assert again.headers["Location"] == fresh.headers["Location"]
    assert client.get(again.headers["Location"]).get_data() == client.get(fresh.headers["Location"]).get_data()
    assert len(mails(site, "policy_customer_manage")) == 1  # the confirmed person is told how to manage instead
    assert len(mails(site, "policy_customer_confirm")) == 1  # … and not asked to confirm again
    assert listed(site, ("CULTURE",)) == [] and listed(site, ("TRAFFIC",)) == [EMAIL]  # nothing changed
    assert len(mails(site, "policy_customer_confirm", "new.person@example.kr")) == 1
    subscribe(client, fields=("SAFETY",))  # within 10 minutes of the last mail: no second mail
    assert len(mails(site, "policy_customer_manage")) == 1


def test_refused_forms_store_nothing(site):
    client = site.test_client()
    no_field = subscribe(client, fields=())
    no_consent = subscribe(client, news=False, surveys=True)
    bad_address = subscribe(client, "not-an-address")
    for response in (no_field, no_consent, bad_address):
        assert response.status_code == 400
    assert "분야를 하나 이상 고르세요." in no_field.get_data(as_text=True)
    assert "이 동의가 없으면 정책 소식을 보내 드릴 수 없습니다." in no_consent.get_data(as_text=True)
    with site.app_context():
        assert db.session.scalar(select(PolicyCustomer)) is None
        assert db.session.scalar(select(OutboxMessage)) is None


def test_withdrawing_the_consent_to_policy_news_erases_the_record(site):
    client = site.test_client()
    subscribe(client, surveys=True)
    confirm(client, mails(site, "policy_customer_confirm")[0])
    manage = path(mails(site, "policy_customer_welcome")[0]["manage_url"])
    response = post_form(client, manage + "/consent", {"purpose": "news", "give": "no"}, form_page=manage)
    assert response.status_code == 200 and customer(site) is None
    assert listed(site, purpose="surveys") == []


def test_dead_links_answer_404_in_the_page_language(site, frozen):
    client = site.test_client()
    for url in ("/subscribe/confirm/nothing", "/subscribe/manage/nothing", "/subscribe/leave/nothing",
                "/subscribe/renew/nothing", "/subscribe/manage/" + "x" * 500):
        response = client.get(url)
        assert response.status_code == 404
        assert text_of(parse(response), "h1") == "이 링크는 사용할 수 없습니다"
    subscribe(client)
    sent = mails(site, "policy_customer_confirm")[0]
    frozen(NOW + timedelta(days=7, seconds=1))
    assert confirm(client, sent).status_code == 404  # expired after POLICY_CUSTOMER_TOKEN_DAYS
    assert customer(site).status == "pending"


def test_staff_counts_and_csv_show_numbers_only(site, frozen):
    client = site.test_client()
    subscribe(client, fields=("TRAFFIC", "WELFARE"), surveys=True)
    confirm(client, mails(site, "policy_customer_confirm")[0])
    subscribe(client, "second@example.kr", fields=("TRAFFIC",))
    confirm(client, mails(site, "policy_customer_confirm", "second@example.kr")[0])
    subscribe(client, "waiting@example.kr", fields=("TRAFFIC",))
    staff = site.test_client()
    login(staff, "head")
    page = staff.get("/staff/policy-customers")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "@example.kr" not in text
    rows = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
            for tr in parse(page).select("table tr") if tr.th and tr.select("td")}
    assert rows["교통"] == ["2", "1"] and rows["복지"] == ["1", "1"] and rows["환경"] == ["0", "0"]
    assert rows["전체 분야 (한 사람은 한 번만)"] == ["2", "1"]
    download = staff.get("/staff/policy-customers.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert table[0] == ["분야", "코드", "사용 중", "정책 소식", "설문 참여 요청"]
    assert table[1] == ["교통", "TRAFFIC", "Y", "2", "1"]
    assert table[-1] == ["확인 대기", "", "", "1", ""]
    assert "@" not in download.get_data(as_text=True)


def test_a_robot_filling_the_hidden_field_gets_the_same_answer_and_nothing_is_stored(site):
    client = site.test_client()
    response = post_form(client, "/subscribe", {"email": EMAIL, "fields": ["TRAFFIC"], "consent_news": "y",
                                                "website": "http://spam.example"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/subscribe/sent")
    assert customer(site) is None and mails(site, "policy_customer_confirm") == []


def test_the_form_is_rate_limited_per_client(site, monkeypatch):
    monkeypatch.setitem(site.config, "SUBSCRIBE_RATE_LIMIT", "3 per 59 seconds")
    client = site.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.77"
    answers = [subscribe(client, f"person{n}@example.kr").status_code for n in range(4)]
    assert answers == [303, 303, 303, 429]
    assert customer(site, "person3@example.kr") is None and customer(site, "person2@example.kr") is not None
    other = site.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.78"
    assert subscribe(other, "person4@example.kr").status_code == 303


def test_administrators_keep_the_fields_offered(site):
    admin = site.test_client()
    login(admin, "admin")
    taken = post_form(admin, "/admin/policy-fields/new", {"code": "TRAFFIC", "name_ko": "교통2", "name_en": "T2",
                                                          "is_active": "y"})
    assert taken.status_code == 400 and "Another field has this code." not in taken.get_data(as_text=True)
    assert "다른 분야가 이 코드를 쓰고 있습니다." in taken.get_data(as_text=True)
    added = post_form(admin, "/admin/policy-fields/new", {"code": "housing", "name_ko": "주거", "name_en": "Housing",
                                                          "is_active": "y"})
    assert added.status_code == 303
    labels = [label.get_text(strip=True) for label in parse(site.test_client().get("/subscribe")).select(
        "#fields label")]
    assert labels[-1] == "주거"

    citizen = site.test_client()
    subscribe(citizen, fields=("HOUSING",))
    confirm(citizen, mails(site, "policy_customer_confirm")[0])
    with site.app_context():
        from policy_customers.models import PolicyField

        field_id = db.session.scalar(select(PolicyField.id).where(PolicyField.code == "HOUSING"))
    page = f"/admin/policy-fields/{field_id}"
    assert post_form(admin, page, {"name_ko": "주거·부동산", "name_en": "Housing"}).status_code == 303  # inactive
    assert "주거" not in parse(site.test_client().get("/subscribe")).select_one("#fields").get_text()
    assert listed(site, ("HOUSING",)) == [EMAIL]  # the subscriber keeps the field until they change it
    for account in ("officer", "head", "auditor", "records"):
        other = site.test_client()
        login(other, account)
        assert other.get(page).status_code == 403
        assert other.post(page, data={"name_ko": "x", "name_en": "x"}).status_code in (400, 403)
    assert site.test_client().get(page).status_code == 302  # to the login page
