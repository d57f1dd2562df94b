"""Reading a report's address: the report (404 if unknown, 403 if this person may not read it), the period and
filters as typed, and the query a builder receives."""

from __future__ import annotations

from flask import abort
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select

from core.clock import now_utc, today_kst
from core.extensions import db
from organization.models import Department
from reporting.params import ReportForm, build_form, read_filters, read_period
from reporting.registry import ReportDefinition, ReportQuery, definition


def readable(key: str) -> ReportDefinition:
    found = definition(key)
    if found is None:
        abort(404)
    if not found.may_read(current_user):
        abort(403)
    return found


def choices_for(found: ReportDefinition, scope: frozenset[int] | None) -> dict[str, list[tuple[str, str]]]:
    choices = dict(found.choices()) if found.filters else {}
    if scope is not None and "department" in choices:
        codes = set(db.session.scalars(select(Department.code).where(Department.id.in_(scope))))
        choices["department"] = [(code, label) for code, label in choices["department"] if code in codes]
    return choices


def params_of(query: ReportQuery) -> dict:
    return {"from": query.period.start.isoformat(), "to": query.period.end.isoformat(),
            "preset": "custom", **query.filters, **query.extra}


def read_query(found: ReportDefinition, args) -> tuple[ReportForm, ReportQuery | None]:
    """The form as typed, and the query when every parameter is right."""
    now = now_utc()
    scope = found.scope(current_user)
    choices = choices_for(found, scope)
    form = build_form(found, args, scope, choices)
    form.validate()
    period = read_period(form, args, today_kst(now), found.default_preset)
    filters = read_filters(form, found, choices)
    if period is None or filters is None:
        return form, None
    extra = {name: args[name].strip() for name in found.extra_params if (args.get(name) or "").strip()}
    return form, ReportQuery(period=period, actor=current_user, now=now, filters=filters, departments=scope,
                             extra=extra, locale=str(get_locale()))
