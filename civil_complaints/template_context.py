"""What every page of the 민원 feature can use in its templates: labels of codes, status sets, upload limits."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from civil_complaints.attachments import MAX_ATTACHMENTS, MAX_FILE_BYTES
from civil_complaints.deadlines import explain_text
from civil_complaints.domain.status import FINISHED_STATUSES, OPEN_STATUSES, RUNNING_STATUSES
from civil_complaints.labels import (
    CHANNEL_LABELS,
    EVENT_LABELS,
    HOLIDAY_CHANGE_LABELS,
    HOLIDAY_KIND_LABELS,
    HOLIDAY_SOURCE_LABELS,
    KIND_LABELS,
    NOTIFY_CHANNEL_LABELS,
    RATING_LABELS,
    STATUS_LABELS,
)
from working_calendar.names import holiday_name

#: the one definition of running/open/finished statuses (domain/status.py), for the templates
STATUS_SETS = {"running_statuses": frozenset(s.value for s in RUNNING_STATUSES),
               "open_statuses": frozenset(s.value for s in OPEN_STATUSES),
               "finished_statuses": frozenset(s.value for s in FINISHED_STATUSES)}


def complaint_labels() -> dict:
    return {"kind_labels": KIND_LABELS, "holiday_kind_labels": HOLIDAY_KIND_LABELS,
            "holiday_source_labels": HOLIDAY_SOURCE_LABELS, "status_labels": STATUS_LABELS,
            "event_labels": EVENT_LABELS, "rating_labels": RATING_LABELS, "channel_labels": CHANNEL_LABELS,
            "holiday_change_labels": HOLIDAY_CHANGE_LABELS, "notify_labels": NOTIFY_CHANNEL_LABELS,
            "period_label_spec": explain_text.period_label_spec, "holiday_name": holiday_name,
            "upload_limits": upload_limits, **STATUS_SETS}


def upload_limits() -> dict[str, str]:
    """Attributes of a file input that let the browser refuse too many or too large files before sending, in the
    page's words (app.js): a request over MAX_CONTENT_LENGTH is cut off by the server, and the typed text with it."""
    total_mb = current_app.config["MAX_CONTENT_LENGTH"] >> 20
    return {"data-max-files": str(MAX_ATTACHMENTS), "data-max-bytes": str(MAX_FILE_BYTES),
            "data-max-total": str(current_app.config["MAX_CONTENT_LENGTH"] - (1 << 20)),  # the form's text fits
            "data-msg-files": _("Attach at most %(limit)d files.", limit=MAX_ATTACHMENTS),
            "data-msg-size": _("%(name)s is larger than %(limit_mb)d MB.", name="{name}",
                               limit_mb=MAX_FILE_BYTES >> 20),
            "data-msg-total": _("The files together are larger than %(limit_mb)d MB. Choose fewer or smaller files; "
                                "what you typed is kept.", limit_mb=total_mb - 1)}
