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
import service_requests.performance.views as performance_views
from core.extensions import csrf

bp = Blueprint("service_requests", __name__, template_folder="templates")
api_bp = Blueprint("service_requests_api", __name__, url_prefix="/api/v1")

# performance · views (ir4)
bp.add_url_rule("/staff/service-performance", view_func=performance_views.performance)
bp.add_url_rule("/staff/service-performance/late", view_func=performance_views.performance_late)

# api · views, new_request (ir4): JSON, a bearer key per client system (as /api/v1/complaints)
csrf.exempt(api_bp)  # machine clients authenticate with a bearer key, not a session
api_bp.register_error_handler(api_views.ApiError, api_views.api_error)
api_bp.register_error_handler(api_views.PermissionDenied, api_views.denied)
api_bp.add_url_rule("/service-catalog", view_func=api_views.service_catalog, methods=["GET"])
api_bp.add_url_rule("/service-requests", view_func=api_views.list_service_requests, methods=["GET"])
api_bp.add_url_rule("/service-requests", view_func=api_new_request.create_service_request, methods=["POST"])
api_bp.add_url_rule("/service-requests/<number>", view_func=api_views.get_service_request, methods=["GET"])
