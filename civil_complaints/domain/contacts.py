"""Telephone numbers: which ones can receive a text message (standard library only).

Korean mobile numbers start with 010 (11 digits) or, for the numbers kept from the 2G era, 011, 016, 017, 018,
019 (10 or 11 digits) (전기통신번호관리세칙). A landline (02-123-4567, 031-…) or a 070 internet phone cannot
receive an SMS, so it is refused as the number for text-message notices. The international form +82 10 …
(the leading 0 dropped) is accepted too.
"""

from __future__ import annotations

import re

MOBILE_PREFIXES = ("010", "011", "016", "017", "018", "019")
_SEPARATORS = re.compile(r"[\s\-().]")


def national_digits(number: str | None) -> str | None:
    """The number as national digits (``+82 10-1234-5678`` → ``01012345678``); None when it holds anything but
    digits, spaces, hyphens, dots and brackets (and one leading ``+``)."""
    text = _SEPARATORS.sub("", (number or "").strip())
    if text.startswith("+82"):
        text = "0" + text[3:].lstrip("0")
    elif text.startswith("0082"):
        text = "0" + text[4:].lstrip("0")
    return text if text.isdigit() and text.isascii() else None


def is_mobile_number(number: str | None) -> bool:
    """Whether `number` is a Korean mobile number, the only kind a text message can reach."""
    digits = national_digits(number)
    if digits is None or not digits.startswith(MOBILE_PREFIXES):
        return False
    if digits.startswith("010"):
        return len(digits) == 11
    return len(digits) in (10, 11)
