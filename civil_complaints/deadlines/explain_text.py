"""Sentences for a deadline's explanation (D13), from the domain's machine-readable steps, via Babel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from fractions import Fraction

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from civil_complaints import refusal_text
from civil_complaints.domain.deadlines import Deadline
from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.labels import PAUSE_REASON_LABELS
from core.i18n import official_date, weekday_label
from working_calendar.names import holiday_name


@dataclass(frozen=True)
class StepText:
    kind: str  # css hook: counted, skipped, paused, start, end, rolled
    text: str


def period_label(period: ProcessingPeriod) -> str:
    """"14일", "즉시 (3근무시간)", "3근무시간", "2주" in the current locale."""
    spec = str(period)
    if spec == "즉시":
        return _("Immediately (3 working hours)")
    amount, unit = int(spec[:-1]), spec[-1]
    labels = {
        "h": ngettext("%(num)d working hour", "%(num)d working hours", amount),
        "d": ngettext("%(num)d day", "%(num)d days", amount),
        "w": ngettext("%(num)d week", "%(num)d weeks", amount),
        "m": ngettext("%(num)d month", "%(num)d months", amount),
        "y": ngettext("%(num)d year", "%(num)d years", amount),
    }
    label = labels[unit]
    if unit == "d" and amount <= 5:
        label += " " + _("(counted as %(hours)d working hours)", hours=amount * 8)
    return label


def period_label_spec(spec: str) -> str:
    return period_label(ProcessingPeriod.parse(spec))


def refusal_message(code: str, params=None) -> str:
    """Korean/English reason for a refused workflow step (see refusal_text.py)."""
    return refusal_text.refusal_message(code, params)


def _day(value: date) -> str:
    return f"{official_date(value)} ({weekday_label(value)})"


def _hm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _number(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _skip_text(step) -> str:
    name = holiday_name(step.params.get("name"), str(get_locale())) if step.params else None
    reason = str(step.reason or "")
    if reason == "SATURDAY":
        return _("%(day)s: Saturday, not counted (Article 19 of the Act).", day=_day(step.day))
    if reason == "SUNDAY":
        return _("%(day)s: Sunday, a public holiday, not counted.", day=_day(step.day))
    if reason == "HOLIDAY":
        return _("%(day)s: %(name)s, a public holiday, not counted.", day=_day(step.day), name=name or "")
    if reason == "CLOSURE":
        return _("%(day)s: agency closure (%(name)s), not counted.", day=_day(step.day), name=name or "")
    if reason == "AFTER_HOURS":
        return _("%(day)s: received after working hours; counting starts with the next working hours.",
                 day=_day(step.day))
    return _("%(day)s: not counted.", day=_day(step.day))


def _paused(step) -> StepText:
    reason = (step.params or {}).get("pause_reason")
    if not reason:  # the calculator's excluded period has no reason
        return StepText("paused", _("%(day)s: excluded period, not counted (Article 20 of the Decree).",
                                    day=_day(step.day)))
    return StepText("paused", _("%(day)s: excluded period (%(reason)s), not counted (Article 20 of the Decree).",
                                day=_day(step.day), reason=str(PAUSE_REASON_LABELS.get(reason, reason))))


def _counted_by_calendar(step) -> StepText:
    last = (step.params or {}).get("last_day_after_pauses") or (step.params or {}).get("last_day") or step.day
    return StepText("counted", _("From %(day)s, counted by the calendar: the period ends on %(last)s "
                                 "(Articles 159–160 of the Civil Act).", day=_day(step.day), last=_day(last)))


#: steps told apart by their whole code
_EXACT = {
    "COUNTED_HOURS": lambda step: StepText("counted", _(
        "%(day)s %(start)s–%(end)s: %(hours)s working hours counted (total %(total)s).", day=_day(step.day),
        start=_hm(step.start), end=_hm(step.end), hours=_number(step.units), total=_number(step.total))),
    "COUNTED_DAY": lambda step: StepText("counted", _("%(day)s: day %(total)s.", day=_day(step.day),
                                                      total=_number(step.total))),
    "RECEIVED": lambda step: StepText("start", _received_text(step)),
    "START": lambda step: StepText("start", _received_text(step)),
    "EXTENSION_STARTS": lambda step: StepText("start", _("Extension %(number)d starts on %(day)s.",
                                                         number=step.segment, day=_day(step.day))),
    "CIVIL_START": lambda step: StepText("start", _(
        "%(day)s: the period starts; under the Civil Act the first day is not counted.", day=_day(step.day))),
    "DUE": lambda step: StepText("end", _due_text(step)),
    "END": lambda step: StepText("end", _due_text(step)),
}
#: then steps told apart by how their code begins, in this order
_PREFIXED = (
    ("SKIPPED", lambda step: StepText("skipped", _skip_text(step))),
    ("PAUSED", _paused),
    ("COUNTED", _counted_by_calendar),
    ("ROLLED", lambda step: StepText("rolled", _(
        "%(day)s: the period ends on a Saturday or holiday, so it moves to the next working day (Article 161 of "
        "the Civil Act).", day=_day(step.day)))),
)


def describe_step(step) -> StepText:
    exact = _EXACT.get(step.code)
    if exact is not None:
        return exact(step)
    for prefix, text in _PREFIXED:
        if step.code.startswith(prefix):
            return text(step)
    return StepText(str(step.kind).lower(), _day(step.day))


def _received_text(step) -> str:
    when = f"{_day(step.day)} {_hm(step.start)}".strip()
    text = _("Received %(when)s; the processing period starts.", when=when)
    clock = (step.params or {}).get("clock_starts_at")
    if clock is not None and step.start is not None and clock.time() != step.start:
        text += " " + _("Outside working hours, so counting starts at %(when)s.",
                        when=f"{_day(clock.date())} {clock:%H:%M}")
    return text


def _due_text(step) -> str:
    if step.end is not None and (step.end.hour, step.end.minute) != (23, 59):
        return _("Deadline: %(day)s %(time)s.", day=_day(step.day), time=_hm(step.end))
    return _("Deadline: the end of %(day)s.", day=_day(step.day))


def describe_steps(deadline: Deadline) -> list[StepText]:
    return [describe_step(step) for step in deadline.explain()]
