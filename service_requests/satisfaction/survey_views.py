"""The internal-customer survey pages: /staff/internal-survey (a department rates the providers it used),
/admin/internal-surveys (periods) and /staff/internal-survey/<period_id>/results (aggregates, after closing)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from core.clock import now_utc
from core.extensions import db
from core.inputs import DB_INT_MAX, parse_int, query_int
from organization.auth import requires_any_permission, requires_permission
from organization.domain.roles import Permission
from service_requests.access import is_head_of
from service_requests.models import SurveyPeriod
from service_requests.satisfaction import survey as surveys
from service_requests.satisfaction.forms import CloseSurveyForm, OpenSurveyForm, SurveyAnswerForm


def refusal_text(code: str) -> str:
    return {
        "already_open": _("A survey period is already open. Close it before opening another."),
        "closes_past": _("The closing date has passed. Choose today or a later day."),
        "closes_far": _("A survey period may stay open for at most a year."),
        "already_closed": _("This survey period is already closed."),
        "no_department": _("Your account belongs to no department, so it cannot answer for one."),
        "closed": _("This survey period is closed; answers are no longer taken."),
        "not_used": _("Your department did not use this department's services in the survey period."),
        "already_answered": _("Your department has already rated this department in this survey period."),
    }[code]


def may_see_all_results(user) -> bool:
    return user.can(Permission.SERVICE_PERFORMANCE_VIEW)


def _survey_page(period, form: SurveyAnswerForm | None, provider, refusal: str | None = None, status: int = 200):
    department_id = current_user.department_id if may_answer(current_user) else None
    providers = surveys.providers_used(department_id, period) if period and department_id else []
    done = surveys.answered(department_id, period) if period and department_id else set()
    closed = [p for p in surveys.periods() if surveys.is_closed(p, now_utc())]
    may_see_results = may_see_all_results(current_user) or is_head_of(current_user, department_id)
    return render_template("service_requests/survey.html", period=period, providers=providers, answered=done,
                           answering=may_answer(current_user), last_day=surveys.last_day,
                           form=form, provider=provider, refusal=refusal, closed_periods=closed,
                           may_see_results=may_see_results), status


def _provider_in(providers_of_period, provider_id):
    return next((d for d in providers_of_period if d.id == provider_id), None)


def may_answer(user) -> bool:
    """Members of a department with internal services answer for it; those who only read performance (auditors,
    administrators) see the page for the results of closed surveys."""
    return user.can(Permission.SERVICE_REQUESTS_USE) and user.department_id is not None


@requires_any_permission(Permission.SERVICE_REQUESTS_USE, Permission.SERVICE_PERFORMANCE_VIEW)
def survey():
    period = surveys.open_period_now(now_utc())
    department_id = current_user.department_id if may_answer(current_user) else None
    if request.method == "POST" and not current_user.can(Permission.SERVICE_REQUESTS_USE):
        abort(403)
    if request.method == "GET":
        provider_id = query_int("provider", default=None, low=1, high=DB_INT_MAX)
        provider = None
        if period and department_id and provider_id is not None:
            provider = _provider_in(surveys.providers_used(department_id, period), provider_id)
        form = SurveyAnswerForm(formdata=None, provider_id=provider.id) if provider else None
        return _survey_page(period, form, provider)
    form = SurveyAnswerForm()
    provider_id = parse_int(form.provider_id.data, low=1)
    if period is None or not department_id:
        return _survey_page(period, None, None, refusal_text("closed" if department_id else "no_department"), 400)
    provider = _provider_in(surveys.providers_used(department_id, period), provider_id)
    if provider is None:
        return _survey_page(period, None, None, refusal_text("not_used"), 400)
    if not form.validate_on_submit():
        return _survey_page(period, form, provider, None, 400)
    scores = {name: int(getattr(form, name).data) for name in surveys.SCORES}
    try:
        surveys.submit_answer(current_user, period, provider.id, scores, comment=form.comment.data or "",
                              now=now_utc())
    except surveys.SurveyRefused as refused:
        db.session.rollback()
        return _survey_page(period, form, provider, refusal_text(refused.code), 400)
    db.session.commit()
    flash(_("Thank you. Your department's rating of %(department)s was recorded.",
            department=provider.name(str(get_locale()))), "success")
    return redirect(url_for("service_requests.survey"), code=303)


def _admin_page(open_form: OpenSurveyForm, refusal: str | None = None, status: int = 200):
    return render_template("service_requests/survey_admin.html", open_form=open_form, close_form=CloseSurveyForm(),
                           periods=surveys.periods(), current=surveys.open_period_now(now_utc()),
                           is_closed=lambda p: surveys.is_closed(p, now_utc()), last_day=surveys.last_day,
                           refusal=refusal), status


def _close(now):
    form = CloseSurveyForm()
    period_id = parse_int(form.period_id.data, low=1)
    period = db.session.get(SurveyPeriod, period_id) if form.validate_on_submit() and period_id else None
    if period is None:
        return _admin_page(OpenSurveyForm(formdata=None), refusal_text("already_closed"), 400)
    try:
        surveys.close_period(current_user, period, now=now)
    except surveys.SurveyRefused as refused:
        return _admin_page(OpenSurveyForm(formdata=None), refusal_text(refused.code), 400)
    db.session.commit()
    flash(_("The survey period was closed. Its results are shown now."), "success")
    return redirect(url_for("service_requests.survey_admin"), code=303)


@requires_permission(Permission.SERVICE_SURVEY_MANAGE)
def survey_admin():
    now = now_utc()
    if request.method == "GET":
        return _admin_page(OpenSurveyForm(formdata=None))
    if request.form.get("action") == "close":
        return _close(now)
    form = OpenSurveyForm()
    if not form.validate_on_submit():
        return _admin_page(form, None, 400)
    try:
        surveys.open_period(current_user, title=form.title.data, closes_on=form.closes_on.data, now=now)
    except surveys.SurveyRefused as refused:
        db.session.rollback()
        return _admin_page(form, refusal_text(refused.code), 400)
    db.session.commit()
    flash(_("The survey period was opened. Every department can now rate the departments it used."), "success")
    return redirect(url_for("service_requests.survey_admin"), code=303)


@requires_any_permission(Permission.SERVICE_PERFORMANCE_VIEW, Permission.SERVICE_REQUESTS_MANAGE)
def survey_results(period_id: int):
    period = db.session.get(SurveyPeriod, period_id)
    if period is None:
        abort(404)
    if may_see_all_results(current_user):
        only = None
    elif is_head_of(current_user, current_user.department_id):
        only = {current_user.department_id}  # a providing head: their own department's results
    else:
        abort(403)
    closed = surveys.is_closed(period, now_utc())
    return render_template("service_requests/survey_results.html", period=period, closed=closed,
                           results=surveys.results(period, provider_ids=only) if closed else [],
                           minimum=surveys.MIN_ANSWERS, own_only=only is not None, last_day=surveys.last_day)
