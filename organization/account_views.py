"""Account pages that end sessions: a staff member's own password, an administrator's changes to an account.

Their URLs are in organization/blueprint.py.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user

from core.clock import now_utc
from core.extensions import db
from organization.account_services import (
    MAX_PASSWORD_LENGTH,
    AccountRefused,
    change_own_password,
    update_account,
)
from organization.auth import requires_permission
from organization.domain.roles import Permission
from organization.forms import AccountForm, PasswordChangeForm
from organization.models import User
from organization.services import MIN_PASSWORD_LENGTH
from organization.sessions import open_session
from organization.views import session_lifetime

REFUSALS = {
    "wrong_password": ("current_password", _l("The current password is not correct.")),
    "same_password": ("new_password", _l("Choose a password different from the current one.")),
    "password_length": ("new_password", _l("A password has %(min)d to %(max)d characters.", min=MIN_PASSWORD_LENGTH,
                                           max=MAX_PASSWORD_LENGTH)),
    "roles_required": ("roles", _l("Choose at least one role.")),
    "department_required": ("roles", _l("Officers and department heads must belong to a department.")),
    "own_admin": ("active", _l("You cannot disable your own account or give up your own administrator role.")),
}


def _show_refusal(form, error: AccountRefused) -> None:
    name, message = REFUSALS[error.code]
    getattr(form, name).errors.append(str(message))


@requires_permission(Permission.STAFF_HOME)
def change_password():
    """The person's own password. Every session of theirs ends; this browser gets a new one."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_own_password(user, current_password=form.current_password.data,
                                new_password=form.new_password.data)
        except AccountRefused as error:
            db.session.rollback()
            _show_refusal(form, error)
        else:
            open_session(user, now=now_utc(), lifetime=session_lifetime())
            db.session.commit()
            login_user(user)
            flash(_("Your password was changed. You were logged out everywhere else."), "success")
            return redirect(url_for("staff.home"), code=303)
    return render_template("staff/password.html", form=form), 400 if form.errors else 200


@requires_permission(Permission.USERS_MANAGE)
def edit_user(user_id: int):
    """Roles, active or not, a new password: any change logs the account out everywhere."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = AccountForm(data={"roles": sorted(r.value for r in user.roles), "active": user.is_active_account})
    if form.validate_on_submit():
        try:
            changed = update_account(current_user, user, roles=form.roles.data, active=form.active.data,
                                     new_password=form.new_password.data or None)
        except AccountRefused as error:
            db.session.rollback()
            _show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("The account of %(name)s was changed; its sessions have ended.", name=user.display_name)
                  if changed else _("Nothing changed."), "success" if changed else "info")
            return redirect(url_for("admin.users"), code=303)
    return render_template("admin/user_edit.html", form=form, user=user), 400 if form.errors else 200
