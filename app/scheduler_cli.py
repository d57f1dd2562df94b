"""`flask scheduler …` and `flask serve` (development server with the embedded scheduler and SMS stub)."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup

from core.clock import KST, now_utc

scheduler_cli = AppGroup("scheduler", help="Scheduled jobs: reminders, escalations, notices, delivery, retention.")


@scheduler_cli.command("run")
def run_command():
    """Run the scheduler in this process until stopped (one per host; jobs still run once per slot)."""
    from app.scheduler import job_table, run_blocking

    app = current_app._get_current_object()
    click.echo(f"scheduler: {len(job_table(app))} jobs, Asia/Seoul; stop with Ctrl-C or SIGTERM")
    run_blocking(app)


@scheduler_cli.command("list")
def list_command():
    """The job table with each job's next run."""
    from app.scheduler import job_table

    now = now_utc().astimezone(KST)
    for spec in job_table(current_app):
        upcoming = spec.trigger.get_next_fire_time(None, now)
        click.echo(f"{spec.name:28} {upcoming:%Y-%m-%d %H:%M:%S %Z}  {spec.trigger}")


@scheduler_cli.command("run-job")
@click.argument("name")
def run_job_command(name):
    """Run one job now (still locked and recorded like a scheduled run)."""
    from app.scheduler import job_table
    from notifications.job_runner import run_job

    specs = {s.name: s for s in job_table(current_app)}
    if name not in specs:
        raise click.BadParameter(f"unknown job; choose from {', '.join(specs)}", param_hint="NAME")
    run = run_job(specs[name])
    click.echo(f"{name}: {run.outcome} {json.loads(run.counts)}")
    if run.outcome == "failed":
        raise click.ClickException(run.error or "failed")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve_command(host, port):
    """Development server; also runs the scheduler and a local SMS gateway stub (not for production)."""
    from werkzeug.serving import run_simple

    app = current_app._get_current_object()
    if app.config["APP_ENV"] == "production":
        raise click.ClickException("`flask serve` is the development server; use gunicorn and `flask scheduler run`")
    if not app.config["SMS_API_URL"]:
        from notifications.sms_stub import start_stub_server

        stub = start_stub_server()
        app.config["SMS_API_URL"] = stub.url
        click.echo(f"serve: local SMS gateway stub at {stub.url} (messages are listed on /admin/outbox)")
    if app.config["SCHEDULER_EMBEDDED"]:
        from app.scheduler import start_embedded

        start_embedded(app)
        click.echo("serve: scheduler running in this process (SCHEDULER_EMBEDDED)")
    run_simple(host, port, app, threaded=True, use_reloader=False)
