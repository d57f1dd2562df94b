"""Masking of personal data on screens that do not need it (홍*동, 010-****-5678)."""

from __future__ import annotations

import re


def mask_name(name: str) -> str:
    """홍길동 → 홍*동, 남궁민수 → 남**수, 김철 → 김*, John Smith → J********h."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """010-1234-5678 → 010-****-5678; keeps only the first group and the last four digits."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 7:
        return "*" * len(digits)
    head = digits[:2] if digits.startswith("02") else digits[:3]
    return f"{head}-****-{digits[-4:]}"


def mask_email(email: str) -> str:
    """hong.gildong@example.kr → ho*********@example.kr"""
    local, _, domain = (email or "").partition("@")
    if not domain:
        return mask_name(local)
    return local[:2] + "*" * max(len(local) - 2, 1) + "@" + domain
