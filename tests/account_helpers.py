"""Helpers for the user-administration tests: an account's details form as the page shows it, and the trail."""

from __future__ import annotations

from sqlalchemy import select

from core.extensions import db
from organization.account_audit import AccountChange
from organization.models import User
from tests.helpers import parse


def user_id(app, login_id: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.login_id == login_id))


def details_form(client, account_id: int, **changes) -> dict:
    """The details form of /admin/users/<id> filled as the page shows it (CSRF token and fingerprint included),
    with `changes` on top: what a person who changes only those fields sends."""
    page = parse(client.get(f"/admin/users/{account_id}"))
    form = page.find("form", attrs={"action": f"/admin/users/{account_id}"})
    assert form is not None, "the account page has no details form"
    data: dict = {"roles": []}
    for field in form.find_all("input"):
        if field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[field["name"]].append(field["value"])
        elif field.get("name"):
            data[field["name"]] = field.get("value", "")
    selected = form.find("select", attrs={"name": "department"}).find("option", selected=True)
    data["department"] = selected["value"] if selected else ""
    data.update(changes)
    return data


def trail(app, login_id: str) -> list[tuple]:
    """The account's trail as (action, field, before, after, actor login id), oldest first."""
    with app.app_context():
        rows = db.session.scalars(select(AccountChange).join(AccountChange.user).where(User.login_id == login_id)
                                  .order_by(AccountChange.id)).all()
        return [(r.action, r.field, r.before, r.after, r.actor.login_id if r.actor else None) for r in rows]
