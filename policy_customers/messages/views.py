"""`/staff/policy-messages`: policy news for staff — the list, a new message, its preview (how many would receive
it now, the mail as a subscriber reads it) and the send button. Recipients are counted, never listed."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from core.clock import now_utc
from core.extensions import db
from organization.auth import requires_permission
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import Department
from policy_customers.domain import consent as rules
from policy_customers.messages import services
from policy_customers.messages.forms import MessageForm
from policy_customers.messages.models import PolicyMessage, PolicyMessageDelivery
from policy_customers.models import PolicyField
from policy_customers.queries import recipients
from policy_customers.services import active_fields
from surveys.forms import ButtonForm
from surveys.models import Survey
from surveys.queries import open_surveys_of

STATUS_LABELS = {"draft": _l("Draft"), "sending": _l("Sending"), "sent": _l("Sent")}
REFUSALS = {"not_draft": _l("This message has already been sent; it cannot be changed."),
            "fields": _l("Choose at least one field offered on the subscription page."),
            "survey_closed": _l("The attached survey is not open: open it, or send the message without it."),
            "survey": _l("Choose one of the surveys listed.")}


def _name(field: PolicyField) -> str:
    return field.name_ko if str(get_locale()) == "ko" else field.name_en


def message_or_404(message_id: int) -> PolicyMessage:
    return db.session.get(PolicyMessage, message_id) or abort(404)


@requires_permission(Permission.POLICY_CUSTOMERS_VIEW)
def policy_messages():
    messages = list(db.session.scalars(select(PolicyMessage).order_by(PolicyMessage.id.desc())))
    counts = _delivery_counts([m.id for m in messages])
    return render_template("policy_customers/messages/list.html", messages=messages, counts=counts,
                           status_labels=STATUS_LABELS, can_send=current_user.can(Permission.POLICY_MESSAGES_SEND))


def _delivery_counts(ids: list[int]) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {}
    if ids:
        for message_id, status, amount in db.session.execute(
                select(PolicyMessageDelivery.message_id, PolicyMessageDelivery.status, func.count())
                .where(PolicyMessageDelivery.message_id.in_(ids))
                .group_by(PolicyMessageDelivery.message_id, PolicyMessageDelivery.status)):
            found.setdefault(message_id, {})[status] = amount
    return found


def _choices(form: MessageForm) -> None:
    form.fields.choices = [(f.code, _name(f)) for f in active_fields()]
    query = select(Department).where(Department.is_active).order_by(Department.code)
    if not current_user.can(Permission.SURVEYS_MANAGE_ALL):
        query = query.where(Department.id == current_user.department_id)
    locale = str(get_locale())
    form.department_id.choices = [SelectChoice(d.id, d.path_name(locale)) for d in db.session.scalars(query)]
    departments = None if current_user.can(Permission.SURVEYS_VIEW_ALL) else [current_user.department_id]
    form.survey_id.choices = [SelectChoice(None, _("No survey"))] + [
        SelectChoice(s.id, s.title) for s in open_surveys_of(departments)]


@requires_permission(Permission.POLICY_MESSAGES_SEND)
def new_policy_message():
    return _form(None)


@requires_permission(Permission.POLICY_MESSAGES_SEND)
def edit_policy_message(message_id: int):
    message = message_or_404(message_id)
    if not services.can_edit(current_user, message.department_id):
        abort(403)
    return _form(message)


def _form(message: PolicyMessage | None):
    form = MessageForm(obj=message)
    _choices(form)
    if not form.is_submitted():
        form.department_id.data = message.department_id if message else current_user.department_id
        form.fields.data = services.field_codes(message) if message else []
    if form.validate_on_submit():
        data = services.MessageData(subject=form.subject.data, body=form.body.data, field_codes=form.fields.data,
                                    department_id=form.department_id.data, survey_id=form.survey_id.data)
        try:
            if message is None:
                message = services.create(current_user, data, now=now_utc())
            else:
                services.update(current_user, message, data, now=now_utc())
        except services.MessageRefused as refused:
            db.session.rollback()
            target = form.survey_id if refused.code.startswith("survey") else form.fields
            target.errors = [*target.errors, str(REFUSALS[refused.code])]
        except PermissionDenied:
            db.session.rollback()
            form.department_id.errors = [_("You may send the messages of your own department only.")]
        else:
            db.session.commit()
            flash(_("The message was saved. Check it before sending."), "success")
            return redirect(url_for(".policy_message", message_id=message.id), code=303)
    return render_template("policy_customers/messages/form.html", form=form, message=message), \
        400 if form.errors else 200


@requires_permission(Permission.POLICY_CUSTOMERS_VIEW)
def policy_message(message_id: int):
    message = message_or_404(message_id)
    codes = services.field_codes(message)
    now = now_utc()
    news = recipients(codes, rules.NEWS, now) if message.status == "draft" else []
    with_survey = len(recipients(codes, rules.SURVEYS, now, [r.customer_id for r in news])) \
        if news and message.survey_id else 0
    fields = [_name(f) for f in db.session.scalars(select(PolicyField).where(PolicyField.code.in_(codes))
                                                   .order_by(PolicyField.position))]
    return render_template("policy_customers/messages/preview.html", message=message, fields=fields,
                           survey=db.session.get(Survey, message.survey_id) if message.survey_id else None,
                           would_receive=len(news), with_survey=with_survey, status_labels=STATUS_LABELS,
                           counts=_delivery_counts([message.id]).get(message.id, {}),
                           editable=services.can_edit(current_user, message.department_id), button=ButtonForm())


@requires_permission(Permission.POLICY_MESSAGES_SEND)
def send_policy_message(message_id: int):
    message = message_or_404(message_id)
    if not services.can_edit(current_user, message.department_id):
        abort(403)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        listed = services.start_sending(current_user, message, now=now_utc())
    except services.MessageRefused as refused:
        db.session.rollback()
        flash(str(REFUSALS[refused.code]), "error")
    else:
        db.session.commit()
        flash(_("The message goes to %(count)d subscribers, a batch a minute.", count=listed), "success")
    return redirect(url_for(".policy_message", message_id=message.id), code=303)
