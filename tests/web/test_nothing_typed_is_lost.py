"""Nothing a citizen typed is lost (issue 14.6): the form comes back with everything typed when the session
expired, a limit is reached or the database is briefly unavailable; only accepted filings count against the
filing limit; a form sent twice files one 민원 (its filing token), also when sent at the same moment."""

from __future__ import annotations

import io
import secrets
import threading
import time

import psycopg
import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from civil_complaints.complaint_models import Attachment, Complaint
from core.extensions import db
from notifications.models import OutboxMessage
from tests.complaint_helpers import PNG, complaint_form
from tests.conftest import _libpq
from tests.helpers import csrf_token_from, parse

TYPED = complaint_form(title="횡단보도 신호등 고장",
                       content="한빛대로 12 앞 신호등이 꺼져 있습니다.\n빨리 고쳐 주세요.", address="한빛대로 12",
                       name="김한빛", phone="010-2222-3333", email="hanbit@example.kr", lookup_password="pw-4321")


def _client(app):
    """A browser of its own address, so the limits it meets are its own."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"198.51.100.{secrets.randbelow(250) + 1}"
    return client


def _form_page(client):
    page = client.get("/complaints/new")
    soup = parse(page)
    return csrf_token_from(page), soup.find("input", attrs={"name": "filing_token"})["value"]


def _send(client, csrf: str, token: str, files=(), **overrides):
    data = {"csrf_token": csrf, "filing_token": token, **TYPED, **overrides}
    if files:
        data["attachments"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post("/complaints/new", data=data, content_type="multipart/form-data")


def _file_new(client, **overrides):
    csrf, token = _form_page(client)
    return _send(client, csrf, token, **overrides)


def _assert_everything_kept(response, *, files: tuple[str, ...] = ()) -> None:
    soup = parse(response)
    for name in ("title", "address", "name", "phone", "email", "lookup_password"):
        assert soup.find(id=name)["value"] == TYPED[name], name
    assert soup.find(id="content").get_text().strip() == TYPED["content"]
    assert soup.select_one("#type_code option[selected]")["value"] == "ROAD-DAMAGE"
    assert soup.select_one("input[name=notify_channel][checked]")["value"] == "email"
    assert soup.find(id="consent").has_attr("checked")
    if files:
        again = soup.select_one("#files-again").get_text()
        assert "다시 선택" in again and all(name in again for name in files)
    else:
        assert soup.select_one("#files-again") is None


def _complaints(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Complaint))


def _receipt_notices(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.idempotency_key.like("received:%")))


def test_the_form_carries_a_fresh_filing_token(demo):
    client = _client(demo)
    first, second = _form_page(client)[1], _form_page(client)[1]
    assert first != second and len(first) >= 32


def test_the_filing_limit_reached_gives_the_form_back_with_everything_typed(demo, monkeypatch):
    monkeypatch.setitem(demo.config, "COMPLAINT_SUBMIT_RATE_LIMIT", "2 per hour")
    client = _client(demo)
    assert [_file_new(client).status_code for _ in range(2)] == [303, 303]
    refused = _file_new(client, files=[("현장 사진.png", PNG)])
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 3600
    notice = parse(refused).select_one("#filing-notice").get_text()
    assert "접수할 수 있는 민원 수를 넘었습니다" in notice and "분 뒤에 다시 보내 주세요" in notice
    _assert_everything_kept(refused, files=("현장 사진.png",))
    assert parse(refused).title.get_text().startswith("오류")
    assert _complaints(demo) == 2


def test_failed_validations_do_not_use_up_the_filing_limit(demo, monkeypatch):
    monkeypatch.setitem(demo.config, "COMPLAINT_SUBMIT_RATE_LIMIT", "2 per hour")
    client = _client(demo)
    invalid = [_file_new(client, title="").status_code for _ in range(5)]
    invalid.append(_file_new(client, phone="02-123-4567", email=None, notify_channel="sms").status_code)  # service
    assert invalid == [400] * 6
    assert [_file_new(client).status_code for _ in range(3)] == [303, 303, 429]
    assert _complaints(demo) == 2


def test_the_attempt_limit_is_separate_and_keeps_the_input(demo, monkeypatch):
    monkeypatch.setitem(demo.config, "COMPLAINT_ATTEMPT_RATE_LIMIT", "4 per minute")
    client = _client(demo)
    assert [_file_new(client, title="").status_code for _ in range(3)] == [400] * 3
    assert _file_new(client).status_code == 303  # the 4th attempt, valid
    refused = _file_new(client)
    assert refused.status_code == 429 and "너무 여러 번" in parse(refused).select_one("#filing-notice").get_text()
    _assert_everything_kept(refused)
    assert _complaints(demo) == 1


def _expired(app, client) -> str:
    """This session's CSRF token as the form would carry it after the 8 hours it is valid for."""
    with client.session_transaction() as session:
        raw = session["csrf_token"]

    class NineHoursAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 9 * 3600

    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token", signer=NineHoursAgo).dumps(raw)


def test_an_expired_session_gives_the_form_back_and_it_files_once_sent_again(demo):
    client = _client(demo)
    _csrf, token = _form_page(client)
    response = _send(client, _expired(demo, client), token, files=[("현장 사진.png", PNG)])
    assert response.status_code == 400
    assert "세션이 만료되어" in parse(response).select_one("#filing-notice").get_text()
    _assert_everything_kept(response, files=("현장 사진.png",))
    assert _complaints(demo) == 0
    # The browser lost its session cookie altogether (closed, expired): the same.
    stranger = _client(demo)
    again = _send(stranger, csrf_token_from(response), token)
    assert again.status_code == 400 and "세션이 만료되어" in parse(again).get_text()
    # The form that came back has a valid token and the same filing token: it files.
    returned = parse(response)
    assert returned.find("input", attrs={"name": "filing_token"})["value"] == token
    filed = _send(client, csrf_token_from(response), token)
    assert filed.status_code == 303 and _complaints(demo) == 1


@pytest.mark.parametrize("files", [(), (("현장 사진.png", PNG),)], ids=["one-statement", "transactional"])
def test_a_form_sent_twice_files_one_complaint(demo, files):
    """A double click, or a retry by the browser after the connection dropped: the same form, the same token.
    On PostgreSQL without attachments the filing is the one autocommit statement (filing_sql), with an
    attachment (and on SQLite) the request's transaction: the unique index stops the second on both."""
    client = _client(demo)
    csrf, token = _form_page(client)
    first = _send(client, csrf, token, files=files)
    assert first.status_code == 303
    second = _send(client, csrf, token, files=files)
    assert second.status_code == 303 and second.headers["Location"] == first.headers["Location"]
    receipt = parse(client.get(second.headers["Location"]))
    assert "같은 신청서는 한 번만 접수되며" in receipt.select_one(".app-alerts").get_text()
    # The browser that never saw the first answer (a new connection, no cookie yet) gets the receipt too.
    other = _client(demo)
    retry = _send(other, _form_page(other)[0], token, files=files)
    assert retry.headers["Location"] == first.headers["Location"]
    assert other.get(retry.headers["Location"]).status_code == 200
    assert (_complaints(demo), _receipt_notices(demo)) == (1, 1)
    with demo.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == len(files)
        assert db.session.scalar(select(Complaint.filing_token)) == token


def test_a_token_reused_with_other_details_opens_nothing_and_files_nothing(demo):
    """A filing token planted by someone else (or a form reused for another complaint): without the first
    filing's lookup password its receipt is not shown; the form comes back with a fresh token."""
    client = _client(demo)
    csrf, token = _form_page(client)
    first = _send(client, csrf, token)
    intruder = _client(demo)
    response = _send(intruder, _form_page(intruder)[0], token, lookup_password="guessed-1")
    assert response.status_code == 409
    soup = parse(response)
    assert "이 신청서로 다른 민원이 이미 접수되었습니다" in soup.select_one("#filing-notice").get_text()
    fresh = soup.find("input", attrs={"name": "filing_token"})["value"]
    assert fresh != token and first.headers["Location"] not in response.get_data(as_text=True)
    assert intruder.get(first.headers["Location"]).status_code == 404
    assert _complaints(demo) == 1
    assert _send(intruder, csrf_token_from(response), fresh, lookup_password="guessed-1").status_code == 303
    assert _complaints(demo) == 2


def test_a_resend_after_reaching_the_limit_still_shows_its_receipt(demo, monkeypatch):
    monkeypatch.setitem(demo.config, "COMPLAINT_SUBMIT_RATE_LIMIT", "1 per hour")
    client = _client(demo)
    csrf, token = _form_page(client)
    first = _send(client, csrf, token)
    again = _send(client, csrf, token)
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert _file_new(client).status_code == 429
    assert _complaints(demo) == 1


@pytest.mark.parametrize("files", [(), (("현장 사진.png", PNG),)], ids=["one-statement", "transactional"])
def test_concurrent_submissions_of_the_same_form_file_one_complaint(demo, files):
    """Several browsers (or retries) send the same form at the same moment, on threads: one 민원, and every
    one of them is answered with its receipt."""
    token, senders = secrets.token_urlsafe(24), 4
    clients = [_client(demo) for _ in range(senders)]
    tokens = [_form_page(client)[0] for client in clients]
    barrier, answers, errors = threading.Barrier(senders), [None] * senders, []

    def send(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            answers[i] = _send(clients[i], tokens[i], token, files=files)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert [a.status_code for a in answers] == [303] * senders, [a.get_data(as_text=True)[:300] for a in answers]
    assert len({a.headers["Location"] for a in answers}) == 1
    assert (_complaints(demo), _receipt_notices(demo)) == (1, 1)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_database_briefly_unavailable_gives_the_form_back_and_the_resend_files_once(demo, postgres_server_url):
    """The database refuses connections for a moment (every pooled connection cut, no new one allowed): the
    citizen gets the form back with everything typed and a 503; sent again once the database is back, it files
    (once: the token would have shown the first filing's receipt had the first attempt been written)."""
    client = _client(demo)
    csrf, token = _form_page(client)
    name = demo.config["SQLALCHEMY_DATABASE_URI"].rsplit("/", 1)[1]
    with psycopg.connect(_libpq(postgres_server_url), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        try:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            response = _send(client, csrf, token, files=[("현장 사진.png", PNG)])
            without_file = _send(client, csrf, token)
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    for answer in (response, without_file):
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "60"
        notice = parse(answer).select_one("#filing-notice").get_text()
        assert "일시적인 시스템 장애로 민원을 저장하지 못했습니다" in notice
        assert parse(answer).find("input", attrs={"name": "filing_token"})["value"] == token
    _assert_everything_kept(response, files=("현장 사진.png",))
    _assert_everything_kept(without_file)
    assert _complaints(demo) == 0
    resent = _send(client, csrf_token_from(response), token)
    assert resent.status_code == 303
    assert _send(client, csrf_token_from(response), token).headers["Location"] == resent.headers["Location"]
    assert _complaints(demo) == 1
