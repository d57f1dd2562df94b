"""The subscription form (consent per purpose, 개인정보 보호법 제15조②·제22조), the manage form and the one-button
forms of the links."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from policy_customers.domain import consent as rules


class FieldChoice(SelectMultipleField):
    """Check boxes; at least one must be ticked."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        super().pre_validate(form)
        if not self.data:
            raise ValidationError(_l("Choose at least one field."))


def _field_choice() -> FieldChoice:
    return FieldChoice(_l("Fields you want to hear about"), choices=[], validate_choice=True,
                       description=_l("Choose one or more."))


class SubscribeForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[DataRequired(message=_l("Enter your e-mail address.")),
                                                  Email(message=_l("Enter a valid e-mail address.")),
                                                  Length(max=254)],
                        render_kw={"autocomplete": "email", "inputmode": "email"})
    name = StringField(_l("Name (optional)"), validators=[Optional(), Length(max=100)],
                       render_kw={"autocomplete": "name"})
    fields = _field_choice()
    consent_news = BooleanField(
        _l("I agree to the collection and use of my personal data for policy news and notices of opinion "
           "surveys, as described above."),
        validators=[DataRequired(message=_l("We cannot send you policy news without this consent."))])
    consent_surveys = BooleanField(
        _l("I agree to the use of my personal data for requests to take part in opinion surveys, as described "
           "above (optional)."))
    website = StringField(_l("Leave this field empty"), validators=[Optional(), Length(max=200)])

    def purposes(self) -> set[str]:
        return {rules.NEWS} | ({rules.SURVEYS} if self.consent_surveys.data else set())


class ManageForm(FlaskForm):
    name = StringField(_l("Name (optional)"), validators=[Optional(), Length(max=100)],
                       render_kw={"autocomplete": "name"})
    fields = _field_choice()


class ConsentForm(FlaskForm):
    """Give or withdraw the consent to one purpose."""

    purpose = HiddenField(validators=[DataRequired()])
    give = HiddenField(validators=[DataRequired()])

    def validate_purpose(self, field):
        if field.data not in rules.PURPOSES:
            raise ValidationError(_l("Unknown purpose."))

    def validate_give(self, field):
        if field.data not in ("yes", "no"):
            raise ValidationError(_l("Unknown choice."))


class ButtonForm(FlaskForm):
    """A form of one button (confirm, renew, leave): the CSRF token only."""


class FieldForm(FlaskForm):
    """A field of interest (administrators)."""

    code = StringField(_l("Code"), validators=[Optional(), Length(max=40)],
                       description=_l("Capital letters, digits and hyphens, for example TRAFFIC. It cannot be "
                                      "changed later."))
    name_ko = StringField(_l("Name in Korean"), validators=[DataRequired(message=_l("Enter the Korean name.")),
                                                            Length(max=100)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(message=_l("Enter the English name.")),
                                                             Length(max=100)])
    is_active = BooleanField(_l("Offered on the subscription page"), default=True)
