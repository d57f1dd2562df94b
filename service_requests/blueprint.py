"""Every URL of internal service requests (내부 서비스 요청), in one table. Endpoint names are the view functions'.

Rooms: `catalog/` (the service catalog, asking for a service, keeping a department's catalog), `requesting/`
(the request form, one's own and one's department's requests, approvals), `handling/` (a request's page and
every step on it), `queues/` (the providing department's queues), `monitoring/` (the OLA jobs), `satisfaction/`
(ratings and the periodic internal-customer survey), `performance/` (the providing departments' performance),
`api/` (the JSON API under /api/v1).
"""

from __future__ import annotations

from flask import Blueprint

import service_requests.handling.views as handling_views
import service_requests.queues.views as queues_views

bp = Blueprint("service_requests", __name__, template_folder="templates")
api_bp = Blueprint("service_requests_api", __name__, url_prefix="/api/v1")

# queues/: the providing department's queues
bp.add_url_rule("/staff/service-queue", view_func=queues_views.provider_queue)
# handling/: a request's page and every step on it
bp.add_url_rule("/staff/service-requests/<number>", view_func=handling_views.request_page)
bp.add_url_rule("/staff/service-requests/<number>/act", view_func=handling_views.request_act, methods=["POST"])
bp.add_url_rule("/staff/service-requests/<number>/files/<int:file_id>", view_func=handling_views.request_file)
