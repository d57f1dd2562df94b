"""Forms of the 민원인's own pages: lookup, supplement, more time for a supplement, withdrawal, rating (shape only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from civil_complaints.domain.workflow import MAX_SUPPLEMENT_TIME_DAYS


class LookupForm(FlaskForm):
    receipt_no = StringField(_l("Receipt number"), validators=[DataRequired(message=_l(
        "Enter the receipt number.")), Length(max=30)], description=_l("For example HB-2611-000123."))
    contact = StringField(_l("Mobile phone or e-mail you gave"), validators=[DataRequired(message=_l(
        "Enter the phone number or e-mail address you gave.")), Length(max=254)])
    password = PasswordField(_l("Lookup password"), validators=[DataRequired(message=_l(
        "Enter your lookup password.")), Length(max=64)])


class SupplementForm(FlaskForm):
    text = TextAreaField(_l("Your supplement"), validators=[DataRequired(message=_l(
        "Describe what you are adding.")), Length(max=10000)])
    attachments = MultipleFileField(_l("Attachments (optional)"))


class SupplementTimeForm(FlaskForm):
    """영 제24조②: the 민원인 states how much more time they need to supplement."""

    # Own ids: the status page also holds the withdrawal form, whose reason field must not share an id.
    days = IntegerField(_l("How many more days do you need?"), id="supplement-time-days", validators=[
        InputRequired(message=_l("Enter a number of days.")),
        NumberRange(min=1, max=MAX_SUPPLEMENT_TIME_DAYS, message=_l("Ask for between 1 and %(limit)s more days.",
                                                                    limit=MAX_SUPPLEMENT_TIME_DAYS))])
    reason = StringField(_l("Reason (optional)"), id="supplement-time-reason",
                         validators=[Optional(), Length(max=300)])


class WithdrawForm(FlaskForm):
    reason = StringField(_l("Reason for withdrawing (optional)"), id="withdraw-reason",
                         validators=[Optional(), Length(max=300)])
    confirm = BooleanField(_l("I want to withdraw this complaint."), id="withdraw-confirm",
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])


class SatisfactionForm(FlaskForm):
    rating = RadioField(_l("How satisfied are you with how your complaint was handled?"),
                        choices=[SelectChoice("satisfied", _l("Satisfied")), SelectChoice("neutral", _l("Neutral")),
                                 SelectChoice("dissatisfied", _l("Dissatisfied"))],
                        validators=[DataRequired(message=_l("Choose one."))])
    comment = TextAreaField(_l("Comment (optional)"), validators=[Optional(), Length(max=1000)])


class ContactForm(FlaskForm):
    """내 민원: the phone number or e-mail address the 민원인 filed with."""

    contact = StringField(_l("Mobile phone or e-mail you gave"), validators=[DataRequired(message=_l(
        "Enter the phone number or e-mail address you gave.")), Length(max=254)],
        description=_l("For example 010-1234-5678 or hong@example.kr."))


class CodeForm(FlaskForm):
    code = StringField(_l("Verification code"), validators=[DataRequired(message=_l(
        "Enter the 6-digit code we sent.")), Length(max=20)], description=_l("6 digits"))
