"""정책 소식 받기 on the public filing form (issue 20: "a 민원인 may also opt in when filing").

The 민원 package does not know the policy-customer registry (a sibling feature): the app registers a `PolicyOptIn`
(app/__init__.py:_link_features) with the registry's offered fields, its subscription verb and the template of its
consent terms. Without one, the form has no such group. The 민원 record keeps nothing of the choice: after the 민원
is committed, the choice goes to the registry's own `subscribe` (a pending record and the usual confirmation mail:
double opt-in) in a transaction of its own, and a failure there is logged, never the filing's failure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app, flash
from flask_babel import gettext as _

from civil_complaints.intake import guards
from core.extensions import db

FIELDS = ("policy_news", "policy_fields", "policy_consent_news", "policy_consent_surveys")


@dataclass(frozen=True)
class PolicyOptIn:
    """What the registry offers the filing form.

    - `fields(language)`: the fields offered, as (code, label) in that language;
    - `subscribe(email=, field_codes=, surveys=, ip=, language=, now=)`: record the choice (callers commit); raises
      when the registry refuses it;
    - `terms_template`: a template with the macros `news_terms(retention_days, token_days)` and
      `surveys_terms(retention_days)` (the consent texts of the registry's own page), given `terms_context()`.
    """

    fields: Callable[[str], Sequence[tuple[str, str]]]
    subscribe: Callable[..., None]
    terms_template: str
    terms_context: Callable[[], dict]


def register(app: Flask, optin: PolicyOptIn) -> None:
    app.extensions.setdefault("civil_complaints", {})["policy_optin"] = optin


def registered() -> PolicyOptIn | None:
    return current_app.extensions.get("civil_complaints", {}).get("policy_optin")


def prepare(form, language: str, *, render: bool) -> None:
    """Remove the group when nothing is registered, or when the form is shown while the database cannot be reached
    (the form comes back without it: nothing can be subscribed then anyway); give the field choices when the form
    is shown (a POST that is filed reads them only when the box is ticked: `offered_codes`)."""
    optin = registered()
    choices = None
    if optin is not None and render and _has(form, "policy_fields"):
        try:
            choices = list(optin.fields(language))
        except guards.UNAVAILABLE:
            guards.rollback_quietly()
            optin = None
    if optin is None:
        for name in FIELDS:
            if _has(form, name):
                delattr(form, name)
        return
    if choices is not None:
        form.policy_fields.choices = choices


def _has(form, name: str) -> bool:
    return getattr(form, name, None) is not None


def offered_codes(language: str) -> set[str] | None:
    """The codes of the fields offered; None when the database cannot be reached to say (the filing then meets the
    same and gives its own notice)."""
    optin = registered()
    if optin is None:
        return set()
    try:
        return {code for code, _label in optin.fields(language)}
    except guards.UNAVAILABLE:
        guards.rollback_quietly()
        return None


def page_context(form) -> dict | None:
    """What the template needs to show the group (None: no group)."""
    optin = registered()
    if optin is None or not _has(form, "policy_news"):
        return None
    return {"terms_template": optin.terms_template, "terms": optin.terms_context()}


def after_filing(form, *, ip: str, language: str, now: datetime) -> bool:
    """After the 민원 is committed: subscribe when the box was ticked. Returns whether a subscription was recorded;
    a refusal or failure is rolled back and logged (the 민원 stands)."""
    optin = registered()
    if optin is None or not _has(form, "policy_news") or not form.policy_news.data:
        return False
    try:
        optin.subscribe(email=form.email.data, field_codes=list(form.policy_fields.data or []),
                        surveys=bool(form.policy_consent_surveys.data), ip=ip, language=language, now=now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        current_app.logger.exception("the policy news opt-in of a filed complaint failed; the complaint stands")
        return False
    flash(_("To receive policy news, open the link in the e-mail we have sent you. Until you confirm, we send "
            "you no news."), "info")
    return True
