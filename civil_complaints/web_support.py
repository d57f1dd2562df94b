"""Helpers shared by the 민원 views: citizen access in the session, uploads, agency, error messages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from flask import abort, current_app, send_file, session
from flask_babel import gettext as _
from psycopg import Error as DriverError
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from werkzeug.http import parse_options_header

from civil_complaints.attachments import MAX_FILE_BYTES, IntakeError, Upload, attachment_path
from civil_complaints.catalog import Catalog, StaleCatalog, cached_catalog, current_catalog, is_current
from civil_complaints.complaint_models import Attachment, Complaint
from civil_complaints.domain.receipts import normalise_receipt_number
from core.clock import now_utc
from core.extensions import db
from organization.models import Agency

SESSION_KEY = "complaint_access"
CONTACT_SESSION_KEY = "complaint_contact_access"
MAX_REMEMBERED = 20
T = TypeVar("T")


def with_checked_catalog(file: Callable[[Catalog, str | None], T]) -> T:
    """A citizen's filing, `file(catalog, guard_token)`, with this worker's cached catalog unchecked: the filing
    statement checks its token (`intake.services.file_complaint`). When an administrator changed the catalog meanwhile,
    nothing was written and the filing is made once more with the catalog read afresh, checked the usual way.
    A refusal (an unknown or closed type …) from the unchecked catalog stands only if that catalog is current."""
    catalog = cached_catalog()
    if catalog is not None and catalog.token is not None:
        try:
            return file(catalog, catalog.token)
        except StaleCatalog:
            pass
        except (DBAPIError, DriverError):
            raise  # not a refusal: the first try's fate may be unknown, so never file again
        except Exception:
            if is_current(catalog):
                raise
    return file(current_catalog(), None)


def grant_access(receipt_no: str) -> None:
    """The browser that filed or looked up a 민원 may open it for the rest of the session."""
    granted = [n for n in session.get(SESSION_KEY, []) if n != receipt_no]
    session[SESSION_KEY] = (granted + [receipt_no])[-MAX_REMEMBERED:]


def grant_contact_access(complaint_ids, until: datetime) -> None:
    """내 민원: a correct one-time code opens these 민원 (all filed with the contact it reached) until `until`."""
    session[CONTACT_SESSION_KEY] = {"ids": list(complaint_ids), "until": until.timestamp()}


def end_contact_access() -> None:
    session.pop(CONTACT_SESSION_KEY, None)


def contact_access(now: datetime) -> tuple[list[int], datetime | None]:
    """The ids of the 민원 opened by a one-time code in this browser and until when; ([], None) when none or over."""
    granted = session.get(CONTACT_SESSION_KEY)
    if not isinstance(granted, dict) or not isinstance(granted.get("until"), int | float):
        return [], None
    until = datetime.fromtimestamp(granted["until"], UTC)
    ids = [i for i in granted.get("ids") or [] if isinstance(i, int)]
    return (ids, until) if until > now else ([], None)


def granted_complaint(receipt_no: str) -> Complaint | None:
    """The 민원 when this browser filed or looked it up, or opened it by a one-time code that still holds."""
    normal = normalise_receipt_number(receipt_no or "")
    if normal is None:
        return None
    by_receipt = normal in session.get(SESSION_KEY, [])
    ids, _until = contact_access(now_utc())
    if not by_receipt and not ids:
        return None
    complaint = db.session.scalar(select(Complaint).where(Complaint.receipt_no == normal))
    if complaint is None or not (by_receipt or complaint.id in ids):
        return None
    return complaint


def opened_with_receipt(complaint: Complaint) -> bool:
    """Whether this browser filed the 민원 or looked it up with its receipt number (else: a one-time code)."""
    return complaint.receipt_no in session.get(SESSION_KEY, [])


def citizen_complaint_or_404(receipt_no: str) -> Complaint:
    """Only a browser granted access sees the 민원; anyone else gets the same 404 (no enumeration)."""
    complaint = granted_complaint(receipt_no)
    if complaint is None:
        abort(404)
    return complaint


def upload_dir() -> Path:
    """Where attachments live; `attachments.store_uploads` makes the folders it writes into (no syscall per filing)."""
    return Path(current_app.config["UPLOAD_DIR"])


def commit_filing() -> None:
    """Commit the request's transaction, when the filing began one: a guarded filing (no attachments, no
    co-signers, PostgreSQL) committed itself and left the session untouched, so there is nothing to commit."""
    if db.session().in_transaction():
        db.session.commit()


def send_attachment(attachment: Attachment):
    """An attachment as a download under its stored name. The stored type of a text file already names its
    charset (``text/plain; charset=utf-8``) and Werkzeug adds one to every ``text/*`` type it is given, so the
    type is set once, exactly: one charset (utf-8, the only one `core.uploads.sniff` accepts)."""
    mimetype, _options = parse_options_header(attachment.content_type)
    response = send_file(attachment_path(upload_dir(), attachment), mimetype=mimetype, as_attachment=True,
                         download_name=attachment.original_name)
    response.headers["Content-Type"] = f"{mimetype}; charset=utf-8" if mimetype.startswith("text/") else mimetype
    return response


def read_uploads(files) -> list[Upload]:
    uploads = []
    for storage in files:
        if not storage or not storage.filename:
            continue
        data = storage.stream.read(MAX_FILE_BYTES + 1)
        uploads.append(Upload(filename=storage.filename, data=data))
    return uploads


def remove_files(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def agency() -> Agency:
    found = db.session.scalar(select(Agency).order_by(Agency.id))
    if found is None:
        abort(503)
    return found


def agency_code(catalog=None) -> str:
    """The agency's code from the cached catalog (see `civil_complaints.catalog`); 503 before set-up."""
    from civil_complaints.catalog import current_catalog

    code = (catalog or current_catalog()).agency_code
    if code is None:
        abort(503)
    return code


def intake_message(error: IntakeError) -> str:
    messages = {
        "consent_required": lambda: _("We cannot receive the complaint without your consent."),
        "contact_required": lambda: _("Give a mobile phone number or an e-mail address so we can reach you."),
        "email_for_notice": lambda: _("Enter an e-mail address to be notified by e-mail."),
        "phone_for_notice": lambda: _("Enter a mobile phone number to be notified by text message."),
        "postal_required": lambda: _("Without a mobile phone number or an e-mail address the complainant can be "
                                     "reached only by post: enter the postal address."),
        "postal_for_notice": lambda: _("Enter the postal address to send notices by post."),
        "online_needs_lookup": lambda: _("Checking online needs a lookup password and a mobile phone number or an "
                                         "e-mail address."),
        "mobile_for_sms": lambda: _("Text messages reach mobile numbers only (010, 011, 016, 017, 018, 019). "
                                    "Enter a mobile phone number or choose another way to be notified."),
        "joint_needs_five": lambda: _("A joint complaint needs at least 4 other signers (5 people in all)."),
        "type_inactive": lambda: _("This type of complaint is no longer accepted."),
        "too_many_files": lambda: _("Attach at most %(limit)d files.", **error.params),
        "file_too_large": lambda: _("%(name)s is larger than %(limit_mb)d MB.", **error.params),
        "file_type_refused": lambda: _("%(name)s is not a file type we accept, or its content does not match its "
                                       "name.", **error.params),
    }
    return messages.get(error.code, lambda: _("The complaint could not be received."))()
