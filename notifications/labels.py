"""Words for what the monitoring pages would otherwise show as codes: outbox templates, channels, transports,
job schedules and the counts a job run reports.

A code without a label is shown as it is, so a new template, job or count is visible on the page (and the
page-language test names it) instead of disappearing.
"""

from __future__ import annotations

from datetime import datetime

from apscheduler.triggers.cron import CronTrigger
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.i18n import official_datetime

#: outbox templates by code; a feature adds its own with `register_words` (civil_complaints/hooks.py)
TEMPLATE_LABELS: dict = {}
CHANNEL_LABELS = {"email": _l("E-mail"), "sms": _l("Text message")}
TRANSPORT_LABELS = {"smtp": _l("mail server"), "http": _l("SMS gateway"),
                    "local": _l("local outbox (not sent out)")}
LANGUAGE_LABELS = {"ko": _l("Korean"), "en": _l("English")}
#: what a job run reports (the dict its function returns) and why a run was skipped
#: counts a job run reports, by key: the delivery's and the job runner's own; a feature adds its jobs' counts with
#: `register_words`
COUNT_LABELS: dict = {
    "claimed": _l("taken for delivery"), "sent": _l("sent"), "retry": _l("to retry"), "failed": _l("failed"),
    "released": _l("released"), "queued": _l("messages queued"), "outbox_pruned": _l("messages deleted"),
    "job_runs_pruned": _l("job runs deleted"), "reason": _l("reason"), "slot": _l("scheduled for"),
    "alerts_pruned": _l("resolved alerts deleted"),
}
SKIP_REASONS = {"running_elsewhere": _l("another process was running it"),
                "slot_already_run": _l("this run was already made by another process")}
#: values that are identifiers, shown in a code font and never translated (registered by the features)
IDENTIFIER_COUNTS: set[str] = set()
#: counts that only say something happened (their value is 1): the words alone (registered by the features)
FLAG_COUNTS: set[str] = set()
_WEEKDAYS = {"mon-fri": _l("Monday to Friday")}


def register_words(*, templates: dict | None = None, counts: dict | None = None, identifiers=(), flags=()) -> None:
    """A feature names its outbox templates and the counts its jobs report; this package imports no feature."""
    TEMPLATE_LABELS.update(templates or {})
    COUNT_LABELS.update(counts or {})
    IDENTIFIER_COUNTS.update(identifiers)
    FLAG_COUNTS.update(flags)


def label(labels: dict, code: str | None) -> str:
    """The label of a code, or the code itself when it has none (so that it shows up)."""
    return str(labels.get(code, code or ""))


def _clock(hour: str, minute: str) -> str:
    return f"{int(hour):02d}:{int(minute):02d}"


def _even_step(minute: str | None) -> int | None:
    """15 for "7,22,37,52" (minutes evenly spaced round the hour), else None."""
    parts = (minute or "").split(",")
    if len(parts) < 2 or not all(p.isdigit() for p in parts):
        return None
    values = [int(p) for p in parts]
    steps = {b - a for a, b in zip(values, values[1:], strict=False)} | {values[0] + 60 - values[-1]}
    return steps.pop() if len(steps) == 1 else None


def _time_of_day(fields: dict[str, str]) -> str | None:
    second, minute, hour = fields.get("second"), fields.get("minute"), fields.get("hour")
    if second and second.startswith("*/") and not (minute or hour):
        return _("every %(num)s seconds", num=second[2:])
    if minute and minute.startswith("*/") and not hour:
        return _("every %(num)s minutes", num=minute[2:])
    if minute == "*" and not hour:
        return _("every minute")
    step = _even_step(minute)
    if hour and step and "-" in hour and hour.replace("-", "").isdigit():
        first, last = hour.split("-")
        starts = minute.split(",")
        return _("every %(num)s minutes from %(start)s to %(end)s", num=step, start=_clock(first, starts[0]),
                 end=_clock(last, starts[-1]))
    if hour and minute and "-" in hour and hour.replace("-", "").isdigit():
        first, last = hour.split("-")
        if minute.startswith("*/"):
            return _("every %(num)s minutes from %(start)s to %(end)s", num=minute[2:], start=_clock(first, "0"),
                     end=_clock(last, "59"))
        if minute.isdigit():
            return _("hourly from %(start)s to %(end)s", start=_clock(first, minute), end=_clock(last, minute))
    if hour and minute and hour.isdigit() and minute.isdigit():
        return _("at %(time)s", time=_clock(hour, minute))
    return None


def describe_schedule(trigger) -> str | None:
    """"평일(월–금) 08:30" / "Monday to Friday, at 08:30"; None for a trigger these words cannot say."""
    if not isinstance(trigger, CronTrigger):
        return None
    fields = {f.name: str(f) for f in trigger.fields if not f.is_default}
    days = fields.pop("day_of_week", None)
    if set(fields) - {"second", "minute", "hour"} or (days and days not in _WEEKDAYS):
        return None
    when = _time_of_day(fields)
    if when is None:
        return None
    return _("%(days)s, %(when)s", days=_WEEKDAYS[days], when=when) if days else _("Every day, %(when)s", when=when)


def count_items(counts: dict) -> list[tuple[str, str, bool]]:
    """(label, value, is_identifier) for each count a run reported, in the order the job gave them."""
    items = []
    for key, value in counts.items():
        if key in FLAG_COUNTS and value in (1, True):
            value = ""
        elif key == "reason":
            value = label(SKIP_REASONS, value)
        elif key == "slot" and value:
            value = official_datetime(datetime.fromisoformat(value))
        elif isinstance(value, bool):
            value = _("yes") if value else _("no")
        items.append((label(COUNT_LABELS, key), str(value), key in IDENTIFIER_COUNTS))
    return items
