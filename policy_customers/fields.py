"""The fields people may subscribe to (관심 분야), kept by administrators. A field's code never changes once made
(policy news and surveys address fields by code); a field no longer offered is made inactive, never deleted, so
the subscribers who chose it keep it until they change their choice."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from core.extensions import db
from policy_customers.models import PolicyField

CODE = re.compile(r"^[A-Z][A-Z0-9-]{1,39}$")


class FieldRefused(Exception):
    """`code` is "code_format" or "code_taken"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def all_fields() -> list[PolicyField]:
    return list(db.session.scalars(select(PolicyField).order_by(PolicyField.position, PolicyField.id)))


def create_field(*, code: str, name_ko: str, name_en: str, is_active: bool = True) -> PolicyField:
    code = (code or "").strip().upper()
    if not CODE.match(code):
        raise FieldRefused("code_format")
    if db.session.scalar(select(PolicyField.id).where(PolicyField.code == code)) is not None:
        raise FieldRefused("code_taken")
    position = (db.session.scalar(select(func.max(PolicyField.position))) or 0) + 1
    field = PolicyField(code=code, name_ko=name_ko.strip(), name_en=name_en.strip(), position=position,
                        is_active=is_active)
    db.session.add(field)
    db.session.flush()
    return field


def update_field(field: PolicyField, *, name_ko: str, name_en: str, is_active: bool) -> None:
    field.name_ko, field.name_en, field.is_active = name_ko.strip(), name_en.strip(), is_active
    db.session.flush()
