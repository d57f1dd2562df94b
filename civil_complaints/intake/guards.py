"""Nothing a citizen typed is lost: what the public 민원 form needs when a filing cannot be made now.

- **Filing token.** Every form carries a random token (``filing_token``), stored with the 민원 under a unique
  index. A form sent twice (a double click, a retry after a dropped connection, a resend after "the database
  is briefly unavailable") is refused by that index, on the one-statement path and the transactional one alike,
  and answered with the first filing's 접수증: one 민원. No look-up on the way in: only a refused insert asks
  which filing holds the token, and the first filing's lookup password must match the one sent (a token
  someone else planted in a form opens nothing).
- **Limits.** ``COMPLAINT_SUBMIT_RATE_LIMIT`` counts accepted filings only (a place is taken before filing and
  given back when the form was refused); ``COMPLAINT_ATTEMPT_RATE_LIMIT``, more generous, counts every POST.
  Both in one call to the rate-limit storage.
- **Answers.** An expired session (CSRF token), a limit reached or a database that cannot be reached give the
  form back with everything typed and a message saying what happened and what to do; attachments cannot be
  given back (browsers never let a page fill a file input), so the message names the files to choose again.
"""

from __future__ import annotations

import math
import re
import secrets
from dataclasses import dataclass

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf.csrf import CSRFError
from psycopg import IntegrityError as DriverIntegrityError
from psycopg import InterfaceError as DriverInterfaceError
from psycopg import OperationalError as DriverOperationalError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from civil_complaints.complaint_models import Complaint
from civil_complaints.lookup_secrets import check_lookup_password
from core.extensions import csrf, db
from core.ratelimit import Reservation, remote_address, reserve
from core.uploads import clean_filename

TOKEN_FIELD = "filing_token"  # noqa: S105 - a form field's name
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
#: the rate-limit counters' key: a name, not an import (kept as before issue 16 so live counters carry over a deploy)
SCOPE = "civil_complaints.public_views.new_complaint"
UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout, DriverOperationalError, DriverInterfaceError)
DUPLICATE = (IntegrityError, DriverIntegrityError)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def submitted_token() -> str | None:
    """The form's token when it is well formed (a form from before tokens, or a mangled one, has none)."""
    token = request.form.get(TOKEN_FIELD, "")
    return token if _TOKEN.fullmatch(token) else None


def attached_names() -> list[str]:
    return [clean_filename(f.filename) for f in request.files.getlist("attachments") if f and f.filename]


def expired_session() -> bool:
    """Whether the form's CSRF token was refused (checked here instead of before the view, so the form can come
    back). A request from another site's page without a matching referrer is refused as before."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return False
    try:
        csrf.protect()
    except CSRFError as error:
        if "referrer" in (error.description or "").lower():
            raise
        return True
    return False


def reserve_filing() -> Reservation:
    config = current_app.config
    return reserve(SCOPE, attempts=config["COMPLAINT_ATTEMPT_RATE_LIMIT"], done=config["COMPLAINT_SUBMIT_RATE_LIMIT"],
                   client=remote_address())


@dataclass(frozen=True)
class Notice:
    """Why the form came back, for the page (and its status code)."""

    message: str
    status: int
    retry_after: int | None = None


def limit_notice(reservation: Reservation) -> Notice:
    minutes = max(1, math.ceil(reservation.retry_after / 60))
    if reservation.refused == "attempts":
        text = ngettext("This form was sent too many times in a short time. Nothing you typed is lost: it is "
                        "below. Please send it again in %(num)d minute.",
                        "This form was sent too many times in a short time. Nothing you typed is lost: it is "
                        "below. Please send it again in %(num)d minutes.", minutes)
    else:
        text = ngettext("You have filed as many complaints as we accept from one connection in a short time. "
                        "Nothing you typed is lost: it is below. Please send it again in %(num)d minute.",
                        "You have filed as many complaints as we accept from one connection in a short time. "
                        "Nothing you typed is lost: it is below. Please send it again in %(num)d minutes.",
                        minutes)
    return Notice(text, 429, reservation.retry_after)


def expired_notice() -> Notice:
    return Notice(_("Your session expired, so the complaint has not been sent yet. Nothing you typed is lost: it "
                    "is below. Check it and send it again."), 400)


def unavailable_notice() -> Notice:
    return Notice(_("We could not save your complaint because of a brief fault on our side. Nothing you typed is "
                    "lost: it is below. Please send it again in a minute. If the first attempt did reach us, you "
                    "will see its receipt; it is never filed twice."), 503, 60)


def reused_token_notice() -> Notice:
    return Notice(_("A different complaint was already filed with this form. To file this one as a new "
                    "complaint, check it and send it again."), 409)


def rollback_quietly() -> None:
    """Roll the session back even when its connection died with the database."""
    try:
        db.session.rollback()
    except UNAVAILABLE:
        db.session.close()


@dataclass(frozen=True)
class Outcome:
    """What became of a POST: filed (`receipt_no`), or filed before (`receipt_no` of the earlier filing and
    `again`), or not filed (`notice` says why when it is not the form's own errors)."""

    receipt_no: str | None = None
    again: bool = False
    notice: Notice | None = None

    @property
    def counts(self) -> bool:
        """Whether it uses up a place in the filing limit: only a new filing does."""
        return self.receipt_no is not None and not self.again


@dataclass(frozen=True)
class Earlier:
    receipt_no: str
    same_filer: bool


def earlier_filing(token: str | None, lookup_password: str | None) -> Earlier | None:
    """The filing that already holds `token` (after the unique index refused a second one), and whether the
    same lookup password was sent with it."""
    if token is None:
        return None
    row = db.session.execute(select(Complaint.receipt_no, Complaint.lookup_password_hash)
                             .where(Complaint.filing_token == token)).first()
    db.session.rollback()
    if row is None:
        return None
    return Earlier(row.receipt_no, check_lookup_password(row.lookup_password_hash, lookup_password or ""))


def resend_outcome(token: str | None, lookup_password: str | None) -> Outcome | None:
    """After the unique index refused this form's filing: the earlier filing's receipt when the same filer sent
    it, a notice when the token is someone else's filing, None when no filing holds the token."""
    earlier = earlier_filing(token, lookup_password)
    if earlier is None:
        return None
    if not earlier.same_filer:
        return Outcome(notice=reused_token_notice())
    return Outcome(earlier.receipt_no, again=True)


def already_filed(token: str | None) -> Earlier | None:
    """The earlier filing of this very form by the same filer, if there is one (asked only when the limit is
    reached: a double click on the last filing allowed must still show its receipt)."""
    try:
        earlier = earlier_filing(token, request.form.get("lookup_password"))
    except UNAVAILABLE:
        rollback_quietly()
        return None
    return earlier if earlier is not None and earlier.same_filer else None
