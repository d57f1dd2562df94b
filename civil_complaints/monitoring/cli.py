"""`flask complaints …`: jobs of the 민원 workflow, each committing once at its end."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from core.clock import now_utc
from core.extensions import db

complaints_cli = AppGroup("complaints", help="Jobs of the 민원 workflow.")


@complaints_cli.command("recompute")
@click.option("--reason", default="scheduled", show_default=True,
              help="Recorded in each changed 민원's history, e.g. holiday_added.")
@click.option("--batch-size", default=2000, show_default=True, type=click.IntRange(1, 100_000))
def recompute_command(reason: str, batch_size: int):
    """D7: recompute every open deadline from its stored inputs with the current holiday table."""
    from civil_complaints.holidays.recompute import recompute_open_deadlines
    from working_calendar.cache import load_calendar

    result = recompute_open_deadlines(load_calendar(), now=now_utc(), reason=reason, batch_size=batch_size)
    db.session.commit()
    click.echo(f"deadlines: {result.examined} open examined, {result.changed} changed ({result.complainants} "
               f"complainants, told after DUE_CHANGE_NOTICE_DELAY_MINUTES where it still differs from what they "
               f"were last told)")


@complaints_cli.command("purge-access-log")
def purge_access_log_command():
    """Delete access-log entries whose retention ended: ACCESS_LOG_RETENTION_YEARS (at least two) calendar years
    after the day of the entry (an entry of 2026-03-01 is kept through 2028-03-01)."""
    from civil_complaints.privacy.access_log import purge_expired

    removed = purge_expired(now=now_utc(), years=current_app.config["ACCESS_LOG_RETENTION_YEARS"])
    db.session.commit()
    click.echo(f"access log: {removed} entries older than the retention period removed")
