"""What tests/web/test_page_language.py checks on one page: no codes where words belong, no Korean on an English
page outside people's own words.

* Codes: a period written as the machine stores it ("14d", "3h"), a snake_case key ("complaint_received",
  "files_deleted"), and the app's own code lists (outbox templates, scheduler job identifiers); on a Korean
  page also any lowercase English word ("email", "sms", "local", "supplement"). Text inside an element marked
  `translate="no"` is an identifier shown as such on purpose (a login ID, a hash, a command) and is not read.
* Korean on an English page: allowed inside an element marked `lang="ko"` (content published in Korean, like
  the charter) and where it is one of the values people typed (`allowed`: names, citizens' titles and texts,
  officers' answers), which the caller reads from the database. Everything else is a leftover.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
PERIOD_CODE = re.compile(r"(?<![\w.-])\d+[hdwmy](?![\w-])")
SNAKE_KEY = re.compile(r"(?<![\w.@/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])")
LOWER_WORD = re.compile(r"(?<![\w.@/:-])[a-z]{2,}(?![\w.@/:-])")
ADDRESSES = re.compile(r"\S+@\S+|\w+://\S+|(?<![\w-])(?:[\w-]+\.)+[a-z]{2,}(?:/\S*)?")
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
SKIPPED = {"script", "style", "template"}


def _lang(tag: Tag | None) -> str:
    while tag is not None:
        if tag.get("lang"):
            return tag["lang"].split("-")[0].lower()
        tag = tag.parent
    return ""


def _untranslatable(tag: Tag | None) -> bool:
    while tag is not None:
        if tag.get("translate") == "no":
            return True
        tag = tag.parent
    return False


def segments(html: str) -> Iterator[tuple[str, Tag]]:
    """Every piece of text a person reads or hears (text, the names assistive technology reads), with its tag."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.find_all(string=True):
        if isinstance(node, Comment | Doctype) or not isinstance(node, NavigableString):
            continue
        if node.parent is None or node.parent.name in SKIPPED:
            continue
        text = " ".join(node.split())
        if text:
            yield text, node.parent
    for tag in soup.find_all(True):
        for name in ATTRIBUTES:
            if tag.get(name):
                yield " ".join(str(tag[name]).split()), tag
        if tag.name == "input" and tag.get("type") in ("submit", "button") and tag.get("value"):
            yield tag["value"], tag


def _without(text: str, values: Iterable[str]) -> str:
    for value in values:
        if value in text:
            text = text.replace(value, " ")
    return text


def normalised(values: Iterable[str]) -> list[str]:
    """People's values as a page shows them (whitespace collapsed), each line of a longer text too, longest
    first so that a name inside a title does not leave the rest of the title behind."""
    out = set()
    for value in values:
        if not value:
            continue
        out.add(" ".join(value.split()))
        out.update(" ".join(line.split()) for line in value.splitlines() if line.strip())
    return sorted((v for v in out if v), key=len, reverse=True)


@lru_cache(maxsize=8)
def _code_pattern(codes: frozenset[str]) -> re.Pattern | None:
    """One search for every code (longest first), each standing alone: not part of a longer word or key."""
    if not codes:
        return None
    alternatives = "|".join(re.escape(code) for code in sorted(codes, key=lambda c: (-len(c), c)))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def page_problems(html: str, *, page_lang: str, allowed: list[str], codes: frozenset[str]) -> list[str]:
    """What is wrong on one page: each problem as "kind: text"."""
    problems = []
    code_pattern = _code_pattern(codes)
    for text, tag in segments(html):
        lang = _lang(tag) or page_lang
        if _untranslatable(tag):
            continue
        data_free = _without(text, allowed)
        if code_pattern is not None:
            problems.extend(f"code {code!r}: {text}" for code in sorted(set(code_pattern.findall(data_free))))
        words = ADDRESSES.sub(" ", data_free)
        for kind, pattern in (("period code", PERIOD_CODE), ("snake_case key", SNAKE_KEY)):
            if match := pattern.search(words):
                problems.append(f"{kind} {match.group()!r}: {text}")
        if lang == "ko" and page_lang == "ko" and (match := LOWER_WORD.search(words)):
            problems.append(f"English word {match.group()!r} on a Korean page: {text}")
        if lang != "ko" and page_lang == "en" and (match := HANGUL.search(data_free)):
            problems.append(f"Korean {match.group()!r} on an English page: {text}")
    return problems
