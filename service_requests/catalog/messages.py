"""The catalog service's refusal codes in words, shown beside the field they concern."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from service_requests.catalog.services import MAX_FIELDS


def catalog_message(code: str) -> str:
    messages = {
        "required": lambda: _("Fill this in."),
        "too_long": lambda: _("This is too long."),
        "choice": lambda: _("Choose one of the options offered."),
        "code_format": lambda: _("Use 2 to 40 capital letters, digits and hyphens, starting with a letter."),
        "code_taken": lambda: _("Another service already has this code."),
        "stale": lambda: _("Someone changed this service meanwhile. Open it again and make your change once more."),
        "target_format": lambda: _("Write a number followed by h (working hours) or d (working days)."),
        "target_too_long": lambda: _("At most 2,000 working hours or 250 working days."),
        "label_required": lambda: _("Give the field a Korean label."),
        "choices_format": lambda: _("Write one option per line as value|Korean label|English label; the value "
                                    "in lower-case letters, digits and underscores, each value once."),
        "key_format": lambda: _("The key takes lower-case letters, digits and _, starting with a letter."),
        "kind": lambda: _("Choose one of the kinds offered."),
        "choices_needed": lambda: _("A choice needs at least two options."),
        "key_duplicate": lambda: _("Another field of this form has the same key."),
        "too_many": lambda: ngettext("A form has at most %(num)d field.", "A form has at most %(num)d fields.",
                                     MAX_FIELDS),
    }
    return messages.get(code, lambda: _("This value is not accepted."))()
