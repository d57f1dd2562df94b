"""Login, logout and the staff pages of the organisation (thin: services do the work)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.clock import now_utc
from core.extensions import db, limiter
from core.urls import safe_next
from organization.auth import requires_permission
from organization.domain.roles import Permission
from organization.forms import LoginForm
from organization.labels import DEPARTMENT_KIND_LABELS, ROLE_LABELS
from organization.models import Department, User
from organization.services import authenticate
from organization.sessions import end_session, open_session


def organization_labels() -> dict:
    return {"role_labels": ROLE_LABELS, "department_kind_labels": DEPARTMENT_KIND_LABELS}


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def session_lifetime() -> timedelta:
    return timedelta(hours=current_app.config["STAFF_SESSION_HOURS"])


@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    if form.validate_on_submit():
        now = now_utc()
        result = authenticate(
            form.login_id.data,
            form.password.data,
            now=now,
            max_failures=current_app.config["LOGIN_MAX_FAILURES"],
            lockout=timedelta(minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"]),
            address=request.remote_addr,
        )
        if result.ok:
            open_session(result.user, now=now, lifetime=session_lifetime())
        db.session.commit()
        if result.ok:
            session.clear()
            login_user(result.user)
            if result.user.must_change_password:
                flash(_("You logged in with a temporary password. Choose your own password to continue."), "info")
                return redirect(url_for("staff.change_password"))
            flash(_("You are logged in."), "success")
            return redirect(safe_next(request.args.get("next"), url_for("staff.home")))
        if result.locked:
            form.form_errors.append(
                _("Too many failed attempts. Try again in %(minutes)d minutes.",
                  minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"])
            )
        else:
            form.form_errors.append(_("The user ID or password is incorrect."))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("auth/login.html", form=form), status


@login_required
def logout():
    end_session(current_user.session_token)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("main.index"))


@requires_permission(Permission.DEPARTMENT_MANAGE)
def department():
    dept = current_user.department
    members = db.session.scalars(
        select(User).where(User.department_id == dept.id).options(selectinload(User.role_rows)).order_by(User.login_id)
    ).all() if dept else []
    return render_template("staff/department.html", department=dept, members=members)


@requires_permission(Permission.AUDIT_READ)
def audit():
    departments = db.session.scalars(select(Department).order_by(Department.code)).all()
    return render_template("staff/audit.html", departments=departments)
