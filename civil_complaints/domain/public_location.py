"""What a public feed (Open311 GET) may say about where a 민원 is: a coarse location, never the filer's words.

The address a 민원인 types is free text; citizens write their name, phone or 동·호수 into it. No Korean address
normaliser or gazetteer is available offline, so the published address is built by keeping, never by removing:

- Only the leading run of administrative-area and road tokens is kept: 시·도 (서울특별시, 경기도, 서울 …),
  시·군·구 (한빛시, 중구), roads (한빛대로, 세종대로23길) and, after one of those, 동·읍·면·리·가. Building and lot
  numbers (12, 123-4) and a 우편번호 are skipped, never published; the first other token (앞, 일대, a name, a
  phone number, 101동 …) ends the run. "한빛대로 12 앞 횡단보도" → "한빛대로";
  "(04524) 서울특별시 중구 세종대로 110" → "서울특별시 중구 세종대로".
- A token containing the filer's name (whole, any part of two or more letters, the given name without the
  surname) or the local part of their e-mail address ends the run too: 홍길동 ends in 동 like a 법정동 does.
- A neighbourhood token (동·읍·면·리·가) is never the first: alone it is indistinguishable from a person's name.
- Coordinates are rounded to 3 decimals (about 110 m north-south and 90 m east-west at 37°N).

What remains possible: a third person's name that ends like a district or road (…구, …로) typed first. The
filer was told on the form not to write names there (see the complaint form and the Open311 definitions).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

COORDINATE_DECIMALS = 3
MAX_TOKENS = 5

REGIONS = frozenset({
    "서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북", "충남", "전북", "전남",
    "경북", "경남", "제주", "경기도", "강원도", "충청북도", "충청남도", "전라북도", "전라남도", "경상북도", "경상남도",
    "seoul", "busan", "daegu", "incheon", "gwangju", "daejeon", "ulsan", "sejong", "gyeonggi", "gangwon", "jeju",
})
REGION_SUFFIXES = ("특별시", "광역시", "특별자치시", "특별자치도")
_DISTRICT = re.compile(r"[가-힣][가-힣0-9]{0,9}[시군구]")
_ROAD = re.compile(r"[가-힣][가-힣0-9]{0,20}(?:로|길)")
_LOCAL = re.compile(r"[가-힣][가-힣0-9]{0,10}[동읍면리]|[가-힣]{1,6}\d{1,2}가")
_ROMAN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(si|do|gun|gu|ro|daero|gil|dong|eup|myeon|ri|ga)")
_ROMAN_LEVELS = {"si": "district", "do": "region", "gun": "district", "gu": "district", "ro": "road",
                 "daero": "road", "gil": "road", "dong": "local", "eup": "local", "myeon": "local", "ri": "local",
                 "ga": "local"}
_NUMBER = re.compile(r"\d{1,5}(?:-\d{1,5})?|우|우편번호")
_SEPARATORS = re.compile(r"[\s,()\[\]/·:;]+")
_ZIPCODE = re.compile(r"(?:^|[(\[]|우\)?\s*|우편번호\s*:?\s*)([0-6]\d{4})(?=[)\]\s,]|$)")
_HANGUL_ONLY = re.compile(r"[가-힣]+")
_PERSONAL_SEPARATORS = re.compile(r"[\s\-._·]+")


def personal_tokens(name: str | None, email: str | None = None) -> frozenset[str]:
    """What must never appear inside a published token: the name whole and in parts, the given name of a
    Korean name (홍길동 → 길동, 남궁민수 → 민수), the e-mail's local part (casefolded, separators removed)."""
    tokens = set()
    name = (name or "").strip()
    compact = _PERSONAL_SEPARATORS.sub("", name).casefold()
    parts = [p.casefold() for p in _PERSONAL_SEPARATORS.split(name) if len(p) >= 2]
    tokens.update(parts)
    if len(compact) >= 2:
        tokens.add(compact)
    if _HANGUL_ONLY.fullmatch(compact or "-") and len(compact) >= 3:
        tokens.add(compact[1:])
        if len(compact) >= 4:
            tokens.add(compact[2:])
    local = (email or "").partition("@")[0]
    local = _PERSONAL_SEPARATORS.sub("", local).casefold()
    if len(local) >= 3:
        tokens.add(local)
    return frozenset(tokens)


def _level(token: str) -> str | None:
    folded = token.casefold()
    if folded in REGIONS or token.endswith(REGION_SUFFIXES):
        return "region"
    if len(token) >= 2 and _DISTRICT.fullmatch(token):
        return "district"
    if len(token) >= 2 and _ROAD.fullmatch(token) and sum(c.isdigit() for c in token) <= 4:
        return "road"
    if len(token) >= 2 and _LOCAL.fullmatch(token):
        return "local"
    if found := _ROMAN.fullmatch(folded):
        return _ROMAN_LEVELS[found.group(1)]
    return None


def _is_personal(token: str, personal: Iterable[str]) -> bool:
    folded = _PERSONAL_SEPARATORS.sub("", token).casefold()
    return any(part in folded for part in personal)


def coarse_address(address: str | None, personal: Iterable[str] = ()) -> str | None:
    """The leading administrative area and road of `address`, without numbers or anything else; None if
    nothing is left. `personal`: `personal_tokens` of the filer."""
    personal = tuple(personal)
    kept: list[str] = []
    for token in _SEPARATORS.split(address or ""):
        if not token or _NUMBER.fullmatch(token):
            continue
        level = _level(token)
        if level is None or _is_personal(token, personal) or (level == "local" and not kept):
            break
        kept.append(token)
        if len(kept) == MAX_TOKENS:
            break
    return " ".join(kept) or None


def zipcode_of(address: str | None) -> str | None:
    """A 5-digit 우편번호 (국가기초구역번호) written in brackets, after 우·우편번호 or first in the address."""
    found = _ZIPCODE.search(address or "")
    return found.group(1) if found else None


def round_coordinate(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, COORDINATE_DECIMALS)
