"""Forms for staff login and accounts. Shape validation only; credentials are checked by services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

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
