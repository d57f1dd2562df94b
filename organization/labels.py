"""Translated labels for organisation enums, shared by templates."""

from flask_babel import lazy_gettext as _l

from organization.domain.roles import Role

ROLE_LABELS = {
    Role.OFFICER: _l("Officer"),
    Role.DEPARTMENT_HEAD: _l("Department head"),
    Role.AUDITOR: _l("Auditor"),
    Role.ADMIN: _l("Administrator"),
    Role.REVIEW_OFFICER: _l("Complaint review officer"),
    Role.RECORDS_OFFICER: _l("Records officer"),
}

DEPARTMENT_KIND_LABELS = {
    "bureau": _l("Bureau"),
    "division": _l("Division"),
    "team": _l("Team"),
}

#: the account audit trail (organization/account_audit.py)
ACCOUNT_ACTION_LABELS = {
    "created": _l("Account created"),
    "updated": _l("Details changed"),
    "deactivated": _l("Deactivated"),
    "reactivated": _l("Reactivated"),
    "password_reset": _l("Password reset by an administrator"),
    "password_changed": _l("Password changed by the person"),
    "unlocked": _l("Unlocked"),
    "locked": _l("Locked after repeated failed logins"),
}

ACCOUNT_FIELD_LABELS = {
    "login_id": _l("User ID"),
    "display_name": _l("Name"),
    "department": _l("Department"),
    "email": _l("E-mail"),
    "phone": _l("Office phone"),
    "roles": _l("Roles"),
}
