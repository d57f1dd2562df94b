"""User administration on the web (issue 17): an administrator creates an account, the person must change the
temporary password before any other staff page opens, the list filters, refusals keep the input (400), and only
administrators reach any of it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.extensions import db
from organization.account_audit import AccountChange
from organization.models import Department, User
from tests.account_helpers import details_form, trail, user_id
from tests.helpers import csrf_token_from, login, parse, post_form, text_of

NEW_PASSWORD = "my-own-password-2027"
ACTIONS = ("deactivate", "reactivate", "unlock", "password")


def _logged_in(app, login_id: str, password: str | None = None):
    client = app.test_client()
    response = login(client, login_id, password) if password else login(client, login_id)
    assert response.status_code == 302
    return client


def _department_id(app, code: str) -> str:
    with app.app_context():
        return str(db.session.scalar(select(Department.id).where(Department.code == code)))


def _new_user_data(app, **changes) -> dict:
    data = {"login_id": "roads.kim", "display_name": "김신규", "department": _department_id(app, "HB-ROADS"),
            "email": "roads.kim@hanbit.go.kr", "phone": "031-000-2125", "roles": ["officer"],
            "temporary_password": ""}
    data.update(changes)
    return data


def _temporary_password(response) -> str:
    return text_of(parse(response), "#temporary-password")


def test_an_administrator_creates_an_officer_who_must_change_the_password_first(demo):
    admin = _logged_in(demo, "admin")
    assert "새 사용자" in text_of(parse(admin.get("/admin/users")), "main")
    created = post_form(admin, "/admin/users/new", _new_user_data(demo))
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    temporary = _temporary_password(created)
    assert len(temporary) >= 10
    assert ("created", "login_id", None, "roads.kim", "admin") in trail(demo, "roads.kim")

    officer = demo.test_client()
    response = login(officer, "roads.kim", temporary)
    assert response.headers["Location"] == "/staff/password"
    for url in ("/staff/", "/staff/complaints", "/staff/arrivals", "/admin/users"):
        blocked = officer.get(url)
        assert blocked.status_code == 302 and blocked.headers["Location"] == "/staff/password", url
    page = parse(officer.get("/staff/password"))
    assert "임시 비밀번호를 사용하고 있습니다" in text_of(page, "main")
    changed = post_form(officer, "/staff/password", {"current_password": temporary, "new_password": NEW_PASSWORD,
                                                     "confirm": NEW_PASSWORD})
    assert changed.status_code == 303
    assert officer.get("/staff/").status_code == 200
    assert officer.get("/staff/complaints").status_code == 200
    assert trail(demo, "roads.kim")[-1] == ("password_changed", None, None, None, "roads.kim")
    assert login(demo.test_client(), "roads.kim", NEW_PASSWORD).headers["Location"] == "/staff/"


def test_logout_works_before_the_password_is_changed(demo):
    admin = _logged_in(demo, "admin")
    temporary = _temporary_password(post_form(admin, "/admin/users/new", _new_user_data(demo)))
    officer = _logged_in(demo, "roads.kim", temporary)
    assert post_form(officer, "/logout", {}, form_page="/staff/password").status_code == 302
    assert officer.get("/staff/password").status_code == 302


@pytest.mark.parametrize(("changes", "message"), [
    ({"login_id": "officer"}, "이미 사용 중인 아이디입니다"),
    ({"login_id": "Kim Shin"}, "영문 소문자, 숫자"),
    ({"department": ""}, "부서에 소속되어야 합니다"),
    ({"roles": []}, "역할을 하나 이상 고르세요"),
    ({"email": "not-an-address"}, "전자우편"),
    ({"phone": "call me"}, "사무실 전화번호를"),
    ({"temporary_password": "short"}, "10자 이상 256자 이하"),
    ({"department": "2147483648"}, ""),
])
def test_a_refused_new_account_keeps_the_input_and_creates_nothing(demo, changes, message):
    admin = _logged_in(demo, "admin")
    response = post_form(admin, "/admin/users/new", _new_user_data(demo, **changes))
    assert response.status_code == 400
    page = parse(response)
    assert message in text_of(page, "#error-summary")
    assert page.find("input", attrs={"name": "display_name"})["value"] == "김신규"
    assert page.find("input", attrs={"name": "login_id"})["value"] == changes.get("login_id", "roads.kim")
    with demo.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.display_name == "김신규")) == 0
        assert db.session.scalar(select(func.count()).select_from(AccountChange)) == 0


def test_the_account_page_shows_the_trail_masked_and_without_any_password(demo):
    admin = _logged_in(demo, "admin")
    account = user_id(demo, "officer")
    saved = admin.post(f"/admin/users/{account}", data=details_form(admin, account, phone="031-000-2199",
                                                                     email="kim.roads@hanbit.go.kr"))
    assert saved.status_code == 303
    post_form(admin, f"/admin/users/{account}/password", {"temporary_password": "temporary-2026-x"},
              form_page=f"/admin/users/{account}")
    page = parse(admin.get(f"/admin/users/{account}"))
    history = text_of(page, ".account-trail")
    assert "031-****-2111" in history and "031-****-2199" in history and "031-000-2199" not in history
    assert "ki*******@hanbit.go.kr" in history
    assert "관리자가 비밀번호 초기화" in history and "temporary-2026-x" not in page.get_text()
    assert "정관리" in history and "임시 비밀번호" in text_of(page, ".summary-list")


def test_the_list_filters_by_department_role_and_status(demo):
    admin = _logged_in(demo, "admin")

    def listed(query: str) -> set[str]:
        response = admin.get("/admin/users" + query)
        assert response.status_code == 200, query
        return {code.get_text() for code in parse(response).select("tbody th code")}

    assert listed("?role=admin") == {"admin"}
    assert listed(f"?department={_department_id(demo, 'HB-ROADS')}") == {"officer", "head"}
    assert listed("?q=김담") == {"officer"}
    assert listed("?q=%25") == set()
    post_form(admin, f"/admin/users/{user_id(demo, 'officer2')}/deactivate", {}, form_page="/admin/users")
    assert listed("?status=inactive") == {"officer2"}
    assert "officer2" not in listed("?status=active")
    for login_attempt in range(demo.config["LOGIN_MAX_FAILURES"]):
        login(demo.test_client(), "officer", f"wrong-{login_attempt}")
    assert listed("?status=locked") == {"officer"}
    for bad in ("?department=abc", "?department=99999999999", "?role=emperor", "?status=%00"):
        assert admin.get("/admin/users" + bad).status_code == 400, bad


def test_unlock_is_its_own_action(demo):
    for attempt in range(demo.config["LOGIN_MAX_FAILURES"]):
        login(demo.test_client(), "officer", f"wrong-{attempt}")
    admin = _logged_in(demo, "admin")
    url = f"/admin/users/{user_id(demo, 'officer')}"
    assert "잠겨 있습니다" in text_of(parse(admin.get(url)), "main")
    response = post_form(admin, url + "/unlock", {}, form_page=url)
    assert response.status_code == 303
    assert login(demo.test_client(), "officer").status_code == 302
    again = post_form(admin, url + "/unlock", {}, form_page=url)
    assert again.status_code == 400 and "잠긴 계정이 아닙니다" in text_of(parse(again), "#action-error")
    assert [row[0] for row in trail(demo, "officer")] == ["locked", "unlocked"]


def test_a_stale_form_is_refused_and_keeps_what_was_typed(demo):
    admin = _logged_in(demo, "admin")
    account = user_id(demo, "officer")
    stale = details_form(admin, account, display_name="김담당 주무관")
    assert admin.post(f"/admin/users/{account}", data=details_form(admin, account, phone="031-000-2177")).status_code \
        == 303
    response = admin.post(f"/admin/users/{account}", data=stale)
    assert response.status_code == 400
    page = parse(response)
    assert "다른 사람이 계정을 변경했습니다" in text_of(page, "#error-summary")
    assert page.find("input", attrs={"name": "display_name"})["value"] == "김담당 주무관"
    with demo.app_context():
        assert db.session.get(User, account).display_name == "김담당"


@pytest.mark.parametrize("account", ["officer", "head", "auditor", "records"])
def test_only_administrators_reach_user_administration(demo, account):
    client = _logged_in(demo, account)
    target = user_id(demo, "officer2")
    token = csrf_token_from(client.get("/staff/password"))
    assert client.get("/admin/users/new").status_code == 403
    assert client.get(f"/admin/users/{target}").status_code == 403
    assert client.post("/admin/users/new", data={"csrf_token": token, **_new_user_data(demo)}).status_code == 403
    for action in ACTIONS:
        response = client.post(f"/admin/users/{target}/{action}", data={"csrf_token": token})
        assert response.status_code == 403, action
    assert trail(demo, "officer2") == []
