"""Flask-Login wiring and the permission decorator for views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import Flask, abort, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.extensions import db, login_manager
from organization.domain.roles import Permission

F = TypeVar("F", bound=Callable)


def init_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        from organization.models import User

        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        return user if user is not None and user.is_active else None


def requires_permission(permission: Permission) -> Callable[[F], F]:
    """Declare the permission a view needs: anonymous users go to the login page, others get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                flash(login_manager.login_message, login_manager.login_message_category)
                return redirect(url_for("auth.login", next=request.full_path))
            if not current_user.can(permission):
                abort(403)
            return view(*args, **kwargs)

        wrapper.required_permission = permission  # read by the route-coverage test
        return wrapper  # type: ignore[return-value]

    return decorator


def requires_any_permission(*permissions: Permission) -> Callable[[F], F]:
    """Like `requires_permission`, granted when the user holds any one of `permissions`."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                flash(login_manager.login_message, login_manager.login_message_category)
                return redirect(url_for("auth.login", next=request.full_path))
            if not any(current_user.can(permission) for permission in permissions):
                abort(403)
            return view(*args, **kwargs)

        wrapper.required_permission = permissions  # read by the route-coverage test
        return wrapper  # type: ignore[return-value]

    return decorator
