"""Forms of user administration (/admin/users): filters, a new account, an account's details, a password reset.

Shape only: the rules (a login ID taken, the last administrator, …) are the services' (account_services.py).
Department choices are filled by the view from the database (`department_choices`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from core.inputs import db_id
from organization.domain.roles import Role
from organization.forms import PASSWORD_LENGTH_MESSAGE
from organization.labels import ROLE_LABELS
from organization.services import MIN_PASSWORD_LENGTH

OFFICE_PHONE = Regexp(r"^[0-9][0-9\-\s]{6,18}[0-9]$", message=_l("Enter an office phone number such as 031-000-2111."))
STATUS_CHOICES = [SelectChoice("", _l("All")), SelectChoice("active", _l("Active")),
                  SelectChoice("inactive", _l("Disabled")), SelectChoice("locked", _l("Locked")),
                  SelectChoice("temporary", _l("Temporary password"))]


#: made before the other fields, so a new account's form lists (and its error summary reads) the user ID first
LOGIN_ID_FIELD = StringField(
    _l("User ID"), validators=[DataRequired(message=_l("Enter a user ID.")), Length(max=64)],
    description=_l("2 to 64 lower-case letters, digits, \".\", \"_\" or \"-\"; it cannot be changed later."),
    render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"})


def _optional_id(value):
    return None if value in (None, "", "None") else db_id(value)


class UserFilterForm(FlaskForm):
    """The filters of the list (GET, no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("User ID or name"), validators=[Optional(), Length(max=100)],
                    render_kw={"autocomplete": "off", "spellcheck": "false"})
    department = SelectField(_l("Department"), coerce=_optional_id, validators=[Optional()])
    role = SelectField(_l("Role"), choices=[SelectChoice("", _l("All"))] + [
        SelectChoice(role.value, ROLE_LABELS[role]) for role in Role], validators=[Optional()])
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, validators=[Optional()])


class AccountDetailsForm(FlaskForm):
    """Name, department, contacts and roles: what an administrator may change on an account."""

    display_name = StringField(_l("Name"), validators=[DataRequired(message=_l("Enter the person's name.")),
                                                       Length(max=100)], render_kw={"autocomplete": "off"})
    department = SelectField(_l("Department"), coerce=_optional_id, validators=[Optional()],
                             description=_l("Officers and department heads must belong to a department."))
    email = StringField(_l("E-mail"), validators=[Optional(), Length(max=254),
                                                  Email(message=_l("Enter a valid e-mail address."))],
                        render_kw={"autocomplete": "off", "spellcheck": "false", "type": "email"})
    phone = StringField(_l("Office phone"), validators=[Optional(), OFFICE_PHONE],
                        description=_l("Printed on notices with the officer's department and name."),
                        render_kw={"autocomplete": "off", "type": "tel"})
    roles = SelectMultipleField(_l("Roles"), choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in Role],
                                widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    #: the account as this form showed it (account_services.fingerprint): a change made meanwhile is not overwritten
    seen = HiddenField()

    def validate_roles(self, field) -> None:  # not DataRequired: that would mark every checkbox "required"
        if not field.data:
            raise ValidationError(_l("Choose at least one role."))


class TemporaryPasswordMixin:
    temporary_password = PasswordField(
        _l("Temporary password"),
        validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH, max=256, message=PASSWORD_LENGTH_MESSAGE)],
        render_kw={"autocomplete": "new-password"},
        description=_l("Leave empty to have one generated and shown once. The person must change it at their "
                       "first login."),
    )


class NewUserForm(TemporaryPasswordMixin, AccountDetailsForm):
    """A new staff account; the login ID is set once and never changes (the history refers to it)."""

    login_id = LOGIN_ID_FIELD


class PasswordResetForm(TemporaryPasswordMixin, FlaskForm):
    """An administrator's reset: a temporary password, changed by the person at their next login."""


class AccountActionForm(FlaskForm):
    """Deactivate, reactivate, unlock: a button and the CSRF token."""
