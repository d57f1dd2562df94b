"""The policy-news message form (shape only: the rules are in messages/services.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from core.inputs import db_id
from policy_customers.forms import FieldChoice


def _survey_id(value):
    """The survey choice: "" is none, anything else an id."""
    return None if value in ("", None, "None") else db_id(value)


class MessageForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(message=_l("Write a subject.")), Length(max=150)])
    body = TextAreaField(_l("Message"), validators=[DataRequired(message=_l("Write the message.")),
                                                    Length(max=10000)],
                         render_kw={"rows": 12},
                         description=_l("Plain text. The unsubscribe and manage links are added to every mail."))
    fields = FieldChoice(_l("Fields"), choices=[], validate_choice=True,
                         description=_l("The subscribers of any of these fields who consented to policy news "
                                        "receive it."))
    department_id = SelectField(_l("Sending department"), coerce=db_id,
                                validators=[InputRequired(message=_l("Choose a department."))])
    survey_id = SelectField(_l("Attached survey (optional)"), coerce=_survey_id, validate_choice=True,
                            description=_l("An open survey. Only the subscribers who also consented to survey "
                                           "requests get a link to answer it."))
