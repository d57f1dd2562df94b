"""The officer sets a 민원's category and tags on the case page (issue 20; thin: `case_views.act` + the service)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from civil_complaints.access import can_handle
from civil_complaints.casework import forms as wf
from civil_complaints.casework.case_views import act
from civil_complaints.categories.forms import category_choices
from civil_complaints.categories.services import classify as classify_complaint
from core.clock import now_utc
from organization.auth import requires_permission
from organization.domain.roles import Permission


@requires_permission(Permission.COMPLAINTS_HANDLE)
def classify(receipt_no: str):
    form = wf.ClassifyForm()
    form.category_id.choices = category_choices()
    return act(receipt_no, form=form, panel="classify", allowed=lambda c: can_handle(current_user, c),
               run=lambda c, f: classify_complaint(current_user, c, category_id=f.category_id.data,
                                                   tags_text=f.tags.data or "", now=now_utc()),
               success=_("The category and tags were saved."))
