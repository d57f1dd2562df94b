"""/staff/complaints: the officers' queues with tabs, GET filters, search and keyset pages (queries.py).

Department heads get an assign/reassign control per row; it posts to the case page's assign route, which
runs the one assignment service and brings them back here.
"""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from civil_complaints.casework.forms import AssignForm
from civil_complaints.casework.staff_notify import due_text_of
from civil_complaints.complaint_models import CHANNELS, ComplaintType
from civil_complaints.domain.due_badges import Badge, BadgeKind, due_badge
from civil_complaints.domain.kinds import ComplaintKind
from civil_complaints.labels import CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS
from civil_complaints.queues.queries import PAGE_SIZE, Cursor, QueueFilters, Scope, Tab, queue_page, rows_before
from civil_complaints.queues.tools import tools_context
from civil_complaints.queues.worklist import scope_of, tabs_of
from core.clock import now_utc
from core.extensions import db
from core.inputs import BadInput, BoundedDateField
from core.masking import mask_name
from organization.auth import requires_any_permission
from organization.domain.roles import Permission
from organization.models import Department, User
from working_calendar.cache import load_calendar

TAB_LABELS = {
    Tab.MINE: _l("My complaints"),
    Tab.DEPARTMENT: _l("Department queue"),
    Tab.UNASSIGNED: _l("Unassigned"),
    Tab.DUE_TODAY: _l("Due today"),
    Tab.OVERDUE: _l("Overdue"),
    Tab.SHARED: _l("Cooperation requests"),
}
#: the same tabs for those who see every department (auditors): named for what they show
ALL_DEPARTMENTS_TAB_LABELS = {**TAB_LABELS, Tab.DEPARTMENT: _l("All departments")}


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    q = StringField(_l("Receipt number, title or content"), validators=[Optional(), Length(max=100)])
    kind = SelectField(_l("Kind"), validators=[Optional()],
                       choices=[SelectChoice("", _l("All"))] + [SelectChoice(k.value, KIND_LABELS[k])
                                                                for k in ComplaintKind])
    type = SelectField(_l("Type"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()],
                         choices=[SelectChoice("", _l("Open (this tab)")), SelectChoice("all", _l("All statuses"))]
                         + [SelectChoice(s, label) for s, label in STATUS_LABELS.items()])
    channel = SelectField(_l("Channel"), validators=[Optional()],
                          choices=[SelectChoice("", _l("All"))]
                          + [SelectChoice(c, CHANNEL_LABELS[c]) for c in CHANNELS])
    received_from = BoundedDateField(_l("Received from"), validators=[Optional()])
    received_to = BoundedDateField(_l("Received until"), validators=[Optional()])
    assignee = SelectField(_l("Assigned to"), validators=[Optional()])
    department = SelectField(_l("Department"), validators=[Optional()])


def _scope() -> Scope:
    scope = scope_of(current_user)
    if scope is None:
        abort(403)
    return scope


def _type_choices(scope: Scope, locale: str) -> list[SelectChoice]:
    query = select(ComplaintType).order_by(ComplaintType.name_ko)
    if scope.department_id is not None:
        query = query.where(ComplaintType.department_id == scope.department_id)
    return [SelectChoice("", _("All"))] + [SelectChoice(str(t.id), t.name(locale)) for t in db.session.scalars(query)]


def _assignee_choices(scope: Scope) -> list[SelectChoice]:
    """Anyone of the department who handles 민원 (active or not: their 민원 stay theirs until reassigned); those
    who see every department filter by department instead."""
    choices = [SelectChoice("", _("Anyone"))]
    if scope.department_id is None:
        return choices
    users = db.session.scalars(select(User).where(User.department_id == scope.department_id)
                               .order_by(User.display_name, User.id))
    return choices + [SelectChoice(str(u.id), u.display_name) for u in users if u.can(Permission.COMPLAINTS_HANDLE)]


def _department_choices(scope: Scope, locale: str) -> list[SelectChoice]:
    choices = [SelectChoice("", _("All"))]
    if scope.department_id is not None:
        return choices
    departments = db.session.scalars(select(Department).order_by(Department.name_ko, Department.id))
    return choices + [SelectChoice(str(d.id), d.name_ko if locale == "ko" else d.name_en) for d in departments]


def _number(value: str | None) -> int | None:
    return int(value) if (value or "").isdigit() else None


def _filters(form: QueueFilterForm, tab: Tab, valid: bool) -> QueueFilters:
    """The form's filters; an invalid form (shown with its errors, 400) filters nothing."""
    if not valid:
        return QueueFilters(tab=tab)
    return QueueFilters(tab=tab, kind=form.kind.data or None, type_id=_number(form.type.data),
                        status=form.status.data or None, channel=form.channel.data or None,
                        received_from=form.received_from.data, received_to=form.received_to.data,
                        q=(form.q.data or "").strip(), assignee_id=_number(form.assignee.data),
                        department_id=_number(form.department.data))


def badge_text(badge: Badge | None) -> str:
    if badge is None:
        return ""
    n = badge.value
    return {
        BadgeKind.PAUSED: lambda: _("Supplement pending (clock stopped)"),
        BadgeKind.MINUTES_LEFT: lambda: ngettext("%(num)d working minute left", "%(num)d working minutes left", n),
        BadgeKind.HOURS_LEFT: lambda: ngettext("%(num)d working hour left", "%(num)d working hours left", n),
        BadgeKind.DAYS_LEFT: lambda: _("D-day") if n == 0 else _("D-%(days)d", days=n),
        BadgeKind.OVERDUE_HOURS: lambda: ngettext("%(num)d working hour overdue", "%(num)d working hours overdue",
                                                  n),
        BadgeKind.OVERDUE_DAYS: lambda: ngettext("%(num)d day overdue", "%(num)d days overdue", n),
    }[badge.kind]()


def _assign_form(scope: Scope):
    """One form (CSRF token, officer choices) for every row; None when the user may not assign."""
    if not current_user.can(Permission.COMPLAINTS_ASSIGN) or scope.department_id is None:
        return None
    users = db.session.scalars(select(User).where(User.department_id == scope.department_id,
                                                  User.is_active_account).order_by(User.display_name))
    form = AssignForm()
    form.assignee.choices = [SelectChoice(u.id, u.display_name) for u in users
                             if u.can(Permission.COMPLAINTS_HANDLE)]
    return form


def _cursor() -> Cursor | None:
    """The page asked for (`after` or `before` a row); a link that is not one of ours is a 400."""
    after, before = request.args.get("after", ""), request.args.get("before", "")
    cursor = Cursor.parse(after) if after else Cursor.parse(before, before=True) if before else None
    if (after or before) and cursor is None:
        raise BadInput(_("This page link is not valid. Open the list again from its first page."))
    return cursor


def _filter_form(scope: Scope, args, locale: str) -> QueueFilterForm:
    """The filter form over `args` with the choices of `scope` (types, officers, departments)."""
    form = QueueFilterForm(args)
    form.type.choices = _type_choices(scope, locale)
    form.assignee.choices = _assignee_choices(scope)
    form.department.choices = _department_choices(scope, locale)
    return form


@requires_any_permission(Permission.COMPLAINTS_VIEW_ALL, Permission.COMPLAINTS_VIEW_DEPARTMENT)
def staff_complaints():
    return queue_response()


def queue_response(extra: dict | None = None, code: int | None = None):
    """The queue page for the request's query string; `extra`: a refused tool form (tools.py), shown with `code`."""
    scope = _scope()
    tabs = tabs_of(current_user, scope)
    tab = next((t for t in tabs if t.value == request.args.get("tab")), tabs[0])
    locale = str(get_locale())
    form = _filter_form(scope, request.args, locale)
    valid = form.validate()
    filters = _filters(form, tab, valid)
    cursor = _cursor()
    now = now_utc()
    page = queue_page(scope, filters, now, cursor)
    # the page's number, for its title: 1 without a cursor, else counted from the rows before it
    number = rows_before(scope, filters, now, page.rows[0]) // PAGE_SIZE + 1 if cursor and page.rows else 1
    calendar = load_calendar()
    rows = [(row, due_badge(row.status, row.due_at, row.period_spec, now=now, calendar=calendar),
             due_text_of(row.period_spec, row.due_at, row.due_date)) for row in page.rows]  # D3: a date, or an instant
    args = {k: v for k, v in request.args.items() if k not in ("after", "before", "tab") and v}
    context = dict(
        form=form, tabs=tabs, tab=tab, page=page,
        tab_labels=ALL_DEPARTMENTS_TAB_LABELS if scope.department_id is None else TAB_LABELS,
        rows=rows, args=args, badge_text=badge_text, page_number=number, mask_name=mask_name, locale=locale,
        assign_form=_assign_form(scope), all_departments=scope.department_id is None or tab is Tab.SHARED,
        own_department=scope.department_id,
        filtered=any(k != "q" for k in args), status_text={k: str(v) for k, v in STATUS_LABELS.items()},
        back=request.full_path.rstrip("?"),
    )
    context.update(tools_context(scope, form, extra))
    return render_template("civil_complaints/staff/queue.html", **context), code or (200 if valid else 400)


def filters_valid(query_args) -> bool:
    """Whether the queue's filter form accepts these arguments (a saved filter must be one the page accepts)."""
    scope = _scope()
    form = _filter_form(scope, query_args, str(get_locale()))
    tab = query_args.get("tab")
    return form.validate() and (tab is None or tab in {t.value for t in tabs_of(current_user, scope)})
