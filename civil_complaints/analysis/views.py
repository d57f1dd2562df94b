"""민원 분석 (/staff/analysis) for department heads (their department), 민원심사관 and auditors (every department):
monthly trends and spikes by group, the top keywords, repeated complaints, and the 민원 behind every figure (names
masked; a receipt number opens the case for those allowed to). Thin: SQL in queries.py, figures in figures.py.
Refused input: 400 with the form as typed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from civil_complaints.access import can_view
from civil_complaints.analysis import figures, queries, services
from civil_complaints.analysis.forms import DIMENSION_LABELS, AnalysisForm, DrillForm
from civil_complaints.analysis.queries import Scope
from civil_complaints.complaint_models import CHANNELS
from civil_complaints.domain.analysis import DEFAULT_RULE, add_months
from civil_complaints.reports.catalog import scope as report_scope
from core.clock import now_utc, today_kst
from core.extensions import db
from core.masking import mask_name
from organization.auth import requires_permission
from organization.domain.roles import Permission
from organization.models import Department
from reporting.charts import render_svg
from reporting.params import read_period

PAGE_SIZE = 50


@dataclass
class Asked:
    form: AnalysisForm
    scope: Scope | None
    args: dict


def _departments() -> list[Department]:
    allowed = report_scope(current_user)
    query = select(Department).order_by(Department.code)
    if allowed is not None:
        query = query.where(Department.id.in_(sorted(allowed) or [-1]))
    return list(db.session.scalars(query))


def _last_twelve_months(today: date) -> dict:
    last = today.replace(day=1) - timedelta(days=1)
    first = date(last.year - 1, last.month, 1) + timedelta(days=31)
    return {"from": first.replace(day=1).isoformat(), "to": last.isoformat()}


def ask(form_class=AnalysisForm) -> Asked:
    """The form read from the address and the scope it asks for (None: refused, the errors on the form)."""
    form = form_class(request.args)
    today = today_kst(now_utc())
    args = request.args.to_dict()
    if not args.get("preset") and not args.get("from") and not args.get("to"):
        # Decided: trends need months to compare, so the analysis opens on the last twelve finished months
        # (a report opens on last month); the dates are shown in the form, as if asked for.
        args.update(_last_twelve_months(today))
        form.date_from.data, form.date_to.data = date.fromisoformat(args["from"]), date.fromisoformat(args["to"])
    if not args.get("preset"):
        form.preset.data = "custom" if args.get("from") or args.get("to") else "month"
    locale = str(get_locale() or "ko")
    departments = _departments()
    form.department.choices = [SelectChoice("", _("All"))] + [SelectChoice(str(d.id), d.name(locale))
                                                              for d in departments]
    valid = form.validate()
    period = read_period(form, args, today)
    allowed = frozenset(d.id for d in departments) if report_scope(current_user) is not None else None
    by = (form.by.data or "").strip()
    if by and by not in DIMENSION_LABELS:
        form.by.errors = [_("Choose an entry from the list.")]
        valid = False
    form.by.data = by or "category"
    chosen = (form.department.data or "").strip()
    if chosen and chosen not in {str(d.id) for d in departments}:
        form.department.errors = [_("Choose an entry from the list.")]
        valid = False
    if chosen and valid:
        allowed = frozenset({int(chosen)})
    if not valid or period is None:
        return Asked(form, None, {})
    carried = {k: v for k, v in args.items() if k in ("preset", "from", "to", "department") and v}
    return Asked(form, Scope(period.start.replace(day=1), period.end.replace(day=1), allowed), carried)


def _page(template: str, asked: Asked, status: int = 200, **context):
    return render_template(f"civil_complaints/analysis/{template}", form=asked.form, scope=asked.scope,
                           args=asked.args, **context), status


@requires_permission(Permission.ANALYSIS_VIEW)
def analysis():
    """Monthly trends and spikes of one grouping (category by default)."""
    asked = ask()
    if asked.scope is None:
        return _page("trends.html", asked, 400, dimension="category")
    dimension = asked.form.by.data or "category"
    scope = asked.scope
    since = add_months(scope.first, -DEFAULT_RULE.window)
    counts = queries.monthly_counts(dimension, Scope(since, scope.last, scope.departments))
    groups = figures.trends(dimension, counts, scope, since)
    title = _("Complaints per month by %(group)s", group=str(DIMENSION_LABELS[dimension]).lower())
    chart = figures.trend_chart(dimension, title, groups, scope)
    spiking = [(g, m) for g in groups for m in sorted(g.spikes)]
    return _page("trends.html", asked, dimension=dimension, groups=groups[:figures.TABLE_GROUPS],
                 more=max(0, len(groups) - figures.TABLE_GROUPS), chart=chart, svg=render_svg(chart),
                 spiking=spiking, rule=DEFAULT_RULE, months=scope.months())


@requires_permission(Permission.ANALYSIS_VIEW)
def analysis_keywords():
    """The stored keyword counts of the period (the job computes them; this page never runs the analyser)."""
    asked = ask()
    if asked.scope is None:
        return _page("keywords.html", asked, 400)
    rows = queries.keyword_totals(asked.scope)
    computed_at, missing = queries.keyword_state(asked.scope)
    chart = figures.keyword_chart(rows, _("Top keywords of the period"))
    return _page("keywords.html", asked, rows=rows, chart=chart, svg=render_svg(chart) if rows else None,
                 computed_at=computed_at, missing=[m.strftime("%Y-%m") for m in missing],
                 may_recount=current_user.can(Permission.ANALYSIS_RECOUNT))


@requires_permission(Permission.ANALYSIS_RECOUNT)
def analysis_recount():
    """Queue the period's months for the keyword job; returns at once."""
    asked = ask()
    if asked.scope is None:
        return _page("keywords.html", asked, 400, rows=[], chart=None, svg=None, computed_at=None, missing=[],
                     may_recount=True)
    asked_for = services.request_recount(current_user, asked.scope.months(), now=now_utc())
    db.session.commit()
    flash(_("%(count)d months will be counted again within 15 minutes.", count=asked_for), "success")
    return redirect(url_for(".analysis_keywords", **asked.args), code=303)


@requires_permission(Permission.ANALYSIS_VIEW)
def analysis_repeats():
    """Repeated complaints: groups of at least N 민원 sharing a place and a category, or a keyword."""
    asked = ask()
    if asked.scope is None:
        return _page("repeats.html", asked, 400)
    minimum = asked.form.minimum.data or DEFAULT_MINIMUM
    places = queries.place_category_groups(asked.scope, minimum)
    names = figures.labels("category", {top for _p, top, _n in places})
    keywords = [(w, n) for w, n in queries.keyword_totals(asked.scope, limit=100) if n >= minimum]
    return _page("repeats.html", asked, places=places, names=names, keywords=keywords, minimum=minimum)


DEFAULT_MINIMUM = AnalysisForm.minimum.kwargs["default"]
DRILL_FILTERS = ("month", "category", "type", "channel", "place", "keyword")


def _drill_where(form: DrillForm, scope: Scope) -> list | None:
    """The WHERE of the figure asked for; None with the error on the form."""
    where = list(scope.where())
    if (form.month.data or "").strip():
        try:
            month = date.fromisoformat(form.month.data.strip() + "-01")
        except ValueError:
            month = None
        if month not in scope.months():
            form.month.errors = [_("Choose a month of the period.")]
            return None
        where += queries.month_condition(month)
    for dimension in ("category", "type", "channel", "place"):
        value = (getattr(form, dimension).data or "").strip()
        if dimension == "channel" and value and value not in CHANNELS:
            form.channel.errors = [_("Choose an entry from the list.")]
            return None
        if value:
            where.append(queries.group_condition(dimension, value, scope))
    if form.keyword.data and form.keyword.data.strip():
        where.append(queries.keyword_condition(form.keyword.data.strip()))
    return where


@requires_permission(Permission.ANALYSIS_VIEW)
def analysis_complaints():
    """The 민원 behind a figure: newest first, names masked."""
    asked = ask(DrillForm)
    form = asked.form
    where = _drill_where(form, asked.scope) if asked.scope is not None else None
    if where is None:
        return _page("complaints.html", asked, 400, items=[], total=0, page=1, pages=1, cap=queries.COUNT_CAP)
    total = queries.count_of(where)
    pages = max(1, -(-min(total, queries.COUNT_CAP) // PAGE_SIZE))
    page = min(form.page.data or 1, pages)
    items = [{"complaint": c, "masked": mask_name(c.complainant_name), "link": can_view(current_user, c)}
             for c in queries.page_of(where, page, PAGE_SIZE)]
    figure = {k: form[k].data for k in DRILL_FILTERS if form[k].data}
    return _page("complaints.html", asked, items=items, total=total, page=page, pages=pages, figure=figure,
                 cap=queries.COUNT_CAP)
