"""Names of the 관공서 공휴일 on English pages.

The calendar stores each day with its official Korean name ("추석 전날", "삼일절 대체 휴일", "제9회
전국동시지방선거일"). English pages show the English name of every name the national calendar uses; a name
typed by an administrator (an agency closure) is shown as it was typed.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

NAMES = {
    "신정": _l("New Year's Day"),
    "설날 전날": _l("Day before Seollal"),
    "설날": _l("Seollal (Lunar New Year)"),
    "설날 다음날": _l("Day after Seollal"),
    "삼일절": _l("Independence Movement Day"),
    "노동절": _l("Labour Day"),
    "어린이날": _l("Children's Day"),
    "부처님오신날": _l("Buddha's Birthday"),
    "현충일": _l("Memorial Day"),
    "제헌절": _l("Constitution Day"),
    "광복절": _l("Liberation Day"),
    "추석 전날": _l("Day before Chuseok"),
    "추석": _l("Chuseok (Korean Thanksgiving)"),
    "추석 다음날": _l("Day after Chuseok"),
    "개천절": _l("National Foundation Day"),
    "한글날": _l("Hangeul Day"),
    "기독탄신일": _l("Christmas Day"),
    "국군의 날": _l("Armed Forces Day"),
    "임시공휴일": _l("Temporary public holiday"),
}
_SUBSTITUTE = re.compile(r"(.+) 대체 휴일")
_TEMPORARY = re.compile(r"임시공휴일 \((.+)\)")
_PRESIDENTIAL = re.compile(r"제(\d+)대 대통령 선거일(?: \(임시공휴일\))?")
_ASSEMBLY = re.compile(r"제(\d+)대 국회의원 선거일")
_LOCAL = re.compile(r"제(\d+)회 전국동시지방선거일")


def _english(name: str) -> str | None:
    if name in NAMES:
        return str(NAMES[name])
    if match := _SUBSTITUTE.fullmatch(name):
        base = _english(match.group(1))
        return _("Substitute holiday for %(name)s", name=base) if base else None
    if match := _TEMPORARY.fullmatch(name):
        base = _english(match.group(1))
        return _("Temporary public holiday (%(name)s)", name=base) if base else None
    if match := _PRESIDENTIAL.fullmatch(name):
        return _("Presidential election day (%(number)s)", number=match.group(1))
    if match := _ASSEMBLY.fullmatch(name):
        return _("National Assembly election day (%(number)s)", number=match.group(1))
    if match := _LOCAL.fullmatch(name):
        return _("Nationwide local elections day (%(number)s)", number=match.group(1))
    return None


def holiday_name(name: str | None, locale: str) -> str:
    """The day's name for a page in ``locale``: "추석 전날" / "Day before Chuseok"; unknown names as stored."""
    if not name or locale == "ko":
        return name or ""
    parts = [_english(part) or part for part in name.split("; ")]
    return "; ".join(parts)


def is_translated(name: str) -> bool:
    """Whether every part of a calendar name has an English name (tests check the bundled calendar)."""
    return all(_english(part) is not None for part in name.split("; "))
