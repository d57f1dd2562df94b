"""Flask-Login wiring and the permission decorator for views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import Flask, abort, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from core.clock import now_utc
from core.extensions import login_manager
from organization.domain.roles import Permission

F = TypeVar("F", bound=Callable)
#: the one staff page open to a person whose password is temporary (organization.models.User.must_change_password)
FIRST_STOP_ENDPOINT = "staff.change_password"


def init_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(token: str):
        """The account of a session that still exists on the server (organization.sessions), else anonymous."""
        from organization.sessions import user_for_token

        return user_for_token(token, now=now_utc())


def _requiring(granted: Callable[[], bool], declared) -> Callable[[F], F]:
    """A view decorator: anonymous users go to the login page; a person with a temporary password goes to the
    password page (until they choose their own, nothing else opens); users for whom `granted()` is false get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                flash(login_manager.login_message, login_manager.login_message_category)
                return redirect(url_for("auth.login", next=request.full_path))
            if current_user.must_change_password and request.endpoint != FIRST_STOP_ENDPOINT:
                return redirect(url_for(FIRST_STOP_ENDPOINT))
            if not granted():
                abort(403)
            return view(*args, **kwargs)

        wrapper.required_permission = declared  # read by the route-coverage test
        return wrapper  # type: ignore[return-value]

    return decorator


def requires_permission(permission: Permission) -> Callable[[F], F]:
    """Declare the permission a view needs: anonymous users go to the login page, others get 403."""
    return _requiring(lambda: current_user.can(permission), permission)


def requires_any_permission(*permissions: Permission) -> Callable[[F], F]:
    """Like `requires_permission`, granted when the user holds any one of `permissions`."""
    return _requiring(lambda: any(current_user.can(permission) for permission in permissions), permissions)
