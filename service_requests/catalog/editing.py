"""The service editor's form ⇄ the catalog service's data: filling the form from a service, reading it back,
and the service's refusal codes placed beside the fields (rows of the form editor included)."""

from __future__ import annotations

from flask_babel import gettext as _

from core.inputs import parse_int
from service_requests.catalog.forms import ServiceForm
from service_requests.catalog.messages import catalog_message
from service_requests.catalog.services import TARGET_NAMES, FieldRow, ServiceData
from service_requests.models import Service

#: a new service starts from these targets (urgent, normal, low): the head adjusts them
NEW_TARGETS = {"response_urgent": "2h", "response_normal": "4h", "response_low": "1d",
               "resolution_urgent": "1d", "resolution_normal": "3d", "resolution_low": "5d"}
ROW_ATTRIBUTES = {"label_required": "label_ko", "too_long": "label_ko", "choices_format": "choices",
                  "choices_needed": "choices", "kind": "kind"}


def filled_form(service: Service | None) -> ServiceForm:
    if service is None:
        form = ServiceForm(category="other", is_active=True, may_link_complaint=True, **NEW_TARGETS)
    else:
        # the rows come from service.fields (ServiceField has every attribute of a row)
        form = ServiceForm(obj=service, version=str(service.version),
                           default_handler_id=str(service.default_handler_id or ""))
    form.fields.append_entry()  # one empty row to add a field
    return form


def add_row(form: ServiceForm) -> None:
    if len(form.fields) < form.fields.max_entries:
        form.fields.append_entry()


def version_of(form: ServiceForm) -> int:
    return parse_int(form.version.data, low=0) or 0


def service_data(form: ServiceForm, service: Service | None) -> ServiceData:
    kept = form.kept_rows()
    form.kept_indices = [index for index, _row in kept]
    handler = parse_int(form.default_handler_id.data or "", low=1)
    return ServiceData(
        code=service.code if service is not None else (form.code.data or "").strip(),
        name_ko=form.name_ko.data or "", name_en=form.name_en.data or "",
        description_ko=form.description_ko.data or "", description_en=form.description_en.data or "",
        category=form.category.data, targets={n: (form[n].data or "").strip() for n in TARGET_NAMES},
        default_handler_id=handler, needs_approval=form.needs_approval.data,
        may_link_complaint=form.may_link_complaint.data, is_active=form.is_active.data,
        fields=[FieldRow(key=(row.key.data or "").strip(), label_ko=row.label_ko.data or "",
                         label_en=row.label_en.data or "", kind=row.kind.data, required=row.required.data,
                         choices=row.choices.data or "") for _index, row in kept])


def show_errors(form: ServiceForm, errors: dict[str, str]) -> None:
    for name, code in errors.items():
        if name.startswith("fields-"):
            index = form.kept_indices[int(name.removeprefix("fields-"))]
            row = form.fields[index].form
            field = getattr(row, ROW_ATTRIBUTES.get(code, "key"))
        else:
            field = form[name] if name in form and name != "fields" else form.code
        field.errors = [*field.errors, catalog_message(code)]


def flat_errors(form: ServiceForm) -> list[tuple[str, str, str]]:
    """(field id, label, message) for the error summary, the rows of the form editor included."""
    found = []
    for field in form:
        if field.type == "FieldList":
            for number, entry in enumerate(field, start=1):
                found.extend((sub.id, _("Field %(number)d", number=number) + f" · {sub.label.text}", message)
                             for sub in entry.form for message in sub.errors)
        else:
            label = field.label.text if field.type not in ("HiddenField", "CSRFTokenField") else ""
            found.extend((field.id, label, message) for message in field.errors)
    return found
