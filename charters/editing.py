"""Between the charter edit form and the services: fill the form, read it back, place rule errors."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from charters.domain.content import ALL_SECTIONS
from charters.domain.lifecycle import CharterRuleError
from charters.forms import CharterForm
from charters.labels import ROW_NAMES
from charters.messages import rule_message
from charters.models import Charter
from charters.services import ChannelData, CompensationData, DraftData, StandardData
from civil_complaints.complaint_models import ComplaintType
from civil_complaints.deadlines.explain_text import period_label_spec
from civil_complaints.deadlines.period_input import parse_period_input, period_input_text
from core.extensions import db

BLANK_ROWS = {"standards": 1, "compensations": 1, "channels": 1}


def fill_form(form: CharterForm, charter: Charter) -> None:
    """A GET: the draft's content, plus one empty row per list to add to."""
    form.row_version.data = str(charter.row_version)
    form.title.data = charter.title
    for section in ALL_SECTIONS:
        getattr(form, section.value).data = charter.source(section.value)
    for s in charter.standards:
        form.standards.append_entry({"service_group": s.service_group, "service": s.service, "promise": s.promise,
                                     "measure": s.measure, "complaint_type_id": s.complaint_type_id,
                                     "promise_spec": period_input_text(s.promise_spec, str(get_locale())),
                                     "target_percent": s.target_percent})
    for c in charter.compensations:
        form.compensations.append_entry({"condition": c.condition, "amount_won": c.amount_won, "reward": c.form,
                                         "basis": c.basis or ""})
    for c in charter.channels:
        form.channels.append_entry({"kind": c.kind, "name": c.name, "value": c.value, "hours": c.hours or ""})
    for name, count in BLANK_ROWS.items():
        for _index in range(count):
            getattr(form, name).append_entry()


def set_choices(form: CharterForm) -> None:
    types = db.session.scalars(select(ComplaintType).order_by(ComplaintType.code)).all()
    locale = str(get_locale())
    choices = [(None, _("None (all complaints for a satisfaction rate)"))] + [
        (t.id, f"{t.name(locale)} ({period_label_spec(t.period_spec)})"
         + ("" if t.is_active else " — " + _("inactive"))) for t in types]
    for entry in form.standards:
        entry.form.complaint_type_id.choices = choices


def _text(value) -> str:
    return (value or "").strip()


def _spec(value) -> str | None:
    """A typed period ("5일", "5 days", "5d") as its spec; text that is no period goes on as typed, for the
    service to refuse with its message."""
    return parse_period_input(value) or _text(value) or None


def draft_data(form: CharterForm) -> DraftData:
    return DraftData(
        title=_text(form.title.data),
        sections={section.value: getattr(form, section.value).data or "" for section in ALL_SECTIONS},
        standards=[StandardData(service_group=row.service_group.data, service=_text(row.service.data),
                                promise=_text(row.promise.data), measure=row.measure.data,
                                complaint_type_id=row.complaint_type_id.data,
                                promise_spec=_spec(row.promise_spec.data),
                                target_percent=row.target_percent.data) for row in form.kept(form.standards)],
        compensations=[CompensationData(condition=_text(row.condition.data), form=_text(row.reward.data),
                                        amount_won=row.amount_won.data, basis=_text(row.basis.data) or None)
                       for row in form.kept(form.compensations)],
        channels=[ChannelData(kind=row.kind.data, name=_text(row.name.data), value=_text(row.value.data),
                              hours=_text(row.hours.data) or None) for row in form.kept(form.channels)],
    )


def apply_rule_errors(form: CharterForm, problems: list[CharterRuleError]) -> None:
    """Show each rule problem under the field it is about."""
    kept = form.kept(form.standards)
    for problem in problems:
        if problem.index is not None and problem.index < len(kept):
            field = getattr(kept[problem.index], problem.field or "service")
        else:
            field = getattr(form, problem.field or "title", form.title)
        field.errors = [*field.errors, rule_message(problem)]


def flat_errors(form: CharterForm) -> list[tuple[str, str, str]]:
    """(field id, label, message) for the error summary, nested rows included."""
    found = []
    for field in form:
        if field.type == "FieldList":
            for number, entry in enumerate(field, start=1):
                for sub in entry.form:
                    found.extend((sub.id, f"{_row_name(field.name, number)} · {sub.label.text}", message)
                                 for message in sub.errors)
        elif field.type not in ("CSRFTokenField", "HiddenField"):
            found.extend((field.id, field.label.text, message) for message in field.errors)
        elif field.errors:
            found.extend((field.id, "", message) for message in field.errors)
    return found


def _row_name(list_name: str, number: int) -> str:
    return ROW_NAMES[list_name.rstrip("s")](number)
