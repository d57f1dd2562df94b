"""Forms of the citizen pages and the staff actions on a 민원 (shape only; rules live in services)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget, PasswordInput

from civil_complaints.domain.contacts import is_mobile_number
from civil_complaints.intake import policy_optin
from core.inputs import BoundedDateField

PHONE = Regexp(r"^[0-9\-\s]{9,15}$", message=_l("Enter a phone number such as 010-1234-5678."))
NOTIFY_CHOICES = [SelectChoice("email", _l("E-mail")), SelectChoice("sms", _l("Text message (SMS)")),
                  SelectChoice("none", _l("I will check online myself"))]
#: D14: choosing online checking is the moment the 민원인 is told that progress and transfer notices are omitted
ONLINE_CHOICE_NOTE = _l("If you check online yourself, we publish the progress on the lookup page and send no "
                        "progress or transfer notices (Decree Articles 13(5) and 23(3)). Notices the law requires "
                        "(supplement requests, extensions, the result, closure) still reach you by e-mail or text "
                        "message.")
STAFF_NOTIFY_CHOICES = [SelectChoice("post", _l("Post (printed letter)")), SelectChoice("email", _l("E-mail")),
                        SelectChoice("sms", _l("Text message (SMS)")),
                        SelectChoice("none", _l("Checks online (told that progress and transfer notices are "
                                                "omitted)"))]
POSTAL_CODE = Regexp(r"^\d{5}$", message=_l("Enter the 5-digit postal code."))


class ComplaintForm(FlaskForm):
    """The public filing form. Its CSRF token is checked once, by the view (`filing_guards.expired_session`: a bad
    or expired token gives the form back as typed); the form itself neither signs a second token nor checks it
    again (measured alone: ~0.09 ms of each filing, a signature made and one checked). The template renders the
    token with `csrf_token()`, and the filing token (`filing_guards`) beside it."""

    class Meta:
        csrf = False

    language = "ko"  #: the page's language, for the names of the policy news fields (set by the view)

    type_code = SelectField(_l("Type of complaint"), validators=[DataRequired(message=_l("Choose a type."))])
    title = StringField(_l("Title"), validators=[DataRequired(message=_l("Enter a title.")), Length(max=200)])
    content = TextAreaField(_l("Details"), validators=[DataRequired(message=_l("Describe your complaint.")),
                                                       Length(max=10000)],
                            description=_l("What happened, where and when, and what you would like us to do."))
    address = StringField(_l("Location or address"), validators=[Optional(), Length(max=300)],
                          description=_l("Only when your complaint concerns a place, e.g. the crosswalk in front of "
                                         "12 Hanbit-daero."))
    name = StringField(_l("Your name"), validators=[DataRequired(message=_l("Enter your name.")), Length(max=100)],
                       render_kw={"autocomplete": "name"})
    phone = StringField(_l("Mobile phone"), validators=[Optional(), PHONE],
                        render_kw={"autocomplete": "tel", "inputmode": "tel"})
    email = StringField(_l("E-mail"), validators=[Optional(), Email(message=_l("Enter a valid e-mail address.")),
                                                  Length(max=254)],
                        render_kw={"autocomplete": "email", "inputmode": "email"})
    notify_channel = RadioField(_l("How should we notify you?"), choices=NOTIFY_CHOICES, default="email",
                                validators=[DataRequired()], description=ONLINE_CHOICE_NOTE)
    attachments = MultipleFileField(
        _l("Attachments (optional)"),
        description=_l("Up to 5 files of at most 10 MB each: PDF, images (PNG, JPG, GIF), HWP/HWPX, "
                       "Word/Excel/PowerPoint, text. Files must be chosen again if the form shows an error."))
    is_joint = BooleanField(_l("This is a joint complaint filed by 5 or more people"))
    co_signers = TextAreaField(_l("Names of the other signers"), validators=[Optional(), Length(max=5000)],
                               description=_l("One name per line. You are the representative."))
    lookup_password = PasswordField(
        _l("Lookup password"),
        validators=[DataRequired(message=_l("Choose a lookup password.")), Length(min=4, max=64, message=_l(
            "Use 4 to 64 characters."))],
        description=_l("You will need it, with the receipt number and your contact, to follow your complaint."),
        render_kw={"autocomplete": "new-password"}, widget=PasswordInput(hide_value=False))  # kept on errors
    consent = BooleanField(_l("I agree to the collection and use of my personal data as described above."),
                           validators=[DataRequired(message=_l(
                               "We cannot receive the complaint without your consent."))])
    improvement_consent = BooleanField(
        _l("Tell me about rules changed because of my complaint"),
        description=_l("Optional. If a rule or service is changed because of this complaint, we tell you once, by "
                       "e-mail or text message, using the contact above; nothing else is sent."))
    #: 정책 소식 받기 (policy_optin.py): optional, unticked; judged only when `policy_news` is ticked
    policy_news = BooleanField(_l("Also send me policy news by e-mail"), description=_l(
        "Optional. Your complaint is handled the same whether or not you tick this. We e-mail you a link to confirm "
        "first."))
    policy_fields = SelectMultipleField(_l("Fields you want to hear about"), choices=None, validate_choice=False,
                                        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                        description=_l("Choose one or more."))
    policy_consent_news = BooleanField(_l(
        "I agree to the collection and use of my personal data for policy news and notices of opinion surveys, as "
        "described above."))
    policy_consent_surveys = BooleanField(_l(
        "I agree to the use of my personal data for requests to take part in opinion surveys, as described above "
        "(optional)."))
    website = StringField(_l("Leave this field empty"), validators=[Optional(), Length(max=200)])
    #: 재민원: the receipt number of the 민원 this one follows up (kept only when this browser may open it)
    follows = HiddenField(validators=[Optional(), Length(max=30)])

    def validate_email(self, field):
        if not field.data and not self.phone.data:
            raise ValidationError(_l("Give a mobile phone number or an e-mail address so we can reach you."))
        if self.notify_channel.data == "email" and not field.data:
            raise ValidationError(_l("Enter an e-mail address to be notified by e-mail."))

    def validate_policy_news(self, field):
        if field.data and not (self.email.data or "").strip():
            raise ValidationError(_l("Give your e-mail address above to receive policy news, or untick this box."))

    def validate_policy_fields(self, field):
        if not self.policy_news.data:
            return
        if not field.data:
            raise ValidationError(_l("Choose at least one field."))
        offered = policy_optin.offered_codes(self.language)
        if offered is not None and not set(field.data) <= offered:
            raise ValidationError(_l("Choose fields from the list."))

    def validate_policy_consent_news(self, field):
        if self.policy_news.data and not field.data:
            raise ValidationError(_l("We cannot send you policy news without this consent."))

    def validate_phone(self, field):
        if self.notify_channel.data == "sms" and not field.data:
            raise ValidationError(_l("Enter a mobile phone number to be notified by text message."))
        if self.notify_channel.data == "sms" and not is_mobile_number(field.data):
            raise ValidationError(_l("Text messages reach mobile numbers only (010, 011, 016, 017, 018, 019). "
                                     "Enter a mobile phone number or choose another way to be notified."))

    def co_signer_names(self) -> list[str]:
        if not self.is_joint.data:
            return []
        return [line.strip() for line in (self.co_signers.data or "").splitlines() if line.strip()]

    def validate_co_signers(self, field):
        if self.is_joint.data and len(self.co_signer_names()) < 4:
            raise ValidationError(_l("A joint complaint needs at least 4 other signers (5 people in all)."))


class RegisterForm(ComplaintForm):
    """An officer registers a 민원 received by visit, phone, letter, fax or e-mail (D1). No 정책 소식 받기: a
    subscription is the person's own act, on the public form or page."""

    policy_news = policy_fields = policy_consent_news = policy_consent_surveys = None

    channel = SelectField(_l("Received by"), choices=[
        SelectChoice("visit", _l("Visit")), SelectChoice("phone", _l("Telephone")),
        SelectChoice("letter", _l("Letter")), SelectChoice("fax", _l("Fax")), SelectChoice("email", _l("E-mail"))])
    received_on = BoundedDateField(_l("Date received"),
                                   validators=[DataRequired(message=_l("Enter the date received."))])
    received_time = TimeField(_l("Time received"), validators=[DataRequired(message=_l("Enter the time received."))])
    arrived_on = BoundedDateField(_l("Date it reached us (if earlier)"), validators=[Optional()])
    arrived_time = TimeField(_l("Time it reached us"), validators=[Optional()])
    consent = BooleanField(_l("The complainant agreed to the collection and use of personal data."),
                           validators=[DataRequired(message=_l("Record the complainant's consent."))])
    lookup_password = PasswordField(_l("Lookup password (optional)"), validators=[Optional(), Length(min=4, max=64)],
                                    description=_l("Give it to the complainant so they can follow the complaint."))
    notify_channel = RadioField(_l("How is the complainant notified?"), choices=STAFF_NOTIFY_CHOICES, default="post",
                                validators=[DataRequired()], description=_l(
                                    "Notices the law requires always go out; this chooses how. Without a mobile "
                                    "phone or e-mail they go by post. Online checking needs a lookup password."))
    postal_code = StringField(_l("Postal code"), validators=[Optional(), POSTAL_CODE],
                              render_kw={"autocomplete": "postal-code", "inputmode": "numeric"})
    postal_address = StringField(_l("Postal address"), validators=[Length(max=300)],
                                 description=_l("Required when the complainant has no mobile phone or e-mail, or "
                                                "chose post: notices the law requires then go by letter."),
                                 render_kw={"autocomplete": "street-address"})

    def validate_email(self, field):
        if self.notify_channel.data == "email" and not field.data:
            raise ValidationError(_l("Enter an e-mail address to be notified by e-mail."))

    def validate_postal_address(self, field):
        if not (field.data or "").strip() and not self.email.data and not is_mobile_number(self.phone.data):
            raise ValidationError(_l("Without a mobile phone number or an e-mail address the complainant can be "
                                     "reached only by post: enter the postal address."))
        if self.notify_channel.data == "post" and not (field.data or "").strip():
            raise ValidationError(_l("Enter the postal address to send notices by post."))

    def validate_notify_channel(self, field):
        if field.data == "none" and not (self.lookup_password.data and (self.email.data or self.phone.data)):
            raise ValidationError(_l("Checking online needs a lookup password and a mobile phone number or an "
                                     "e-mail address."))
