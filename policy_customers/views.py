"""The public pages: subscribe (`/subscribe`), confirm, manage, renew and leave by the links e-mailed.

A link's page answers a GET with a button; only the POST acts (mail scanners open links). The leave POST also takes
the one-click request a mail client sends for List-Unsubscribe-Post (RFC 8058), without a session or CSRF token:
the token in the address is the secret. Pages reached by a token are not cached and send no referrer.
"""

from __future__ import annotations

from flask import current_app, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from core.clock import now_utc
from core.extensions import db, limiter
from core.i18n import official_date
from policy_customers import services, tokens
from policy_customers.domain import consent as rules
from policy_customers.forms import ButtonForm, ConsentForm, ManageForm, SubscribeForm


def _limit() -> str:
    return current_app.config["SUBSCRIBE_RATE_LIMIT"]


def _choices(form) -> None:
    lang = str(get_locale())
    form.fields.choices = [(f.code, f.name_ko if lang == "ko" else f.name_en) for f in services.active_fields()]


def _private(body, status: int = 200):
    response = make_response(body, status)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _outcome(title: str, paragraphs: list[str], status: int = 200, links: bool = True):
    return _private(render_template("policy_customers/outcome.html", title=title, paragraphs=paragraphs,
                                    links=links), status)


def _invalid():
    return _outcome(_("This link does not work"), [
        _("The link has expired, was already used, or the subscription it belonged to no longer exists."),
        _("To subscribe, or to get a new link to manage your subscription, enter your e-mail address on the "
          "subscription page: we will e-mail you.")], 404)


@limiter.limit(_limit, methods=["POST"])
def subscribe():
    form = SubscribeForm()
    _choices(form)
    if form.validate_on_submit():
        if not form.website.data:  # a robot filled the hidden field: the same answer, nothing stored
            services.subscribe(form.email.data, name=form.name.data, field_codes=form.fields.data,
                               purposes=form.purposes(), ip=request.remote_addr or "", language=str(get_locale()),
                               now=now_utc())
            db.session.commit()
        return redirect(url_for(".subscribe_sent"), code=303)
    return render_template("policy_customers/subscribe.html", form=form,
                           retention_days=current_app.config["POLICY_CUSTOMER_RETENTION_DAYS"],
                           token_days=current_app.config["POLICY_CUSTOMER_TOKEN_DAYS"]), 400 if form.errors else 200


def subscribe_sent():
    return _outcome(_("Check your e-mail"), [
        _("We have sent an e-mail to the address you gave. Open the link in it to confirm your subscription: until "
          "you do, you receive nothing, and an unconfirmed subscription is deleted after %(days)d days.",
          days=current_app.config["POLICY_CUSTOMER_TOKEN_DAYS"]),
        _("If this address already receives our news, the e-mail instead gives you a link to see and change your "
          "subscription.")])


def confirm(token: str):
    form = ButtonForm()
    if request.method == "POST" and form.validate_on_submit():
        customer = services.confirm(token, now_utc())
        if customer is None:
            db.session.rollback()
            return _invalid()
        db.session.commit()
        return _outcome(_("Subscription confirmed"), [
            _("Thank you. You will receive policy news in the fields you chose."),
            _("We have e-mailed you a link to see, change or end your subscription at any time.")])
    if tokens.find(token, tokens.CONFIRM, now_utc()) is None:
        return _invalid()
    return _private(render_template("policy_customers/action.html", form=form, title=_("Confirm your subscription"),
                                    lead=_("Press the button to confirm that this e-mail address is yours and that "
                                           "you want to receive policy news."),
                                    button=_("Confirm my subscription")))


def manage(token: str):
    now = now_utc()
    customer = services.customer_for(token, now)
    if customer is None:
        return _invalid()
    form = ManageForm()
    _choices(form)
    saved = False
    if form.validate_on_submit():
        services.update(customer, name=form.name.data, field_codes=form.fields.data, now=now)
        db.session.commit()
        saved = True
    elif request.method == "GET":
        form.name.data = customer.name or ""
        fields = services.facts(customer).field_codes
        form.fields.data = [code for code, _label in form.fields.choices if code in fields]
    status = 400 if form.errors else 200
    return _private(render_template("policy_customers/manage.html", form=form, customer=customer, token=token,
                                    saved=saved, consent_form=ConsentForm(formdata=None), button_form=ButtonForm(),
                                    holds={p: services.consent_holds(customer, p, now) for p in rules.PURPOSES},
                                    consents=customer.consents), status)


def manage_consent(token: str):
    now = now_utc()
    customer = services.customer_for(token, now)
    if customer is None:
        return _invalid()
    form = ConsentForm()
    if not form.validate_on_submit():
        return redirect(url_for(".manage", token=token), code=303)
    kept = services.set_consent(customer, form.purpose.data, give=form.give.data == "yes",
                                ip=request.remote_addr or "", now=now)
    db.session.commit()
    if not kept:
        return _left()
    return redirect(url_for(".manage", token=token), code=303)


def _left():
    return _outcome(_("You have left"), [
        _("Your subscription has ended and your e-mail address, name, fields and consents have been erased. You "
          "will receive nothing more from us."),
        _("You can subscribe again at any time.")])


def leave(token: str):
    now = now_utc()
    customer = services.customer_for(token, now)
    if customer is None:
        return _invalid()
    if request.method == "POST":  # one click: from the page's button or from the mail client (RFC 8058)
        services.leave(customer, now)
        db.session.commit()
        return _left()
    return _private(render_template(
        "policy_customers/action.html", form=None, title=_("Leave the policy news"),
        lead=_("Press the button to end your subscription. Your e-mail address, name, fields and consents are "
               "erased at once."), button=_("Unsubscribe and erase my data")))


def renew(token: str):
    now = now_utc()
    customer = services.customer_for(token, now)
    if customer is None or customer.status != rules.CONFIRMED:
        return _invalid()
    form = ButtonForm()
    if request.method == "POST" and form.validate_on_submit():
        services.renew(customer, now)
        db.session.commit()
        return _outcome(_("Subscription kept"), [
            _("Thank you. We keep your subscription until %(date)s.", date=_date(customer.retention_until))])
    return _private(render_template(
        "policy_customers/action.html", form=form, title=_("Keep your subscription"),
        lead=_("Your subscription ends on %(date)s and your data is then erased. Press the button to keep it for "
               "another %(days)d days.", date=_date(customer.retention_until),
               days=current_app.config["POLICY_CUSTOMER_RETENTION_DAYS"]),
        button=_("Keep my subscription")))


def _date(value) -> str:
    return official_date(value)
