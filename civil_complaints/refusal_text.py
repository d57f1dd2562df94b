"""Korean/English reasons for refused workflow steps, from the codes of domain/workflow.py and the services."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from flask_babel import gettext as _

from core.i18n import official_date

#: code → message in the current language; `p` holds the refusal's params.
MESSAGES: dict[str, Callable[[Mapping[str, object]], str]] = {
    # status
    "complaint_finished": lambda p: _("This complaint is already finished; nothing more can be done on it."),
    "supplement_pending": lambda p: _("A supplement is awaited: this step is possible once it arrives."),
    "already_in_progress": lambda p: _("Processing has already started."),
    "no_supplement_requested": lambda p: _("No supplement was requested for this complaint."),
    "withdraw_not_open": lambda p: _("This complaint can no longer be withdrawn: it has already been finished."),
    "answer_not_allowed": lambda p: _("This complaint cannot be answered in its current state."),
    "answer_during_supplement": lambda p: _("A supplement is awaited: answer once it arrives (or once the "
                                          "complaint is closed for lack of it)."),
    "supplement_not_allowed": lambda p: _("A supplement cannot be requested in the complaint's current state."),
    "supplement_open": lambda p: _("A supplement request is already open."),
    "rate_not_answered": lambda p: _("You can rate the service once your complaint has been answered."),
    "already_rated": lambda p: _("You have already rated this complaint. Thank you."),
    "not_transferred": lambda p: _("This complaint was not transferred to another agency."),
    # assignment
    "assignee_not_in_department": lambda p: _("Choose an officer of the responsible department."),
    "assignee_cannot_handle": lambda p: _("This person cannot handle complaints."),
    "already_assigned_to_them": lambda p: _("The complaint is already assigned to this officer."),
    # 보완
    "supplement_text_required": lambda p: _("Say what is missing."),
    "supplement_days_invalid": lambda p: _("Give between 1 and %(limit)s days to respond.",
                                         limit=p.get("limit", 60)),
    "second_supplement_too_long": lambda p: _("A repeated supplement request may give at most 10 days "
                                            "(Decree Article 24(3))."),
    "second_supplement_already": lambda p: _("The supplement was already requested twice in this round."),
    "supplement_not_yet_due": lambda p: _("The first request is still running: ask again only once its time "
                                        "has passed or it came back undeliverable (Decree Article 24(3))."),
    "supplement_time_over": lambda p: _("The time to supplement has already ended; please contact the officer."),
    "supplement_time_extended_twice": lambda p: _("More time to supplement can be asked for at most twice "
                                                "(Decree Article 24(2))."),
    "supplement_time_days_invalid": lambda p: _("Ask for between 1 and %(limit)s more days.",
                                              limit=p.get("limit", 30)),
    "supplement_already_returned": lambda p: _("Every request of this round is already recorded as returned."),
    "deem_withdrawn_not_allowed": lambda p: _("The complaint can be treated as withdrawn only when two supplement "
                                            "requests came back undeliverable (Decree Article 25(2)). A repeated "
                                            "request left unanswered leads to a return with reasons instead "
                                            "(Article 25(1))."),
    "return_not_allowed": lambda p: _("The application can be returned only once the repeated supplement request "
                                    "went unanswered past its time without coming back undeliverable (Decree "
                                    "Article 25(1))."),
    "return_reasons_required": lambda p: _("State the reasons for returning the application (Decree Article "
                                         "25(1))."),
    "return_remedies_required": lambda p: _("A statutory complaint is returned like a refusal: state the remedies "
                                          "(Articles 27(3) and 35 of the Act)."),
    "supplement_need_flagged": lambda p: _("The need for a supplement is already noted; send the request."),
    "supplement_need_note_required": lambda p: _("Say what is missing."),
    # extensions
    "extension_after_due": lambda p: _("The deadline has passed: an extension must be decided within the "
                                     "processing period."),
    "extension_reason_required": lambda p: _("Explain the reason; the complainant is told it."),
    "extension_limit_reached": lambda p: _("The period was already extended twice, the most the law allows "
                                         "(Decree Article 21(1))."),
    "extension_consent_required": lambda p: _("A second extension needs the complainant's consent; record it "
                                            "first (Decree Article 21(1))."),
    "extension_ground_required": lambda p: _("Choose the ground of the extension."),
    "extension_ground_refused": lambda p: _("Heavy workload alone, a delay in assigning an officer or the "
                                          "officer's absence cannot justify an extension (Decree Article "
                                          "21(2), for complaints received from 6 May 2026)."),
    "extension_ground_not_allowed": lambda p: _("For complaints received from 6 May 2026 choose one of the "
                                              "grounds of Decree Article 21(1)."),
    "extension_unit_mismatch": lambda p: _("The extension must be counted in the unit of the original period."),
    "extension_too_long": lambda p: _("An extension may not be longer than the original processing period "
                                    "(Decree Article 21(1))."),
    "extension_reason_barred": lambda p: _("The reason describes heavy workload, a delay in assigning an officer or "
                                         "the officer's absence, which cannot justify an extension, not even as a "
                                         "reason equivalent to items 1 to 3 (Decree Article 21(2))."),
    "extension_reason_vague": lambda p: _("For a reason equivalent to items 1 to 3 (Decree Article 21(1) item 4), "
                                        "say concretely what prevents processing in time, in at least "
                                        "%(minimum)d letters besides general phrases such as “부득이한 사유” or "
                                        "“내부 사정”, so that a reviewer can judge it.", minimum=p.get("minimum", 20)),
    # transfers
    "transfer_same_department": lambda p: _("Choose another department."),
    "transfer_target_inactive": lambda p: _("That department no longer exists."),
    "transfer_reason_required": lambda p: _("Give the reason for the transfer."),
    "transfer_agency_required": lambda p: _("Name the agency."),
    "follow_up_done": lambda p: _("The follow-up was already recorded."),
    "follow_up_note_required": lambda p: _("Write what you found out."),
    # 협조
    "cooperation_same_department": lambda p: _("Ask another department than the one handling the complaint."),
    "cooperation_already_open": lambda p: _("A request to this department is already open."),
    "cooperation_text_required": lambda p: _("Say what you need."),
    "cooperation_due_past": lambda p: _("The reply date cannot be in the past."),
    "cooperation_after_due": lambda p: _("The reply date must fall within the complaint's processing period "
                                       "(until %(day)s; Article 20(1) of the Act).",
                                       day=_day(p.get("complaint_due"))),
    "cooperation_closed": lambda p: _("This cooperation request is no longer open."),
    "cooperation_already_extended": lambda p: _("The reply period was already extended once (Article 20(2) "
                                              "of the Act)."),
    "cooperation_period_over": lambda p: _("The reply period has ended: an extension had to be notified "
                                         "before it ended."),
    "cooperation_extension_not_later": lambda p: _("The new reply date must be later than the current one."),
    "cooperation_extension_too_long": lambda p: _("The extension may not be longer than the reply period "
                                                "first given."),
    "cooperation_reason_required": lambda p: _("Give the reason for the extension."),
    "cooperation_progress_required": lambda p: _("Say how far the work has progressed (Article 20(3) of the Act)."),
    "cooperation_reply_required": lambda p: _("Write the reply."),
    # answers and closure
    "answer_empty": lambda p: _("Write the answer."),
    "refusal_reasons_required": lambda p: _("A refusal must state its reasons (Article 27(3) of the Act)."),
    "refusal_remedies_required": lambda p: _("A refusal must state the remedies (Article 27(3) of the Act)."),
    "template_not_for_type": lambda p: _("That template is not for this type of complaint."),
    "repeat_statutory": lambda p: _("A statutory complaint is never closed as a repeated complaint "
                                  "(Article 23(1) of the Act)."),
    "repeat_too_few_filings": lambda p: _("The same content must have been filed at least 3 times "
                                        "(Article 23(1) of the Act)."),
    "repeat_too_few_answers": lambda p: _("At least 2 of the earlier complaints must have been answered "
                                        "(Article 23(1) of the Act)."),
    "repeat_received_before_answers": lambda p: _("This complaint was received before the second of the earlier "
                                                "answers was sent: only a filing received after two answers may "
                                                "be closed (Article 23(1) of the Act)."),
    "repeat_grievance_needs_audit": lambda p: _("A grievance filed again must first be referred to the audit "
                                              "department for investigation (Decree Article 17(2)); record the "
                                              "referral, then close it."),
    "audit_not_grievance": lambda p: _("Only a grievance is referred to the audit department this way (Decree "
                                     "Article 17(2))."),
    "audit_already_referred": lambda p: _("The referral to the audit department was already recorded."),
    "audit_needs_earlier": lambda p: _("Enter at least one earlier filing of the same grievance by the same "
                                     "complainant."),
    "audit_text_required": lambda p: _("Say what to investigate."),
    "audit_due_past": lambda p: _("The date cannot be in the past."),
    "audit_after_due": lambda p: _("The findings must be due within the complaint's processing period (until "
                                 "%(day)s; Decree Article 17(1)).", day=_day(p.get("complaint_due"))),
    "audit_not_referred": lambda p: _("No referral to the audit department was recorded."),
    "audit_findings_done": lambda p: _("The findings were already recorded."),
    "audit_findings_required": lambda p: _("Write the findings."),
    "repeat_joint_needs_committee": lambda p: _("A joint complaint may be closed this way only after the "
                                              "complaint coordination committee deliberated (Decree Article "
                                              "26)."),
    "repeat_link_not_earlier": lambda p: _("%(number)s was received after this complaint.", number=_no(p)),
    "repeat_not_same_complainant": lambda p: _("%(number)s was filed by someone else.", number=_no(p)),
    "linked_not_found": lambda p: _("No complaint %(number)s that you may open was found.", number=_no(p)),
    "linked_self": lambda p: _("%(number)s is this complaint itself.", number=_no(p)),
    "merge_self": lambda p: _("A complaint cannot be merged into itself."),
    "merge_none_given": lambda p: _("Enter the receipt numbers to merge."),
    "merge_primary_finished": lambda p: _("This complaint is finished; merge into an open one."),
    "merge_other_department": lambda p: _("Only complaints of the same department can be merged."),
    "merge_too_few": lambda p: _("Merging needs the same purpose filed by at least 5 people in all "
                               "(Decree Article 6(7))."),
    "merge_after_start": lambda p: _("%(number)s is already being processed: complaints are merged only at "
                                   "receipt (Decree Article 6(7)).", number=_no(p) or _("This complaint")),
    "merge_primary_not_earliest": lambda p: _("%(number)s was received before this complaint: merge into the "
                                            "earliest one instead.", number=_no(p)),
    "merge_primary_merged": lambda p: _("This complaint is itself merged into another one; merge into that one."),
    "merge_other_is_primary": lambda p: _("Other complaints are merged into %(number)s: merge into the earliest "
                                        "of the group.", number=_no(p)),
    "merged_handled_with_primary": lambda p: _("%(number)s is merged into another complaint and handled through it "
                                             "(Decree Article 6(7)).", number=_no(p) or _("This complaint")),
    "not_merged": lambda p: _("This complaint is not merged into another one."),
    # categories and tags (categories/services.py)
    "tag_too_long": lambda p: _("A tag may have at most %(limit)d characters.", limit=int(p.get("limit", 0))),
    "too_many_tags": lambda p: _("A complaint may have at most %(limit)d tags.", limit=int(p.get("limit", 0))),
    "category_not_found": lambda p: _("Choose a category from the list."),
}


def _no(params: Mapping[str, object]) -> str:
    return str(params.get("receipt_no", ""))


def _day(value: object) -> str:
    return official_date(value) if isinstance(value, date) else ""


def refusal_message(code: str, params: Mapping[str, object] | None = None) -> str:
    """The reason for a refused step in the current language."""
    message = MESSAGES.get(code)
    return message(params or {}) if message else _("This action is not allowed now.")
