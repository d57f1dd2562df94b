"""The 제도개선 register for staff (/staff/improvements): the list, a new improvement, its page and its editing.
The steps and milestones: step_views.py. Thin: the rules are in services.py and the state machine."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from civil_complaints.access import can_view
from civil_complaints.domain.improvements import ImprovementAction, ImprovementRefused, allowed
from civil_complaints.improvements import labels, queries, services
from civil_complaints.improvements.access import can_create, can_edit_department
from civil_complaints.improvements.forms import ImprovementForm, MilestoneDoneForm, MilestoneForm, StepForm
from civil_complaints.improvements.models import Improvement
from core.clock import now_utc
from core.extensions import db
from core.inputs import query_int
from organization.auth import requires_any_permission, requires_permission
from organization.domain.roles import Permission
from organization.models import Department

EDIT = (Permission.IMPROVEMENTS_EDIT_DEPARTMENT, Permission.IMPROVEMENTS_EDIT_ALL)


def improvement_or_404(improvement_id: int) -> Improvement:
    return db.session.get(Improvement, improvement_id) or abort(404)


def _departments() -> list[Department]:
    query = select(Department).where(Department.is_active).order_by(Department.code)
    if not current_user.can(Permission.IMPROVEMENTS_EDIT_ALL):
        query = query.where(Department.id == current_user.department_id)
    return list(db.session.scalars(query))


def _department_choices() -> list[SelectChoice]:
    locale = str(get_locale())
    return [SelectChoice(d.id, d.path_name(locale)) for d in _departments()]


@requires_permission(Permission.IMPROVEMENTS_VIEW)
def improvements():
    status = request.args.get("status") or None
    department_id = query_int("department", default=None, low=1, high=2**31 - 1)
    page = queries.register_page(status=status, department_id=department_id,
                                 page=query_int("page", default=1, low=1, high=100000))
    return render_template("civil_complaints/improvements/list.html", page=page, status=status,
                           department_id=department_id, departments=list(db.session.scalars(
                               select(Department).where(Department.is_active).order_by(Department.code))),
                           status_labels=labels.STATUS_LABELS, can_create=can_create(current_user),
                           counts=queries.complaint_counts([i.id for i in page.items]))


def _data(form: ImprovementForm) -> services.ImprovementData:
    return services.ImprovementData(
        title=form.title.data, problem=form.problem.data, department_id=form.department_id.data,
        progress=form.progress.data or 0, decision=form.decision.data or "",
        what_changed=form.what_changed.data or "", changed_on=form.changed_on.data,
        receipt_numbers=(form.receipt_numbers.data or "").replace(",", " ").split())


def _save(form: ImprovementForm, improvement: Improvement | None):
    """Create or update; None when refused (the error is on the form, the session rolled back)."""
    try:
        if improvement is None:
            improvement = services.create(current_user, _data(form), now=now_utc())
        else:
            services.check_version(improvement, form.version_number())
            services.update(current_user, improvement, _data(form), now=now_utc())
        db.session.commit()
    except services.LinkRefused as refused:
        db.session.rollback()
        form.receipt_numbers.errors = [_("Not found, or not yours to link: %(numbers)s",
                                         numbers=", ".join(refused.numbers))]
        return None
    except (services.StaleImprovement, StaleDataError):
        db.session.rollback()
        form.version.errors = [_("Someone else changed this improvement while you were working on it. What you "
                                 "entered is kept; check the page and send it again.")]
        return None
    except ImprovementRefused as refused:
        db.session.rollback()
        form.version.errors = [labels.refusal_message(refused.code)]
        return None
    flash(_("The improvement was saved."), "success")
    return redirect(url_for(".improvement", improvement_id=improvement.id), code=303)


@requires_any_permission(*EDIT)
def new_improvement():
    form = ImprovementForm()
    form.department_id.choices = _department_choices()
    if request.method == "GET":
        form.department_id.data = current_user.department_id
        form.receipt_numbers.data = request.args.get("complaint", "")[:30]
    elif form.validate_on_submit() and (done := _save(form, None)):
        return done
    return render_template("civil_complaints/improvements/form.html", form=form, improvement=None), \
        400 if form.errors else 200


@requires_any_permission(*EDIT)
def edit_improvement(improvement_id: int):
    improvement = improvement_or_404(improvement_id)
    if not can_edit_department(current_user, improvement.department_id):
        abort(403)
    form = ImprovementForm(obj=improvement)
    form.department_id.choices = _department_choices()
    if request.method == "GET":
        form.version.data = str(improvement.version)
        form.receipt_numbers.data = "\n".join(link.complaint.receipt_no for link in improvement.links)
    elif form.validate_on_submit() and (done := _save(form, improvement)):
        return done
    code = 409 if form.version.errors else 400 if form.errors else 200
    return render_template("civil_complaints/improvements/form.html", form=form, improvement=improvement), code


def render_improvement(improvement: Improvement, *, forms: dict | None = None, code: int = 200):
    given = dict(forms or {})
    forms = {}
    for name, cls in (("step", StepForm), ("milestone", MilestoneForm), ("done", MilestoneDoneForm)):
        forms[name] = given.get(name) or cls(formdata=None)
        if name not in given:
            forms[name].version.data = str(improvement.version)
    if "step" not in given:
        forms["step"].step_decision.data = improvement.decision
        forms["step"].step_what_changed.data = improvement.what_changed
        forms["step"].step_changed_on.data = improvement.changed_on
    editable = can_edit_department(current_user, improvement.department_id)
    steps = [a for a in labels.STEP_LABELS if allowed(ImprovementAction(a), improvement.status_enum)]
    return render_template("civil_complaints/improvements/page.html", improvement=improvement, forms=forms,
                           editable=editable and allowed(ImprovementAction.EDIT, improvement.status_enum),
                           steps=steps if editable else [], step_labels=labels.STEP_LABELS,
                           status_labels=labels.STATUS_LABELS, event_labels=labels.EVENT_LABELS,
                           can_open=lambda c: can_view(current_user, c)), code


@requires_permission(Permission.IMPROVEMENTS_VIEW)
def improvement(improvement_id: int):
    return render_improvement(improvement_or_404(improvement_id))
