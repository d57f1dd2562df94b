"""The request form of one service: title, description, priority, the service's own typed fields (rendered by
kind), files and the optional 민원 link; and the head's approval form.

Shape only: what was typed is checked by `requesting/services.py` (`domain/form_fields.py`), whose codes are shown
beside the fields, so every answer comes back as typed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from service_requests.catalog.labels import PRIORITY_LABELS
from service_requests.domain.form_fields import parse_choices
from service_requests.models import PRIORITIES, Service, ServiceField


class Marked:
    """A validator that checks nothing: it marks a field required (the service checks it), so the field shows
    "(required)" and its `required` attribute."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


class RequestForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Marked()], description=_l("Up to 200 characters."))
    description = TextAreaField(_l("Details"), description=_l("What you need, and by when if it matters."))
    priority = RadioField(_l("Priority"), default="normal",
                          choices=[SelectChoice(p, PRIORITY_LABELS[p]) for p in PRIORITIES])
    complaint = StringField(_l("Linked complaint (receipt number)"), validators=[Optional(), Length(max=40)],
                            description=_l("Optional: a complaint you handle that this request serves. The "
                                           "providing department then sees its deadline."))
    warned_for = HiddenField()
    make_urgent = BooleanField(_l("Mark the request urgent"))
    attachments = MultipleFileField(_l("Other attachments"),
                                    description=_l("PDF, images, HWP, Office files or text; at most 5 files of "
                                                   "10 MB each."))

    service_field_names: list[str] = []
    file_field_names: list[str] = []


def _choices(field: ServiceField, locale: str) -> list[SelectChoice]:
    try:
        options = parse_choices(field.choices)
    except ValueError:
        options = ()
    return [SelectChoice("", _l("Choose"))] + [
        SelectChoice(o.value, o.label_ko if locale == "ko" else o.label_en) for o in options]


def _field_for(field: ServiceField, locale: str):
    label = field.label(locale)
    hint = (field.help_ko if locale == "ko" else field.help_en or field.help_ko) or None
    validators = [Marked()] if field.required else []
    if field.kind == "long_text":
        return TextAreaField(label, validators=validators, description=hint)
    if field.kind == "choice":
        return SelectField(label, validators=validators, description=hint, choices=_choices(field, locale),
                           validate_choice=False)
    if field.kind == "file":
        return FileField(label, validators=validators, description=hint)
    render = {"number": {"inputmode": "decimal"}, "date": {"type": "date"}}.get(field.kind, {})
    return StringField(label, validators=validators, description=hint, render_kw=render)


def request_form_class(service: Service, locale: str) -> type[RequestForm]:
    """A form class for `service`: its typed fields as `field_<key>`, in the service's order."""
    names = {f"field_{f.key}": _field_for(f, locale) for f in service.fields}
    form_class = type("ServiceRequestForm", (RequestForm,), names)
    form_class.service_field_names = list(names)
    form_class.file_field_names = [f"field_{f.key}" for f in service.fields if f.kind == "file"]
    return form_class


class ApprovalForm(FlaskForm):
    decision = SelectField(choices=[SelectChoice("approve", _l("Approve")), SelectChoice("reject", _l("Reject"))])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=4000)])
    version = HiddenField()
