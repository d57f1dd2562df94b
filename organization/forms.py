"""Forms for staff login and accounts. Shape validation only; credentials are checked by services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from organization.domain.roles import Role
from organization.labels import ROLE_LABELS
from organization.services import MIN_PASSWORD_LENGTH

PASSWORD_LENGTH_MESSAGE = _l("A password has %(min)d to %(max)d characters.")
PASSWORD_HINT = _l("At least %(min)d characters.", min=MIN_PASSWORD_LENGTH)


class LoginForm(FlaskForm):
    login_id = StringField(
        _l("User ID"),
        validators=[DataRequired(message=_l("Enter your user ID.")), Length(max=64)],
        render_kw={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password.")), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password.")), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(message=_l("Enter a new password.")),
                    Length(min=MIN_PASSWORD_LENGTH, max=256, message=PASSWORD_LENGTH_MESSAGE)],
        render_kw={"autocomplete": "new-password"}, description=PASSWORD_HINT,
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(message=_l("Enter the new password again.")),
                    EqualTo("new_password", message=_l("The two new passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


class AccountForm(FlaskForm):
    """An administrator's changes to a staff account (each of them ends the account's sessions)."""

    roles = SelectMultipleField(_l("Roles"), choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in Role],
                                widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    active = BooleanField(_l("The account may log in"))
    new_password = PasswordField(
        _l("New password"),
        validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH, max=256, message=PASSWORD_LENGTH_MESSAGE)],
        render_kw={"autocomplete": "new-password"},
        description=_l("Leave empty to keep the password. A new password also lifts a lock-out."),
    )

    def validate_roles(self, field) -> None:  # not DataRequired: that would mark every checkbox "required"
        if not field.data:
            raise ValidationError(_l("Choose at least one role."))
