"""What the catalog pages change (admin/types.py): a 민원 type saved from the administrator's form.

The view checks the form and the permission; this module writes the row and commits once. The catalog cache sees
the change by itself (the type table's revision moves on commit), so nothing else is told.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.exc import IntegrityError

from civil_complaints.admin.queries import type_by_code
from civil_complaints.complaint_models import ComplaintType
from core.extensions import db

# The form fields copied as they are; the texts below are stored empty or NULL when left blank.
PLAIN_FIELDS = ("name_ko", "name_en", "kind", "period_spec", "department_id", "asks_location", "open311_public",
                "is_active", "retention_period")


class CodeTaken(Exception):
    """A new type was given a code another type already has (codes are Open311 service codes: unique, for ever)."""


def save_complaint_type(ctype: ComplaintType | None, data: Mapping[str, object]) -> ComplaintType:
    """Create a type (``ctype`` None) or update ``ctype`` from checked form ``data``, and commit.

    A new type's code must be unused (``CodeTaken`` otherwise, nothing written); an existing type keeps its code
    whatever ``data`` says.
    """
    if ctype is None and type_by_code(data["code"]) is not None:
        raise CodeTaken(str(data["code"]))
    target = ctype or ComplaintType(code=data["code"])
    for name in PLAIN_FIELDS:
        setattr(target, name, data[name])
    target.description_ko = data.get("description_ko") or ""
    target.description_en = data.get("description_en") or ""
    target.service_notice_ko = data.get("service_notice_ko") or None
    target.attachment_kinds = ",".join(data.get("attachment_kinds") or [])
    db.session.add(target)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if ctype is not None:  # an existing type keeps its code: whatever this is, it is not a taken code
            raise
        raise CodeTaken(str(data["code"])) from None  # taken by another administrator since the check
    return target
