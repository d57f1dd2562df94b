"""Role → permission rules (pure)."""

import pytest

from organization.domain.roles import ROLE_PERMISSIONS, WRITE_PERMISSIONS, Permission, Role, can, parse_roles


def test_auditor_never_writes():
    assert not (ROLE_PERMISSIONS[Role.AUDITOR] & WRITE_PERMISSIONS)


def test_every_role_reaches_staff_home():
    assert all(can({role}, Permission.STAFF_HOME) for role in Role)


def test_several_roles_combine():
    assert not can({Role.OFFICER}, Permission.COMPLAINTS_ASSIGN)
    assert can({Role.OFFICER, Role.DEPARTMENT_HEAD}, Permission.COMPLAINTS_ASSIGN)


def test_only_admin_manages_users_and_holidays():
    for permission in (Permission.USERS_MANAGE, Permission.HOLIDAYS_MANAGE, Permission.COMPLAINT_TYPES_MANAGE):
        assert [r for r in Role if can({r}, permission)] == [Role.ADMIN]


def test_parse_roles_rejects_unknown_names():
    assert parse_roles(["admin", "auditor"]) == {Role.ADMIN, Role.AUDITOR}
    with pytest.raises(ValueError, match="valid roles"):
        parse_roles(["root"])
