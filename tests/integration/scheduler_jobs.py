"""Job tables with fast triggers, for the scheduler tests (loaded through SCHEDULER_JOBS)."""

from __future__ import annotations

import os
import time
import uuid

from apscheduler.triggers.cron import CronTrigger

from core.clock import KST
from notifications.job_runner import JobSpec
from notifications.services import enqueue


def tick(*, now) -> dict:
    """Not idempotent on purpose: every execution queues a new message, so a slot run twice would show."""
    enqueue(key=f"tick:{uuid.uuid4()}", channel="email", recipient="ops@example.kr", template="complaint_due_changed",
            language="ko", now=now, payload={"name": "운영", "receipt_no": now.isoformat(), "title": "tick",
                                             "due": "-", "department": "-", "department_phone": "-"})
    return {"queued": 1}


def failing(*, now) -> dict:
    """Queues a message, then fails: the message must not survive."""
    tick(now=now)
    raise RuntimeError("disk on fire")


def slow(*, now) -> dict:
    time.sleep(float(os.environ.get("SLOW_JOB_SECONDS", "60")))
    return {}


EVERY_SECOND = CronTrigger(second="*", timezone=KST)
FAST_JOBS = (
    JobSpec("tick", EVERY_SECOND, "tests.integration.scheduler_jobs:tick", "queues one message per run"),
    JobSpec("deliver-outbox", EVERY_SECOND, "notifications.delivery:deliver_outbox_job", "delivers the outbox"),
)
SLOW_JOBS = (JobSpec("slow", EVERY_SECOND, "tests.integration.scheduler_jobs:slow", "sleeps"),)
