"""민원 분류 and free tags, as pure rules (issue 20): two levels, at most about 20 top categories (FixMyStreet's
plain-language list plus "other"), and tags normalised so that "주차 ", "주차" and "  주차" are one tag."""

from __future__ import annotations

import re
import unicodedata

#: top categories an administrator may keep active (a longer list stops being a list people can choose from)
MAX_TOP_CATEGORIES = 20
MAX_TAGS = 10
MAX_TAG_LENGTH = 30
MAX_CAUSE_LENGTH = 300
_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[,\n;#]+")


class TagError(ValueError):
    """Too many tags, or one too long; `code` names which (refusal_text has the words)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def normalise_tag(text: str) -> str:
    """Trimmed, NFC, lower-case, inner spaces collapsed to one: the form a tag is stored and compared in."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip().lower()


def parse_tags(text: str) -> list[str]:
    """Tags typed as one line (commas, semicolons, '#' or new lines separate them), normalised, duplicates
    dropped, in the order typed; `TagError` when one is longer than MAX_TAG_LENGTH or there are more than
    MAX_TAGS."""
    tags: list[str] = []
    for part in _SEPARATORS.split(text or ""):
        tag = normalise_tag(part)
        if not tag or tag in tags:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise TagError("tag_too_long", limit=MAX_TAG_LENGTH)
        tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise TagError("too_many_tags", limit=MAX_TAGS)
    return tags


def may_add_top_category(active_top: int) -> bool:
    return active_top < MAX_TOP_CATEGORIES
