"""The moves of an improvement (검토, 추진, 완료, 보류, 재검토) and its milestones, one POST route each: check the
form and the version, run the service, commit once; a refusal re-shows the page with the input kept."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from civil_complaints.domain.improvements import ImprovementAction, ImprovementRefused
from civil_complaints.improvements import labels, services
from civil_complaints.improvements.access import can_edit_department
from civil_complaints.improvements.forms import MilestoneDoneForm, MilestoneForm, StepForm
from civil_complaints.improvements.models import ImprovementMilestone
from civil_complaints.improvements.views import EDIT, improvement_or_404, render_improvement
from core.clock import now_utc
from core.extensions import db
from organization.auth import requires_any_permission
from organization.errors import PermissionDenied


def _run(improvement_id: int, *, name: str, form, run: Callable, success: str):
    improvement = improvement_or_404(improvement_id)
    if not can_edit_department(current_user, improvement.department_id):
        abort(403)
    if not form.validate_on_submit():
        return render_improvement(improvement, forms={name: form}, code=400)
    try:
        services.check_version(improvement, form.version_number())
        run(improvement, form)
        db.session.commit()
    except (services.StaleImprovement, StaleDataError):
        db.session.rollback()
        form.version.errors = [_("Someone else changed this improvement while you were working on it. What you "
                                 "entered is kept; check the page and send it again.")]
        fresh = improvement_or_404(improvement_id)
        form.version.data = str(fresh.version)
        return render_improvement(fresh, forms={name: form}, code=409)
    except ImprovementRefused as refused:
        db.session.rollback()
        form.version.errors = [labels.refusal_message(refused.code)]
        return render_improvement(improvement_or_404(improvement_id), forms={name: form}, code=409)
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    flash(success, "success")
    return redirect(url_for(".improvement", improvement_id=improvement_id), code=303)


@requires_any_permission(*EDIT)
def improvement_step(improvement_id: int):
    form = StepForm()
    try:
        action = ImprovementAction(form.step.data or "")
    except ValueError:
        abort(400)

    def run(improvement, f):
        services.step(current_user, improvement, action, decision=f.step_decision.data,
                      what_changed=f.step_what_changed.data, changed_on=f.step_changed_on.data, now=now_utc())

    done = _("The improvement is done; the complainants who asked to be told will receive a notice.")
    return _run(improvement_id, name="step", form=form, run=run,
                success=done if action is ImprovementAction.FINISH else _("The improvement's status was changed."))


@requires_any_permission(*EDIT)
def add_milestone(improvement_id: int):
    return _run(improvement_id, name="milestone", form=MilestoneForm(), success=_("The milestone was added."),
                run=lambda i, f: services.add_milestone(current_user, i, title=f.milestone_title.data,
                                                        due_on=f.milestone_due.data, now=now_utc()))


@requires_any_permission(*EDIT)
def milestone_done(improvement_id: int, milestone_id: int):
    def run(improvement, f):
        milestone = db.session.get(ImprovementMilestone, milestone_id)
        if milestone is None or milestone.improvement_id != improvement.id:
            abort(404)
        services.complete_milestone(current_user, improvement, milestone, done_on=f.done_on.data,
                                    evidence=f.evidence.data or "", now=now_utc())

    return _run(improvement_id, name="done", form=MilestoneDoneForm(), run=run,
                success=_("The milestone was marked as done."))
