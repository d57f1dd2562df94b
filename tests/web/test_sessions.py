"""Sessions end on the server (issue 14.3): a copied session cookie stops working after logout, a password change,
deactivation or a change of roles; logout ends only the browser that logged out."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from core.clock import now_utc
from core.extensions import db
from organization.demo import DEMO_PASSWORD
from organization.models import User
from organization.sessions import StaffSession, open_session, user_for_token
from tests.account_helpers import details_form
from tests.helpers import login, parse, post_form, text_of

NEW_PASSWORD = "a-new-password-2027"


def _logged_in(app, login_id: str):
    client = app.test_client()
    assert login(client, login_id).status_code == 302
    return client


def _copy(app, client):
    """Another browser holding a copy of `client`'s session cookie (what a thief of the cookie holds)."""
    name = app.config["SESSION_COOKIE_NAME"]
    thief = app.test_client()
    thief.set_cookie(name, client.get_cookie(name).value)
    return thief


def _is_in(client) -> bool:
    response = client.get("/staff/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def _user_id(app, login_id: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.login_id == login_id))


def _sessions_of(app, login_id: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(StaffSession).where(
            StaffSession.user_id == _user_id(app, login_id)))


def _admin_saves(app, login_id: str, **changes):
    """An administrator saves the account's details form with `changes` (the rest as the page shows it)."""
    admin = _logged_in(app, "admin")
    account = _user_id(app, login_id)
    return admin.post(f"/admin/users/{account}", data=details_form(admin, account, **changes))


def _admin_acts(app, login_id: str, action: str, data: dict | None = None):
    admin = _logged_in(app, "admin")
    url = f"/admin/users/{_user_id(app, login_id)}"
    return post_form(admin, f"{url}/{action}", data or {}, form_page=url)


def test_a_copied_cookie_stops_working_after_logout(demo):
    browser = _logged_in(demo, "officer")
    other_browser = _logged_in(demo, "officer")
    thief = _copy(demo, browser)
    assert _is_in(thief)
    assert post_form(browser, "/logout", {}, form_page="/staff/").status_code == 302
    assert not _is_in(browser)
    assert not _is_in(thief)
    assert _is_in(other_browser), "logout ends the browser that logged out, not the person's other sessions"
    assert _sessions_of(demo, "officer") == 1


def test_a_copied_cookie_stops_working_after_a_password_change(demo):
    browser = _logged_in(demo, "officer")
    thief = _copy(demo, browser)
    other_browser = _logged_in(demo, "officer")
    response = post_form(browser, "/staff/password", {"current_password": DEMO_PASSWORD,
                                                      "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    home = browser.get("/staff/")
    assert home.status_code == 200, "the browser that changed the password stays logged in, with a new session"
    assert "비밀번호를 변경했습니다" in home.get_data(as_text=True)
    assert not _is_in(thief)
    assert not _is_in(other_browser)
    assert _sessions_of(demo, "officer") == 1
    assert login(demo.test_client(), "officer").status_code == 400
    assert login(demo.test_client(), "officer", NEW_PASSWORD).status_code == 302


def test_password_change_form_explains_refusals_and_keeps_sessions(demo):
    browser = _logged_in(demo, "officer")
    thief = _copy(demo, browser)
    wrong = post_form(browser, "/staff/password", {"current_password": "not-my-password",
                                                   "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert wrong.status_code == 400
    assert "현재 비밀번호가 올바르지 않습니다" in text_of(parse(wrong), "#error-summary")
    mismatch = post_form(browser, "/staff/password", {"current_password": DEMO_PASSWORD,
                                                      "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert mismatch.status_code == 400
    assert "새 비밀번호 두 개가 서로 다릅니다" in text_of(parse(mismatch), "#error-summary")
    short = post_form(browser, "/staff/password", {"current_password": DEMO_PASSWORD, "new_password": "short",
                                                   "confirm": "short"})
    assert short.status_code == 400
    assert "10자 이상 256자 이하" in text_of(parse(short), "#error-summary")
    assert _is_in(thief), "a refused change ends nothing"


def test_a_copied_cookie_stops_working_after_deactivation(demo):
    browser = _logged_in(demo, "officer")
    thief = _copy(demo, browser)
    response = _admin_acts(demo, "officer", "deactivate")
    assert response.status_code == 303
    assert not _is_in(browser)
    assert not _is_in(thief)
    assert _sessions_of(demo, "officer") == 0
    assert login(demo.test_client(), "officer").status_code == 400


def test_a_copied_cookie_stops_working_after_a_change_of_roles(demo):
    browser = _logged_in(demo, "head")
    thief = _copy(demo, browser)
    assert thief.get("/staff/department").status_code == 200
    response = _admin_saves(demo, "head", roles=["officer"])
    assert response.status_code == 303
    assert not _is_in(thief)
    assert not _is_in(browser)
    again = _logged_in(demo, "head")
    assert again.get("/staff/department").status_code == 403, "the new session has the new roles"


def test_saving_an_account_unchanged_ends_nothing(demo):
    browser = _logged_in(demo, "officer")
    response = _admin_saves(demo, "officer")
    assert response.status_code == 303
    assert _is_in(browser)
    response = _admin_saves(demo, "officer", display_name="김담당 주무관", phone="031-000-2199")
    assert response.status_code == 303
    assert _is_in(browser), "a new name or telephone number changes nothing a session may do"


def test_an_admin_password_reset_ends_sessions_and_lifts_a_lock(demo):
    browser = _logged_in(demo, "officer")
    for _ in range(demo.config["LOGIN_MAX_FAILURES"]):
        login(demo.test_client(), "officer", "wrong-password")
    response = _admin_acts(demo, "officer", "password", {"temporary_password": NEW_PASSWORD})
    assert response.status_code == 200 and NEW_PASSWORD in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert not _is_in(browser)
    assert login(demo.test_client(), "officer", NEW_PASSWORD).headers["Location"] == "/staff/password"


def test_an_admin_cannot_lock_themselves_out(demo):
    admin = _logged_in(demo, "admin")
    account = _user_id(demo, "admin")
    response = admin.post(f"/admin/users/{account}", data=details_form(admin, account, roles=["auditor"]))
    assert response.status_code == 400
    assert "마지막 관리자" in text_of(parse(response), "#error-summary")
    response = post_form(admin, f"/admin/users/{account}/deactivate", {}, form_page=f"/admin/users/{account}")
    assert response.status_code == 400
    assert "자신의 계정은 사용 중지할 수 없습니다" in text_of(parse(response), "#action-error")
    assert _is_in(admin)


def test_account_page_is_for_administrators_and_keeps_unknown_ids_out(demo):
    url = f"/admin/users/{_user_id(demo, 'officer')}"
    assert _logged_in(demo, "head").get(url).status_code == 403
    admin = _logged_in(demo, "admin")
    page = parse(admin.get(url))
    assert text_of(page, "h1") == "직원 계정 officer"
    assert page.find("input", attrs={"name": "roles", "value": "officer"}).has_attr("checked")
    assert admin.get("/admin/users/2147483647").status_code == 404
    assert admin.get("/admin/users/2147483648").status_code == 404
    assert parse(admin.get("/admin/users")).find("a", href=url) is not None


def test_the_cookie_holds_a_session_token_not_the_account_id_and_sessions_expire(demo):
    with demo.app_context():
        user = db.session.scalar(select(User).where(User.login_id == "officer"))
        now = now_utc()
        token = open_session(user, now=now, lifetime=timedelta(hours=12))
        db.session.commit()
        stored = db.session.scalar(select(StaffSession.token_hash).where(StaffSession.user_id == user.id))
        assert token not in stored and len(token) >= 40
        assert user_for_token(token, now=now + timedelta(hours=11, minutes=59)).login_id == "officer"
        assert user_for_token(token, now=now + timedelta(hours=12)) is None
        assert user_for_token(str(user.id), now=now) is None
        open_session(user, now=now + timedelta(hours=13), lifetime=timedelta(hours=12))  # prunes expired rows
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(StaffSession)) == 1


def test_commands_end_sessions_and_set_a_password(demo):
    from app.cli import users_cli

    browser = _logged_in(demo, "officer")
    result = demo.test_cli_runner().invoke(users_cli, ["end-sessions", "--login-id", "officer"])
    assert result.exit_code == 0 and "1 session(s) of officer ended" in result.output
    assert not _is_in(browser)
    browser = _logged_in(demo, "officer")
    short = demo.test_cli_runner().invoke(users_cli, ["set-password", "--login-id", "officer", "--password", "short"])
    assert short.exit_code != 0 and _is_in(browser)
    result = demo.test_cli_runner().invoke(users_cli, ["set-password", "--login-id", "officer",
                                                      "--password", NEW_PASSWORD])
    assert result.exit_code == 0, result.output
    assert not _is_in(browser)
    assert login(demo.test_client(), "officer", NEW_PASSWORD).status_code == 302
