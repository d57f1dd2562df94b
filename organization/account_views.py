"""The staff member's own password (/staff/password): ends their other sessions, and ends a temporary password.

Administrators' changes to accounts are in organization/user_admin_views.py. Their URLs are in
organization/blueprint.py.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user

from core.clock import now_utc
from core.extensions import db
from organization.account_services import MAX_PASSWORD_LENGTH, AccountRefused, change_own_password
from organization.auth import requires_permission
from organization.domain.roles import Permission
from organization.forms import PasswordChangeForm
from organization.services import MIN_PASSWORD_LENGTH
from organization.sessions import open_session
from organization.views import session_lifetime

REFUSALS = {
    "wrong_password": ("current_password", _l("The current password is not correct.")),
    "same_password": ("new_password", _l("Choose a password different from the current one.")),
    "password_length": ("new_password", _l("A password has %(min)d to %(max)d characters.", min=MIN_PASSWORD_LENGTH,
                                           max=MAX_PASSWORD_LENGTH)),
}


@requires_permission(Permission.STAFF_HOME)
def change_password():
    """The person's own password. Every session of theirs ends; this browser gets a new one. The one page open
    to a person with a temporary password (organization/auth.py)."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        now = now_utc()
        try:
            change_own_password(user, current_password=form.current_password.data,
                                new_password=form.new_password.data, now=now, address=request.remote_addr)
        except AccountRefused as error:
            db.session.rollback()
            name, message = REFUSALS[error.code]
            getattr(form, name).errors.append(str(message))
        else:
            open_session(user, now=now, lifetime=session_lifetime())
            db.session.commit()
            login_user(user)
            flash(_("Your password was changed. You were logged out everywhere else."), "success")
            return redirect(url_for("staff.home"), code=303)
    return render_template("staff/password.html", form=form), 400 if form.errors else 200
