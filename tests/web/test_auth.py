"""Login, lock-out, logout, CSRF and redirects."""

from __future__ import annotations

from core.extensions import db
from organization.models import User
from tests.helpers import csrf_token_from, login, parse, post_form, text_of


def test_login_page_is_korean_and_has_labelled_fields(client):
    soup = parse(client.get("/login"))
    assert soup.html["lang"] == "ko"
    assert text_of(soup, "h1") == "직원 로그인"
    for name in ("login_id", "password"):
        field = soup.find("input", attrs={"name": name})
        assert soup.find("label", attrs={"for": field["id"]}) is not None


def test_login_and_logout(demo):
    client = demo.test_client()
    response = login(client, "officer")
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    assert "김담당" in client.get("/staff/").get_data(as_text=True)
    response = post_form(client, "/logout", {}, form_page="/staff/")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


def test_logout_needs_post(demo):
    client = demo.test_client()
    login(client, "officer")
    assert client.get("/logout").status_code == 405
    assert client.get("/staff/").status_code == 200


def test_wrong_password_keeps_login_id_and_says_one_message(demo):
    client = demo.test_client()
    response = login(client, "officer", "wrong-password")
    soup = parse(response)
    assert response.status_code == 400
    assert "아이디 또는 비밀번호가 올바르지 않습니다" in soup.get_text()
    assert soup.find("input", attrs={"name": "login_id"})["value"] == "officer"
    assert soup.find("input", attrs={"name": "password"}).get("value") in (None, "")
    unknown = parse(login(client, "nobody", "wrong-password")).get_text()
    assert "아이디 또는 비밀번호가 올바르지 않습니다" in unknown


def test_empty_form_shows_errors_next_to_fields(client):
    soup = parse(post_form(client, "/login", {"login_id": "", "password": ""}))
    field = soup.find("input", attrs={"name": "login_id"})
    assert field["aria-invalid"] == "true"
    described = field["aria-describedby"].split()
    assert any("아이디를 입력하세요" in soup.find(id=i).get_text() for i in described if soup.find(id=i))


def test_account_locks_after_repeated_failures(demo):
    client = demo.test_client()
    for _ in range(demo.config["LOGIN_MAX_FAILURES"]):
        login(client, "officer", "wrong-password")
    locked = login(client, "officer")  # the right password, but locked
    assert locked.status_code == 400
    assert "로그인 시도가 너무 많습니다" in parse(locked).get_text()
    with demo.app_context():
        user = db.session.query(User).filter_by(login_id="officer").one()
        assert user.locked_until is not None


def test_post_without_csrf_token_is_refused(demo):
    client = demo.test_client()
    response = client.post("/login", data={"login_id": "officer", "password": "hanbit-demo-2026"})
    assert response.status_code == 400
    assert "양식" in parse(response).get_text()
    assert client.get("/staff/").status_code == 302


def test_next_parameter_cannot_redirect_off_site(demo):
    client = demo.test_client()
    page = client.get("/login")
    response = client.post("/login?next=//evil.example/x",
                           data={"csrf_token": csrf_token_from(page), "login_id": "officer",
                                 "password": "hanbit-demo-2026"})
    assert response.headers["Location"] == "/staff/"


def test_next_parameter_follows_local_path(demo):
    client = demo.test_client()
    page = client.get("/login")
    response = client.post("/login?next=/staff/", data={"csrf_token": csrf_token_from(page),
                                                         "login_id": "admin", "password": "hanbit-demo-2026"})
    assert response.headers["Location"] == "/staff/"


def test_passwords_are_hashed(demo):
    with demo.app_context():
        user = db.session.query(User).filter_by(login_id="officer").one()
        assert "hanbit-demo-2026" not in user.password_hash
        assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))
