"""Form pieces of the categories room (shape only: the rules live in domain/categories.py)."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from civil_complaints.categories.services import category_tree
from core.inputs import db_id


def optional_id(value) -> int | None:
    """WTForms `coerce`: empty is None, else a database id."""
    return None if value in ("", None) else db_id(value)


def category_choices(empty_label: str | None = None) -> list[SelectChoice]:
    """Every active category, subcategories under their top one ("도로·교통 › 불법주차")."""
    locale = str(get_locale())
    choices = [SelectChoice("", empty_label or _("Not classified"))]
    for group in category_tree():
        choices.append(SelectChoice(group.top.id, group.top.name(locale)))
        choices.extend(SelectChoice(c.id, f"{group.top.name(locale)} › {c.name(locale)}") for c in group.children)
    return choices
