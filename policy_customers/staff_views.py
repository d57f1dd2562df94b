"""`/staff/policy-customers`: how many people may receive policy news and survey requests, per field and purpose,
with a CSV of the same counts. Counts only: no address, no name (nothing to mask, nothing to log as an access to
personal data). Permission POLICY_CUSTOMERS_VIEW: administrators, department heads (who will write to their
fields' subscribers) and auditors (read only)."""

from __future__ import annotations

from flask import render_template
from flask_babel import get_locale
from flask_babel import gettext as _

from core.clock import now_utc
from core.exports import csv_response
from organization.auth import requires_permission
from organization.domain.roles import Permission
from policy_customers.domain import consent as rules
from policy_customers.queries import counts


def _name(field) -> str:
    return field.name_ko if str(get_locale()) == "ko" else field.name_en


@requires_permission(Permission.POLICY_CUSTOMERS_VIEW)
def policy_customer_counts():
    return render_template("policy_customers/staff_counts.html", counts=counts(now_utc()), name=_name,
                           purposes=rules.PURPOSES)


@requires_permission(Permission.POLICY_CUSTOMERS_VIEW)
def policy_customer_counts_csv():
    found = counts(now_utc())
    header = [_("Field"), _("Code"), _("Active"), _("Policy news"), _("Survey requests")]
    rows = [[_name(c.field), c.field.code, c.field.is_active, c.by_purpose[rules.NEWS],
             c.by_purpose[rules.SURVEYS]] for c in found.fields]
    rows.append([_("All fields (each person once)"), "", "", found.totals[rules.NEWS], found.totals[rules.SURVEYS]])
    rows.append([_("Waiting for confirmation"), "", "", found.pending, ""])
    return csv_response([header, *rows], "policy-customers.csv")
