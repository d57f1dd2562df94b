"""Forms of internal satisfaction: a request's rating, a survey answer, opening and closing a survey period."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from core.inputs import BoundedDateField

MAX_COMMENT = 1000


def _levels() -> list[SelectChoice]:
    """Five levels, the best first (as 만족도 questionnaires read)."""
    return [SelectChoice("5", _l("5 - Very satisfied")), SelectChoice("4", _l("4 - Satisfied")),
            SelectChoice("3", _l("3 - Neutral")), SelectChoice("2", _l("2 - Dissatisfied")),
            SelectChoice("1", _l("1 - Very dissatisfied"))]


def _score(label) -> RadioField:
    return RadioField(label, choices=_levels(), validators=[DataRequired(message=_l("Choose one of the five levels."))])


def _comment(label) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=MAX_COMMENT, message=_l(
        "Write at most %(max)d characters.", max=MAX_COMMENT))])


class RatingForm(FlaskForm):
    """The requester's rating of a resolved request (once)."""

    score = _score(_l("How satisfied are you with how this request was handled?"))
    comment = _comment(_l("Comment (optional)"))
    version = HiddenField()


class SurveyAnswerForm(FlaskForm):
    """One department's rating of one providing department in a survey period."""

    provider_id = HiddenField()
    speed = _score(_l("Speed"))
    accuracy = _score(_l("Accuracy"))
    kindness = _score(_l("Courtesy"))
    overall = _score(_l("Overall satisfaction"))
    comment = _comment(_l("Comment (optional; the rated department sees it without your department's name)"))


class OpenSurveyForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(message=_l("Enter a title.")), Length(max=200)],
                        description=_l("For example: 2026 second-half internal customer survey"))
    closes_on = BoundedDateField(_l("Closing date"), validators=[DataRequired(message=_l("Enter the closing date."))],
                                 description=_l("Answers are accepted until the end of this day."))


class CloseSurveyForm(FlaskForm):
    period_id = HiddenField()
