"""A service's request form as data: typed fields (text, long text, number, date, choice, file), each required or
not, and the server-side check of what a requester typed. Pure: the web layer renders the fields and translates
the error codes; files are checked by the upload rules and only their presence is checked here."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

KINDS = ("text", "long_text", "number", "date", "choice", "file")
MAX_LENGTH = {"text": 200, "long_text": 4000}
KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")
#: numbers a form accepts: at most 12 digits before the point and 4 after
_NUMBER = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,4})?")
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


@dataclass(frozen=True)
class Choice:
    value: str
    label_ko: str
    label_en: str


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: str
    required: bool = False
    choices: tuple[Choice, ...] = ()


def parse_choices(text: str) -> tuple[Choice, ...]:
    """Options one per line, ``value|한국어|English`` (the English label may be left out); blank lines skipped.
    Raises ValueError("choices_format") for a malformed line or a repeated value."""
    choices, seen = [], set()
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) not in (2, 3) or not KEY_PATTERN.fullmatch(parts[0]) or not parts[1] or parts[0] in seen:
            raise ValueError("choices_format")
        seen.add(parts[0])
        choices.append(Choice(parts[0], parts[1], parts[2] if len(parts) == 3 and parts[2] else parts[1]))
    return tuple(choices)


def check_spec(spec: FieldSpec) -> str | None:
    """What is wrong with a field definition (an error code), or None."""
    if not KEY_PATTERN.fullmatch(spec.key):
        return "key_format"
    if spec.kind not in KINDS:
        return "kind"
    if spec.kind == "choice" and len(spec.choices) < 2:
        return "choices_needed"
    return None


def _clean(spec: FieldSpec, raw: str) -> tuple[object, str | None]:
    """(the value to keep, an error code or None) for one non-empty answer."""
    if spec.kind in MAX_LENGTH:
        return raw, "too_long" if len(raw) > MAX_LENGTH[spec.kind] else None
    if spec.kind == "number":
        if not _NUMBER.fullmatch(raw.replace(",", "")):
            return raw, "number"
        try:
            return str(Decimal(raw.replace(",", ""))), None
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            return raw, "number"
    if spec.kind == "date":
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            return raw, "date"
        return (raw, "date") if not EARLIEST <= day <= LATEST else (day.isoformat(), None)
    if spec.kind == "choice":
        return raw, None if raw in {c.value for c in spec.choices} else "choice"
    return raw, None  # file: its presence only (the upload rules check its content)


def check_answers(specs: list[FieldSpec], raw: Mapping[str, str]) -> tuple[dict[str, object], dict[str, str]]:
    """({key: clean value}, {key: error code}) for what was typed; codes: required, too_long, number, date,
    choice. Keys not in `specs` are ignored; surrounding spaces are dropped."""
    values, errors = {}, {}
    for spec in specs:
        text = (raw.get(spec.key) or "").strip()
        if not text:
            if spec.required:
                errors[spec.key] = "required"
            continue
        value, error = _clean(spec, text)
        if error:
            errors[spec.key] = error
        else:
            values[spec.key] = value
    return values, errors
