"""Every URL of the 민원 feature, in one table (as Indico's `blueprint.py`): the pages, the staff API and Open311.

A view module only defines functions; nothing is registered by importing it. Each block below is one room of the
package (docs/architecture.md). Endpoints keep the view function's name (`civil_complaints.lookup`, …).
"""

from __future__ import annotations

from flask import Blueprint

import civil_complaints.admin.answer_templates as admin_answer_templates
import civil_complaints.admin.types as admin_types
import civil_complaints.analysis.views as analysis_views
import civil_complaints.api.views as api_views
import civil_complaints.casework.case_views as casework_case_views
import civil_complaints.casework.classify_views as casework_classify_views
import civil_complaints.casework.note_views as casework_note_views
import civil_complaints.casework.views as casework_views
import civil_complaints.categories.views as categories_views
import civil_complaints.citizen.files as citizen_files
import civil_complaints.citizen.mine as citizen_mine
import civil_complaints.citizen.result_pdf as citizen_result_pdf
import civil_complaints.citizen.views as citizen_views
import civil_complaints.deadlines.views as deadlines_views
import civil_complaints.holidays.views as holidays_views
import civil_complaints.improvements.public_views as improvements_public_views
import civil_complaints.improvements.step_views as improvements_step_views
import civil_complaints.improvements.views as improvements_views
import civil_complaints.intake.arrival_views as intake_arrival_views
import civil_complaints.intake.receipt_pdf as intake_receipt_pdf
import civil_complaints.intake.staff_views as intake_staff_views
import civil_complaints.intake.views as intake_views
import civil_complaints.letters.views as letters_views
import civil_complaints.open311.filing as open311_filing
import civil_complaints.open311.read as open311_read
import civil_complaints.open311.views as open311_views
import civil_complaints.privacy.records_views as privacy_records_views
import civil_complaints.privacy.views as privacy_views
import civil_complaints.queues.tool_views as queues_tool_views
import civil_complaints.queues.views as queues_views
import civil_complaints.reports.views as reports_views
import civil_complaints.template_context as template_context
from core.extensions import csrf

bp = Blueprint("civil_complaints", __name__, template_folder="templates")
api_bp = Blueprint("api_v1", __name__, url_prefix=api_views.URL_PREFIX)
open311_bp = Blueprint("open311", __name__, url_prefix=open311_views.URL_PREFIX)
csrf.exempt(api_bp)  # machine clients authenticate with a bearer key, not a session
csrf.exempt(open311_bp)

# admin · answer_templates
bp.add_url_rule("/staff/answer-templates", view_func=admin_answer_templates.answer_templates, methods=["GET", "POST"])
bp.add_url_rule(
    "/staff/answer-templates/<int:template_id>/remove",
    view_func=admin_answer_templates.remove_answer_template,
    methods=["POST"],
)

# admin · types
bp.add_url_rule("/admin/complaint-types", view_func=admin_types.complaint_types)
bp.add_url_rule("/admin/complaint-types/new", view_func=admin_types.edit_complaint_type, methods=["GET", "POST"])
bp.add_url_rule(
    "/admin/complaint-types/<int:type_id>/edit", view_func=admin_types.edit_complaint_type, methods=["GET", "POST"]
)

# analysis · views (민원 분석, issue 20 item 2)
bp.add_url_rule("/staff/analysis", view_func=analysis_views.analysis)
bp.add_url_rule("/staff/analysis/keywords", view_func=analysis_views.analysis_keywords)
bp.add_url_rule("/staff/analysis/keywords/recount", view_func=analysis_views.analysis_recount, methods=["POST"])
bp.add_url_rule("/staff/analysis/repeats", view_func=analysis_views.analysis_repeats)
bp.add_url_rule("/staff/analysis/complaints", view_func=analysis_views.analysis_complaints)

# casework · case_views
bp.add_url_rule("/staff/complaints/<receipt_no>", view_func=casework_case_views.staff_complaint)
bp.add_url_rule("/staff/complaints/<receipt_no>/print", view_func=casework_case_views.print_complaint)
bp.add_url_rule(
    "/staff/complaints/<receipt_no>/attachments/download",
    view_func=casework_case_views.download_attachment,
    methods=["POST"],
)

# casework · classify_views (issue 20: category and tags)
bp.add_url_rule("/staff/complaints/<receipt_no>/classify", view_func=casework_classify_views.classify,
                methods=["POST"])

# categories · views (the two-level list, administrators)
bp.add_url_rule("/admin/complaint-categories", view_func=categories_views.complaint_categories,
                methods=["GET", "POST"])
bp.add_url_rule("/admin/complaint-categories/<int:category_id>/edit",
                view_func=categories_views.edit_complaint_category, methods=["GET", "POST"])

# improvements · views, step_views (the 제도개선 register) and public_views (국민의 소리로 이렇게 바꿨습니다)
bp.add_url_rule("/staff/improvements", view_func=improvements_views.improvements)
bp.add_url_rule("/staff/improvements/new", view_func=improvements_views.new_improvement, methods=["GET", "POST"])
bp.add_url_rule("/staff/improvements/<int:improvement_id>", view_func=improvements_views.improvement)
bp.add_url_rule("/staff/improvements/<int:improvement_id>/edit", view_func=improvements_views.edit_improvement,
                methods=["GET", "POST"])
bp.add_url_rule("/staff/improvements/<int:improvement_id>/step", view_func=improvements_step_views.improvement_step,
                methods=["POST"])
bp.add_url_rule("/staff/improvements/<int:improvement_id>/milestones",
                view_func=improvements_step_views.add_milestone, methods=["POST"])
bp.add_url_rule("/staff/improvements/<int:improvement_id>/milestones/<int:milestone_id>/done",
                view_func=improvements_step_views.milestone_done, methods=["POST"])
bp.add_url_rule("/improvements", view_func=improvements_public_views.public_improvements)

# casework · note_views
bp.add_url_rule("/staff/complaints/<receipt_no>/notes", view_func=casework_note_views.add_note, methods=["POST"])

# casework · views
bp.add_url_rule("/staff/complaints/<receipt_no>/assign", view_func=casework_views.assign, methods=["POST"])
bp.add_url_rule("/staff/complaints/<receipt_no>/start", view_func=casework_views.start, methods=["POST"])
bp.add_url_rule(
    "/staff/complaints/<receipt_no>/request-supplement", view_func=casework_views.ask_supplement, methods=["POST"]
)
bp.add_url_rule(
    "/staff/complaints/<receipt_no>/supplement-needed", view_func=casework_views.supplement_needed, methods=["POST"]
)
bp.add_url_rule(
    "/staff/complaints/<receipt_no>/repeat-supplement", view_func=casework_views.repeat_supplement, methods=["POST"]
)
bp.add_url_rule(
    "/staff/complaints/<receipt_no>/supplement-returned", view_func=casework_views.supplement_returned, methods=["POST"]
)
bp.add_url_rule(
    "/staff/complaints/<receipt_no>/deem-withdrawn", view_func=casework_views.deem_withdrawn, methods=["POST"]
)
bp.add_url_rule("/staff/complaints/<receipt_no>/return", view_func=casework_views.return_complaint, methods=["POST"])
bp.add_url_rule("/staff/complaints/<receipt_no>/extend", view_func=casework_views.extend, methods=["POST"])
bp.add_url_rule(
    "/staff/complaints/<receipt_no>/transfer-department", view_func=casework_views.transfer_department, methods=["POST"]
)
bp.add_url_rule(
    "/staff/complaints/<receipt_no>/transfer-agency", view_func=casework_views.transfer_agency, methods=["POST"]
)
bp.add_url_rule("/staff/complaints/<receipt_no>/follow-up", view_func=casework_views.follow_up, methods=["POST"])
bp.add_url_rule(
    "/staff/complaints/<receipt_no>/cooperation", view_func=casework_views.request_cooperation, methods=["POST"]
)
bp.add_url_rule(
    "/staff/complaints/<receipt_no>/cooperation/<int:cooperation_id>/extend",
    view_func=casework_views.extend_cooperation,
    methods=["POST"],
)
bp.add_url_rule(
    "/staff/complaints/<receipt_no>/cooperation/<int:cooperation_id>/reply",
    view_func=casework_views.reply_cooperation,
    methods=["POST"],
)
bp.add_url_rule("/staff/complaints/<receipt_no>/answer", view_func=casework_views.answer, methods=["POST"])
bp.add_url_rule(
    "/staff/complaints/<receipt_no>/close-repeated", view_func=casework_views.close_repeated, methods=["POST"]
)
bp.add_url_rule("/staff/complaints/<receipt_no>/merge", view_func=casework_views.merge, methods=["POST"])
bp.add_url_rule("/staff/complaints/<receipt_no>/audit-referral", view_func=casework_views.refer_audit, methods=["POST"])
bp.add_url_rule(
    "/staff/complaints/<receipt_no>/audit-findings", view_func=casework_views.audit_findings, methods=["POST"]
)

# citizen · files
bp.add_url_rule("/complaints/<receipt_no>/files/<int:attachment_id>", view_func=citizen_files.citizen_file)

# citizen · mine (내 민원: a one-time code to the contact filed with)
bp.add_url_rule("/complaints/mine", view_func=citizen_mine.my_complaints, methods=["GET", "POST"])
bp.add_url_rule("/complaints/mine/code", view_func=citizen_mine.my_complaints_code, methods=["GET", "POST"])
bp.add_url_rule("/complaints/mine/end", view_func=citizen_mine.end_my_complaints, methods=["POST"])

# citizen · result_pdf (처리결과 통지서)
bp.add_url_rule("/complaints/<receipt_no>/result.pdf", view_func=citizen_result_pdf.result_pdf)

# deadlines · views
bp.add_url_rule("/deadline", view_func=deadlines_views.deadline_calculator)

# intake · arrival_views
bp.add_url_rule("/staff/arrivals", view_func=intake_arrival_views.arrivals, methods=["GET", "POST"])

# intake · receipt_pdf
bp.add_url_rule("/complaints/<receipt_no>/receipt.pdf", view_func=intake_receipt_pdf.receipt_pdf)

# intake · staff_views
bp.add_url_rule("/staff/complaints/register", view_func=intake_staff_views.register_complaint, methods=["GET", "POST"])

# intake · views
bp.add_url_rule("/complaints/new", view_func=intake_views.new_complaint, methods=["GET", "POST"])
bp.add_url_rule("/complaints/<receipt_no>/receipt", view_func=intake_views.receipt)
bp.add_url_rule("/complaints/lookup", view_func=citizen_views.lookup, methods=["GET", "POST"])
bp.add_url_rule("/complaints/<receipt_no>", view_func=citizen_views.status)
bp.add_url_rule("/complaints/<receipt_no>/withdraw", view_func=citizen_views.withdraw_complaint, methods=["POST"])
bp.add_url_rule("/complaints/<receipt_no>/supplement", view_func=citizen_views.supplement, methods=["POST"])
bp.add_url_rule("/complaints/<receipt_no>/supplement-time", view_func=citizen_views.supplement_time, methods=["POST"])
bp.add_url_rule("/complaints/<receipt_no>/satisfaction", view_func=citizen_views.satisfaction, methods=["POST"])

# letters · views
bp.add_url_rule("/staff/letters", view_func=letters_views.letters_queue, methods=["GET", "POST"])
bp.add_url_rule("/staff/letters/print.pdf", view_func=letters_views.print_letters, methods=["POST"])
bp.add_url_rule("/staff/letters/<int:letter_id>.pdf", view_func=letters_views.letter_pdf)

# privacy · records_views
bp.add_url_rule("/staff/records", view_func=privacy_records_views.records_destruction)
bp.add_url_rule("/staff/records/lists/<int:list_id>", view_func=privacy_records_views.destruction_list)
bp.add_url_rule("/staff/records/prepare", view_func=privacy_records_views.prepare_destruction_list, methods=["POST"])
bp.add_url_rule(
    "/staff/records/items/<int:item_id>/exclude",
    view_func=privacy_records_views.exclude_from_destruction,
    methods=["POST"],
)
bp.add_url_rule(
    "/staff/records/lists/<int:list_id>/approve",
    view_func=privacy_records_views.approve_destruction_list,
    methods=["POST"],
)

# privacy · views
bp.add_url_rule("/staff/access-log", view_func=privacy_views.access_log)

# queues · views
bp.add_url_rule("/staff/complaints", view_func=queues_views.staff_complaints)

# queues · tool_views
bp.add_url_rule("/staff/complaints/bulk-assign", view_func=queues_tool_views.bulk_assign, methods=["POST"])
bp.add_url_rule("/staff/complaints/saved-filters", view_func=queues_tool_views.save_filter, methods=["POST"])
bp.add_url_rule(
    "/staff/complaints/saved-filters/<int:filter_id>/delete",
    view_func=queues_tool_views.delete_filter,
    methods=["POST"],
)

# holidays · views
bp.add_url_rule("/admin/holidays", view_func=holidays_views.holidays, methods=["GET", "POST"])
bp.add_url_rule(
    "/admin/holidays/<int:holiday_id>/<any(remove, restore):action>",
    view_func=holidays_views.change_holiday,
    methods=["POST"],
)

# template_context
bp.app_context_processor(template_context.complaint_labels)

# reports · views (민원 처리상황 점검, 영 제22조①)
bp.add_url_rule("/staff/reports/monthly", view_func=reports_views.monthly_reports)
bp.add_url_rule("/staff/reports/monthly/check", view_func=reports_views.monthly_check)
bp.add_url_rule("/staff/reports/monthly/check.csv", view_func=reports_views.monthly_check_csv)
bp.add_url_rule("/staff/reports/monthly/<month>", view_func=reports_views.monthly_report)
bp.add_url_rule("/staff/reports/monthly/<month>.csv", view_func=reports_views.monthly_report_csv)

# The staff API (/api/v1, JSON, a bearer key per client system)
# api · views
api_bp.register_error_handler(api_views.ApiError, api_views._api_error)
api_bp.register_error_handler(api_views.PermissionDenied, api_views._denied)
api_bp.register_error_handler(api_views.TransitionRefused, api_views._refused)
api_bp.add_url_rule("/complaints", view_func=api_views.list_complaints, methods=["GET"])
api_bp.add_url_rule("/complaints/<receipt_no>", view_func=api_views.get_complaint, methods=["GET"])
api_bp.add_url_rule("/complaints", view_func=api_views.register_complaint, methods=["POST"])
api_bp.add_url_rule("/complaints/<receipt_no>/answer", view_func=api_views.answer, methods=["POST"])
api_bp.add_url_rule("/openapi.json", view_func=api_views.openapi, methods=["GET"])

# Open311 GeoReport v2 (/open311/v2)
# civil_complaints.open311.views
open311_bp.register_error_handler(open311_views.Open311Error, open311_views._spec_error)
open311_bp.after_request(open311_views._cors)
open311_bp.add_url_rule(
    "/discovery", view_func=open311_views.discovery, endpoint="discovery_xml", defaults={"fmt": "xml"}, methods=["GET"]
)
open311_bp.add_url_rule("/discovery.<fmt>", view_func=open311_views.discovery, methods=["GET"])
open311_bp.add_url_rule(
    "/services", view_func=open311_views.services, endpoint="services_xml", defaults={"fmt": "xml"}, methods=["GET"]
)
open311_bp.add_url_rule("/services.<fmt>", view_func=open311_views.services, methods=["GET"])
open311_bp.add_url_rule("/services/<name>", view_func=open311_views.service_definition, methods=["GET"])

# civil_complaints.open311.filing
open311_bp.add_url_rule(
    "/requests",
    view_func=open311_filing.create_request,
    endpoint="create_request_xml",
    defaults={"fmt": "xml"},
    methods=["POST"],
)
open311_bp.add_url_rule("/requests.<fmt>", view_func=open311_filing.create_request, methods=["POST"])

# civil_complaints.open311.read
open311_bp.add_url_rule(
    "/requests",
    view_func=open311_read.list_requests,
    endpoint="list_requests_xml",
    defaults={"fmt": "xml"},
    methods=["GET"],
)
open311_bp.add_url_rule("/requests.<fmt>", view_func=open311_read.list_requests, methods=["GET"])
open311_bp.add_url_rule("/requests/<name>", view_func=open311_read.get_request, methods=["GET"])
open311_bp.add_url_rule("/tokens/<name>", view_func=open311_read.get_token, methods=["GET"])
