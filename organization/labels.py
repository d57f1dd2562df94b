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
