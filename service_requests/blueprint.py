"""Every URL of internal service requests (내부 서비스 요청), in one table. Endpoint names are the view functions'.

Rooms: `catalog/` (the service catalog, asking for a service, keeping a department's catalog), `requesting/`
(the request form, one's own and one's department's requests, approvals), `handling/` (a request's page and
every step on it), `queues/` (the providing department's queues), `monitoring/` (the OLA jobs), `satisfaction/`
(ratings and the periodic internal-customer survey), `performance/` (the providing departments' performance),
`api/` (the JSON API under /api/v1).
"""

from __future__ import annotations

from flask import Blueprint

import service_requests.performance.views as performance_views

bp = Blueprint("service_requests", __name__, template_folder="templates")
api_bp = Blueprint("service_requests_api", __name__, url_prefix="/api/v1")

# performance · views (ir4)
bp.add_url_rule("/staff/service-performance", view_func=performance_views.performance)
bp.add_url_rule("/staff/service-performance/late", view_func=performance_views.performance_late)
