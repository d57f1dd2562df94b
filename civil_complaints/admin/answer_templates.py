"""Canned answers per type of 민원, kept by the head of the department responsible for that type."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from civil_complaints.complaint_models import ComplaintType
from civil_complaints.workflow_models import AnswerTemplate
from core.clock import now_utc
from core.extensions import db
from core.inputs import db_id
from organization.auth import requires_permission
from organization.domain.roles import Permission


class TemplateForm(FlaskForm):
    type_id = SelectField(_l("Type of complaint"), coerce=db_id, validators=[DataRequired(message=_l(
        "Choose a type."))])
    title = StringField(_l("Name of the template"), validators=[DataRequired(message=_l("Enter a name.")),
                                                                Length(max=100)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(message=_l("Write the text.")), Length(max=20000)])


class RemoveTemplateForm(FlaskForm):
    pass


def _own_types() -> list[ComplaintType]:
    return list(db.session.scalars(select(ComplaintType).where(ComplaintType.department_id ==
                                                               current_user.department_id).order_by(ComplaintType.id)))


@requires_permission(Permission.DEPARTMENT_MANAGE)
def answer_templates():
    types = _own_types()
    form = TemplateForm()
    form.type_id.choices = [(t.id, t.name(str(get_locale()))) for t in types]
    if form.validate_on_submit():
        db.session.add(AnswerTemplate(type_id=form.type_id.data, title=form.title.data.strip(),
                                      body=form.body.data.strip(), created_at=now_utc(), created_by_id=current_user.id))
        db.session.commit()
        flash(_("The template was saved."), "success")
        return redirect(url_for(".answer_templates"), code=303)
    rows = db.session.scalars(select(AnswerTemplate).where(AnswerTemplate.type_id.in_([t.id for t in types]),
                                                           AnswerTemplate.is_active)
                              .order_by(AnswerTemplate.type_id, AnswerTemplate.title)).all()
    return render_template("civil_complaints/staff/answer_templates.html", form=form, rows=rows,
                           remove_form=RemoveTemplateForm()), (400 if form.errors else 200)


@requires_permission(Permission.DEPARTMENT_MANAGE)
def remove_answer_template(template_id: int):
    row = db.session.get(AnswerTemplate, template_id)
    if row is None:
        abort(404)
    if row.type.department_id != current_user.department_id:
        abort(403)
    if RemoveTemplateForm().validate_on_submit():
        row.is_active = False
        db.session.commit()
        flash(_("The template was removed."), "success")
    return redirect(url_for(".answer_templates"), code=303)
