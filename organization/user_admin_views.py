"""User administration (/admin/users): the list with filters, a new account, an account's page and its actions.

Thin: organization/account_services.py decides and records every change in the account audit trail; these views
read forms, translate refusals (400, the typed input kept) and commit once. A temporary password is shown once,
on the answer to the POST that made it (never put in a cookie or a redirect), with `Cache-Control: no-store`.
Their URLs are in organization/blueprint.py.
"""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from core.clock import now_utc
from core.extensions import db
from organization.account_services import (
    MAX_PASSWORD_LENGTH,
    AccountDetails,
    AccountRefused,
    create_account,
    fingerprint,
    is_locked,
    reset_by_admin,
    set_active,
    unlock,
    update_details,
)
from organization.account_trail import trail_of
from organization.auth import requires_permission
from organization.domain.roles import Permission, Role
from organization.models import Department, User, UserRole
from organization.services import MIN_PASSWORD_LENGTH
from organization.user_admin_forms import (
    AccountActionForm,
    AccountDetailsForm,
    NewUserForm,
    PasswordResetForm,
    UserFilterForm,
)

REFUSALS = {
    "login_id_format": ("login_id", _l("A user ID has 2 to 64 lower-case letters, digits, \".\", \"_\" or \"-\", "
                                       "and starts with a letter or a digit.")),
    "login_id_taken": ("login_id", _l("This user ID is already taken. Choose another one.")),
    "name_required": ("display_name", _l("Enter the person's name.")),
    "roles_required": ("roles", _l("Choose at least one role.")),
    "department_required": ("department", _l("Officers and department heads must belong to a department.")),
    "password_length": ("temporary_password", _l("A password has %(min)d to %(max)d characters.",
                                                  min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)),
    "last_admin": ("roles", _l("This is the last active administrator: another active account must hold the "
                               "administrator role first.")),
    "stale": ("seen", _l("Someone else changed this account after you opened the page. Check the values shown "
                         "now and save again.")),
}
ACTION_REFUSALS = {
    "last_admin": _l("This is the last active administrator: it cannot be deactivated."),
    "own_deactivation": _l("You cannot deactivate your own account."),
    "already_active": _l("The account is already active."),
    "already_inactive": _l("The account is already deactivated."),
    "not_locked": _l("The account is not locked."),
}


def _department_choices(current: Department | None) -> list[tuple[str, str]]:
    """Active departments (and the account's own, even if no longer active), as "국 › 과" paths."""
    locale = str(get_locale())
    departments = db.session.scalars(select(Department).order_by(Department.code)).all()
    shown = [d for d in departments if d.is_active or d == current]
    return [("", _("No department"))] + sorted(((str(d.id), d.path_name(locale)) for d in shown),
                                                key=lambda choice: choice[1])


def _department(department_id: int | None) -> Department | None:
    return db.session.get(Department, department_id) if department_id else None


def _details(form: AccountDetailsForm) -> AccountDetails:
    return AccountDetails(display_name=form.display_name.data or "", department=_department(form.department.data),
                          email=(form.email.data or "").strip() or None, phone=(form.phone.data or "").strip() or None,
                          roles=frozenset(Role(value) for value in form.roles.data or ()))


def _show_refusal(form, error: AccountRefused) -> None:
    name, message = REFUSALS[error.code]
    getattr(form, name).errors.append(str(message))


def _no_store(response):
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


def _filtered_users(form: UserFilterForm):
    query = select(User).options(selectinload(User.role_rows), selectinload(User.department)).order_by(User.login_id)
    now = now_utc()
    if (text := (form.q.data or "").strip()):
        pattern = "%" + "".join("\\" + c if c in "\\%_" else c for c in text) + "%"
        query = query.where(or_(User.login_id.ilike(pattern, escape="\\"),
                                User.display_name.ilike(pattern, escape="\\")))
    if form.department.data:
        query = query.where(User.department_id == form.department.data)
    if form.role.data:
        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == form.role.data)))
    conditions = {"active": User.is_active_account, "inactive": ~User.is_active_account,
                  "locked": User.locked_until > now, "temporary": User.must_change_password}
    if form.status.data in conditions:
        query = query.where(conditions[form.status.data])
    return db.session.scalars(query).all()


@requires_permission(Permission.USERS_MANAGE)
def users():
    """Every staff account (none is ever deleted), filtered by department, role and status."""
    form = UserFilterForm(request.args)
    form.department.choices = [("", _("All"))] + _department_choices(None)[1:]
    valid = form.validate()
    rows = _filtered_users(form) if valid else []
    return render_template("admin/users.html", users=rows, form=form, now=now_utc(),
                           filtered=any(request.args.get(name) for name in ("q", "department", "role", "status"))
                           ), 200 if valid else 400


@requires_permission(Permission.USERS_MANAGE)
def new_user():
    """A new account with a temporary password; the answer shows it once."""
    form = NewUserForm()
    form.department.choices = _department_choices(None)
    if form.validate_on_submit():
        try:
            user, password = create_account(current_user, login_id=form.login_id.data, details=_details(form),
                                            password=form.temporary_password.data or None, now=now_utc(),
                                            address=request.remote_addr)
        except AccountRefused as error:
            db.session.rollback()
            _show_refusal(form, error)
        else:
            db.session.commit()
            return _no_store(render_template("admin/user_password_shown.html", user=user, password=password,
                                             created=True))
    return render_template("admin/user_new.html", form=form), 400 if form.errors else 200


def _account(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _details_form(user: User, formdata=None) -> AccountDetailsForm:
    data = {"display_name": user.display_name, "department": user.department_id, "email": user.email,
            "phone": user.phone, "roles": sorted(r.value for r in user.roles), "seen": fingerprint(user)}
    form = AccountDetailsForm(formdata=formdata, data=data)
    form.department.choices = _department_choices(user.department)
    return form


def _edit_page(user: User, *, details: AccountDetailsForm | None = None, reset: PasswordResetForm | None = None,
               action_error: str | None = None):
    details = details or _details_form(user, formdata=None)
    reset = reset or PasswordResetForm(formdata=None)
    refused = bool(details.errors or reset.errors or action_error)
    now = now_utc()
    page = render_template("admin/user_edit.html", user=user, form=details, reset_form=reset,
                           action_form=AccountActionForm(formdata=None), action_error=action_error, now=now,
                           locked=is_locked(user, now), trail=trail_of(user, str(get_locale())))
    return page, 400 if refused else 200


@requires_permission(Permission.USERS_MANAGE)
def edit_user(user_id: int):
    """The account's details (name, department, contacts, roles), its actions and its audit trail."""
    user = _account(user_id)
    if request.method != "POST":
        return _edit_page(user)
    form = _details_form(user, formdata=request.form)
    if form.validate_on_submit():
        try:
            changed = update_details(current_user, user, _details(form), seen=form.seen.data or None, now=now_utc(),
                                     address=request.remote_addr)
        except AccountRefused as error:
            db.session.rollback()
            _show_refusal(form, error)
        else:
            db.session.commit()
            message = (_("The account of %(name)s was changed.", name=user.display_name) if changed
                       else _("Nothing changed."))
            flash(message, "success" if changed else "info")
            return redirect(url_for("admin.edit_user", user_id=user.id), code=303)
    return _edit_page(user, details=form)


def _action(user_id: int, act, done):
    """A one-button action on the account (deactivate, reactivate, unlock): refused → the page with the reason."""
    user = _account(user_id)
    form = AccountActionForm()
    if not form.validate_on_submit():
        return _edit_page(user, action_error=_("The form expired. Try again."))
    try:
        act(user)
    except AccountRefused as error:
        db.session.rollback()
        return _edit_page(user, action_error=str(ACTION_REFUSALS[error.code]))
    db.session.commit()
    flash(done(user), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id), code=303)


@requires_permission(Permission.USERS_MANAGE)
def deactivate_user(user_id: int):
    """The person can no longer log in and is logged out everywhere; the account and its history stay."""
    return _action(user_id, lambda user: set_active(current_user, user, False, now=now_utc(),
                                                    address=request.remote_addr),
                   lambda user: _("The account of %(name)s was deactivated; its sessions have ended.",
                                  name=user.display_name))


@requires_permission(Permission.USERS_MANAGE)
def reactivate_user(user_id: int):
    return _action(user_id, lambda user: set_active(current_user, user, True, now=now_utc(),
                                                    address=request.remote_addr),
                   lambda user: _("The account of %(name)s was reactivated.", name=user.display_name))


@requires_permission(Permission.USERS_MANAGE)
def unlock_user(user_id: int):
    """Lift a lock-out after repeated failed logins; the password stays."""
    return _action(user_id, lambda user: unlock(current_user, user, now=now_utc(), address=request.remote_addr),
                   lambda user: _("The account of %(name)s was unlocked.", name=user.display_name))


@requires_permission(Permission.USERS_MANAGE)
def reset_user_password(user_id: int):
    """A temporary password (typed, or generated and shown once); the person changes it at their next login."""
    user = _account(user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            password = reset_by_admin(current_user, user, form.temporary_password.data or None, now=now_utc(),
                                      address=request.remote_addr)
        except AccountRefused as error:
            db.session.rollback()
            _show_refusal(form, error)
        else:
            db.session.commit()
            return _no_store(render_template("admin/user_password_shown.html", user=user, password=password,
                                             created=False))
    return _edit_page(user, reset=form)
