"""The survey pages for staff (/staff/surveys): the list, a new survey, its page (questions, open, close, publish),
its editing and its results with counts and charts. Thin: the rules are in services.py and domain/answers.py."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from core.clock import KST, now_utc, today_kst
from core.extensions import db
from organization.auth import requires_any_permission, requires_permission
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import Department
from surveys import labels, queries, services
from surveys.access import can_create, can_edit, can_read
from surveys.charts import question_charts
from surveys.forms import ButtonForm, QuestionForm, SurveyForm
from surveys.models import Survey, SurveyQuestion

READ = (Permission.SURVEYS_MANAGE, Permission.SURVEYS_VIEW_ALL)


def survey_or_404(survey_id: int, *, edit: bool = False) -> Survey:
    survey = db.session.get(Survey, survey_id) or abort(404)
    if not (can_edit(current_user, survey.department_id) if edit else can_read(current_user, survey)):
        abort(403)
    return survey


def _department_choices() -> list[SelectChoice]:
    query = select(Department).where(Department.is_active).order_by(Department.code)
    if not current_user.can(Permission.SURVEYS_MANAGE_ALL):
        query = query.where(Department.id == current_user.department_id)
    locale = str(get_locale())
    return [SelectChoice(d.id, d.path_name(locale)) for d in db.session.scalars(query)]


def _closes_at(day) -> datetime | None:
    """The end of the chosen day in Seoul (00:00 KST of the next day), as UTC."""
    return None if day is None else datetime.combine(day + timedelta(days=1), time(), tzinfo=KST)


@requires_any_permission(*READ)
def surveys():
    return render_template("surveys/list.html", surveys=queries.visible_surveys(current_user),
                           status_labels=labels.STATUS_LABELS, can_create=can_create(current_user))


def _survey_data(form: SurveyForm) -> services.SurveyData:
    return services.SurveyData(title=form.title.data, description=form.description.data or "",
                               department_id=form.department_id.data, is_public=form.is_public.data,
                               closes_at=_closes_at(form.closes_on.data))


@requires_permission(Permission.SURVEYS_MANAGE)
def new_survey():
    return _edit_form(None)


@requires_permission(Permission.SURVEYS_MANAGE)
def edit_survey(survey_id: int):
    return _edit_form(survey_or_404(survey_id, edit=True))


def _edit_form(survey: Survey | None):
    form = SurveyForm(obj=survey)
    form.department_id.choices = _department_choices()
    if survey is None and not form.is_submitted():
        form.department_id.data = current_user.department_id
    if survey is not None and not form.is_submitted() and survey.closes_at is not None:
        form.closes_on.data = today_kst(survey.closes_at) - timedelta(days=1)
    if form.validate_on_submit():
        try:
            if survey is None:
                survey = services.create(current_user, _survey_data(form), now=now_utc())
            else:
                services.update_survey(current_user, survey, _survey_data(form), now=now_utc())
        except services.SurveyRefused as refused:
            db.session.rollback()
            form.title.errors = [*form.title.errors, labels.refusal(refused.code)]
        except PermissionDenied:
            db.session.rollback()
            form.department_id.errors = [_("You may keep the surveys of your own department only.")]
        else:
            db.session.commit()
            flash(_("The survey was saved."), "success")
            return redirect(url_for(".survey", survey_id=survey.id), code=303)
    return render_template("surveys/form.html", form=form, survey=survey), 400 if form.errors else 200


@requires_any_permission(*READ)
def survey(survey_id: int):
    found = survey_or_404(survey_id)
    department = db.session.get(Department, found.department_id)
    return render_template("surveys/survey.html", survey=found, status_labels=labels.STATUS_LABELS,
                           department_name=department.path_name(str(get_locale())),
                           kind_labels=labels.KIND_LABELS, editable=can_edit(current_user, found.department_id),
                           button=ButtonForm(), now=now_utc())


def _question_or_404(survey: Survey, question_id: int) -> SurveyQuestion:
    question = db.session.get(SurveyQuestion, question_id)
    if question is None or question.survey_id != survey.id:
        abort(404)
    return question


@requires_permission(Permission.SURVEYS_MANAGE)
def edit_question(survey_id: int, question_id: int | None = None):
    found = survey_or_404(survey_id, edit=True)
    question = None if question_id is None else _question_or_404(found, question_id)
    form = QuestionForm()  # not obj=question: its `choices` are rows, the form's one text
    if not form.is_submitted():
        form.position.data = question.position if question else len(found.questions) + 1
        if question is not None:
            form.text.data, form.kind.data, form.required.data = question.text, question.kind, question.required
            form.choices.data = "\n".join(c.text for c in question.choices)
    if form.validate_on_submit():
        try:
            if question is None:
                services.add_question(current_user, found, kind=form.kind.data, text=form.text.data,
                                      required=form.required.data, choices=form.choice_lines(), now=now_utc())
            else:
                services.update_question(current_user, found, question, kind=form.kind.data, text=form.text.data,
                                         required=form.required.data, choices=form.choice_lines(),
                                         position=form.position.data, now=now_utc())
        except services.SurveyRefused as refused:
            db.session.rollback()
            form.text.errors = [*form.text.errors, labels.refusal(refused.code)]
        else:
            db.session.commit()
            flash(_("The question was saved."), "success")
            return redirect(url_for(".survey", survey_id=found.id), code=303)
    return render_template("surveys/question_form.html", form=form, survey=found, question=question), \
        400 if form.errors else 200


def _act(survey_id: int, verb, done: str, question_id: int | None = None):
    found = survey_or_404(survey_id, edit=True)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        if question_id is None:
            verb(current_user, found, now=now_utc())
        else:
            verb(current_user, found, _question_or_404(found, question_id), now=now_utc())
    except services.SurveyRefused as refused:
        db.session.rollback()
        flash(labels.refusal(refused.code), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for(".survey", survey_id=found.id), code=303)


@requires_permission(Permission.SURVEYS_MANAGE)
def delete_question(survey_id: int, question_id: int):
    return _act(survey_id, services.delete_question, _("The question was removed."), question_id)


@requires_permission(Permission.SURVEYS_MANAGE)
def open_survey(survey_id: int):
    return _act(survey_id, services.open_survey, _("The survey is open and takes answers."))


@requires_permission(Permission.SURVEYS_MANAGE)
def close_survey(survey_id: int):
    return _act(survey_id, services.close_survey, _("The survey is closed."))


@requires_permission(Permission.SURVEYS_MANAGE)
def publish_summary(survey_id: int):
    return _act(survey_id, services.publish_summary, _("The summary of the results is published."))


@requires_any_permission(*READ)
def results(survey_id: int):
    found = survey_or_404(survey_id)
    figures = queries.results(found)
    return render_template("surveys/results.html", survey=found, results=figures, charts=question_charts(figures),
                           status_labels=labels.STATUS_LABELS, public=False)
