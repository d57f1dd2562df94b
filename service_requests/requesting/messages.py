"""Refusal codes of asking for a service and of approving, in words beside the field they concern."""

from __future__ import annotations

from flask_babel import gettext as _

from service_requests.domain.form_fields import MAX_LENGTH


def request_message(code: str, **params) -> str:
    messages = {
        "required": lambda: _("Fill this in."),
        "too_long": lambda: _("This is too long (at most %(limit)d characters).",
                              limit=params.get("limit", MAX_LENGTH["long_text"])),
        "number": lambda: _("Enter a number, e.g. 12 or 3.5."),
        "date": lambda: _("Enter a date between 1900-01-01 and 2199-12-31, as YYYY-MM-DD."),
        "choice": lambda: _("Choose one of the options offered."),
        "no_link": lambda: _("This service does not take a linked complaint."),
        "not_found": lambda: _("No complaint with this receipt number is open to you."),
        "not_yours": lambda: _("You can link only a complaint you handle."),
        "closed": lambda: _("This complaint is closed; link an open one."),
        "inactive": lambda: _("This service is no longer offered."),
        "no_department": lambda: _("Your account belongs to no department, so you cannot ask for services."),
        "too_many_files": lambda: _("Attach at most %(limit)d files.", **params),
        "file_too_large": lambda: _("%(name)s is larger than %(limit_mb)d MB.", **params),
        "file_type_refused": lambda: _("%(name)s is not a file type we accept, or its content does not match its "
                                       "name.", **params),
        "one_file": lambda: _("Choose one file here."),
    }
    return messages.get(code, lambda: _("This value is not accepted."))()


def refusal_message(code: str) -> str:
    """A step refused by the request's state machine (approval page)."""
    messages = {
        "text_required": lambda: _("Give the reason for refusing."),
        "wrong_status": lambda: _("This request no longer waits for approval."),
        "not_your_side": lambda: _("Only the head of the requesting department approves this request."),
        "text_too_long": lambda: _("The reason is too long (at most 4,000 characters)."),
        "stale": lambda: _("Someone acted on this request meanwhile. Look at it again before deciding."),
    }
    return messages.get(code, lambda: _("This step is not possible now."))()
