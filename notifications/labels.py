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

TEMPLATE_LABELS = {
    "complaint_received": _l("Receipt notice"),
    "complaint_supplement_requested": _l("Request for a supplement"),
    "complaint_extended": _l("Extension notice"),
    "complaint_transferred": _l("Transfer notice"),
    "complaint_answered": _l("Answer"),
    "complaint_closed": _l("Closure notice"),
    "complaint_due_changed": _l("Changed deadline"),
    "complaint_progress": _l("Progress notice"),
    "complaint_satisfaction": _l("Invitation to rate the handling"),
    "staff_cooperation_requested": _l("Cooperation request to a department"),
    "staff_cooperation_extended": _l("Cooperation reply period extended"),
    "staff_digest": _l("Department morning digest"),
    "staff_due_soon": _l("Deadline reminder"),
    "staff_monthly_report": _l("Monthly processing check"),
    "staff_overdue": _l("Reminder of an overdue complaint"),
    "staff_registration_late": _l("Late registration alert"),
    "staff_supplement_time_extended": _l("Supplement period extended by the complainant"),
}
CHANNEL_LABELS = {"email": _l("E-mail"), "sms": _l("Text message")}
TRANSPORT_LABELS = {"smtp": _l("mail server"), "http": _l("SMS gateway"),
                    "local": _l("local outbox (not sent out)")}
LANGUAGE_LABELS = {"ko": _l("Korean"), "en": _l("English")}
#: what a job run reports (the dict its function returns) and why a run was skipped
COUNT_LABELS = {
    "claimed": _l("taken for delivery"), "sent": _l("sent"), "retry": _l("to retry"), "failed": _l("failed"),
    "released": _l("released"), "due_soon": _l("due soon"), "queued": _l("messages queued"),
    "overdue": _l("overdue"), "full_sweep": _l("full sweep"), "departments": _l("departments"),
    "examined": _l("examined"), "owed": _l("notices owed"), "invited": _l("invited"),
    "late_arrivals": _l("arrivals not registered in time"), "late_registrations": _l("late registrations"),
    "month": _l("month"), "working_day": _l("working day of the month"), "late": _l("after the 5th working day"),
    "already_made": _l("already made"), "non_working_day": _l("not a working day, nothing done"),
    "erased": _l("complaints erased"), "files_deleted": _l("files deleted"), "outbox_pruned": _l("messages deleted"),
    "access_log_pruned": _l("access-log entries deleted"), "job_runs_pruned": _l("job runs deleted"),
    "revision": _l("calendar revision"), "stale": _l("deadlines on an older calendar"),
    "already_recomputed": _l("already recomputed"), "changed": _l("deadlines changed"),
    "recomputed_change": _l("calendar change recomputed"), "reason": _l("reason"), "slot": _l("scheduled for"),
    "alerted": _l("complaints without a supplement request in time"),
    "overdue_referrals": _l("investigations past their reply date"),
    "settled": _l("settled deadline changes"), "notified": _l("complainants told"),
    "unchanged": _l("deadline as last told"), "not_running": _l("no longer running"),
    "no_channel": _l("followed online, nothing sent"),
    "listed_for_destruction": _l("records listed for destruction"), "alerts_pruned": _l("resolved alerts deleted"),
}
SKIP_REASONS = {"running_elsewhere": _l("another process was running it"),
                "slot_already_run": _l("this run was already made by another process")}
#: values that are identifiers, shown in a code font and never translated
IDENTIFIER_COUNTS = frozenset({"revision", "recomputed_change"})
#: counts that only say something happened (their value is 1): the words alone
FLAG_COUNTS = frozenset({"non_working_day", "already_made", "already_recomputed"})
_WEEKDAYS = {"mon-fri": _l("Monday to Friday")}


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
