"""Translated labels for 민원 enums."""

from flask_babel import lazy_gettext as _l

from civil_complaints.domain.kinds import ComplaintKind

KIND_LABELS = {
    ComplaintKind.STATUTORY: _l("Statutory complaint"),
    ComplaintKind.QUERY_LAW: _l("Query about laws"),
    ComplaintKind.QUERY_SYSTEM: _l("Query about systems and procedures"),
    ComplaintKind.PROPOSAL: _l("Proposal"),
    ComplaintKind.OTHER: _l("Other complaint"),
    ComplaintKind.GRIEVANCE: _l("Grievance"),
}

HOLIDAY_KIND_LABELS = {
    "national": _l("Public holiday"),
    "substitute": _l("Substitute holiday"),
    "temporary": _l("Temporary holiday"),
    "election": _l("Election day"),
    "closure": _l("Agency closure"),
}

HOLIDAY_SOURCE_LABELS = {
    "snapshot": _l("Bundled calendar"),
    "import": _l("Imported"),
    "admin": _l("Administrator"),
}
