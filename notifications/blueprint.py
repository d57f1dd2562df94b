"""Every URL of the notifications package, in one table: the monitoring page and the outbox."""

from __future__ import annotations

from flask import Blueprint

import notifications.views as notifications_views

bp = Blueprint("notifications", __name__, template_folder="templates")

# views
bp.app_context_processor(notifications_views.monitoring_labels)
bp.add_url_rule("/admin/monitoring", view_func=notifications_views.monitoring)
bp.add_url_rule("/admin/outbox", view_func=notifications_views.outbox)
bp.add_url_rule("/admin/outbox/<int:message_id>", view_func=notifications_views.outbox_message)
bp.add_url_rule("/admin/outbox/<int:message_id>/retry", view_func=notifications_views.retry, methods=["POST"])
