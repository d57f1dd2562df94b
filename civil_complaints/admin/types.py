"""Administrator pages for the catalog of 민원 types (분류, 종류, 처리기간, 담당 부서, 첨부, Open311)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from civil_complaints.admin.queries import active_departments, all_types, type_by_id
from civil_complaints.admin.services import CodeTaken, save_complaint_type
from civil_complaints.complaint_models import ComplaintType
from civil_complaints.deadlines.forms import PERIOD_FORMAT_MESSAGE
from civil_complaints.deadlines.period_input import parse_period_input, period_input_text
from civil_complaints.domain.kinds import DEFAULT_PERIODS, ComplaintKind
from civil_complaints.domain.retention import RetentionPeriod
from civil_complaints.labels import KIND_LABELS, RETENTION_PERIOD_LABELS
from core.inputs import db_id
from core.uploads import FILE_KINDS
from organization.auth import requires_permission
from organization.domain.roles import Permission

FILE_KIND_LABELS = {"pdf": "PDF", "image": _l("Images"), "hwp": _l("Hangul (HWP/HWPX)"),
                    "office": _l("Word/Excel/PowerPoint"), "text": _l("Text")}


class ComplaintTypeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(message=_l("Enter a code.")), Regexp(
        r"^[A-Z0-9][A-Z0-9-]{1,39}$", message=_l("Use 2–40 capital letters, digits and hyphens, e.g. ROAD-DAMAGE."))],
        description=_l("Also the service code in Open311. It cannot be changed later."))
    name_ko = StringField(_l("Name (Korean)"), validators=[DataRequired(message=_l("Enter a name.")), Length(max=100)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(message=_l("Enter a name.")),
                                                           Length(max=100)])
    description_ko = TextAreaField(_l("Description (Korean)"), validators=[Optional(), Length(max=2000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=2000)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k.value, KIND_LABELS[k]) for k in ComplaintKind])
    period_spec = StringField(_l("Processing period"), validators=[Length(max=30)],
                              description=_l("Empty: the statutory default of the kind. Statutory complaints: the "
                                             "period in the table of processing standards. For example: "
                                             "immediately, 3 working hours, 5 days, 14 days, 2 weeks."))
    department_id = SelectField(_l("Responsible department"), coerce=db_id)
    asks_location = BooleanField(_l("Ask for a location"))
    attachment_kinds = SelectMultipleField(_l("Attachments accepted"),
                                           choices=[SelectChoice(k, FILE_KIND_LABELS[k]) for k in FILE_KINDS],
                                           widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    open311_public = BooleanField(_l("Offer through Open311"))
    service_notice_ko = StringField(_l("Service promise shown to apps"), validators=[Optional(), Length(max=200)])
    retention_period = SelectField(
        _l("Retention period (records schedule)"),
        choices=[SelectChoice(p.value, RETENTION_PERIOD_LABELS[p.value]) for p in RetentionPeriod],
        default=RetentionPeriod.THREE_YEARS.value,
        description=_l("The period of this work unit in the agency's records schedule, counted from 1 "
                       "January of the year after a complaint is finished (Public Records Act Enforcement Decree "
                       "Article 26). It applies to every complaint of this type, already finished ones included; "
                       "at its end the records are destroyed only once a records officer approves the list."))
    is_active = BooleanField(_l("Accepting complaints"), default=True)

    def validate_period_spec(self, field):
        if self.kind.data not in {k.value for k in ComplaintKind}:
            return  # the kind's own error says what is wrong
        spec = (field.data or "").strip() or DEFAULT_PERIODS[ComplaintKind(self.kind.data)]
        if spec is None:
            raise ValidationError(_l("A statutory complaint needs the period from the table of processing "
                                     "standards."))
        parsed = parse_period_input(spec)
        if parsed is None:
            raise ValidationError(PERIOD_FORMAT_MESSAGE)
        field.data = parsed


def _form(ctype: ComplaintType | None = None) -> ComplaintTypeForm:
    form = ComplaintTypeForm(obj=ctype)
    departments = active_departments()
    locale = str(get_locale())
    form.department_id.choices = [SelectChoice(d.id, f"{d.path_name(locale)} ({d.code})") for d in departments]
    if ctype is not None and not form.is_submitted():
        form.attachment_kinds.data = sorted(ctype.accepted_kinds)
        form.period_spec.data = period_input_text(ctype.period_spec, locale)
    return form


@requires_permission(Permission.COMPLAINT_TYPES_MANAGE)
def complaint_types():
    return render_template("civil_complaints/admin/types.html", types=all_types(),
                           retention_labels=RETENTION_PERIOD_LABELS)


@requires_permission(Permission.COMPLAINT_TYPES_MANAGE)
def edit_complaint_type(type_id: int | None = None):
    ctype = type_by_id(type_id) if type_id else None
    if type_id and ctype is None:
        abort(404)
    form = _form(ctype)
    if ctype is not None:
        form.code.data = ctype.code  # the code is an identifier for Open311 clients: never changed
    if form.validate_on_submit():
        try:
            save_complaint_type(ctype, form.data)
        except CodeTaken:
            form.code.errors.append(_("That code is already used."))
        else:
            flash(_("The complaint type was saved. New complaints use it; received ones keep their period."),
                  "success")
            return redirect(url_for(".complaint_types"), code=303)
    status = 400 if form.errors else 200
    return render_template("civil_complaints/admin/type_form.html", form=form, ctype=ctype), status
