"""What a person asks of a report, read from the address (`from`, `to`, `preset`, the filters, `format`), checked
and kept as typed on error. A GET form: nothing is stored, no CSRF token.

Decided: with no period in the address a report opens on its default preset's latest finished period: the last
finished month (a month's check is what the 민원심사관 reads most) unless the report names another (the management
review: the last quarter); a preset without dates takes the latest finished period of its kind (the evaluation year
that ended on the last 8. 31.); explicit `from`/`to` win over a preset. The end may not lie in the future.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from core.inputs import BoundedDateField
from reporting.domain.periods import PRESETS, Period, PeriodError, parse_period, preset_period
from reporting.registry import FILTERS, ReportDefinition

PRESET_LABELS = {"month": _l("Last month"), "quarter": _l("Last quarter"), "year": _l("Last year"),
                 "evaluation_year": _l("Last evaluation year (1 Sep – 31 Aug)"), "custom": _l("Dates below")}
FILTER_LABELS = {"department": _l("Department"), "kind": _l("Kind"), "type": _l("Type"), "channel": _l("Channel"),
                 "month": _l("Month")}
PERIOD_ERRORS = {
    "from_missing": _l("Enter the first day."), "to_missing": _l("Enter the last day."),
    "bad_date": _l("Enter dates as YYYY-MM-DD."), "reversed": _l("The last day cannot be before the first day."),
    "too_long": _l("Choose a period of at most ten years."), "too_early": _l("Choose a day from 1 January 2000."),
    "future": _l("The period cannot start after today."), "bad_preset": _l("Choose a period from the list."),
}


class ReportForm(FlaskForm):
    class Meta:
        csrf = False

    preset = SelectField(_l("Period"), choices=[SelectChoice(p, PRESET_LABELS[p]) for p in PRESETS],
                         validators=[Optional()], validate_choice=False)
    date_from = BoundedDateField(_l("From"), name="from", validators=[Optional()],
                                 description=_l("With the period 'Dates below'."))
    date_to = BoundedDateField(_l("To"), name="to", validators=[Optional()])
    department = SelectField(FILTER_LABELS["department"], validators=[Optional()], validate_choice=False)
    kind = SelectField(FILTER_LABELS["kind"], validators=[Optional()], validate_choice=False)
    type = SelectField(FILTER_LABELS["type"], validators=[Optional()], validate_choice=False)
    channel = SelectField(FILTER_LABELS["channel"], validators=[Optional()], validate_choice=False)
    month = StringField(validators=[Optional()])


def build_form(definition: ReportDefinition, args, scope: frozenset[int] | None,
               choices: dict[str, list[tuple[str, str]]]) -> ReportForm:
    form = ReportForm(args)
    if not args.get("preset"):  # an address with dates only (a bookmark, a download link): the select says so
        form.preset.data = "custom" if args.get("from") or args.get("to") else definition.default_preset
    for name in FILTERS:
        options = choices.get(name, [])
        getattr(form, name).choices = [SelectChoice("", _l("All"))] + [SelectChoice(code, label)
                                                                   for code, label in options]
    return form


def read_period(form: ReportForm, args, today: date, default: str = "month") -> Period | None:
    """The period asked for; None with the error put on the form's fields. A named preset (last month, quarter,
    year, evaluation year) decides by itself; the dates count when the preset is "custom" or absent."""
    preset = args.get("preset") or ""
    if preset and preset not in PRESETS:
        form.preset.errors = [PERIOD_ERRORS["bad_preset"]]
        return None
    if preset and preset != "custom":
        return preset_period(preset, today)
    if form.date_from.errors or form.date_to.errors:
        return None
    try:
        if args.get("from") or args.get("to"):
            return parse_period(args.get("from"), args.get("to"), today)
        return preset_period(default, today)
    except PeriodError as error:
        target = form.date_to if error.code in ("to_missing", "reversed") else form.date_from
        target.errors = [PERIOD_ERRORS[error.code]]
        return None


def read_filters(form: ReportForm, definition: ReportDefinition,
                 choices: dict[str, list[tuple[str, str]]]) -> dict[str, str] | None:
    """The filters the report takes, each one of its choices; None with the error on the field."""
    filters, ok = {}, True
    for name in definition.filters:
        value = (getattr(form, name).data or "").strip()
        if not value:
            continue
        if value not in {code for code, _label in choices.get(name, [])}:
            getattr(form, name).errors = [_l("Choose an entry from the list.")]
            ok = False
            continue
        filters[name] = value
    return filters if ok else None


class UnmaskForm(FlaskForm):
    file_format = SelectField(_l("File"), choices=[SelectChoice("xlsx", _l("Excel (XLSX)")),
                                                   SelectChoice("csv", _l("CSV"))])
    reason = TextAreaField(_l("Why you need the names and contacts"), validators=[
        DataRequired(message=_l("Give the reason: it is kept in the personal-data access log.")),
        Length(min=5, max=300, message=_l("Write between 5 and 300 characters."))],
        description=_l("For example: a complainant's request to see their own record; an audit of case "
                       "HB-2611-000123."))
