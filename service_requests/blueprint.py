"""Every URL of internal service requests (내부 서비스 요청), in one table. Endpoint names are the view functions'.

Rooms: `catalog/` (the service catalog, asking for a service, keeping a department's catalog), `requesting/`
(the request form, one's own and one's department's requests, approvals), `handling/` (a request's page and
every step on it), `queues/` (the providing department's queues), `monitoring/` (the OLA jobs), `satisfaction/`
(ratings and the periodic internal-customer survey), `performance/` (the providing departments' performance),
`api/` (the JSON API under /api/v1).
"""

from __future__ import annotations

from flask import Blueprint

import service_requests.satisfaction.rating_views as satisfaction_rating_views
import service_requests.satisfaction.survey_views as satisfaction_survey_views

bp = Blueprint("service_requests", __name__, template_folder="templates")
api_bp = Blueprint("service_requests_api", __name__, url_prefix="/api/v1")


# satisfaction/: the requester's rating, the periodic internal-customer survey
bp.add_url_rule("/staff/service-requests/<number>/rating", view_func=satisfaction_rating_views.rate_request,
                methods=["POST"])
bp.add_url_rule("/staff/internal-survey", view_func=satisfaction_survey_views.survey, methods=["GET", "POST"])
bp.add_url_rule("/admin/internal-surveys", view_func=satisfaction_survey_views.survey_admin,
                methods=["GET", "POST"])
bp.add_url_rule("/staff/internal-survey/<int:period_id>/results",
                view_func=satisfaction_survey_views.survey_results)
