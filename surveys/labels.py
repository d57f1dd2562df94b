"""Words for the survey engine's codes, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {"draft": _l("Draft"), "open": _l("Open"), "closed": _l("Closed")}
KIND_LABELS = {"single": _l("One choice"), "multi": _l("Several choices"), "text": _l("Free text")}

REFUSALS = {
    "not_draft": _l("Only a draft survey can be changed; this one has been opened."),
    "not_open": _l("This survey is not taking answers."),
    "not_closed": _l("The summary can be published once the survey is closed."),
    "no_questions": _l("Add at least one question before opening the survey."),
    "choices": _l("Every choice question needs at least two choices."),
    "closes_at": _l("The last day for answers has already passed: change it or leave it empty."),
    "used": _l("This link has already been used to answer. Thank you for taking part."),
    "unknown": _l("This link is not valid. Check that you copied the whole address from the e-mail."),
}

ANSWER_ERRORS = {
    "required": _l("Answer this question."),
    "one_choice": _l("Choose only one option."),
    "unknown_choice": _l("Choose one of the options shown."),
    "too_long": _l("Write at most 2,000 characters."),
}


def refusal(code: str) -> str:
    return str(REFUSALS.get(code, REFUSALS["unknown"]))
