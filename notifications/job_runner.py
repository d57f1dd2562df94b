"""Runs one scheduled job: lock, claim the slot, record the run in `job_runs`, commit once.

* The lock (notifications.locks) keeps two processes from running the same job at the same time;
  a process that finds it held records a 'skipped' run.
* The claim — a `job_runs` row unique on (job, slot) — makes each scheduled slot run once even when
  the processes fire it one after the other.
* Holding the lock proves every other holder is gone, so older 'running' rows of the job are 'abandoned'.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from apscheduler.triggers.base import BaseTrigger
from apscheduler.util import ref_to_obj
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from core.clock import now_utc
from core.extensions import db
from notifications.locks import job_lock
from notifications.monitoring_models import JobRun

log = logging.getLogger(__name__)
LEASE = timedelta(hours=1)


@dataclass(frozen=True)
class JobSpec:
    """One row of the scheduler's job table (app/scheduler.py)."""

    name: str
    trigger: BaseTrigger
    #: "module:function"; the function takes `now` and returns a dict of counts
    func: str
    description: Any
    #: shown on the admin page: whether the job does nothing on 토요일·일요일·공휴일
    working_days_only: bool = False
    #: the job's name for people (the monitoring page); `name` is its identifier
    title: Any = None


def run_job(spec: JobSpec, *, slot: datetime | None = None) -> JobRun:
    """Run `spec` once for `slot` (default: now) unless another process holds it or already ran the slot."""
    now = now_utc()
    slot = slot or now
    with job_lock(spec.name, now=now, lease=LEASE) as acquired:
        if not acquired:
            return _record_skipped(spec.name, now, slot, "running_elsewhere")
        _abandon_stale(spec.name, now)
        run = _claim(spec.name, slot, now)
        if run is None:
            return _record_skipped(spec.name, now, slot, "slot_already_run")
        return _execute(spec, run, now)


def _new_run(job: str, *, slot: datetime | None, now: datetime, outcome: str, counts: dict) -> JobRun:
    return JobRun(job=job, slot=slot, started_at=now, outcome=outcome, counts=json.dumps(counts),
                  host=socket.gethostname()[:120], pid=os.getpid())


def _record_skipped(job: str, now: datetime, slot: datetime, reason: str) -> JobRun:
    run = _new_run(job, slot=None, now=now, outcome="skipped",
                   counts={"reason": reason, "slot": slot.isoformat()})
    run.finished_at = now
    db.session.add(run)
    db.session.commit()
    return run


def _abandon_stale(job: str, now: datetime) -> None:
    db.session.execute(update(JobRun).where(JobRun.job == job, JobRun.outcome == "running")
                       .values(outcome="abandoned", finished_at=now,
                               error="the process running it stopped before it finished"))
    db.session.commit()


def _claim(job: str, slot: datetime, now: datetime) -> JobRun | None:
    run = _new_run(job, slot=slot, now=now, outcome="running", counts={})
    db.session.add(run)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return run


def _execute(spec: JobSpec, run: JobRun, now: datetime) -> JobRun:
    run_id = run.id
    try:
        counts = ref_to_obj(spec.func)(now=now) or {}
        run.outcome, run.counts, run.finished_at = "ok", json.dumps(counts, default=str), now_utc()
        db.session.commit()
    except Exception as error:  # recorded, then the scheduler logs it too
        db.session.rollback()
        log.exception("scheduled job %s failed", spec.name)
        run = db.session.get(JobRun, run_id)
        run.outcome, run.finished_at = "failed", now_utc()
        run.error = "".join(traceback.format_exception(error, limit=-3))[-4000:]
        db.session.commit()
    return run
