"""Life of a 고객헌장 version: draft → approved → published → superseded (공운법 제13조①: 제정하여 공표).

Only a draft can change. Approval (by an admin or department head) freezes the content; publication
freezes the rendered document (its PDF bytes and SHA-256) too. A later publication supersedes the
current one, which stays downloadable as it was.
"""

from __future__ import annotations

from enum import StrEnum


class CharterStatus(StrEnum):
    DRAFT = "draft"  # 작성 중
    APPROVED = "approved"  # 승인 (결재 완료, 게시 전)
    PUBLISHED = "published"  # 게시 중 (the current charter)
    SUPERSEDED = "superseded"  # 이전 판 (replaced by a later publication)


#: The only moves a version can make.
TRANSITIONS: dict[CharterStatus, frozenset[CharterStatus]] = {
    CharterStatus.DRAFT: frozenset({CharterStatus.APPROVED}),
    CharterStatus.APPROVED: frozenset({CharterStatus.PUBLISHED}),
    CharterStatus.PUBLISHED: frozenset({CharterStatus.SUPERSEDED}),
    CharterStatus.SUPERSEDED: frozenset(),
}

#: A "working" version is being prepared; at most one exists at a time.
WORKING = frozenset({CharterStatus.DRAFT, CharterStatus.APPROVED})
#: Published and superseded versions are public and never change.
PUBLIC = frozenset({CharterStatus.PUBLISHED, CharterStatus.SUPERSEDED})


class CharterRuleError(Exception):
    """A step the charter rules refuse; `code` is translated by the web layer, `field`/`index` locate it."""

    def __init__(self, code: str, *, field: str | None = None, index: int | None = None, **params) -> None:
        super().__init__(code if field is None else f"{code} ({field}{'' if index is None else f'[{index}]'})")
        self.code, self.field, self.index, self.params = code, field, index, params


def check_transition(current: CharterStatus | str, target: CharterStatus | str) -> None:
    """Raise CharterRuleError("transition_refused") unless `current → target` is allowed."""
    current, target = CharterStatus(current), CharterStatus(target)
    if target not in TRANSITIONS[current]:
        raise CharterRuleError("transition_refused", current=current.value, target=target.value)


def check_editable(status: CharterStatus | str) -> None:
    """Only a draft may change: an approved or published version is fixed."""
    if CharterStatus(status) is not CharterStatus.DRAFT:
        raise CharterRuleError("not_a_draft", status=CharterStatus(status).value)


def check_discardable(status: CharterStatus | str) -> None:
    """A draft may be thrown away; anything approved is kept as a record."""
    if CharterStatus(status) is not CharterStatus.DRAFT:
        raise CharterRuleError("not_a_draft", status=CharterStatus(status).value)
