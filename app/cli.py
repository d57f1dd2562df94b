"""`flask` commands: users, demo data. Each command commits once at its end."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from core.clock import now_utc
from core.extensions import db

users_cli = AppGroup("users", help="Staff accounts.")
demo_cli = AppGroup("demo", help="Demo data for the fictional agency 한빛시.")
holidays_cli = AppGroup("holidays", help="The 관공서 공휴일 calendar of the statutory clock.")


@holidays_cli.command("sync-snapshot")
def holidays_sync_command():
    """Add the bundled snapshot's days that the table lacks (admin removals stay removed)."""
    from working_calendar.holidays import sync_snapshot

    added = sync_snapshot(now=now_utc())
    db.session.commit()
    click.echo(f"holidays: {added} day(s) added from the bundled snapshot")


@holidays_cli.command("import")
@click.option("--year", type=click.IntRange(2000, 2100), required=True)
def holidays_import_command(year):
    """Import a year's 관공서 공휴일 from the `holidays` package; check it against the 관보 afterwards."""
    from working_calendar.holidays import import_year

    added = import_year(year, now=now_utc())
    db.session.commit()
    click.echo(f"holidays: {added} day(s) of {year} added")


@holidays_cli.command("status")
def holidays_status_command():
    """Which years the calendar covers; exits 1 when next year is missing."""
    from core.clock import KST
    from working_calendar.holidays import years_covered

    covered = sorted(years_covered())
    click.echo("years covered: " + (", ".join(map(str, covered)) or "none"))
    next_year = now_utc().astimezone(KST).year + 1
    if next_year not in covered:
        raise click.ClickException(f"no holidays for {next_year}: run `flask holidays import --year {next_year}`")


@users_cli.command("create")
@click.option("--login-id", required=True, help="Login ID (lower case).")
@click.option("--name", "display_name", required=True, help="Display name, e.g. 김민원.")
@click.option("--role", "roles", multiple=True, required=True,
              help="officer, department_head, auditor or admin; repeat for several.")
@click.option("--department", "department_code", default=None, help="Department code, e.g. HB-CIVIL.")
@click.option("--email", default=None)
@click.option("--phone", default=None)
@click.password_option(help="Prompted when omitted (at least 10 characters).")
def create_user_command(login_id, display_name, roles, department_code, email, phone, password):
    """Create a staff account."""
    from organization.account_audit import record_created
    from organization.errors import InvalidUserData
    from organization.models import Department
    from organization.services import create_user

    department = None
    if department_code:
        department = db.session.scalar(select(Department).where(Department.code == department_code))
        if department is None:
            raise click.BadParameter(f"no department with code {department_code!r}", param_hint="--department")
    try:
        user = create_user(login_id=login_id, display_name=display_name, password=password, roles=list(roles),
                           department=department, email=email, phone=phone, now=now_utc())
    except (InvalidUserData, ValueError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    record_created(user, now=now_utc())
    db.session.commit()
    click.echo(f"created user {user.login_id} with roles {', '.join(sorted(r.value for r in user.roles))}")


def _user_or_fail(login_id: str):
    from organization.models import User

    user = db.session.scalar(select(User).where(User.login_id == login_id.strip().lower()))
    if user is None:
        raise click.BadParameter(f"no user with login ID {login_id!r}", param_hint="--login-id")
    return user


@users_cli.command("set-password")
@click.option("--login-id", required=True)
@click.password_option(help="Prompted when omitted (at least 10 characters).")
def set_password_command(login_id, password):
    """Set a staff member's password (recovery); lifts a lock-out and ends every session of the account."""
    from organization.account_audit import record
    from organization.account_services import AccountRefused, reset_password
    from organization.sessions import end_all

    user = _user_or_fail(login_id)
    try:
        reset_password(user, password)
    except AccountRefused as error:
        raise click.BadParameter("a password has 10 to 256 characters", param_hint="password") from error
    record(user, "password_reset", actor=None, now=now_utc())
    ended = end_all(user)
    db.session.commit()
    click.echo(f"password of {user.login_id} set; {ended} session(s) ended")


@users_cli.command("end-sessions")
@click.option("--login-id", required=True)
def end_sessions_command(login_id):
    """Log a staff member out everywhere (e.g. a lost laptop), without changing the account."""
    from organization.sessions import end_all

    user = _user_or_fail(login_id)
    ended = end_all(user)
    db.session.commit()
    click.echo(f"{ended} session(s) of {user.login_id} ended")


@demo_cli.command("seed")
@click.option("--history/--no-history", default=True, show_default=True,
              help="Also file a year of past 민원 in every state, for the reports (a few seconds).")
def seed_command(history: bool):
    """Load the 한빛시 demo data (idempotent: running it twice changes nothing)."""
    from app.demo import seed_demo

    if not current_app.config["DEMO_SEED_ALLOWED"]:
        raise click.ClickException("demo data is refused in production")
    created = seed_demo(now=now_utc())
    from civil_complaints.demo_cases import seed_demo_cases

    created.update(seed_demo_cases(now=now_utc()))
    if history:  # before the improvements, which also link a few of its 민원
        from civil_complaints.demo_history import seed_demo_history

        created.update(seed_demo_history(now=now_utc()))
    from civil_complaints.improvements.demo import seed_demo_improvements

    created.update(seed_demo_improvements(now=now_utc()))
    from policy_customers.messages.demo import seed_demo_policy_news

    created.update(seed_demo_policy_news(now=now_utc()))
    from civil_complaints.satisfaction_survey.demo import seed_demo_satisfaction_survey

    created.update(seed_demo_satisfaction_survey(now=now_utc()))
    created.update(_seed_demo_requests())
    db.session.commit()
    if history:  # the analysis's keywords, as the scheduler's job would count them in its first runs
        from civil_complaints.analysis.services import count_keywords

        if counted := count_keywords(now=now_utc(), budget=60)["months_counted"]:
            created["keyword_months"] = counted
        db.session.commit()
    click.echo("demo data: " + (", ".join(f"{k}={v}" for k, v in created.items()) if created else "already present"))


def _seed_demo_requests() -> dict[str, int]:
    """Internal requests in every state, one serving the demo 민원 about a road occupancy permit (the app links the
    two features: neither imports the other)."""
    from sqlalchemy import select

    from civil_complaints.complaint_models import Complaint
    from service_requests.demo import seed_demo_requests

    complaint_id = db.session.scalar(select(Complaint.id).where(Complaint.title == "공사 현장 앞 도로 점용 허가"))
    return seed_demo_requests(now=now_utc(), complaint_id=complaint_id)


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(holidays_cli)
    from civil_complaints.api.clients import api_clients_cli
    from civil_complaints.monitoring.cli import complaints_cli

    app.cli.add_command(api_clients_cli)
    app.cli.add_command(complaints_cli)
    from app.scheduler_cli import scheduler_cli, serve_command

    app.cli.add_command(scheduler_cli)
    app.cli.add_command(serve_command)
