"""POST /staff/service-requests/<number>/rating: the requester's rating, shown on the request page as a partial
(templates/service_requests/_rating.html; its context comes from `rating_context`)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core.clock import now_utc
from core.extensions import db
from organization.auth import requires_permission
from organization.domain.roles import Permission
from service_requests.access import may_read
from service_requests.handling.rating import RatingRefused, may_rate, rate
from service_requests.models import ServiceRequest
from service_requests.satisfaction.forms import RatingForm
from working_calendar.cache import load_calendar


def refusal_text(code: str) -> str:
    return {
        "not_your_side": _("Only the requesting department may rate this request."),
        "wrong_status": _("A request can be rated once it is resolved."),
        "already_rated": _("This request has already been rated."),
        "score": _("Choose one of the five levels."),
        "too_long": _("The comment is too long."),
        "changed": _("The request changed while you were writing. Check it and rate again."),
    }[code]


def request_url(number: str) -> str:
    """The request page (another room's endpoint; its path as a fallback while it is not in this build)."""
    if "service_requests.request_page" in current_app.view_functions:
        return url_for("service_requests.request_page", number=number)
    return f"/staff/service-requests/{number}"


def rating_context(user, service_request: ServiceRequest, form: RatingForm | None = None,
                   refusal: str | None = None) -> dict:
    """What _rating.html needs, for the request page to merge into its own context."""
    return {"service_request": service_request, "may_rate": may_rate(user, service_request),
            "rating_form": form or RatingForm(formdata=None, version=service_request.version),
            "rating_refusal": refusal, "rating_action": url_for("service_requests.rate_request",
                                                                number=service_request.number)}


def _request_or_404(number: str) -> ServiceRequest:
    found = db.session.scalar(select(ServiceRequest).where(ServiceRequest.number == number[:20]))
    if found is None:
        abort(404)
    if not may_read(current_user, found):
        abort(403)
    return found


def _refused(service_request: ServiceRequest, form: RatingForm, code: str | None):
    db.session.rollback()
    service_request = db.session.get(ServiceRequest, service_request.id)
    context = rating_context(current_user, service_request, form, refusal_text(code) if code else None)
    return render_template("service_requests/rating.html", request_url=request_url(service_request.number),
                           **context), 400


@requires_permission(Permission.SERVICE_REQUESTS_USE)
def rate_request(number: str):
    service_request = _request_or_404(number)
    form = RatingForm()
    if not form.validate_on_submit():
        return _refused(service_request, form, None)
    if form.version.data and form.version.data != str(service_request.version):
        return _refused(service_request, form, "changed")
    try:
        rate(current_user, service_request, score=int(form.score.data), comment=form.comment.data or "",
             calendar=load_calendar(), now=now_utc())
    except RatingRefused as refused:
        if refused.code == "not_your_side":
            abort(403)
        return _refused(service_request, form, refused.code)
    db.session.commit()
    flash(_("Thank you for rating the service."), "success")
    return redirect(request_url(service_request.number), code=303)
