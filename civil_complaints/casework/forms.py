"""Forms of the staff case page. Each carries the 민원's version (optimistic locking); field names are
unique across the page so every control has its own id. Shape only: the rules live in the state machine."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from civil_complaints.categories.forms import optional_id
from civil_complaints.domain.categories import MAX_CAUSE_LENGTH
from core.inputs import BoundedDateField, db_id


class VersionedForm(FlaskForm):
    """`version`: the 민원's version when the page was shown. Refusals are shown on `code_fields[code]`
    when the code concerns one field, else on `version` (rendered as plain text in the error summary)."""

    version = HiddenField()
    code_fields: dict[str, str] = {}

    def version_number(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None

    def show_refusal(self, code: str, message: str) -> None:
        field = getattr(self, self.code_fields.get(code, "version"))
        field.errors = [*field.errors, message]


class AssignForm(VersionedForm):
    assignee = SelectField(_l("Officer"), coerce=db_id, validators=[InputRequired(message=_l("Choose an officer."))])


class StartForm(VersionedForm):
    pass


class SupplementRequestForm(VersionedForm):
    request_text = TextAreaField(_l("What must be supplemented"), validators=[DataRequired(message=_l(
        "Say what is missing.")), Length(max=5000)])
    respond_days = IntegerField(_l("Days to respond"), default=7, validators=[
        InputRequired(message=_l("Enter a number of days.")), NumberRange(min=1, max=60)],
        description=_l("Counted under the Civil Act from the day after the request (Decree Article 24(4)); "
                       "an end on a Saturday or holiday moves to the next working day."))
    late_reason = TextAreaField(_l("Why the request comes later than 8 working hours after receipt"), validators=[
        Optional(), Length(max=500)], description=_l("For example: found during a site visit (Rule Article 9(1) "
                                                     "proviso). The request is recorded as late all the same."))
    code_fields = {"supplement_days_invalid": "respond_days", "supplement_text_required": "request_text"}


class SupplementNeedForm(VersionedForm):
    need_note = StringField(_l("What is missing"), validators=[DataRequired(message=_l("Say what is missing.")),
                                                               Length(max=300)],
                            description=_l("The handler is reminded if no request is sent within 8 working hours of "
                                           "receipt (Rule Article 9(1))."))
    code_fields = {"supplement_need_note_required": "need_note"}


class RepeatSupplementForm(VersionedForm):
    repeat_text = TextAreaField(_l("What must still be supplemented"), validators=[DataRequired(message=_l(
        "Say what is missing.")), Length(max=5000)])
    repeat_days = IntegerField(_l("Days to respond (at most 10)"), default=10, validators=[
        InputRequired(message=_l("Enter a number of days.")), NumberRange(min=1, max=60)])
    code_fields = {"second_supplement_too_long": "repeat_days", "supplement_days_invalid": "repeat_days"}


class ReturnedForm(VersionedForm):
    returned_note = StringField(_l("Why it came back (optional)"), validators=[Optional(), Length(max=300)],
                                description=_l("For example: addressee unknown."))


class DeemWithdrawnForm(VersionedForm):
    confirm_withdrawn = BooleanField(_l("Close this complaint as withdrawn."), validators=[DataRequired(message=_l(
        "Tick the box to confirm."))])


class ReturnForm(VersionedForm):
    return_reasons = TextAreaField(_l("Reasons for returning the application"), validators=[
        DataRequired(message=_l("State the reasons; the complainant is told them.")), Length(max=5000)])
    return_remedies = TextAreaField(_l("Remedies"), validators=[Optional(), Length(max=5000)],
                                    description=_l("Required for a statutory complaint, as for a refusal (Articles "
                                                   "27(3) and 35 of the Act)."))
    code_fields = {"return_reasons_required": "return_reasons", "return_remedies_required": "return_remedies"}


EXTENSION_GROUNDS = ("COOPERATION_REQUIRED", "FACT_OR_SITE_CHECK", "FORCE_MAJEURE", "EQUIVALENT", "SIMPLE_WORKLOAD",
                     "OFFICER_ASSIGNMENT_DELAY", "OFFICER_ABSENCE", "UNAVOIDABLE")


class ExtendForm(VersionedForm):
    ext_amount = IntegerField(_l("Length of the extension"), validators=[
        InputRequired(message=_l("Enter the length.")), NumberRange(min=1, max=3660)])
    ext_ground = SelectField(_l("Ground"), validators=[DataRequired(message=_l("Choose a ground."))])
    ext_reason = TextAreaField(_l("Reason as the complainant will read it"), validators=[
        DataRequired(message=_l("Explain the reason.")), Length(max=2000)])
    ext_consent = BooleanField(_l("The complainant consented to this second extension."))
    ext_consent_note = StringField(_l("How and when consent was given"), validators=[Optional(), Length(max=300)],
                                   description=_l("For example: by telephone on 2026. 6. 10. at 14:00."))
    code_fields = {"extension_ground_refused": "ext_ground", "extension_ground_not_allowed": "ext_ground",
                   "extension_ground_required": "ext_ground", "extension_consent_required": "ext_consent",
                   "extension_too_long": "ext_amount", "extension_unit_mismatch": "ext_amount",
                   "extension_reason_required": "ext_reason", "extension_reason_barred": "ext_reason",
                   "extension_reason_vague": "ext_reason"}


class DepartmentTransferForm(VersionedForm):
    target_department = SelectField(_l("Department"), coerce=db_id, validators=[
        InputRequired(message=_l("Choose a department."))])
    transfer_reason = TextAreaField(_l("Why it belongs there"), validators=[DataRequired(message=_l(
        "Give the reason.")), Length(max=2000)])
    transfer_far = BooleanField(_l("The department is far away or another special reason applies (Decree "
                                   "Article 13(1) proviso: 3 working hours instead of 1)"))
    code_fields = {"transfer_same_department": "target_department", "transfer_target_inactive": "target_department"}


class AgencyTransferForm(VersionedForm):
    agency_name = StringField(_l("Agency"), validators=[DataRequired(message=_l("Name the agency.")),
                                                        Length(max=200)])
    agency_reason = TextAreaField(_l("Why it belongs to that agency"), validators=[DataRequired(message=_l(
        "Give the reason.")), Length(max=2000)])


class FollowUpForm(VersionedForm):
    follow_up_note = TextAreaField(_l("What became of it"), validators=[DataRequired(message=_l(
        "Write what you found out.")), Length(max=2000)])


class CooperationForm(VersionedForm):
    coop_department = SelectField(_l("Department"), coerce=db_id, validators=[
        InputRequired(message=_l("Choose a department."))])
    coop_text = TextAreaField(_l("What you need from them"), validators=[DataRequired(message=_l(
        "Say what you need.")), Length(max=5000)])
    coop_reply_due = BoundedDateField(_l("Reply by"), validators=[DataRequired(message=_l("Enter a date."))])
    code_fields = {"cooperation_same_department": "coop_department", "cooperation_already_open": "coop_department",
                   "cooperation_after_due": "coop_reply_due", "cooperation_due_past": "coop_reply_due"}


class CooperationExtendForm(VersionedForm):
    coop_new_due = BoundedDateField(_l("New reply date"), validators=[DataRequired(message=_l("Enter a date."))])
    coop_ext_reason = TextAreaField(_l("Reason for the extension"), validators=[DataRequired(message=_l(
        "Give the reason.")), Length(max=2000)])
    coop_ext_progress = TextAreaField(_l("Progress so far"), validators=[DataRequired(message=_l(
        "Say how far the work has progressed.")), Length(max=2000)], description=_l(
        "Notified with the reason and the new reply date (Article 20(3) of the Act)."))
    code_fields = {"cooperation_extension_too_long": "coop_new_due", "cooperation_extension_not_later": "coop_new_due",
                   "cooperation_progress_required": "coop_ext_progress"}


class CooperationReplyForm(VersionedForm):
    coop_reply = TextAreaField(_l("Your reply"), validators=[DataRequired(message=_l("Write the reply.")),
                                                             Length(max=10000)])


OUTCOMES = [SelectChoice("accepted", _l("Answer")), SelectChoice("refused", _l("Refuse the request"))]


class AnswerForm(VersionedForm):
    text = TextAreaField(_l("Answer"), validators=[DataRequired(message=_l("Write the answer.")), Length(max=20000)])
    template_id = HiddenField()
    outcome = RadioField(_l("Result"), choices=OUTCOMES, default="accepted", validators=[DataRequired()])
    refusal_reasons = TextAreaField(_l("Reasons for the refusal"), validators=[Optional(), Length(max=5000)],
                                    description=_l("Required for a refusal (Article 27(3) of the Act)."))
    remedies = TextAreaField(_l("Remedies"), validators=[Optional(), Length(max=5000)],
                             description=_l("How the complainant can challenge the refusal."))
    answer_files = MultipleFileField(_l("Attachments (optional)"), description=_l(
        "Up to 5 files of at most 10 MB each."))
    cause = StringField(_l("Cause (optional)"), validators=[Optional(), Length(max=MAX_CAUSE_LENGTH)],
                        description=_l("In a few words, why this complaint arose, e.g. unclear parking signs. "
                                       "Staff only; it feeds the analysis and the improvement register."))
    systemic = BooleanField(_l("The cause is systemic: a fault of a rule or a process, not a one-off"))
    code_fields = {"answer_empty": "text", "refusal_reasons_required": "refusal_reasons",
                   "refusal_remedies_required": "remedies", "too_many_files": "answer_files",
                   "file_too_large": "answer_files", "file_type_refused": "answer_files"}


class ClassifyForm(VersionedForm):
    category_id = SelectField(_l("Category"), coerce=optional_id, validators=[Optional()])
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=400)],
                       description=_l("Free words separated by commas, at most 10, e.g. parking, school zone. "
                                      "Stored in lower case."))
    code_fields = {"tag_too_long": "tags", "too_many_tags": "tags", "category_not_found": "category_id"}


class CloseRepeatedForm(VersionedForm):
    earlier_numbers = TextAreaField(_l("Receipt numbers of the earlier complaints"), validators=[
        DataRequired(message=_l("Enter the earlier receipt numbers.")), Length(max=1000)],
        description=_l("One per line, e.g. HB-2606-000123. Same complainant, same content (Article 23 of the Act)."))
    committee = BooleanField(_l("The complaint coordination committee deliberated (joint complaints only)"))
    code_fields = {"repeat_too_few_filings": "earlier_numbers", "repeat_too_few_answers": "earlier_numbers",
                   "linked_not_found": "earlier_numbers", "linked_self": "earlier_numbers",
                   "repeat_link_not_earlier": "earlier_numbers", "repeat_not_same_complainant": "earlier_numbers",
                   "repeat_received_before_answers": "earlier_numbers", "repeat_joint_needs_committee": "committee"}


class AuditReferralForm(VersionedForm):
    audit_department = SelectField(_l("Audit department"), coerce=db_id, validators=[
        InputRequired(message=_l("Choose a department."))])
    audit_earlier = TextAreaField(_l("Receipt numbers of the earlier filings"), validators=[
        DataRequired(message=_l("Enter the earlier receipt numbers.")), Length(max=1000)],
        description=_l("Same complainant, same content (Decree Article 17(2))."))
    audit_text = TextAreaField(_l("What to investigate"), validators=[DataRequired(message=_l(
        "Say what to investigate.")), Length(max=5000)])
    audit_due = BoundedDateField(_l("Findings due by"), validators=[DataRequired(message=_l("Enter a date."))])
    code_fields = {"audit_needs_earlier": "audit_earlier", "linked_not_found": "audit_earlier",
                   "linked_self": "audit_earlier", "repeat_link_not_earlier": "audit_earlier",
                   "repeat_not_same_complainant": "audit_earlier", "audit_text_required": "audit_text",
                   "audit_due_past": "audit_due", "audit_after_due": "audit_due",
                   "transfer_target_inactive": "audit_department"}


class AuditFindingsForm(VersionedForm):
    audit_findings = TextAreaField(_l("Findings of the audit department"), validators=[DataRequired(message=_l(
        "Write the findings.")), Length(max=10000)])
    code_fields = {"audit_findings_required": "audit_findings"}


class MergeForm(VersionedForm):
    merge_numbers = TextAreaField(_l("Receipt numbers to merge into this complaint"), validators=[
        DataRequired(message=_l("Enter the receipt numbers.")), Length(max=2000)],
        description=_l("One per line. Same purpose, 5 or more people in all, not yet in processing, received no "
                       "earlier than this complaint (Decree Article 6(7))."))
    code_fields = {"merge_too_few": "merge_numbers", "linked_not_found": "merge_numbers",
                   "linked_self": "merge_numbers", "merge_other_department": "merge_numbers",
                   "merge_none_given": "merge_numbers", "merge_primary_not_earliest": "merge_numbers",
                   "merge_after_start": "merge_numbers", "merged_handled_with_primary": "merge_numbers",
                   "merge_other_is_primary": "merge_numbers", "complaint_finished": "merge_numbers"}


class DownloadForm(FlaskForm):
    download_reason = StringField(_l("Reason for downloading"), validators=[
        DataRequired(message=_l("A download needs a reason; it is written to the access log.")), Length(max=300)])


def numbers(text: str | None) -> list[str]:
    """Receipt numbers typed one per line (commas and spaces also separate them)."""
    return [part for part in (text or "").replace(",", " ").split() if part.strip()]


class NoteForm(FlaskForm):
    """내부 메모 (casework/notes.py): no version, a note does not change the 민원."""

    note_text = TextAreaField(_l("Internal note"), validators=[
        DataRequired(message=_l("Write the note.")), Length(max=2000)],
        description=_l("Seen by staff only, never by the complainant. A note cannot be changed or deleted later."))
