"""The immutable snapshot of a charter version: plain data, the only input of its HTML page and PDF.

Built once when a version is published and stored beside the PDF as JSON, so the public page shows
exactly what the PDF says, whatever happens later to the 민원 types or the editing tables.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class SectionText:
    key: str  # content.Section value
    html: str  # sanitized HTML from the safe Markdown subset


@dataclass(frozen=True)
class StandardEntry:
    group: str  # content.StandardGroup value
    service: str  # e.g. "도로 파손 신고"
    promise: str  # e.g. "접수 후 3일(24근무시간) 이내에 보수에 착수합니다."
    measure: str  # content.Measure value
    complaint_type_code: str | None = None
    complaint_type_name: str | None = None
    type_period: str | None = None  # the 민원 type's 처리기간 spec at publication
    promise_spec: str | None = None  # a stricter promised period, if any
    target_percent: int | None = None


@dataclass(frozen=True)
class CompensationEntry:
    condition: str  # e.g. "행정 착오로 다시 방문하신 경우"
    amount_won: int | None  # e.g. 5000; None when the form is not money
    form: str  # e.g. "문화상품권"
    basis: str | None = None  # e.g. "한빛시 행정서비스헌장 운영 조례 제15조"


@dataclass(frozen=True)
class ChannelEntry:
    kind: str  # content.CHANNEL_KINDS
    name: str  # e.g. "민원여권과 민원실"
    value: str  # phone number, address, web address
    hours: str | None = None  # e.g. "평일 09:00~18:00"


@dataclass(frozen=True)
class CharterSnapshot:
    agency_name: str
    title: str
    version_no: int | None
    sections: tuple[SectionText, ...]
    standards: tuple[StandardEntry, ...]
    compensations: tuple[CompensationEntry, ...]
    channels: tuple[ChannelEntry, ...]
    approved_on: date | None = None
    approver: str | None = None  # e.g. "부서장 박과장"
    published_on: date | None = None
    #: the agency's address (AGENCY_ADDRESS) and kind (AGENCY_KIND, which decides the legal basis) at publication;
    #: None in snapshots published before they were kept (those cited 공운법 제13조)
    agency_address: str | None = None
    agency_kind: str | None = None
    schema: int = field(default=SCHEMA_VERSION)

    def section(self, key: str) -> SectionText | None:
        return next((s for s in self.sections if s.key == key), None)

    def standards_in(self, group: str) -> tuple[StandardEntry, ...]:
        return tuple(s for s in self.standards if s.group == group)

    def to_json(self) -> str:
        data = asdict(self)
        for key in ("approved_on", "published_on"):
            data[key] = data[key].isoformat() if data[key] else None
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> CharterSnapshot:
        data = json.loads(text)
        if data.get("schema") != SCHEMA_VERSION:
            raise ValueError(f"unsupported charter snapshot schema {data.get('schema')!r}")
        return cls(
            agency_name=data["agency_name"], title=data["title"], version_no=data["version_no"],
            sections=tuple(SectionText(**s) for s in data["sections"]),
            standards=tuple(StandardEntry(**s) for s in data["standards"]),
            compensations=tuple(CompensationEntry(**c) for c in data["compensations"]),
            channels=tuple(ChannelEntry(**c) for c in data["channels"]),
            approved_on=date.fromisoformat(data["approved_on"]) if data["approved_on"] else None,
            approver=data["approver"],
            published_on=date.fromisoformat(data["published_on"]) if data["published_on"] else None,
            agency_address=data.get("agency_address"), agency_kind=data.get("agency_kind"),
        )
