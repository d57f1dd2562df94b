"""`/admin/policy-fields`: administrators keep the fields offered on /subscribe (policy_customers/fields.py)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.extensions import db
from organization.auth import requires_permission
from organization.domain.roles import Permission
from policy_customers import fields
from policy_customers.forms import FieldForm
from policy_customers.models import PolicyField

REFUSALS = {"code_format": _l("Use 2 to 40 capital letters, digits and hyphens, starting with a letter."),
            "code_taken": _l("Another field has this code.")}


@requires_permission(Permission.POLICY_FIELDS_MANAGE)
def policy_fields():
    return render_template("policy_customers/admin_fields.html", fields=fields.all_fields())


@requires_permission(Permission.POLICY_FIELDS_MANAGE)
def edit_policy_field(field_id: int | None = None):
    field = None
    if field_id is not None:
        field = db.session.get(PolicyField, field_id)
        if field is None:
            abort(404)
    form = FieldForm(obj=field)
    if form.validate_on_submit():
        try:
            if field is None:
                fields.create_field(code=form.code.data, name_ko=form.name_ko.data, name_en=form.name_en.data,
                                    is_active=form.is_active.data)
            else:
                fields.update_field(field, name_ko=form.name_ko.data, name_en=form.name_en.data,
                                    is_active=form.is_active.data)
        except fields.FieldRefused as refused:
            db.session.rollback()
            form.code.errors = [*form.code.errors, str(REFUSALS[refused.code])]
        else:
            db.session.commit()
            flash(_("The field is saved."), "success")
            return redirect(url_for(".policy_fields"), code=303)
    return render_template("policy_customers/admin_field_form.html", form=form, field=field), \
        400 if form.errors else 200
