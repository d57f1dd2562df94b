"""Possible duplicates of a 민원: the same 민원인, the same place, or much the same wording (pure code).

An officer reading a 민원 is shown the few others that may be the same matter (영 제6조⑦ 병합, 법 제23조
반복민원 need the officer to find them first). This module decides, for two 민원 described by their `Traits`,
whether and why they look alike; the database query that picks the candidates lives in casework/duplicates.py.

* 같은 민원인: the same telephone number (compared as national digits: 010-1234-5678 = 01012345678) or the same
  e-mail address (case-insensitive).
* 같은 장소: the same address id (Open311 address_id), the same address text (spaces and case ignored), or points
  within `PLACE_RADIUS_M` metres (haversine on the WGS84 mean radius).
* 비슷한 내용: the Jaccard index of the character bigrams of the normalised title and content is at least
  `TEXT_THRESHOLD`. Normalising keeps letters and digits only (NFKC, lower case), so spacing and punctuation —
  which vary most in Korean writing — do not matter; bigrams of syllables match 가로등 in 가로등이 as well.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from civil_complaints.domain.contacts import national_digits

PLACE_RADIUS_M = 50.0
TEXT_THRESHOLD = 0.35
#: texts shorter than this (after normalising) are too short to be compared by wording
MIN_TEXT_LENGTH = 6
MAX_SUGGESTIONS = 5
EARTH_RADIUS_M = 6_371_008.8
_NOT_WORD = re.compile(r"[\W_]+")


class Reason(StrEnum):
    SAME_PERSON = "same_person"
    SAME_PLACE = "same_place"
    SIMILAR_TEXT = "similar_text"


@dataclass(frozen=True)
class Traits:
    """What the comparison looks at in one 민원."""

    id: int
    phone: str | None = None
    email: str | None = None
    address_id: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    text: str = ""


@dataclass(frozen=True)
class Match:
    id: int
    reasons: tuple[Reason, ...]
    similarity: float


def normalise_text(text: str | None) -> str:
    """Letters and digits only, NFKC, lower case: "가로등이  고장!" → "가로등이고장"."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text or "").lower())


def bigrams(text: str | None) -> frozenset[str]:
    """The character bigrams of the normalised text (empty when it is shorter than MIN_TEXT_LENGTH)."""
    word = normalise_text(text)
    if len(word) < MIN_TEXT_LENGTH:
        return frozenset()
    return frozenset(word[i:i + 2] for i in range(len(word) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b|; 0 when either is empty."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(lat: float, lon: float, radius_m: float = PLACE_RADIUS_M) -> tuple[float, float, float, float]:
    """(south, north, west, east) around a point: every point within `radius_m` lies inside (for an indexed
    range query; the exact distance is checked afterwards)."""
    d_lat = math.degrees(radius_m / EARTH_RADIUS_M)
    d_lon = math.degrees(radius_m / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 1e-6)))
    return lat - d_lat, lat + d_lat, lon - d_lon, lon + d_lon


def phone_key(phone: str | None) -> str | None:
    digits = national_digits(phone)
    return digits if digits and len(digits) >= 9 else None


def phone_variants(phone: str | None) -> tuple[str, ...]:
    """The ways the same number is commonly stored (as typed): digits only and hyphenated, for an indexed IN."""
    digits = phone_key(phone)
    if digits is None:
        return ()
    head = 2 if digits.startswith("02") else 3
    middle = len(digits) - head - 4
    hyphenated = f"{digits[:head]}-{digits[head:head + middle]}-{digits[-4:]}"
    return tuple(dict.fromkeys(v for v in ((phone or "").strip(), digits, hyphenated) if v))


def email_key(email: str | None) -> str | None:
    text = (email or "").strip().lower()
    return text or None


def address_key(address: str | None) -> str | None:
    text = normalise_text(address)
    return text or None


def same_person(a: Traits, b: Traits) -> bool:
    phone = phone_key(a.phone)
    email = email_key(a.email)
    return (phone is not None and phone == phone_key(b.phone)) or (email is not None and email == email_key(b.email))


def same_place(a: Traits, b: Traits, radius_m: float = PLACE_RADIUS_M) -> bool:
    if a.address_id and a.address_id.strip() == (b.address_id or "").strip():
        return True
    address = address_key(a.address)
    if address is not None and address == address_key(b.address):
        return True
    points = (a.latitude, a.longitude, b.latitude, b.longitude)
    return None not in points and distance_m(*points) <= radius_m


def compare(case: Traits, other: Traits, *, case_bigrams: frozenset[str] | None = None,
            threshold: float = TEXT_THRESHOLD) -> Match | None:
    """Why `other` may duplicate `case` (None: no reason)."""
    similarity = jaccard(case_bigrams if case_bigrams is not None else bigrams(case.text), bigrams(other.text))
    reasons = tuple(reason for reason, holds in (
        (Reason.SAME_PERSON, same_person(case, other)), (Reason.SAME_PLACE, same_place(case, other)),
        (Reason.SIMILAR_TEXT, similarity >= threshold)) if holds)
    return Match(other.id, reasons, round(similarity, 4)) if reasons else None


def rank(case: Traits, others: Iterable[Traits], *, limit: int = MAX_SUGGESTIONS,
         threshold: float = TEXT_THRESHOLD) -> list[Match]:
    """The likeliest duplicates first: more reasons, then the higher similarity, then the given order (the caller
    passes the nearest in time first). The case itself and repeated candidates are skipped."""
    case_bigrams, seen, found = bigrams(case.text), {case.id}, []
    for position, other in enumerate(others):
        if other.id in seen:
            continue
        seen.add(other.id)
        match = compare(case, other, case_bigrams=case_bigrams, threshold=threshold)
        if match is not None:
            found.append((-len(match.reasons), -match.similarity, position, match))
    return [entry[-1] for entry in sorted(found, key=lambda e: e[:3])][:limit]
