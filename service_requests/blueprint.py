"""Every URL of internal service requests (내부 서비스 요청), in one table. Endpoint names are the view functions'.

Rooms: `catalog/` (the service catalog, asking for a service, keeping a department's catalog), `requesting/`
(the request form, one's own and one's department's requests, approvals), `handling/` (a request's page and
every step on it), `queues/` (the providing department's queues), `monitoring/` (the OLA jobs), `satisfaction/`
(ratings and the periodic internal-customer survey), `performance/` (the providing departments' performance),
`api/` (the JSON API under /api/v1).
"""

from __future__ import annotations

from flask import Blueprint

import service_requests.api.new_request as api_new_request
import service_requests.api.views as api_views
import service_requests.catalog.views as catalog_views
import service_requests.handling.rating_views as handling_rating_views
import service_requests.handling.views as handling_views
import service_requests.performance.views as performance_views
import service_requests.queues.views as queues_views
import service_requests.requesting.lists as requesting_lists
import service_requests.requesting.views as requesting_views
import service_requests.satisfaction.survey_views as satisfaction_survey_views
from core.extensions import csrf

bp = Blueprint("service_requests", __name__, template_folder="templates")
api_bp = Blueprint("service_requests_api", __name__, url_prefix="/api/v1")

# catalog · views
bp.add_url_rule("/staff/services", view_func=catalog_views.catalog)
bp.add_url_rule("/staff/services/manage", view_func=catalog_views.manage_catalog)
bp.add_url_rule("/staff/services/manage/new", view_func=catalog_views.edit_service, methods=["GET", "POST"])
bp.add_url_rule("/staff/services/manage/<code>", view_func=catalog_views.edit_service, methods=["GET", "POST"])

# requesting · views, lists
bp.add_url_rule("/staff/services/<code>/request", view_func=requesting_views.new_request, methods=["GET", "POST"])
bp.add_url_rule("/staff/service-requests", view_func=requesting_lists.my_requests)
bp.add_url_rule("/staff/service-requests/approvals", view_func=requesting_lists.approvals)
bp.add_url_rule("/staff/service-requests/<number>/approval", view_func=requesting_lists.approve_request,
                methods=["POST"])
# queues/: the providing department's queues
bp.add_url_rule("/staff/service-queue", view_func=queues_views.provider_queue)
# handling/: a request's page and every step on it
bp.add_url_rule("/staff/service-requests/<number>", view_func=handling_views.request_page)
bp.add_url_rule("/staff/service-requests/<number>/act", view_func=handling_views.request_act, methods=["POST"])
bp.add_url_rule("/staff/service-requests/<number>/files/<int:file_id>", view_func=handling_views.request_file)

# satisfaction/: the requester's rating, the periodic internal-customer survey
bp.add_url_rule("/staff/service-requests/<number>/rating", view_func=handling_rating_views.rate_request,
                methods=["POST"])
bp.add_url_rule("/staff/internal-survey", view_func=satisfaction_survey_views.survey, methods=["GET", "POST"])
bp.add_url_rule("/admin/internal-surveys", view_func=satisfaction_survey_views.survey_admin,
                methods=["GET", "POST"])
bp.add_url_rule("/staff/internal-survey/<int:period_id>/results",
                view_func=satisfaction_survey_views.survey_results)
# performance · views (ir4)
bp.add_url_rule("/staff/service-performance", view_func=performance_views.performance)
bp.add_url_rule("/staff/service-performance/late", view_func=performance_views.performance_late)
bp.add_url_rule("/staff/service-performance.csv", view_func=performance_views.performance_csv)

# api · views, new_request (ir4): JSON, a bearer key per client system (as /api/v1/complaints)
csrf.exempt(api_bp)  # machine clients authenticate with a bearer key, not a session
api_bp.register_error_handler(api_views.ApiError, api_views.api_error)
api_bp.register_error_handler(api_views.PermissionDenied, api_views.denied)
api_bp.add_url_rule("/service-catalog", view_func=api_views.service_catalog, methods=["GET"])
api_bp.add_url_rule("/service-requests", view_func=api_views.list_service_requests, methods=["GET"])
api_bp.add_url_rule("/service-requests", view_func=api_new_request.create_service_request, methods=["POST"])
api_bp.add_url_rule("/service-requests/<number>", view_func=api_views.get_service_request, methods=["GET"])
