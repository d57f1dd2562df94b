"""Every URL of the policy-customer registry (정책고객), in one table. Endpoint names are the view functions'."""

from __future__ import annotations

from flask import Blueprint

import policy_customers.admin_views as admin_views
import policy_customers.messages.views as message_views
import policy_customers.staff_views as staff_views
import policy_customers.views as views
from core.extensions import csrf

bp = Blueprint("policy_customers", __name__, template_folder="templates")

# public: subscribe, and the links e-mailed to subscribers
bp.add_url_rule("/subscribe", view_func=views.subscribe, methods=["GET", "POST"])
bp.add_url_rule("/subscribe/sent", view_func=views.subscribe_sent)
bp.add_url_rule("/subscribe/confirm/<token>", view_func=views.confirm, methods=["GET", "POST"])
bp.add_url_rule("/subscribe/manage/<token>", view_func=views.manage, methods=["GET", "POST"])
bp.add_url_rule("/subscribe/manage/<token>/consent", view_func=views.manage_consent, methods=["POST"])
bp.add_url_rule("/subscribe/renew/<token>", view_func=views.renew, methods=["GET", "POST"])
bp.add_url_rule("/subscribe/leave/<token>", view_func=views.leave, methods=["GET", "POST"])
csrf.exempt(views.leave)  # List-Unsubscribe-Post (RFC 8058): the mail client posts without a session

# staff: counts per field and purpose
bp.add_url_rule("/staff/policy-customers", view_func=staff_views.policy_customer_counts)
bp.add_url_rule("/staff/policy-customers.csv", view_func=staff_views.policy_customer_counts_csv)

# staff: policy news to the subscribers of chosen fields, optionally with a survey (surveys/)
bp.add_url_rule("/staff/policy-messages", view_func=message_views.policy_messages)
bp.add_url_rule("/staff/policy-messages/new", view_func=message_views.new_policy_message, methods=["GET", "POST"])
bp.add_url_rule("/staff/policy-messages/<int:message_id>", view_func=message_views.policy_message)
bp.add_url_rule("/staff/policy-messages/<int:message_id>/edit", view_func=message_views.edit_policy_message,
                methods=["GET", "POST"])
bp.add_url_rule("/staff/policy-messages/<int:message_id>/send", view_func=message_views.send_policy_message,
                methods=["POST"])

# administration: the fields offered
bp.add_url_rule("/admin/policy-fields", view_func=admin_views.policy_fields)
bp.add_url_rule("/admin/policy-fields/new", view_func=admin_views.edit_policy_field, methods=["GET", "POST"])
bp.add_url_rule("/admin/policy-fields/<int:field_id>", view_func=admin_views.edit_policy_field,
                methods=["GET", "POST"])
