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

STATUS_LABELS = {
    "received": _l("Received"),
    "assigned": _l("Assigned"),
    "in_progress": _l("In progress"),
    "supplement_requested": _l("Supplement requested"),
    "transferred": _l("Transferred"),
    "answered": _l("Answered"),
    "closed": _l("Closed"),
    "withdrawn": _l("Withdrawn"),
}

EVENT_LABELS = {
    "received": _l("Complaint received"),
    "assigned": _l("Assigned to an officer"),
    "supplement_requested": _l("Supplement requested; processing period paused"),
    "supplemented": _l("Supplement received; processing period resumed"),
    "answered": _l("Answer sent"),
    "withdrawn": _l("Withdrawn by the complainant"),
    "rated": _l("Satisfaction rated"),
    "deadline_recomputed": _l("Deadline recomputed after a holiday change"),
    "overdue_escalated": _l("Reminder notice sent: the deadline has passed"),
    "registration_late": _l("Registered more than 8 working hours after it arrived"),
    "progress_notice_sent": _l("Progress notice sent to the complainant"),
    "personal_data_erased": _l("Personal data erased after the retention period"),
}

RATING_LABELS = {
    "satisfied": _l("Satisfied"),
    "neutral": _l("Neutral"),
    "dissatisfied": _l("Dissatisfied"),
}

CHANNEL_LABELS = {
    "web": _l("Website"),
    "open311": _l("Open311 app"),
    "api": _l("API"),
    "visit": _l("Visit"),
    "phone": _l("Telephone"),
    "letter": _l("Letter"),
    "fax": _l("Fax"),
    "email": _l("E-mail"),
}
