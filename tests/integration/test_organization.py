"""Staff accounts, departments, authentication and aware time storage, on each database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.demo import seed_demo
from core.extensions import db
from organization.demo import DEMO_PASSWORD
from organization.domain.roles import Permission
from organization.errors import InvalidUserData, PermissionDenied
from organization.models import Department, User
from organization.services import authenticate, create_user, require_permission

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def _user(login_id: str) -> User:
    return db.session.query(User).filter_by(login_id=login_id).one()


def test_demo_seed_is_idempotent(ctx):
    first = seed_demo(now=NOW)
    db.session.commit()
    assert first == {"agencies": 1, "departments": 12, "users": 12, "complaint_types": 8, "charters": 1,
                     "services": 6, "policy_fields": 6, "complaint_categories": 25}
    assert seed_demo(now=NOW) == {}
    team = db.session.query(Department).filter_by(code="HB-CIVIL-DESK").one()
    assert [d.kind for d in team.path()] == ["bureau", "division", "team"]


def test_timestamps_round_trip_as_aware_utc(ctx):
    seed_demo(now=NOW)
    db.session.commit()
    db.session.expire_all()
    created = _user("officer").created_at
    assert created == NOW and created.tzinfo is not None


def test_naive_datetimes_are_refused(ctx):
    seed_demo(now=NOW)
    user = _user("officer")
    user.last_login_at = datetime(2026, 1, 1, 9, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(Exception, match="naive"):
        db.session.flush()
    db.session.rollback()


def test_user_with_several_roles(ctx):
    seed_demo(now=NOW)
    head = _user("head")
    assert {r.value for r in head.roles} == {"department_head", "officer"}
    assert head.can(Permission.COMPLAINTS_ASSIGN) and head.can(Permission.COMPLAINTS_HANDLE)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"password": "short"}, "at least 10"),
        ({"roles": ["mayor"]}, "unknown role"),
        ({"roles": []}, "at least one role"),
        ({"login_id": "officer"}, "already taken"),
        ({"roles": ["officer"], "department": None}, "must belong to a department"),
    ],
)
def test_create_user_rejects_bad_input(ctx, fields, message):
    seed_demo(now=NOW)
    dept = db.session.query(Department).filter_by(code="HB-ROADS").one()
    args = {"login_id": "new.user", "display_name": "신규", "password": "long-enough-pw", "roles": ["auditor"],
            "department": dept, "now": NOW} | fields
    with pytest.raises((InvalidUserData, ValueError), match=message):
        create_user(**args)


def test_lockout_expires(ctx):
    seed_demo(now=NOW)
    db.session.commit()
    kwargs = {"max_failures": 3, "lockout": timedelta(minutes=15)}
    for _ in range(3):
        assert not authenticate("officer", "wrong", now=NOW, **kwargs).ok
    assert authenticate("officer", DEMO_PASSWORD, now=NOW + timedelta(minutes=14), **kwargs).locked
    assert authenticate("officer", DEMO_PASSWORD, now=NOW + timedelta(minutes=16), **kwargs).ok
    assert _user("officer").failed_login_count == 0


def test_service_permission_declaration(ctx):
    seed_demo(now=NOW)
    require_permission(_user("admin"), Permission.USERS_MANAGE)
    with pytest.raises(PermissionDenied):
        require_permission(_user("auditor"), Permission.USERS_MANAGE)
    with pytest.raises(PermissionDenied):
        require_permission(None, Permission.STAFF_HOME)


def test_users_create_cli(ctx):
    seed_demo(now=NOW)
    db.session.commit()
    runner = ctx.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--login-id", "Kim.New", "--name", "김신규", "--role", "officer",
                                 "--role", "department_head", "--department", "HB-CLEAN",
                                 "--password", "a-good-password"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    user = _user("kim.new")
    assert {r.value for r in user.roles} == {"officer", "department_head"}
    bad = runner.invoke(args=["users", "create", "--login-id", "x", "--name", "x", "--role", "officer",
                              "--department", "NOPE", "--password", "a-good-password"])
    assert bad.exit_code != 0 and "NOPE" in bad.output
