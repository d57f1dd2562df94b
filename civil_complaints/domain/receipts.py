"""Receipt numbers (접수번호): `HB-2611-000123` = agency code, year and month of receipt (KST), sequence."""

from __future__ import annotations

import re
from datetime import date

RECEIPT_PATTERN = re.compile(r"^([A-Z]{2,8})-(\d{2})(\d{2})-(\d{6})$")


def receipt_prefix(agency_code: str, received_on: date) -> str:
    """The counter key for a month: `HB-2611`."""
    return f"{agency_code.upper()}-{received_on.year % 100:02d}{received_on.month:02d}"


def format_receipt_number(prefix: str, sequence: int) -> str:
    if not 0 < sequence < 1_000_000:
        raise ValueError("receipt sequence out of range (1–999999 per month)")
    return f"{prefix}-{sequence:06d}"


def normalise_receipt_number(text: str) -> str | None:
    """What a citizen typed → the canonical number, or None if it cannot be one (spaces, dashes, case)."""
    compact = re.sub(r"[\s\u2010-\u2015_]", "-", (text or "").strip().upper())
    compact = re.sub(r"-+", "-", compact)
    return compact if RECEIPT_PATTERN.match(compact) else None
