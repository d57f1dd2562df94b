"""민원 분류 and tags: the list administrators keep, an officer's classification of a 민원, and the cause recorded
with the answer (casework/answers.py). Rules: domain/categories.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm.attributes import flag_modified

from civil_complaints.access import require_handle
from civil_complaints.complaint_models import Complaint, ComplaintCategory, ComplaintTag
from civil_complaints.domain.categories import MAX_CAUSE_LENGTH, TagError, may_add_top_category, parse_tags
from civil_complaints.domain.status import TransitionRefused
from civil_complaints.history import add_event
from core.extensions import db
from organization.models import User


@dataclass(frozen=True)
class CategoryGroup:
    top: ComplaintCategory
    children: list[ComplaintCategory]


class CategoryRefused(ValueError):
    """An administrator's change the list refuses: `code` is a key of `categories.views.CATEGORY_MESSAGES`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def category_tree(*, active_only: bool = True) -> list[CategoryGroup]:
    """Top categories in order, each with its subcategories."""
    query = select(ComplaintCategory).order_by(ComplaintCategory.position, ComplaintCategory.id)
    if active_only:
        query = query.where(ComplaintCategory.is_active)
    rows = list(db.session.scalars(query))
    return [CategoryGroup(top, [c for c in rows if c.parent_id == top.id]) for top in rows if top.parent_id is None]


def save_category(category: ComplaintCategory | None, *, name_ko: str, name_en: str, parent_id: int | None,
                  position: int, is_active: bool) -> ComplaintCategory:
    """Create or change a category: two levels only, at most MAX_TOP_CATEGORIES active at the top."""
    parent = db.session.get(ComplaintCategory, parent_id) if parent_id else None
    if parent_id and (parent is None or parent.parent_id is not None):
        raise CategoryRefused("parent_not_top")
    if category is not None and parent is not None:
        if parent.id == category.id or _has_children(category):
            raise CategoryRefused("parent_not_top")
    becomes_active_top = parent is None and is_active and not (
        category is not None and category.parent_id is None and category.is_active)
    if becomes_active_top and not may_add_top_category(_active_tops()):
        raise CategoryRefused("too_many_top")
    category = category or ComplaintCategory()
    category.name_ko, category.name_en = name_ko.strip(), name_en.strip()
    category.parent_id, category.position, category.is_active = parent.id if parent else None, position, is_active
    db.session.add(category)
    db.session.flush()
    return category


def _has_children(category: ComplaintCategory) -> bool:
    return db.session.scalar(select(func.count()).where(ComplaintCategory.parent_id == category.id)) > 0


def _active_tops() -> int:
    return db.session.scalar(select(func.count()).where(ComplaintCategory.parent_id.is_(None),
                                                        ComplaintCategory.is_active))


def tags_of(complaint: Complaint) -> list[str]:
    return list(db.session.scalars(select(ComplaintTag.tag).where(ComplaintTag.complaint_id == complaint.id)
                                   .order_by(ComplaintTag.tag)))


def category_of(complaint: Complaint) -> ComplaintCategory | None:
    return db.session.get(ComplaintCategory, complaint.category_id) if complaint.category_id else None


def classify(actor: User, complaint: Complaint, *, category_id: int | None, tags_text: str, now: datetime) -> None:
    """An officer of the responsible department sets the category and the tags (the 민원's version moves on)."""
    require_handle(actor, complaint)
    if category_id is not None:
        category = db.session.get(ComplaintCategory, category_id)
        if category is None or not category.is_active:
            raise TransitionRefused("category_not_found", complaint.status_enum)
    try:
        tags = parse_tags(tags_text)
    except TagError as error:
        raise TransitionRefused(error.code, complaint.status_enum, **error.params) from None
    before = tags_of(complaint)
    db.session.execute(delete(ComplaintTag).where(ComplaintTag.complaint_id == complaint.id))
    db.session.add_all([ComplaintTag(complaint_id=complaint.id, tag=tag) for tag in tags])
    complaint.category_id = category_id
    flag_modified(complaint, "category_id")  # a change of tags alone is a change of the 민원 (its version)
    add_event(complaint, "classified", at=now, actor_kind="staff", actor_id=actor.id, public=False,
              category=category_id, tags=tags, tags_before=before)


def record_cause(complaint: Complaint, *, cause: str | None, systemic: bool | None) -> None:
    """원인 and 제도적 여부, recorded with the answer (both optional)."""
    complaint.cause = (cause or "").strip()[:MAX_CAUSE_LENGTH] or None
    complaint.is_systemic = systemic
