"""One-time codes that prove control of a phone number or e-mail address (내 민원): pure rules, standard library.

A 민원인 who lost the receipt number proves they control the contact they filed with; the code reaches only that
contact. Here: how a typed contact is normalised so that "010-1234-5678", "01012345678" and "+82 10 1234 5678" are
one phone, and "Hong@Example.kr" and "hong@example.kr" one address; what a well-formed code is.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from civil_complaints.domain.contacts import is_mobile_number, national_digits

CODE_DIGITS = 6
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Contact:
    """A normalised contact: kind "phone" (national digits) or "email" (lower case)."""

    kind: str
    value: str

    @property
    def key_text(self) -> str:
        return f"{self.kind}:{self.value}"

    @property
    def reachable(self) -> bool:
        """Whether a code can be sent there: any e-mail address; a phone only if it is a mobile number."""
        return self.kind == "email" or is_mobile_number(self.value)


def normalise_contact(text: str | None) -> Contact | None:
    """The contact typed by a 민원인, normalised; None when it is neither an e-mail address nor a phone number."""
    text = (text or "").strip()
    if "@" in text:
        return Contact("email", text.lower()) if _EMAIL.match(text) and len(text) <= 254 else None
    digits = national_digits(text)
    if digits is None or not 9 <= len(digits) <= 11:
        return None
    return Contact("phone", digits)


def new_code() -> str:
    """A random code of CODE_DIGITS digits (leading zeros kept)."""
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def clean_code(text: str | None) -> str | None:
    """The code as typed, without spaces or hyphens; None when it is not CODE_DIGITS digits."""
    code = re.sub(r"[\s\-]", "", text or "")
    return code if len(code) == CODE_DIGITS and code.isdigit() and code.isascii() else None
