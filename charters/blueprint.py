"""Every URL of the 고객헌장 feature, in one table: the public charter and its PDFs, the staff editing and approval
pages, the measured performance. View modules only define functions."""

from __future__ import annotations

from flask import Blueprint

import charters.performance_views as charters_performance_views
import charters.staff_views as charters_staff_views
import charters.views as charters_views

bp = Blueprint("charters", __name__, template_folder="templates")

# views
bp.add_app_template_filter(charters_views.charter_html, "charter_html")
bp.app_context_processor(charters_views.charter_template_helpers)
bp.add_url_rule("/charter", view_func=charters_views.public_charter)
bp.add_url_rule("/charter.pdf", view_func=charters_views.current_pdf)
bp.add_url_rule("/charter/versions", view_func=charters_views.versions)
bp.add_url_rule("/charter/versions/<int:version_no>", view_func=charters_views.version)
bp.add_url_rule("/charter/versions/<int:version_no>.pdf", view_func=charters_views.version_pdf)

# staff_views
bp.add_url_rule("/staff/charters", view_func=charters_staff_views.staff_list)
bp.add_url_rule("/staff/charters/new", view_func=charters_staff_views.staff_new, methods=["GET", "POST"])
bp.add_url_rule("/staff/charters/<int:charter_id>", view_func=charters_staff_views.staff_show)
bp.add_url_rule(
    "/staff/charters/<int:charter_id>/edit", view_func=charters_staff_views.staff_edit, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/staff/charters/<int:charter_id>/approve", view_func=charters_staff_views.staff_approve, methods=["POST"]
)
bp.add_url_rule(
    "/staff/charters/<int:charter_id>/publish", view_func=charters_staff_views.staff_publish, methods=["POST"]
)
bp.add_url_rule(
    "/staff/charters/<int:charter_id>/discard", view_func=charters_staff_views.staff_discard, methods=["POST"]
)
bp.add_url_rule("/staff/charters/<int:charter_id>/preview.pdf", view_func=charters_staff_views.staff_preview_pdf)

# performance_views
bp.add_url_rule("/staff/charter-performance", view_func=charters_performance_views.performance)
bp.add_url_rule("/staff/charter-performance.pdf", view_func=charters_performance_views.performance_pdf)
