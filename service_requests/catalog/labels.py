"""The catalog's words: categories, priorities, field kinds and targets as people read them ("4근무시간")."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from service_requests.domain.ola import Target, TargetError
from service_requests.labels import PRIORITY_LABELS  # noqa: F401 - the catalog's words include them

CATEGORY_LABELS = {
    "it": _l("Information systems"), "facilities": _l("Facilities"), "vehicles": _l("Vehicles"),
    "legal": _l("Legal affairs"), "survey": _l("Surveys and statistics"), "admin": _l("General administration"),
    "other": _l("Other"),
}
KIND_LABELS = {
    "text": _l("Short text"), "long_text": _l("Long text"), "number": _l("Number"), "date": _l("Date"),
    "choice": _l("Choice"), "file": _l("File"),
}


def target_words(text: str) -> str:
    """A stored target ("4h", "2d") in words: 4 working hours, 2 working days."""
    try:
        target = Target.parse(text)
    except TargetError:
        return text
    if target.unit == "h":
        return ngettext("%(num)d working hour", "%(num)d working hours", target.amount)
    return ngettext("%(num)d working day", "%(num)d working days", target.amount)


def targets_line(response: str, resolution: str) -> str:
    """One priority's promise: "응답 4근무시간 · 해결 2근무일"."""
    return _("Response %(response)s · resolution %(resolution)s", response=target_words(response),
             resolution=target_words(resolution))
