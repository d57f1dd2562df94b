"""Forms of the catalog pages: the search (GET) and a service with its targets and form fields (its head's).

Shape only; the catalog service (`services.py:save_service`) checks the rules and its codes are shown beside the
fields they concern (`messages.py`)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from service_requests.catalog.labels import CATEGORY_LABELS, KIND_LABELS, PRIORITY_LABELS
from service_requests.models import CATEGORIES, FIELD_KINDS

MAX_FIELD_ROWS = 20
TARGET_HINT = _l("A number followed by h for working hours or d for working days, on the agency's working "
                 "calendar.")


class CatalogSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Search words"), validators=[Optional(), Length(max=100)],
                    description=_l("Words in the service's name or description."))
    category = SelectField(_l("Category"), validators=[Optional()],
                           choices=[SelectChoice("", _l("All"))] + [SelectChoice(c, CATEGORY_LABELS[c])
                                                                    for c in CATEGORIES])
    department = SelectField(_l("Providing department"), validators=[Optional()])


class FieldRowForm(Form):
    """One field of the request form; a row left without key and label is ignored."""

    key = StringField(_l("Key"), validators=[Length(max=40)],
                      description=_l("Lower-case letters, digits and underscores, starting with a letter."))
    label_ko = StringField(_l("Label (Korean)"), validators=[Length(max=100)])
    label_en = StringField(_l("Label (English)"), validators=[Length(max=100)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, KIND_LABELS[k]) for k in FIELD_KINDS])
    required = BooleanField(_l("Required"))
    choices = TextAreaField(_l("Choices"), validators=[Length(max=2000)],
                            description=_l("Only for a choice: one option per line, as value|Korean label|English "
                                           "label."))
    remove = BooleanField(_l("Remove this field"))

    def is_blank(self) -> bool:
        return not (self.key.data or "").strip() and not (self.label_ko.data or "").strip()


def _target_field(kind: str, priority: str) -> StringField:
    label = (_l("First response target: %(priority)s", priority=PRIORITY_LABELS[priority]) if kind == "response"
             else _l("Resolution target: %(priority)s", priority=PRIORITY_LABELS[priority]))
    return StringField(label, validators=[Length(max=5)], description=TARGET_HINT)


class ServiceForm(FlaskForm):
    version = HiddenField()
    code = StringField(_l("Service code"), validators=[Length(max=40)],
                       description=_l("Capital letters, digits and hyphens, e.g. IT-ACCOUNT. It cannot be changed "
                                      "later."))
    name_ko = StringField(_l("Name (Korean)"), validators=[Length(max=100)])
    name_en = StringField(_l("Name (English)"), validators=[Length(max=100)])
    description_ko = TextAreaField(_l("Description (Korean)"), validators=[Length(max=2000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Length(max=2000)])
    category = SelectField(_l("Category"), choices=[SelectChoice(c, CATEGORY_LABELS[c]) for c in CATEGORIES])
    default_handler_id = SelectField(_l("Default handler"),
                                     description=_l("New requests go to this person; empty: to the head, who "
                                                    "assigns them."))
    needs_approval = BooleanField(_l("The requesting department's head approves first"))
    may_link_complaint = BooleanField(_l("A request may be linked to a complaint"))
    is_active = BooleanField(_l("Offered in the catalog"),
                             description=_l("Uncheck to withdraw the service; requests already made stay."))
    fields = FieldList(FormField(FieldRowForm), max_entries=MAX_FIELD_ROWS)
    response_urgent = _target_field("response", "urgent")
    response_normal = _target_field("response", "normal")
    response_low = _target_field("response", "low")
    resolution_urgent = _target_field("resolution", "urgent")
    resolution_normal = _target_field("resolution", "normal")
    resolution_low = _target_field("resolution", "low")

    def kept_rows(self) -> list[tuple[int, FieldRowForm]]:
        """(index, row) of the rows to save: not removed, not left empty."""
        return [(i, entry.form) for i, entry in enumerate(self.fields)
                if not entry.form.remove.data and not entry.form.is_blank()]
