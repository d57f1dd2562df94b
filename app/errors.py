"""Localized error pages (HTML) and error bodies (JSON for the APIs)."""

from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from organization.errors import PermissionDenied

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check what you entered and try again.")),
    403: (_l("Access denied"), _l("You do not have permission to see this page.")),
    404: (_l("Page not found"), _l("The page you asked for does not exist or has moved.")),
    405: (_l("Method not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("Upload too large"), _l("What you sent is larger than we accept.")),
    429: (_l("Too many requests"), _l("You have made too many requests. Please wait a moment and try again.")),
    500: (_l("Server error"), _l("Something went wrong on our side. Please try again later.")),
}
CSRF_MESSAGE = _l("Your form expired or was sent from another site. Please reload the page and try again.")

JSON_PREFIXES = ("/api/", "/open311/")


def _render(code: int, message: str | None = None):
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    text = str(message or default_message)
    if request.path.startswith("/open311/"):  # GeoReport v2: errors in the resource's format (XML by default)
        from civil_complaints.open311.format import error_response

        return error_response(code, text)
    if request.path.startswith(JSON_PREFIXES):
        return jsonify(error={"code": code, "title": str(title), "message": text}), code
    return render_template("errors/error.html", code=code, title=title, message=text), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, CSRF_MESSAGE)

    @app.errorhandler(PermissionDenied)
    def permission_denied(error):
        return _render(403)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code not in MESSAGES:
            return error
        response = make_response(_render(error.code, getattr(error, "user_message", None)))  # app.inputs.BadInput
        if getattr(error, "valid_methods", None):  # 405: what the address does accept (RFC 9110 §15.5.6)
            response.headers["Allow"] = ", ".join(error.valid_methods)
        retry_after = getattr(error, "retry_after", None)  # 429 (app.ratelimit), 503
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        from core.extensions import db

        db.session.rollback()
        return _render(InternalServerError.code)
