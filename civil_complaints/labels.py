"""Translated labels for 민원 enums."""

from flask_babel import lazy_gettext as _l

from civil_complaints.domain.kinds import ComplaintKind

KIND_LABELS = {
    ComplaintKind.STATUTORY: _l("Statutory complaint"),
    ComplaintKind.QUERY_LAW: _l("Query about laws"),
    ComplaintKind.QUERY_SYSTEM: _l("Query about systems and procedures"),
    ComplaintKind.PROPOSAL: _l("Proposal"),
    ComplaintKind.OTHER: _l("Other complaint"),
    ComplaintKind.GRIEVANCE: _l("Grievance"),
}

HOLIDAY_KIND_LABELS = {
    "national": _l("Public holiday"),
    "substitute": _l("Substitute holiday"),
    "temporary": _l("Temporary holiday"),
    "election": _l("Election day"),
    "closure": _l("Agency closure"),
}

HOLIDAY_CHANGE_LABELS = {
    "added": _l("Added"),
    "removed": _l("Removed"),
    "restored": _l("Restored"),
}

HOLIDAY_SOURCE_LABELS = {
    "snapshot": _l("Bundled calendar"),
    "import": _l("Imported"),
    "admin": _l("Administrator"),
}

STATUS_LABELS = {
    "received": _l("Received"),
    "assigned": _l("Assigned"),
    "in_progress": _l("In progress"),
    "supplement_requested": _l("Supplement requested"),
    "transferred": _l("Transferred"),
    "answered": _l("Answered"),
    "closed": _l("Closed"),
    "withdrawn": _l("Withdrawn"),
    "returned": _l("Returned with reasons"),
}

EVENT_LABELS = {
    "received": _l("Complaint received"),
    "classified": _l("Category and tags set"),
    "assigned": _l("Assigned to an officer"),
    "supplement_requested": _l("Supplement requested; processing period paused"),
    "supplemented": _l("Supplement received; processing period resumed"),
    "supplement_time_extended": _l("More time to supplement, at the complainant's request"),
    "answered": _l("Answer sent"),
    "withdrawn": _l("Withdrawn by the complainant"),
    "rated": _l("Satisfaction rated"),
    "deadline_recomputed": _l("Deadline recomputed after a holiday change"),
    "due_change_notified": _l("Complainant told of the changed deadline"),
    "reassigned": _l("Reassigned to another officer"),
    "started": _l("Processing started"),
    "supplement_returned": _l("Supplement request returned undeliverable"),
    "deemed_withdrawn": _l("Treated as withdrawn and closed"),
    "returned": _l("Returned with reasons: not supplemented in time (Decree Article 25(1))"),
    "supplement_needed": _l("Supplement needed (noted by the officer)"),
    "supplement_request_due": _l("No supplement request within 8 working hours of receipt: handler alerted"),
    "merge_undone": _l("Merge undone: handled on its own"),
    "audit_referred": _l("Referred to the audit department for investigation (Decree Article 17(2))"),
    "audit_findings": _l("Findings of the audit department recorded"),
    "extended": _l("Processing period extended"),
    "transferred_department": _l("Transferred to another department"),
    "transferred_agency": _l("Transferred to another agency"),
    "transfer_followed_up": _l("Follow-up of the transfer recorded"),
    "cooperation_requested": _l("Cooperation requested from another department"),
    "cooperation_extended": _l("Cooperation reply period extended"),
    "cooperation_replied": _l("Cooperating department replied"),
    "cooperation_cancelled": _l("Cooperation request closed"),
    "refused": _l("Answer sent: request refused"),
    "answer_shared": _l("Answered together with the merged complaint"),
    "closed_repeated": _l("Closed as a repeated complaint"),
    "merged_into": _l("Merged into another complaint"),
    "merged": _l("Other complaints merged into this one"),
    "overdue_escalated": _l("Reminder notice sent: the deadline has passed"),
    "registration_late": _l("Registered more than 8 working hours after it arrived"),
    "progress_notice_sent": _l("Progress notice sent to the complainant"),
    "personal_data_erased": _l("Personal data erased after the retention period"),
    "letter_queued": _l("Notice queued for posting"),
    "letter_sent": _l("Notice sent by post"),
    "notice_omitted": _l("Notice omitted: progress is published online"),
    "notice_unreachable": _l("Notice could not be given: no address on file"),
}

EXTENSION_GROUND_LABELS = {
    "COOPERATION_REQUIRED": _l("Cooperation of another agency or department is needed "
                               "(Decree Article 21(1) item 1)"),
    "FACT_OR_SITE_CHECK": _l("The facts or the site must be checked (Decree Article 21(1) item 2)"),
    "FORCE_MAJEURE": _l("Natural disaster or other force majeure (Decree Article 21(1) item 3)"),
    "EQUIVALENT": _l("A reason equivalent to items 1 to 3 (Decree Article 21(1) item 4)"),
    "SIMPLE_WORKLOAD": _l("Heavy workload only"),
    "OFFICER_ASSIGNMENT_DELAY": _l("Delay in assigning an officer"),
    "OFFICER_ABSENCE": _l("The officer is absent"),
    "UNAVOIDABLE": _l("Unavoidable reason (former Decree Article 21(1))"),
}

WITHDRAWAL_GROUND_LABELS = {
    "undeliverable_twice": _l("Two supplement requests were returned undeliverable (Decree Article 25(2))"),
    # recorded as 취하 간주 before D15 made it 반려 (kept to read the history of those 민원)
    "second_request_unanswered": _l("The repeated supplement request was not answered in time "
                                    "(Decree Article 25(1))"),
}

#: how the primary of a merge ended without an answer, undoing the merge (D16)
MERGE_END_LABELS = {
    "withdrawn": _l("withdrawal by its complainant"),
    "deemed_withdrawn": _l("treatment as withdrawn"),
    "returned": _l("return for lack of supplement"),
    "transferred": _l("transfer to another agency"),
    "closed": _l("closure as a repeated complaint"),
}

#: how a 보완 round ended without the supplement (ComplaintPause.end_reason)
PAUSE_END_LABELS = {
    "returned": _l("Not supplemented: returned with reasons"),
    "withdrawn": _l("Withdrawn by the complainant while waiting"),
    "deemed_withdrawn": _l("Not supplemented: treated as withdrawn"),
}

#: which paragraph of 영 제13조 timed a transfer (domain/transfers.py)
TRANSFER_BASIS_LABELS = {
    "13-1": _l("From the civil affairs office: 1 working hour (Decree Article 13(1))"),
    "13-1-far": _l("Department far away: 3 working hours (Decree Article 13(1) proviso)"),
    "13-2": _l("From another unit: 3 working hours (Decree Article 13(2))"),
    "13-3": _l("To another agency: 8 working hours (Decree Article 13(3))"),
    "13-4": _l("Electronic document: without delay, held to 1 working hour (Decree Article 13(4))"),
}

TRANSFER_KIND_LABELS = {
    "department": _l("Another department"),
    "agency": _l("Another agency"),
}

COOPERATION_STATUS_LABELS = {
    "open": _l("Waiting for the reply"),
    "replied": _l("Replied"),
    "cancelled": _l("Closed without reply"),
}

ACCESS_ACTION_LABELS = {
    "view": _l("Viewed"),
    "print": _l("Printed"),
    "download": _l("Downloaded"),
    "export": _l("Exported"),
}

RATING_LABELS = {
    "satisfied": _l("Satisfied"),
    "neutral": _l("Neutral"),
    "dissatisfied": _l("Dissatisfied"),
}

CHANNEL_LABELS = {
    "web": _l("Website"),
    "open311": _l("Open311 app"),
    "api": _l("API"),
    "visit": _l("Visit"),
    "phone": _l("Telephone"),
    "letter": _l("Letter"),
    "fax": _l("Fax"),
    "email": _l("E-mail"),
}

#: the notices to the 민원인 (domain/notice_kinds.py), as a letter or a history entry names them
NOTICE_LABELS = {
    "complaint_received": _l("Receipt notice"),
    "complaint_supplement_requested": _l("Supplement request"),
    "complaint_extended": _l("Extension notice"),
    "complaint_transferred": _l("Transfer notice"),
    "complaint_answered": _l("Result notice"),
    "complaint_closed": _l("Closure notice"),
    "complaint_returned": _l("Return notice"),
    "complaint_merged": _l("Merge notice"),
    "complaint_merge_undone": _l("Notice that a merge was undone"),
    "complaint_audit_referred": _l("Audit referral notice"),
    "complaint_progress": _l("Progress notice"),
    "complaint_due_changed": _l("Changed deadline notice"),
    "complaint_satisfaction": _l("Satisfaction survey"),
    "complaint_satisfaction_survey": _l("Periodic satisfaction survey"),
    "complaint_improvement_done": _l("Notice of a rule changed because of the complaint"),
}

RETENTION_PERIOD_LABELS = {
    "1y": _l("1 year"),
    "3y": _l("3 years"),
    "5y": _l("5 years"),
    "10y": _l("10 years"),
    "30y": _l("30 years"),
    "semi_permanent": _l("Semi-permanent"),
    "permanent": _l("Permanent"),
}

DESTRUCTION_DECISION_LABELS = {
    "listed": _l("To be destroyed"),
    "excluded": _l("Kept (taken off the list)"),
    "destroyed": _l("Destroyed"),
    "skipped": _l("Not destroyed"),
}

NOTIFY_CHANNEL_LABELS = {
    "email": _l("By e-mail"),
    "sms": _l("By text message"),
    "post": _l("By post"),
    "none": _l("Checks online; required notices by e-mail, text message or post"),
}

#: why a span is not counted (ComplaintPause.reason; 영 제20조, 행정절차법 시행령 제11조)
PAUSE_REASON_LABELS = {
    "supplement": _l("waiting for a supplement"),
    "inspection": _l("on-site inspection"),
    "system_failure": _l("system failure"),
}

#: the 민원 feature's outbox templates, registered with notifications (hooks.py)
OUTBOX_TEMPLATE_LABELS = {
    "complaint_received": _l("Receipt notice"),
    "complaint_supplement_requested": _l("Request for a supplement"),
    "complaint_extended": _l("Extension notice"),
    "complaint_transferred": _l("Transfer notice"),
    "complaint_answered": _l("Answer"),
    "complaint_closed": _l("Closure notice"),
    "complaint_due_changed": _l("Changed deadline"),
    "complaint_progress": _l("Progress notice"),
    "complaint_satisfaction": _l("Invitation to rate the handling"),
    "complaint_improvement_done": _l("Notice of a rule changed because of the complaint"),
    "staff_cooperation_requested": _l("Cooperation request to a department"),
    "staff_cooperation_extended": _l("Cooperation reply period extended"),
    "staff_digest": _l("Department morning digest"),
    "staff_due_soon": _l("Deadline reminder"),
    "staff_monthly_report": _l("Monthly processing check"),
    "staff_overdue": _l("Reminder of an overdue complaint"),
    "staff_registration_late": _l("Late registration alert"),
    "staff_supplement_time_extended": _l("Supplement period extended by the complainant"),
}
#: what the 민원 jobs report in a run's counts, registered with notifications (hooks.py)
JOB_COUNT_LABELS = {
    "due_soon": _l("due soon"), "overdue": _l("overdue"), "full_sweep": _l("full sweep"),
    "departments": _l("departments"), "examined": _l("examined"), "owed": _l("notices owed"),
    "invited": _l("invited"), "late_arrivals": _l("arrivals not registered in time"),
    "late_registrations": _l("late registrations"), "month": _l("month"),
    "working_day": _l("working day of the month"), "late": _l("after the 5th working day"),
    "review_frozen": _l("quarterly management review frozen"),
    "already_made": _l("already made"), "non_working_day": _l("not a working day, nothing done"),
    "erased": _l("complaints erased"), "files_deleted": _l("files deleted"),
    "access_log_pruned": _l("access-log entries deleted"), "revision": _l("calendar revision"),
    "stale": _l("deadlines on an older calendar"), "already_recomputed": _l("already recomputed"),
    "changed": _l("deadlines changed"), "recomputed_change": _l("calendar change recomputed"),
    "alerted": _l("complaints without a supplement request in time"),
    "overdue_referrals": _l("investigations past their reply date"), "settled": _l("settled deadline changes"),
    "notified": _l("complainants told"), "unchanged": _l("deadline as last told"),
    "not_running": _l("no longer running"), "no_channel": _l("followed online, nothing sent"),
    "listed_for_destruction": _l("records listed for destruction"),
    "facts_filled": _l("processing times recorded"), "more_to_fill": _l("more left for the next run"),
    "months_counted": _l("months whose keywords were counted"), "months_waiting": _l("months left for the next run"),
    "keywords_stored": _l("keyword counts stored"), "months_removed": _l("months without complaints removed"),
    "sampled": _l("in the sample"), "no_open_survey": _l("no open survey, nothing sent"),
}
#: counts whose value is an identifier (code font, never translated), and counts that are flags (words alone)
JOB_COUNT_IDENTIFIERS = frozenset({"revision", "recomputed_change"})
JOB_COUNT_FLAGS = frozenset({"non_working_day", "already_made", "already_recomputed", "more_to_fill",
                             "no_open_survey"})
