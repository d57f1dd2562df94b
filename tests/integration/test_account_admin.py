"""Account administration services (issue 17): every change is in the account audit trail (before → after, never a
password), the last active administrator keeps the role, a temporary password must be changed, a lock is lifted
as its own action. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from app.demo import seed_demo
from core.extensions import db
from organization.account_audit import AccountChange
from organization.account_services import (
    AccountDetails,
    AccountRefused,
    change_own_password,
    create_account,
    fingerprint,
    reset_by_admin,
    set_active,
    unlock,
    update_details,
)
from organization.demo import DEMO_PASSWORD
from organization.domain.roles import Role
from organization.errors import PermissionDenied
from organization.models import Department, User
from organization.services import authenticate
from organization.sessions import StaffSession, open_session

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
ADDRESS = "192.0.2.10"


@pytest.fixture
def org(ctx):
    seed_demo(now=NOW)
    db.session.commit()
    return ctx


def _user(login_id: str) -> User:
    return db.session.scalar(select(User).where(User.login_id == login_id))


def _department(code: str) -> Department:
    return db.session.scalar(select(Department).where(Department.code == code))


def _trail(user: User) -> list[tuple]:
    rows = db.session.scalars(select(AccountChange).where(AccountChange.user_id == user.id).order_by(AccountChange.id))
    return [(r.action, r.field, r.before, r.after, r.actor.login_id if r.actor else None) for r in rows]


def _details(user: User, **changes) -> AccountDetails:
    values = {"display_name": user.display_name, "department": user.department, "email": user.email,
              "phone": user.phone, "roles": user.roles}
    values.update(changes)
    return AccountDetails(**values)


def _new_officer(login_id: str = "newofficer", password: str | None = None) -> tuple[User, str]:
    details = AccountDetails(display_name="신규담당", department=_department("HB-ROADS"), email="new@hanbit.go.kr",
                             phone="031-000-2120", roles=frozenset({Role.OFFICER}))
    return create_account(_user("admin"), login_id=login_id, details=details, password=password, now=NOW,
                          address=ADDRESS)


def _sessions(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(StaffSession).where(StaffSession.user_id == user.id))


def test_a_created_account_has_a_temporary_password_and_every_given_field_in_the_trail(org):
    user, password = _new_officer(login_id="  NewOfficer ")
    db.session.commit()
    assert user.login_id == "newofficer" and user.must_change_password
    assert len(password) >= 10 and check_password_hash(user.password_hash, password)
    assert _trail(user) == [
        ("created", "login_id", None, "newofficer", "admin"),
        ("created", "display_name", None, "신규담당", "admin"),
        ("created", "department", None, "HB-ROADS", "admin"),
        ("created", "email", None, "new@hanbit.go.kr", "admin"),
        ("created", "phone", None, "031-000-2120", "admin"),
        ("created", "roles", None, "officer", "admin"),
    ]
    change = db.session.scalar(select(AccountChange).where(AccountChange.user_id == user.id).limit(1))
    assert change.at == NOW and change.remote_addr == ADDRESS


def test_a_typed_temporary_password_is_kept_and_two_generated_ones_differ(org):
    user, password = _new_officer(password="typed-temporary-1")
    assert password == "typed-temporary-1" and check_password_hash(user.password_hash, password)
    _, first = _new_officer(login_id="another.one")
    _, second = _new_officer(login_id="third_one")
    assert first != second


@pytest.mark.parametrize(("login_id", "changes", "code"), [
    ("x", {}, "login_id_format"),
    ("kim officer", {}, "login_id_format"),
    ("-officer", {}, "login_id_format"),
    ("officer", {}, "login_id_taken"),
    ("OFFICER", {}, "login_id_taken"),
    ("fresh", {"roles": frozenset()}, "roles_required"),
    ("fresh", {"department": None}, "department_required"),
    ("fresh", {"display_name": "  "}, "name_required"),
])
def test_a_refused_new_account_writes_nothing(org, login_id, changes, code):
    details = _details(_user("officer"), **changes)
    before = db.session.scalar(select(func.count()).select_from(AccountChange))
    with pytest.raises(AccountRefused) as refused:
        create_account(_user("admin"), login_id=login_id, details=details, password=None, now=NOW, address=ADDRESS)
    assert refused.value.code == code
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(User).where(User.login_id == "fresh")) == 0
    assert db.session.scalar(select(func.count()).select_from(AccountChange)) == before


def test_only_an_administrator_manages_accounts(org):
    officer = _user("officer")
    for actor in ("head", "auditor", "officer"):
        with pytest.raises(PermissionDenied):
            update_details(_user(actor), officer, _details(officer, display_name="누구"), seen=None, now=NOW,
                           address=None)
        with pytest.raises(PermissionDenied):
            reset_by_admin(_user(actor), officer, None, now=NOW, address=None)
    assert _trail(officer) == []


def test_each_changed_field_is_recorded_before_and_after_and_only_roles_end_sessions(org):
    officer, admin = _user("officer"), _user("admin")
    open_session(officer, now=NOW, lifetime=timedelta(hours=8))
    changed = update_details(admin, officer, _details(officer, display_name="김담당", email="kim@hanbit.go.kr",
                                                      phone="031-000-2112", department=_department("HB-TRAFFIC")),
                             seen=fingerprint(officer), now=NOW, address=ADDRESS)
    db.session.commit()
    assert changed == ["department", "email", "phone"]
    assert _trail(officer) == [("updated", "department", "HB-ROADS", "HB-TRAFFIC", "admin"),
                               ("updated", "email", "officer@hanbit.example.go.kr", "kim@hanbit.go.kr", "admin"),
                               ("updated", "phone", "031-000-2111", "031-000-2112", "admin")]
    assert officer.department.code == "HB-TRAFFIC" and _sessions(officer) == 1
    update_details(admin, officer, _details(officer, roles=frozenset({Role.OFFICER, Role.DEPARTMENT_HEAD})),
                   seen=fingerprint(officer), now=NOW, address=ADDRESS)
    db.session.commit()
    assert _trail(officer)[-1] == ("updated", "roles", "officer", "department_head,officer", "admin")
    assert officer.roles == {Role.OFFICER, Role.DEPARTMENT_HEAD} and _sessions(officer) == 0
    assert update_details(admin, officer, _details(officer), seen=None, now=NOW, address=None) == []


def test_a_form_opened_before_another_change_is_refused(org):
    officer, admin = _user("officer"), _user("admin")
    seen = fingerprint(officer)
    update_details(admin, officer, _details(officer, phone="031-000-2199"), seen=seen, now=NOW, address=None)
    with pytest.raises(AccountRefused) as refused:
        update_details(admin, officer, _details(officer, display_name="다른이름"), seen=seen, now=NOW, address=None)
    assert refused.value.code == "stale"


def test_the_last_active_administrator_keeps_the_role_and_stays_active(org):
    admin = _user("admin")
    with pytest.raises(AccountRefused, match="last_admin"):
        update_details(admin, admin, _details(admin, roles=frozenset({Role.AUDITOR})), seen=None, now=NOW,
                       address=None)
    second = _user("records")
    update_details(admin, second, _details(second, roles=frozenset({Role.RECORDS_OFFICER, Role.ADMIN})), seen=None,
                   now=NOW, address=None)
    db.session.commit()
    # with a second administrator, the first may give up the role; then the second is the last one
    update_details(admin, admin, _details(admin, roles=frozenset({Role.AUDITOR})), seen=None, now=NOW, address=None)
    db.session.commit()
    for attempt in (lambda: update_details(second, second, _details(second, roles=frozenset({Role.RECORDS_OFFICER})),
                                           seen=None, now=NOW, address=None),
                    lambda: set_active(second, second, False, now=NOW, address=None)):
        with pytest.raises(AccountRefused):
            attempt()
        db.session.rollback()
    assert Role.ADMIN in _user("records").roles and _user("records").is_active_account


def test_a_deactivated_administrator_does_not_count(org):
    admin, records = _user("admin"), _user("records")
    update_details(admin, records, _details(records, roles=frozenset({Role.ADMIN})), seen=None, now=NOW, address=None)
    set_active(admin, records, False, now=NOW, address=None)
    db.session.commit()
    with pytest.raises(AccountRefused, match="last_admin"):
        update_details(admin, admin, _details(admin, roles=frozenset({Role.AUDITOR})), seen=None, now=NOW,
                       address=None)
    db.session.rollback()
    with pytest.raises(AccountRefused, match="own_deactivation"):
        set_active(admin, admin, False, now=NOW, address=None)


def test_deactivation_ends_sessions_is_recorded_and_can_be_undone(org):
    officer, admin = _user("officer"), _user("admin")
    open_session(officer, now=NOW, lifetime=timedelta(hours=8))
    set_active(admin, officer, False, now=NOW, address=ADDRESS)
    with pytest.raises(AccountRefused, match="already_inactive"):
        set_active(admin, officer, False, now=NOW, address=ADDRESS)
    set_active(admin, officer, True, now=NOW + timedelta(days=1), address=ADDRESS)
    db.session.commit()
    assert _sessions(officer) == 0 and officer.is_active_account
    assert _trail(officer) == [("deactivated", None, None, None, "admin"), ("reactivated", None, None, None, "admin")]


def test_a_lock_and_its_unlocking_are_recorded_and_unlocking_keeps_the_password(org):
    officer, admin = _user("officer"), _user("admin")
    for _ in range(3):
        authenticate("officer", "wrong-password", now=NOW, max_failures=3, lockout=timedelta(minutes=30),
                     address=ADDRESS)
    assert authenticate("officer", DEMO_PASSWORD, now=NOW, max_failures=3, lockout=timedelta(minutes=30)).locked
    unlock(admin, officer, now=NOW + timedelta(minutes=1), address=ADDRESS)
    db.session.commit()
    until = (NOW + timedelta(minutes=30)).isoformat()
    assert _trail(officer) == [("locked", None, None, until, None), ("unlocked", None, until, None, "admin")]
    assert officer.locked_until is None and officer.failed_login_count == 0
    assert authenticate("officer", DEMO_PASSWORD, now=NOW, max_failures=3, lockout=timedelta(minutes=30)).ok
    with pytest.raises(AccountRefused, match="not_locked"):
        unlock(admin, officer, now=NOW, address=ADDRESS)


def test_a_reset_password_must_be_changed_and_no_password_reaches_the_trail(org):
    officer, admin = _user("officer"), _user("admin")
    open_session(officer, now=NOW, lifetime=timedelta(hours=8))
    officer.locked_until = NOW + timedelta(minutes=10)
    temporary = reset_by_admin(admin, officer, None, now=NOW, address=ADDRESS)
    db.session.commit()
    assert officer.must_change_password and officer.locked_until is None and _sessions(officer) == 0
    with pytest.raises(AccountRefused, match="wrong_password"):
        change_own_password(officer, current_password=DEMO_PASSWORD, new_password="mine-from-now-on", now=NOW,
                            address=ADDRESS)
    with pytest.raises(AccountRefused, match="same_password"):
        change_own_password(officer, current_password=temporary, new_password=temporary, now=NOW, address=ADDRESS)
    change_own_password(officer, current_password=temporary, new_password="mine-from-now-on", now=NOW,
                        address=ADDRESS)
    db.session.commit()
    assert not officer.must_change_password
    assert _trail(officer) == [("password_reset", None, None, None, "admin"),
                               ("password_changed", None, None, None, "officer")]
    values = db.session.scalars(select(AccountChange.after).union(select(AccountChange.before))).all()
    assert not any(v and (temporary in v or "mine-from-now-on" in v or "scrypt" in v or "pbkdf2" in v)
                   for v in values)


def test_the_command_line_records_what_it_does(org):
    from app.cli import users_cli

    runner = org.test_cli_runner()
    result = runner.invoke(users_cli, ["create", "--login-id", "cliuser", "--name", "명령행", "--role", "auditor",
                                       "--password", "cli-password-2026"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(users_cli, ["set-password", "--login-id", "cliuser", "--password", "cli-password-2027"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    trail = _trail(_user("cliuser"))
    assert ("created", "login_id", None, "cliuser", None) in trail
    assert ("created", "roles", None, "auditor", None) in trail
    assert trail[-1] == ("password_reset", None, None, None, None)
