"""Pages of the 민원 feature: the public 처리기한 계산기 and the holiday administration."""

from __future__ import annotations

from datetime import datetime

from flask import render_template, request

from civil_complaints.deadlines import explain_text
from civil_complaints.deadlines.forms import DeadlineForm
from civil_complaints.domain.deadlines import compute_due
from civil_complaints.domain.periods import ProcessingPeriod
from core.clock import KST
from working_calendar.cache import load_calendar


def deadline_calculator():
    """처리기한 계산기: the due date of a period from a receipt time, with the working shown (D13)."""
    form = DeadlineForm(request.args)
    result = None
    submitted = bool(request.args)
    if submitted and form.validate():
        received_at = datetime.combine(form.received_on.data, form.received_time.data, tzinfo=KST)
        pauses = []
        if form.pause_start.data:
            pauses.append((form.pause_start.data, form.pause_end.data))
        calendar = load_calendar()
        period = ProcessingPeriod.parse(form.period_spec())
        deadline = compute_due(received_at, period, calendar=calendar, pauses=pauses)
        result = {
            "deadline": deadline,
            "period_label": explain_text.period_label(period),
            "steps": explain_text.describe_steps(deadline),
            "calendar_revision": calendar.revision,
        }
    status = 400 if submitted and form.errors else 200
    return render_template("civil_complaints/deadline.html", form=form, result=result,
                           submitted=submitted), status

