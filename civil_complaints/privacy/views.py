"""The personal-data access log, for auditors and administrators (안전성 확보조치 기준 제8조②: 월 1회 이상 점검)."""

from __future__ import annotations

import re

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from civil_complaints.labels import ACCESS_ACTION_LABELS, NOTICE_LABELS
from civil_complaints.privacy.access_log import ACTIONS, CITIZEN_BY_CODE, CITIZEN_BY_RECEIPT, LogFilter, search
from core.inputs import BoundedDateField, query_int
from organization.auth import requires_permission
from organization.domain.roles import Permission


class AccessLogFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    login_id = StringField(_l("User ID"), validators=[Optional(), Length(max=64)])
    subject = StringField(_l("Receipt number or masked name"), validators=[Optional(), Length(max=100)])
    action = SelectField(_l("Action"), choices=[SelectChoice("", _l("All"))]
                         + [SelectChoice(a, ACCESS_ACTION_LABELS[a]) for a in ACTIONS], validators=[Optional()])
    date_from = BoundedDateField(_l("From"), validators=[Optional()])
    date_to = BoundedDateField(_l("To"), validators=[Optional()])


@requires_permission(Permission.ACCESS_LOG_REVIEW)
def access_log():
    form = AccessLogFilterForm(request.args)
    valid = form.validate()
    flt = LogFilter(login_id=(form.login_id.data or "").strip(), subject=form.subject.data or "",
                    action=form.action.data or "", date_from=form.date_from.data if valid else None,
                    date_to=form.date_to.data if valid else None)
    page = search(flt, page=query_int("page", default=1, low=1, high=100_000))
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("civil_complaints/staff/access_log.html", form=form, page=page, args=args,
                           action_labels=ACCESS_ACTION_LABELS, access_subject=subject_text,
                           access_reason=reason_text), (200 if valid else 400)


_OUTBOX_SUBJECT = re.compile(r"outbox #(\d+) (.*)")


def subject_text(subject: str) -> str:
    """The data subject as stored ("HB-2611-000001 김*민", "outbox #12 d***@example.kr"), in the page's words."""
    match = _OUTBOX_SUBJECT.fullmatch(subject or "")
    if match:
        return _("Outbox message %(id)s to %(recipient)s", id=match.group(1), recipient=match.group(2))
    return subject


#: reasons the system writes itself, stored as "letter-print:<notice template>" (people's own reasons are text)
_LETTER_PRINT = re.compile(r"letter-print:(\w+)")


def reason_text(reason: str | None) -> str:
    """The reason as stored, or — for a reason the system wrote — in the page's words."""
    if reason == CITIZEN_BY_CODE:
        return _("The complainant, after confirming their contact with a one-time code")
    if reason == CITIZEN_BY_RECEIPT:
        return _("The complainant, with the receipt number and lookup password")
    match = _LETTER_PRINT.fullmatch(reason or "")
    if match:
        notice = NOTICE_LABELS.get(match.group(1))
        return _("Letter printed for posting: %(notice)s", notice=notice or match.group(1))
    return reason or "—"
