"""The scheduler: ONE table of jobs, run by `flask scheduler run` in a process of its own.

Every host may run `flask scheduler run`; each run of a job takes a cross-host lock and claims its slot in
`job_runs` (notifications/job_runner.py), so a job runs once per slot however many schedulers fire it.
Triggers are cron expressions in Asia/Seoul. Cron knows nothing about 공휴일: jobs marked "working days"
check the holiday calendar themselves and do nothing on 토요일, 일요일 and 공휴일.
Web workers never start a scheduler; only `flask serve` (development, SQLite) embeds one.
"""

from __future__ import annotations

import logging
import signal
import threading

from apscheduler.executors.base import run_job as _apscheduler_run_job
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.util import ref_to_obj
from flask import Flask
from flask_babel import lazy_gettext as _l

from core.clock import KST
from notifications.job_runner import JobSpec, run_job

log = logging.getLogger(__name__)


def kst(**fields) -> CronTrigger:
    return CronTrigger(timezone=KST, **fields)


WORKDAYS = "mon-fri"

JOBS: tuple[JobSpec, ...] = (
    # name                         trigger (KST)                                        function
    JobSpec("deliver-outbox", kst(second="*/30"), "notifications.delivery:deliver_outbox_job",
            _l("Send queued e-mail and text messages; failed attempts are retried with growing delays."),
            title=_l("Message delivery")),
    JobSpec("due-soon-reminders", kst(day_of_week=WORKDAYS, hour="8-18", minute="*/15"),
            "civil_complaints.monitoring.reminders:send_due_soon_reminders",
            _l("Remind the handler (or the department's officers when unassigned) when a deadline is 1 working "
               "day and 4 working hours away."), working_days_only=True,
            title=_l("Deadline reminders")),
    JobSpec("department-digest", kst(day_of_week=WORKDAYS, hour=8, minute=30),
            "civil_complaints.monitoring.reminders:send_department_digests",
            _l("Morning digest per department: overdue complaints and those due by the end of the next working "
               "day."), working_days_only=True,
            title=_l("Department morning digest")),
    JobSpec("overdue-escalation", kst(day_of_week=WORKDAYS, hour="9-18", minute=5),
            "civil_complaints.monitoring.reminders:escalate_overdue",
            _l("Reminder notice (Enforcement Decree Art. 28②) to the department head and the complaint "
               "review officer when a complaint becomes overdue."), working_days_only=True,
            title=_l("Reminders of overdue complaints")),
    JobSpec("registration-delay", kst(day_of_week=WORKDAYS, hour="9-18", minute=10),
            "civil_complaints.monitoring.registration:alert_late_registrations",
            _l("Alert when an arrived complaint is not registered within 8 working hours (Art. 6⑧), and flag "
               "complaints registered later than that."), working_days_only=True,
            title=_l("Late registration alerts")),
    JobSpec("supplement-request-due", kst(day_of_week=WORKDAYS, hour="9-18", minute="7,22,37,52"),
            "civil_complaints.monitoring.supplement_alerts:alert_missing_supplement_requests",
            _l("Alert the handler once when a complaint flagged as needing a supplement has no request 8 working "
               "hours after receipt (Rule Art. 9①)."), working_days_only=True,
            title=_l("Supplement request alerts")),
    JobSpec("audit-findings-overdue", kst(day_of_week=WORKDAYS, hour=9, minute=40),
            "civil_complaints.monitoring.audit_overdue:remind_overdue_audit_findings",
            _l("Remind the audit department and the handler each working day when the findings of a re-filed "
               "grievance's investigation are past their reply date (Art. 17②)."), working_days_only=True,
            title=_l("Overdue investigation findings")),
    JobSpec("progress-notices", kst(day_of_week=WORKDAYS, hour=10, minute=0),
            "civil_complaints.monitoring.citizen_notices:send_progress_notices",
            _l("Progress notice to the complainant every 30 days while a complaint is open (Art. 23; "
               "civil-law counting)."), working_days_only=True,
            title=_l("Progress notices")),
    JobSpec("satisfaction-invitations", kst(day_of_week=WORKDAYS, hour="10-17", minute=20),
            "civil_complaints.monitoring.citizen_notices:send_satisfaction_invitations",
            _l("Invite the complainant once to rate the handling after the answer."), working_days_only=True,
            title=_l("Invitations to rate the handling")),
    # issue 20 item 5 (ISO 10004): separate from the rating above; a deterministic sample of each month's answered
    # 민원, invited once by e-mail some days after the answer (civil_complaints/satisfaction_survey/sending.py)
    JobSpec("satisfaction-survey", kst(day_of_week=WORKDAYS, hour=11, minute=40),
            "civil_complaints.satisfaction_survey.sending:send_satisfaction_survey",
            _l("Invite a sample of the complaints answered a set number of days ago (7 by default) to the "
               "satisfaction survey by e-mail, once each; the answers are anonymous and read by department."),
            working_days_only=True, title=_l("Satisfaction survey of finished complaints")),
    JobSpec("monthly-status-report", kst(day_of_week=WORKDAYS, hour=7, minute=30),
            "civil_complaints.reports.monthly:make_monthly_report",
            _l("Monthly processing check for the previous month by department (Rule Art. 7), kept and e-mailed "
               "to department heads and review officers in the first working days."), working_days_only=True,
            title=_l("Monthly processing check")),
    JobSpec("due-change-notices", kst(minute="*"), "civil_complaints.holidays.due_notices:send_due_change_notices",
            _l("Tell complainants of a deadline moved by holiday changes once the changes have settled (a "
               "configured delay), and only when it differs from the deadline they were last told."),
            title=_l("Changed deadline notices")),
    JobSpec("calendar-revision-check", kst(minute="*/5"),
            "civil_complaints.monitoring.housekeeping:check_calendar_revision",
            _l("Recompute open deadlines when the holiday calendar changed without a recomputation."),
            title=_l("Holiday calendar check")),
    JobSpec("service-request-clocks", kst(minute="*/10"), "service_requests.monitoring.reminders:run_ola_clocks",
            _l("Internal requests: remind the handler once when 80 percent of the resolution time has run, and tell "
               "the providing department's head and the requester once when it has all run (paused requests wait)."),
            title=_l("Internal request clocks")),
    JobSpec("report-facts", kst(minute="*/10"), "civil_complaints.reports.facts:fill_processing_facts",
            _l("Record how long each complaint that finished since the last run took, in working hours or days with "
               "supplement pauses excluded, for the processing check's averages and percentiles."),
            title=_l("Processing times for reports")),
    JobSpec("complaint-keywords", kst(minute="*/15"), "civil_complaints.analysis.services:count_keywords",
            _l("Complaint analysis: find the nouns of the titles and contents of each month whose complaints "
               "changed (on this server, nothing sent anywhere) and store how many complaints used each keyword, "
               "per department."),
            title=_l("Complaint keywords")),
    JobSpec("personal-data-retention", kst(hour=2, minute=30),
            "civil_complaints.monitoring.housekeeping:apply_retention",
            _l("List finished complaints whose retention period (records schedule) has ended for destruction, "
               "which a records officer approves; prune the access log after two years, the outbox and old job "
               "runs."),
            title=_l("Records retention")),
    JobSpec("policy-customer-retention", kst(hour=3, minute=10),
            "policy_customers.retention:apply_retention",
            _l("Policy customers: erase subscriptions not confirmed within their link's lifetime and those whose "
               "retention period ended; offer renewal 30 days before the end."),
            title=_l("Policy customer retention")),
    JobSpec("policy-messages", kst(minute="*"), "policy_customers.messages.sending:send_policy_messages",
            _l("Policy news: queue the next subscribers' mails of the messages being sent, at most "
               "POLICY_MESSAGES_PER_MINUTE a minute; each subscriber once, checked again for confirmation and consent "
               "just before."),
            title=_l("Policy news sending")),
)


def job_table(app: Flask) -> tuple[JobSpec, ...]:
    """The configured table (SCHEDULER_JOBS, default `app.scheduler:JOBS`)."""
    return ref_to_obj(app.config["SCHEDULER_JOBS"])


_slot = threading.local()


def _run_with_slot(job, jobstore_alias, run_times, logger_name):
    """APScheduler's run_job, with the scheduled fire time (the slot) visible to the job's thread."""
    _slot.value = run_times[-1]
    try:
        return _apscheduler_run_job(job, jobstore_alias, run_times, logger_name)
    finally:
        _slot.value = None


class SlotExecutor(ThreadPoolExecutor):
    """A thread pool that tells each run which scheduled slot it is for (coalesced runs: the latest)."""

    def _do_submit_job(self, job, run_times):
        def callback(future):
            error = future.exception()
            if error:
                self._run_job_error(job.id, error, error.__traceback__)
            else:
                self._run_job_success(job.id, future.result())

        future = self._pool.submit(_run_with_slot, job, job._jobstore_alias, run_times, self._logger.name)
        future.add_done_callback(callback)


def _fire(app: Flask, name: str) -> None:
    spec = next(s for s in job_table(app) if s.name == name)
    with app.app_context():
        run_job(spec, slot=getattr(_slot, "value", None))


def configure(scheduler: BaseScheduler, app: Flask) -> BaseScheduler:
    for spec in job_table(app):
        scheduler.add_job(_fire, spec.trigger, args=[app, spec.name], id=spec.name, name=spec.name,
                          replace_existing=True)
    return scheduler


def _options() -> dict:
    return {"timezone": KST, "executors": {"default": SlotExecutor(max_workers=4)},
            "job_defaults": {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}}


def run_blocking(app: Flask) -> None:
    """`flask scheduler run`: block until SIGTERM/SIGINT, then finish running jobs and stop."""
    scheduler = configure(BlockingScheduler(**_options()), app)

    def stop(signum, frame):
        log.info("scheduler: signal %s, shutting down", signum)
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    scheduler.start()


def start_embedded(app: Flask) -> BackgroundScheduler:
    """The same jobs in a background thread of the development server (`flask serve`)."""
    scheduler = configure(BackgroundScheduler(**_options()), app)
    scheduler.start()
    return scheduler
