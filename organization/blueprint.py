"""Every URL of the organisation package, in one table: login and logout, the staff's own pages, user administration.

The app factory adds the staff home (`/staff/`, app/staff_home.py) to `staff_bp`: it shows what the features count.
"""

from __future__ import annotations

from flask import Blueprint

import organization.account_views as organization_account_views
import organization.user_admin_views as organization_user_admin_views
import organization.views as organization_views

auth_bp = Blueprint("auth", __name__, template_folder="templates")
staff_bp = Blueprint("staff", __name__, url_prefix="/staff", template_folder="templates")
admin_bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

# views
auth_bp.app_context_processor(organization_views.organization_labels)
auth_bp.add_url_rule("/login", view_func=organization_views.login, methods=["GET", "POST"])
auth_bp.add_url_rule("/logout", view_func=organization_views.logout, methods=["POST"])
staff_bp.add_url_rule("/department", view_func=organization_views.department)
staff_bp.add_url_rule("/audit", view_func=organization_views.audit)

# account_views
staff_bp.add_url_rule("/password", view_func=organization_account_views.change_password, methods=["GET", "POST"])

# user_admin_views
admin_bp.add_url_rule("/users", view_func=organization_user_admin_views.users)
admin_bp.add_url_rule("/users/new", view_func=organization_user_admin_views.new_user, methods=["GET", "POST"])
admin_bp.add_url_rule("/users/<int:user_id>", view_func=organization_user_admin_views.edit_user,
                      methods=["GET", "POST"])
admin_bp.add_url_rule("/users/<int:user_id>/deactivate", view_func=organization_user_admin_views.deactivate_user,
                      methods=["POST"])
admin_bp.add_url_rule("/users/<int:user_id>/reactivate", view_func=organization_user_admin_views.reactivate_user,
                      methods=["POST"])
admin_bp.add_url_rule("/users/<int:user_id>/unlock", view_func=organization_user_admin_views.unlock_user,
                      methods=["POST"])
admin_bp.add_url_rule("/users/<int:user_id>/password", view_func=organization_user_admin_views.reset_user_password,
                      methods=["POST"])
