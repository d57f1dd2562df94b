"""Site-wide pages: home, language switch, privacy notice, health check."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from core.extensions import db
from core.urls import safe_next

bp = Blueprint("main", __name__)


@bp.app_context_processor
def navigation_helpers() -> dict:
    from app import navigation
    from organization.domain.roles import Permission

    return {"has_endpoint": lambda name: name in current_app.view_functions, "Permission": Permission,
            "staff_menu": navigation.staff_menu, "public_menu": navigation.public_menu,
            "may_open": lambda endpoint: navigation.may_open(current_user, endpoint)}


@bp.route("/")
def index():
    return render_template("main/index.html")


@bp.route("/language", methods=["POST"])
def set_language():
    """Switch the interface language (ko/en); remembered in the session and on the staff account."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.preferred_locale = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("main.index")), code=303)


@bp.route("/privacy")
def privacy():
    return render_template("main/privacy.html")


@bp.route("/healthz")
def healthz():
    """Liveness plus database reachability, for load balancers and monitoring."""
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is unusable
        db.session.rollback()
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return jsonify(status="ok" if status == 200 else "degraded", database=database,
                   engine=db.engine.dialect.name), status


@bp.route("/favicon.ico")
def favicon():
    """Browsers and crawlers ask for /favicon.ico on their own; the icon is an SVG in static/."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)
