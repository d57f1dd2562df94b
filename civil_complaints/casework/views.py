"""The officer's actions on a 민원, one POST route each (thin: `case_views.act` + a service)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from civil_complaints.access import can_handle
from civil_complaints.casework import (
    answers as answer_services,
)
from civil_complaints.casework import (
    audit as audit_services,
)
from civil_complaints.casework import (
    closures as closure_services,
)
from civil_complaints.casework import (
    cooperation as cooperation_services,
)
from civil_complaints.casework import forms as wf
from civil_complaints.casework import (
    merges as merge_services,
)
from civil_complaints.casework import (
    returns as return_services,
)
from civil_complaints.casework import services
from civil_complaints.casework import (
    supplements as supplement_services,
)
from civil_complaints.casework.case_views import act
from civil_complaints.casework.context import extension_unit
from civil_complaints.web_support import read_uploads, upload_dir
from civil_complaints.workflow_models import CooperationRequest
from core.clock import now_utc
from core.extensions import db
from core.inputs import parse_int
from organization.auth import requires_permission
from organization.domain.roles import Permission
from organization.models import Department, User
from working_calendar.cache import load_calendar

HANDLE = Permission.COMPLAINTS_HANDLE


def _handles(complaint) -> bool:
    return can_handle(current_user, complaint)


def _to_list(_complaint) -> str:
    return url_for(".staff_complaints")


def _back_to_queue(complaint) -> str:
    """From a queue row, back to the same queue page (only that local path; anything else: the case page)."""
    target = urlsplit(request.form.get("next", ""))
    if not target.scheme and not target.netloc and target.path == url_for(".staff_complaints"):
        return target.geturl()
    return url_for(".staff_complaint", receipt_no=complaint.receipt_no)


@requires_permission(Permission.COMPLAINTS_ASSIGN)
def assign(receipt_no: str):
    def run(complaint, form):
        assignee = db.session.get(User, form.assignee.data) or abort(400)
        services.assign(current_user, complaint, assignee=assignee, now=now_utc())

    form = wf.AssignForm()
    form.assignee.choices = None  # any id; the state machine checks the department
    form.assignee.validate_choice = False
    return act(receipt_no, form=form, panel="assign", run=run, success=_("The officer was assigned."),
               allowed=lambda c: services.can_assign(current_user, c), after=_back_to_queue)


@requires_permission(HANDLE)
def start(receipt_no: str):
    return act(receipt_no, form=wf.StartForm(), panel="start", allowed=_handles,
               run=lambda c, f: services.start(current_user, c, now=now_utc()),
               success=_("Processing started."))


@requires_permission(HANDLE)
def ask_supplement(receipt_no: str):
    return act(receipt_no, form=wf.SupplementRequestForm(), panel="supplement", allowed=_handles,
               run=lambda c, f: supplement_services.request_supplement(
                   current_user, c, request_text=f.request_text.data, days=f.respond_days.data,
                   calendar=load_calendar(), now=now_utc(), late_reason=f.late_reason.data or ""),
               success=_("The supplement request was sent; the processing period is paused."))


@requires_permission(HANDLE)
def supplement_needed(receipt_no: str):
    return act(receipt_no, form=wf.SupplementNeedForm(), panel="supplement_need", allowed=_handles,
               run=lambda c, f: supplement_services.flag_supplement_needed(current_user, c, note=f.need_note.data,
                                                                           now=now_utc()),
               success=_("Noted. Send the supplement request within 8 working hours of receipt."))


@requires_permission(HANDLE)
def repeat_supplement(receipt_no: str):
    return act(receipt_no, form=wf.RepeatSupplementForm(), panel="repeat_supplement", allowed=_handles,
               run=lambda c, f: supplement_services.repeat_supplement(
                   current_user, c, request_text=f.repeat_text.data, days=f.repeat_days.data,
                   calendar=load_calendar(), now=now_utc()),
               success=_("The supplement was requested again."))


@requires_permission(HANDLE)
def supplement_returned(receipt_no: str):
    return act(receipt_no, form=wf.ReturnedForm(), panel="returned", allowed=_handles,
               run=lambda c, f: supplement_services.record_returned(current_user, c, note=f.returned_note.data or "",
                                                                    now=now_utc()),
               success=_("The returned request was recorded."))


@requires_permission(HANDLE)
def deem_withdrawn(receipt_no: str):
    return act(receipt_no, form=wf.DeemWithdrawnForm(), panel="deem_withdrawn", allowed=_handles,
               run=lambda c, f: supplement_services.deem_withdrawn(current_user, c, now=now_utc()),
               success=_("The complaint was closed as withdrawn and the complainant told."))


@requires_permission(HANDLE)
def return_complaint(receipt_no: str):
    return act(receipt_no, form=wf.ReturnForm(), panel="return", allowed=_handles,
               run=lambda c, f: return_services.return_complaint(
                   current_user, c, reasons=f.return_reasons.data, remedies=f.return_remedies.data or "",
                   now=now_utc()),
               success=_("The application was returned with the reasons and the complainant told."))


@requires_permission(HANDLE)
def extend(receipt_no: str):
    def run(complaint, form):
        unit = extension_unit(complaint)[0]
        services.extend(current_user, complaint, period_spec=f"{form.ext_amount.data}{unit}",
                        ground=form.ext_ground.data, reason_text=form.ext_reason.data,
                        consent_recorded=bool(form.ext_consent.data), consent_note=form.ext_consent_note.data,
                        calendar=load_calendar(), now=now_utc())

    form = wf.ExtendForm()
    form.ext_ground.choices = [("", "")] + [(code, code) for code in wf.EXTENSION_GROUNDS]
    return act(receipt_no, form=form, panel="extend", run=run, allowed=_handles,
               success=_("The processing period was extended and the complainant told the new date."))


def _department(department_id: int) -> Department:
    return db.session.get(Department, department_id) or abort(400)


@requires_permission(HANDLE)
def transfer_department(receipt_no: str):
    form = wf.DepartmentTransferForm()
    form.target_department.validate_choice = False
    return act(receipt_no, form=form, panel="transfer_department", allowed=_handles, after=_to_list,
               run=lambda c, f: services.transfer_to_department(
                   current_user, c, department=_department(f.target_department.data), reason=f.transfer_reason.data,
                   calendar=load_calendar(), now=now_utc(), far=bool(f.transfer_far.data)),
               success=_("The complaint was transferred to the other department."))


@requires_permission(HANDLE)
def transfer_agency(receipt_no: str):
    return act(receipt_no, form=wf.AgencyTransferForm(), panel="transfer_agency", allowed=_handles,
               run=lambda c, f: services.transfer_to_agency(current_user, c, agency=f.agency_name.data,
                                                            reason=f.agency_reason.data, calendar=load_calendar(),
                                                            now=now_utc()),
               success=_("The complaint was transferred and the complainant told. Record the follow-up later."))


@requires_permission(HANDLE)
def follow_up(receipt_no: str):
    return act(receipt_no, form=wf.FollowUpForm(), panel="follow_up", allowed=_handles,
               run=lambda c, f: services.record_follow_up(current_user, c, note=f.follow_up_note.data, now=now_utc()),
               success=_("The follow-up was recorded."))


@requires_permission(HANDLE)
def request_cooperation(receipt_no: str):
    form = wf.CooperationForm()
    form.coop_department.validate_choice = False
    return act(receipt_no, form=form, panel="cooperation", allowed=_handles,
               run=lambda c, f: cooperation_services.request_cooperation(
                   current_user, c, department=_department(f.coop_department.data), text=f.coop_text.data,
                   reply_due=f.coop_reply_due.data, now=now_utc()),
               success=_("The cooperation request was sent."))


def _cooperation(complaint, cooperation_id: int) -> CooperationRequest:
    row = db.session.get(CooperationRequest, cooperation_id)
    if row is None or row.complaint_id != complaint.id:
        abort(404)
    return row


def _replies(cooperation_id: int):
    def allowed(complaint) -> bool:
        return cooperation_services.can_reply(current_user, _cooperation(complaint, cooperation_id))

    return allowed


@requires_permission(HANDLE)
def extend_cooperation(receipt_no: str, cooperation_id: int):
    return act(receipt_no, form=wf.CooperationExtendForm(), panel="cooperation_extend",
               allowed=_replies(cooperation_id),
               run=lambda c, f: cooperation_services.extend_cooperation(
                   current_user, _cooperation(c, cooperation_id), new_due=f.coop_new_due.data,
                   reason=f.coop_ext_reason.data, progress=f.coop_ext_progress.data, now=now_utc()),
               success=_("The reply period was extended; the requesting department sees the reason."))


@requires_permission(HANDLE)
def reply_cooperation(receipt_no: str, cooperation_id: int):
    return act(receipt_no, form=wf.CooperationReplyForm(), panel="cooperation_reply",
               allowed=_replies(cooperation_id), after=_to_list,
               run=lambda c, f: cooperation_services.reply_cooperation(
                   current_user, _cooperation(c, cooperation_id), text=f.coop_reply.data, now=now_utc()),
               success=_("Your reply was sent to the department handling the complaint."))


@requires_permission(HANDLE)
def answer(receipt_no: str):
    def run(complaint, form):
        template = form.template_id.data
        return answer_services.answer(
            current_user, complaint, text=form.text.data, now=now_utc(), refused=form.outcome.data == "refused",
            reasons=form.refusal_reasons.data or "", remedies=form.remedies.data or "",
            template_id=parse_int(template, low=1),
            uploads=read_uploads(request.files.getlist(form.answer_files.name)), upload_dir=upload_dir(),
            cause=form.cause.data or "", systemic=bool(form.systemic.data))

    return act(receipt_no, form=wf.AnswerForm(), panel="answer", run=run, allowed=_handles,
               success=_("The answer was sent."))


@requires_permission(HANDLE)
def close_repeated(receipt_no: str):
    return act(receipt_no, form=wf.CloseRepeatedForm(), panel="close_repeated", allowed=_handles,
               run=lambda c, f: closure_services.close_repeated(
                   current_user, c, earlier=wf.numbers(f.earlier_numbers.data),
                   committee_deliberated=bool(f.committee.data), now=now_utc()),
               success=_("The complaint was closed as a repeated complaint and the complainant told."))


@requires_permission(HANDLE)
def merge(receipt_no: str):
    return act(receipt_no, form=wf.MergeForm(), panel="merge", allowed=_handles,
               run=lambda c, f: merge_services.merge(current_user, c, others=wf.numbers(f.merge_numbers.data),
                                                     now=now_utc()),
               success=_("The complaints were merged into this one; they keep their own deadlines and will receive "
                         "its answer."))


@requires_permission(HANDLE)
def refer_audit(receipt_no: str):
    form = wf.AuditReferralForm()
    form.audit_department.validate_choice = False
    return act(receipt_no, form=form, panel="audit_referral", allowed=_handles,
               run=lambda c, f: audit_services.refer_to_audit(
                   current_user, c, department=_department(f.audit_department.data),
                   earlier=wf.numbers(f.audit_earlier.data), text=f.audit_text.data, due=f.audit_due.data,
                   now=now_utc()),
               success=_("The grievance was referred to the audit department."))


@requires_permission(HANDLE)
def audit_findings(receipt_no: str):
    return act(receipt_no, form=wf.AuditFindingsForm(), panel="audit_findings", allowed=_handles,
               run=lambda c, f: audit_services.record_findings(current_user, c, text=f.audit_findings.data,
                                                               now=now_utc()),
               success=_("The findings were recorded."))
