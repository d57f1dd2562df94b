"""Korean/English messages for the charter rules' codes (charters.domain)."""

from __future__ import annotations

from flask_babel import gettext as _

from charters.domain.lifecycle import CharterRuleError
from charters.labels import SECTION_TITLES


def rule_message(error: CharterRuleError) -> str:
    messages = {
        "working_version_exists": lambda: _("A draft or approved version is already being prepared. Publish or "
                                            "discard it first."),
        "not_a_draft": lambda: _("Only a draft can be changed or discarded. Approved and published versions "
                                 "never change; start a new draft instead."),
        "transition_refused": lambda: _("This step is not possible for a version in this state."),
        "stale_draft": lambda: _("Someone else saved this draft after you opened it. Your changes were not saved; "
                                 "reload the page and make them again."),
        "title_required": lambda: _("Enter a title."),
        "section_too_long": lambda: _("Write at most %(limit)d characters.", limit=error.params.get("limit", 0)),
        "type_unknown": lambda: _("Choose a complaint type from the list."),
        "type_required": lambda: _("A processing-time standard needs a complaint type."),
        "target_out_of_range": lambda: _("Enter a percentage from 1 to 100."),
        "target_required": lambda: _("A satisfaction standard needs a target percentage."),
        "descriptive_has_measure": lambda: _("A descriptive standard has no promised period or target; choose how "
                                             "it is measured or clear those fields."),
        "promise_only_for_deadline": lambda: _("A promised period belongs to a processing-time standard."),
        "promise_invalid": lambda: _("Write the period in working hours or days, e.g. 2 working hours, 5 days, or as "
                                     "immediately."),
        "promise_unit": lambda: _("Promise a period in working hours or days (h or d), not in weeks or months."),
        "promise_longer_than_law": lambda: _("The promised period is longer than the complaint type's processing "
                                             "period. A charter may only promise the same or better."),
        "incomplete": lambda: _("The draft is not complete yet: %(problems)s",
                                problems="; ".join(problem_message(p) for p in error.params.get("problems", []))),
        "publish_conflict": lambda: _("Another version was published at the same moment. Reload and try again."),
    }
    return messages.get(error.code, lambda: _("This action is not allowed now."))()


def problem_message(code: str) -> str:
    """Why a draft cannot be approved yet (charters.domain.content.completeness_problems)."""
    if code.startswith("missing_section:"):
        return _("the section “%(section)s” is empty", section=SECTION_TITLES[code.split(":", 1)[1]])
    return {
        "no_standards": lambda: _("there is no service standard"),
        "no_compensation": lambda: _("there is no compensation rule"),
        "no_channel": lambda: _("there is no contact channel"),
    }.get(code, lambda: code)()
