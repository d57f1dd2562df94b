"""Administrators' page of the 민원 분류 (two levels; Permission.COMPLAINT_TYPES_MANAGE, as the catalog of types)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from civil_complaints.categories.forms import optional_id
from civil_complaints.categories.services import CategoryRefused, category_tree, save_category
from civil_complaints.complaint_models import ComplaintCategory
from civil_complaints.domain.categories import MAX_TOP_CATEGORIES
from core.extensions import db
from organization.auth import requires_permission
from organization.domain.roles import Permission


class CategoryForm(FlaskForm):
    name_ko = StringField(_l("Name (Korean)"), validators=[DataRequired(message=_l("Enter a name.")), Length(max=60)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(message=_l("Enter a name.")), Length(max=60)])
    parent_id = SelectField(_l("Top category"), coerce=optional_id,
                            description=_l("Empty: this is a top category. Two levels only."))
    position = IntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(min=0, max=999)])
    is_active = BooleanField(_l("In use"), default=True)


def _messages() -> dict[str, str]:
    return {"parent_not_top": _("Choose a top category as the parent: the list has two levels only."),
            "too_many_top": _("At most %(limit)d top categories may be in use: keep the list short enough to choose "
                              "from, and use subcategories.", limit=MAX_TOP_CATEGORIES)}


def _form(category: ComplaintCategory | None) -> CategoryForm:
    form = CategoryForm(obj=category)
    locale = str(get_locale())
    form.parent_id.choices = [SelectChoice("", _("None (top category)"))] + [
        SelectChoice(g.top.id, g.top.name(locale)) for g in category_tree(active_only=False)
        if category is None or g.top.id != category.id]
    return form


@requires_permission(Permission.COMPLAINT_TYPES_MANAGE)
def complaint_categories():
    """The list, with a form to add a category."""
    form = _form(None)
    if form.validate_on_submit():
        return _save(None, form) or _render_list(form, 400)
    return _render_list(form, 400 if form.errors else 200)


def _render_list(form: CategoryForm, status: int):
    return render_template("civil_complaints/admin/categories.html", groups=category_tree(active_only=False),
                           form=form, limit=MAX_TOP_CATEGORIES), status


@requires_permission(Permission.COMPLAINT_TYPES_MANAGE)
def edit_complaint_category(category_id: int):
    category = db.session.get(ComplaintCategory, category_id) or abort(404)
    form = _form(category)
    if form.validate_on_submit() and (done := _save(category, form)):
        return done
    return render_template("civil_complaints/admin/category_form.html", form=form, category=category), \
        400 if form.errors else 200


def _save(category: ComplaintCategory | None, form: CategoryForm):
    try:
        save_category(category, name_ko=form.name_ko.data, name_en=form.name_en.data, parent_id=form.parent_id.data,
                      position=form.position.data or 0, is_active=bool(form.is_active.data))
    except CategoryRefused as refused:
        db.session.rollback()
        field = form.parent_id if refused.code == "parent_not_top" else form.is_active
        field.errors = [*field.errors, _messages()[refused.code]]
        return None
    db.session.commit()
    flash(_("The category was saved."), "success")
    return redirect(url_for(".complaint_categories"), code=303)
