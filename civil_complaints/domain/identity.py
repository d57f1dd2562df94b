"""Whether two filings come from the same 민원인 (법 제23조①: 「민원인이 동일한 내용의 민원을 … 반복하여」).

The product's rule: the same name (spaces ignored) and at least one shared contact — the same mobile number
(digits only) or the same e-mail address (case ignored). Whether the *content* is the same is the officer's
judgement (법 제23조③: its nature, its similarity and whether the same answer would be given).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Filer:
    name: str
    phone: str | None = None
    email: str | None = None


def _name(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


def _digits(value: str | None) -> str:
    return re.sub(r"\D", "", value or "")


def same_filer(a: Filer, b: Filer) -> bool:
    if not _name(a.name) or _name(a.name) != _name(b.name):
        return False
    phone = bool(_digits(a.phone)) and _digits(a.phone) == _digits(b.phone)
    email = bool(a.email) and bool(b.email) and a.email.strip().lower() == b.email.strip().lower()
    return phone or email
