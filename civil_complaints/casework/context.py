"""Everything the staff case page shows: the record, the deadline and how it was counted, the timeline, and
the action panels this user may use now (each form pre-filled with the 민원's version)."""

from __future__ import annotations

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from civil_complaints.access import can_handle
from civil_complaints.case_panels import case_panel
from civil_complaints.casework import forms as wf
from civil_complaints.casework import timeline
from civil_complaints.casework.answers import templates_for
from civil_complaints.casework.cooperation import can_reply
from civil_complaints.casework.duplicates import REASON_LABELS, possible_duplicates
from civil_complaints.casework.merges import merged_into
from civil_complaints.casework.notes import can_write_note, notes_of
from civil_complaints.casework.services import can_assign
from civil_complaints.casework.staff_notify import due_text_of
from civil_complaints.casework.supplements import supplement_limit
from civil_complaints.casework.support import audit_referral_of, case_facts, extensions_of, open_pause, round_requests
from civil_complaints.categories.forms import category_choices
from civil_complaints.categories.services import category_of, tags_of
from civil_complaints.complaint_models import Complaint, ComplaintPause
from civil_complaints.deadlines import explain_text
from civil_complaints.deadlines.services import deadline_of
from civil_complaints.domain.extensions import allowed_grounds
from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.domain.status import OPEN_STATUSES
from civil_complaints.domain.workflow import ALLOWED_FROM, Action, may_return, withdrawal_ground
from civil_complaints.improvements.access import can_create
from civil_complaints.improvements.labels import STATUS_LABELS as IMPROVEMENT_STATUS_LABELS
from civil_complaints.improvements.queries import improvements_of
from civil_complaints.labels import (
    COOPERATION_STATUS_LABELS,
    EXTENSION_GROUND_LABELS,
    MERGE_END_LABELS,
    NOTICE_LABELS,
    PAUSE_END_LABELS,
    TRANSFER_BASIS_LABELS,
    TRANSFER_KIND_LABELS,
    WITHDRAWAL_GROUND_LABELS,
)
from civil_complaints.letters.pdf import letter_pdf_size
from civil_complaints.letters.services import can_dispatch, letters_of
from civil_complaints.workflow_models import (
    ComplaintAnswer,
    ComplaintLink,
    ComplaintReturn,
    ComplaintTransfer,
    CooperationRequest,
    SupplementRequest,
)
from core.clock import KST, now_utc
from core.extensions import db
from core.i18n import official_date
from core.inputs import parse_int
from core.masking import mask_email, mask_name, mask_phone
from organization.domain.roles import Permission
from organization.models import Department, User
from working_calendar.cache import load_calendar

LABELS = {"ground_labels": EXTENSION_GROUND_LABELS, "transfer_kind_labels": TRANSFER_KIND_LABELS,
          "cooperation_status_labels": COOPERATION_STATUS_LABELS, "withdrawal_ground_labels": WITHDRAWAL_GROUND_LABELS,
          "transfer_basis_labels": TRANSFER_BASIS_LABELS, "merge_end_labels": MERGE_END_LABELS,
          "pause_end_labels": PAUSE_END_LABELS}

FORMS = {
    "assign": wf.AssignForm, "start": wf.StartForm, "supplement": wf.SupplementRequestForm,
    "repeat_supplement": wf.RepeatSupplementForm, "returned": wf.ReturnedForm, "deem_withdrawn": wf.DeemWithdrawnForm,
    "extend": wf.ExtendForm, "transfer_department": wf.DepartmentTransferForm,
    "transfer_agency": wf.AgencyTransferForm, "follow_up": wf.FollowUpForm, "cooperation": wf.CooperationForm,
    "cooperation_extend": wf.CooperationExtendForm, "cooperation_reply": wf.CooperationReplyForm,
    "answer": wf.AnswerForm, "close_repeated": wf.CloseRepeatedForm, "merge": wf.MergeForm,
    "return": wf.ReturnForm, "supplement_need": wf.SupplementNeedForm, "audit_referral": wf.AuditReferralForm,
    "audit_findings": wf.AuditFindingsForm, "classify": wf.ClassifyForm,
}


def unit_labels() -> dict[str, str]:
    return {"h": _("working hours"), "d": _("days"), "w": _("weeks"), "m": _("months"), "y": _("years")}


def remedies_default(kind: str) -> str:
    """법 제27조③: how a refusal can be challenged (이의신청 only against a 법정민원 refusal, 법 제35조)."""
    text = _("You may file an administrative appeal within 90 days of learning of this decision (Article 27 of "
             "the Administrative Appeals Act) or bring an administrative suit (Article 20 of the Administrative "
             "Litigation Act).")
    if kind == "statutory":
        text = _("You may file an objection in writing within 60 days of this decision (Article 35 of the Act "
                 "on Civil Petitions).") + " " + text
    return text


def _panels(complaint: Complaint, facts) -> dict[str, bool]:
    status = facts.status
    handle = can_handle(current_user, complaint)

    def may(action: Action) -> bool:
        return handle and status in ALLOWED_FROM[action]

    return {
        "assign": can_assign(current_user, complaint) and status in ALLOWED_FROM[Action.ASSIGN],
        "start": may(Action.START) and not facts.merged,
        "supplement": may(Action.REQUEST_SUPPLEMENT) and not facts.merged,
        "repeat_supplement": may(Action.REPEAT_SUPPLEMENT) and facts.supplement_requests < 2
        and (facts.supplement_overdue or facts.supplement_returned >= 1),
        "returned": may(Action.RECORD_RETURNED) and facts.supplement_returned < facts.supplement_requests,
        "deem_withdrawn": handle and withdrawal_ground(facts) is not None,
        "return": handle and may_return(facts),
        "supplement_need": may(Action.FLAG_SUPPLEMENT_NEEDED) and not facts.merged and not facts.supplement_flagged,
        "extend": may(Action.EXTEND) and facts.extensions < 2 and not facts.due_passed,
        "transfer_department": may(Action.TRANSFER_DEPARTMENT) and not facts.merged,
        "transfer_agency": may(Action.TRANSFER_AGENCY) and not facts.merged,
        "follow_up": may(Action.RECORD_FOLLOW_UP) and not facts.followed_up,
        "cooperation": may(Action.REQUEST_COOPERATION) and not facts.merged,
        "answer": may(Action.ANSWER) and not facts.merged,
        "close_repeated": may(Action.CLOSE_REPEATED) and complaint.kind != "statutory" and not facts.merged,
        "merge": handle and status in OPEN_STATUSES and not facts.merged,  # this one is the primary
        "audit_referral": may(Action.REFER_AUDIT) and complaint.kind == "grievance" and not facts.audit_referred
        and not facts.merged,
        "audit_findings": may(Action.RECORD_AUDIT_FINDINGS) and facts.audit_referred,
        "classify": handle,
    }


def _department_choices(exclude: int) -> list[SelectChoice]:
    rows = db.session.scalars(select(Department).where(Department.is_active, Department.id != exclude)
                              .order_by(Department.code))
    locale = str(get_locale())
    return [SelectChoice(d.id, d.path_name(locale)) for d in rows]


def _officer_choices(complaint: Complaint) -> list[SelectChoice]:
    users = db.session.scalars(select(User).where(User.department_id == complaint.department_id,
                                                  User.is_active_account).order_by(User.display_name))
    return [SelectChoice(u.id, u.display_name) for u in users if u.can(Permission.COMPLAINTS_HANDLE)]


def _ground_choices(complaint: Complaint) -> list[SelectChoice]:
    """14.9: only the grounds the law allows for this 민원 (by its receipt date; extensions.allowed_grounds)."""
    codes = allowed_grounds(complaint.received_at.astimezone(KST).date())
    return [SelectChoice("", _("Choose a ground"))] + [SelectChoice(c, EXTENSION_GROUND_LABELS[c]) for c in codes]


def _audit_choices(complaint: Complaint) -> list[SelectChoice]:
    """Every active department but the handling one, the configured 감사부서 (영 제17조②) first."""
    audit = current_app.config.get("AUDIT_DEPARTMENT", "")
    rows = db.session.scalars(select(Department).where(Department.is_active,
                                                       Department.id != complaint.department_id))
    ordered = sorted(rows, key=lambda d: (d.code != audit, d.code))
    return [SelectChoice(d.id, " › ".join(p.name_ko for p in d.path())) for d in ordered]


def return_reasons_default(requests: list[SupplementRequest]) -> str:
    """영 제25조①: 「그 이유를 분명히 밝혀」 — which requests went unanswered, by when, and what they asked."""
    lines = [_("You did not supplement the application by the dates we set (Decree Article 24):")]
    for r in requests:
        lines.append(_("%(number)d. request of %(sent)s, to supplement by %(day)s: %(text)s", number=r.number,
                       sent=official_date(r.sent_at), day=official_date(r.respond_by), text=r.request_text))
    return "\n".join(lines)


def extension_unit(complaint: Complaint) -> tuple[str, int]:
    """The unit an extension of this 민원 is counted in ("d", "h", "w", "m", "y") and its maximum (D6)."""
    period = ProcessingPeriod.parse(complaint.period_spec)
    return ("h", period.amount) if period.immediate else (period.unit.value, period.amount)


def build_forms(complaint: Complaint, given: dict | None, template_id: int | None) -> dict:
    forms = {}
    for name, form_cls in FORMS.items():
        form = (given or {}).get(name) or form_cls(formdata=None)
        if not (given and name in given):
            form.version.data = str(complaint.version)
        forms[name] = form
    forms["assign"].assignee.choices = _officer_choices(complaint)
    forms["transfer_department"].target_department.choices = _department_choices(complaint.department_id)
    forms["cooperation"].coop_department.choices = _department_choices(complaint.department_id)
    forms["extend"].ext_ground.choices = _ground_choices(complaint)
    forms["audit_referral"].audit_department.choices = _audit_choices(complaint)
    forms["classify"].category_id.choices = category_choices()
    if not (given and "classify" in given):
        forms["classify"].category_id.data = complaint.category_id
        forms["classify"].tags.data = ", ".join(tags_of(complaint))
    if not (given and "extend" in given):
        forms["extend"].ext_amount.data = extension_unit(complaint)[1]
    if not (given and "audit_referral" in given):
        forms["audit_referral"].audit_due.data = complaint.due_date
    if not (given and "return" in given):
        open_round = _open_round(complaint)
        forms["return"].return_reasons.data = return_reasons_default(open_round) if open_round else ""
        forms["return"].return_remedies.data = remedies_default(complaint.kind) if complaint.kind == "statutory" \
            else ""
    if not (given and "answer" in given):
        forms["answer"].remedies.data = remedies_default(complaint.kind)
        template = next((t for t in templates_for(complaint) if t.id == template_id), None)
        if template is not None:
            forms["answer"].text.data, forms["answer"].template_id.data = template.body, str(template.id)
    return forms


def _open_round(complaint: Complaint) -> list[SupplementRequest]:
    return round_requests(open_pause(complaint))


def _records(complaint: Complaint) -> dict:
    def rows(model):
        return list(db.session.scalars(select(model).where(model.complaint_id == complaint.id).order_by(model.id)))

    return {
        "extensions": extensions_of(complaint),
        "transfers": rows(ComplaintTransfer),
        "cooperations": rows(CooperationRequest),
        "supplement_requests": rows(SupplementRequest),
        "pauses": rows(ComplaintPause),
        "answer_record": db.session.scalar(select(ComplaintAnswer).where(ComplaintAnswer.complaint_id == complaint.id)),
        "links": rows(ComplaintLink),
        "merged": merged_into(complaint),
        "letters": letters_of(complaint),
        "letter_pdf_size": letter_pdf_size,
        "return_record": db.session.scalar(select(ComplaintReturn).where(ComplaintReturn.complaint_id == complaint.id)),
        "audit_referral": audit_referral_of(complaint),
    }


def officer_tools(complaint: Complaint, given: dict | None) -> dict:
    """내부 메모 (the form, and the staff timeline with the notes) and the possible duplicates."""
    return {
        "note_form": (given or {}).get("note") or wf.NoteForm(formdata=None),
        "can_note": can_write_note(current_user, complaint),
        "timeline": timeline.with_notes(timeline.rows(complaint, public=False), notes_of(complaint)),
        "duplicates": possible_duplicates(current_user, complaint), "duplicate_reason_labels": REASON_LABELS,
    }


def case_context(complaint: Complaint, *, forms: dict | None = None, open_panel: str | None = None,
                 template_id: int | None = None) -> dict:
    now = now_utc()
    deadline = deadline_of(complaint, load_calendar(), now)
    facts = case_facts(complaint, now)
    records = _records(complaint)
    shared = [c for c in records["cooperations"] if c.status == "open" and can_reply(current_user, c)]
    full_record = (current_user.can(Permission.COMPLAINTS_VIEW_ALL)
                   or current_user.department_id == complaint.department_id)
    tools = officer_tools(complaint, forms)
    return {
        "complaint": complaint, "deadline": deadline, "steps": explain_text.describe_steps(deadline),
        "period_label": explain_text.period_label_spec(complaint.period_spec),
        "can_act": can_handle(current_user, complaint), "panels": _panels(complaint, facts), "facts": facts,
        "withdrawal_ground": withdrawal_ground(facts),
        "forms": {**build_forms(complaint, forms, template_id), "note": tools["note_form"]},
        "open_panel": open_panel, "templates": templates_for(complaint), "template_id": template_id,
        "shared_cooperation": shared[0] if shared else None,
        "extension_unit": extension_unit(complaint), "today": now.astimezone(KST).date(), "now": now,
        "mask_name": mask_name, "mask_phone": mask_phone, "mask_email": mask_email, "full_record": full_record,
        "period_label_of": explain_text.period_label_spec, "unit_labels": unit_labels(),
        "can_dispatch": can_dispatch(current_user, complaint), "notice_labels": NOTICE_LABELS,
        "supplement_limit": supplement_limit(complaint, load_calendar()), "due_text_of": due_text_of,
        "internal_requests": case_panel(complaint, current_user), **LABELS, **records, **tools,
        "category": category_of(complaint), "tags": tags_of(complaint),
        "improvements": improvements_of(complaint, current_user), "may_propose": can_create(current_user),
        "improvement_status_labels": IMPROVEMENT_STATUS_LABELS,
    }


def parse_template_id(value: str | None) -> int | None:
    return parse_int(value, low=1)

