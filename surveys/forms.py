"""Forms of the survey pages for staff (shape only: the rules live in domain/answers.py and services.py). The
respondents' form is drawn from the survey's questions (public_views.py), not a class here."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from core.inputs import BoundedDateField, db_id


class SurveyForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(message=_l("Give the survey a title.")),
                                                 Length(max=200)])
    description = TextAreaField(_l("Introduction"), validators=[Optional(), Length(max=4000)],
                                description=_l("Shown above the questions: what the survey is about and how the "
                                               "answers will be used."))
    department_id = SelectField(_l("Owner department"), coerce=db_id,
                                validators=[InputRequired(message=_l("Choose a department."))])
    closes_on = BoundedDateField(_l("Last day for answers"), validators=[Optional()],
                                 description=_l("Optional: the survey stops taking answers at the end of this day."))
    is_public = BooleanField(_l("Published on its own: anyone may answer at its public address while it is open"))


KIND_CHOICES = [SelectChoice("single", _l("One choice")), SelectChoice("multi", _l("Several choices")),
                SelectChoice("text", _l("Free text"))]


class QuestionForm(FlaskForm):
    text = StringField(_l("Question"), validators=[DataRequired(message=_l("Write the question.")),
                                                   Length(max=500)])
    kind = SelectField(_l("Kind of answer"), choices=KIND_CHOICES,
                       validators=[InputRequired(message=_l("Choose the kind of answer."))])
    choices = TextAreaField(_l("Choices"), validators=[Optional(), Length(max=4000)],
                            description=_l("One per line; at least two for a choice question. Left out for free "
                                           "text."))
    required = BooleanField(_l("An answer is required"))
    position = IntegerField(_l("Position"), default=1, validators=[
        InputRequired(message=_l("Enter a number from 1 to 999.")), NumberRange(min=1, max=999)])

    def choice_lines(self) -> list[str]:
        return [line.strip() for line in (self.choices.data or "").splitlines() if line.strip()]


class ButtonForm(FlaskForm):
    """A button that changes state (open, close, publish, delete): the CSRF token only."""
