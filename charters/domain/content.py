"""What a 고객헌장 must contain and how its service standards (서비스 이행표준) are checked.

공운법 제13조①: 1. 기본 임무, 2. 제공하는 서비스의 내용과 바람직한 서비스의 수준, 3. 불만처리, 시정 절차
및 배상 등의 책임, 4. 서비스 향상을 위한 노력 및 계획. The 전문 (preamble) is customary, not required.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from civil_complaints.domain.errors import InvalidPeriodError
from civil_complaints.domain.periods import CountingMode, ProcessingPeriod, Unit


class Section(StrEnum):
    PREAMBLE = "preamble"  # 헌장 전문 (customary)
    MISSION = "mission"  # 제13조①제1호 기본 임무
    SERVICES = "services"  # 제2호 제공하는 서비스의 내용과 바람직한 서비스의 수준
    REMEDY = "remedy"  # 제3호 불만처리, 시정 절차 및 배상 등의 책임
    IMPROVEMENT = "improvement"  # 제4호 서비스 향상을 위한 노력 및 계획


#: The four items 공운법 제13조① requires, in the order of the statute.
MANDATORY_SECTIONS: tuple[Section, ...] = (Section.MISSION, Section.SERVICES, Section.REMEDY, Section.IMPROVEMENT)
ALL_SECTIONS: tuple[Section, ...] = (Section.PREAMBLE, *MANDATORY_SECTIONS)
LEGAL_BASIS = {
    Section.MISSION: "공공기관의 운영에 관한 법률 제13조제1항제1호",
    Section.SERVICES: "공공기관의 운영에 관한 법률 제13조제1항제2호",
    Section.REMEDY: "공공기관의 운영에 관한 법률 제13조제1항제3호",
    Section.IMPROVEMENT: "공공기관의 운영에 관한 법률 제13조제1항제4호",
}


class StandardGroup(StrEnum):
    CORE = "core"  # 핵심서비스 이행표준 (service-specific)
    RESPONSE = "response"  # 고객응대 이행표준 (generic: phone, visit, documents)


class Measure(StrEnum):
    DESCRIPTIVE = "descriptive"  # a promise the system cannot measure (e.g. "전화벨 3회 이내")
    DEADLINE = "deadline"  # answered within a 민원 type's period or a stricter promise
    SATISFACTION = "satisfaction"  # share of "satisfied" ratings (법 제26조 만족도)


MEASURABLE = frozenset({Measure.DEADLINE, Measure.SATISFACTION})
CHANNEL_KINDS = ("visit", "phone", "web", "email", "mail", "fax", "other")
#: A promised period may be counted in working hours or working days, never in weeks/months.
PROMISE_UNITS = frozenset({Unit.HOUR, Unit.DAY})
_APPROX_HOURS_PER = {Unit.HOUR: 1, Unit.DAY: 8, Unit.WEEK: 40, Unit.MONTH: 160, Unit.YEAR: 1920}


@dataclass(frozen=True)
class StandardRule:
    """The parts of a standard the rules look at (plain data; the service fills it from the form)."""

    measure: Measure
    has_type: bool
    type_period: str | None = None
    promise_spec: str | None = None
    target_percent: int | None = None


def approximate_hours(period: ProcessingPeriod) -> int:
    """Working hours a period stands for, to compare periods of different units (1일 = 8시간, 법 제19조①)."""
    if period.working_hours is not None:
        return period.working_hours
    return period.amount * _APPROX_HOURS_PER[period.unit]


def is_stricter_or_equal(promise: ProcessingPeriod, statutory: ProcessingPeriod) -> bool:
    """A promise may only be as strict as the law or stricter: never a longer period than the 처리기간."""
    return approximate_hours(promise) <= approximate_hours(statutory)


def check_standard(rule: StandardRule) -> list[tuple[str, str]]:
    """(field, code) problems of one standard; empty when it is acceptable."""
    problems: list[tuple[str, str]] = []
    if rule.target_percent is not None and not 1 <= rule.target_percent <= 100:
        problems.append(("target_percent", "target_out_of_range"))
    if rule.measure is Measure.DESCRIPTIVE:
        if rule.promise_spec or rule.target_percent is not None:
            problems.append(("measure", "descriptive_has_measure"))
        return problems
    if rule.measure is Measure.SATISFACTION:
        if rule.target_percent is None:
            problems.append(("target_percent", "target_required"))
        if rule.promise_spec:
            problems.append(("promise_spec", "promise_only_for_deadline"))
        return problems
    if not rule.has_type:
        problems.append(("complaint_type_id", "type_required"))
    if rule.promise_spec:
        problems.extend(_check_promise(rule.promise_spec, rule.type_period))
    return problems


def _check_promise(spec: str, type_period: str | None) -> list[tuple[str, str]]:
    try:
        promise = ProcessingPeriod.parse(spec)
    except InvalidPeriodError:
        return [("promise_spec", "promise_invalid")]
    if promise.unit not in PROMISE_UNITS or promise.mode is CountingMode.CALENDAR:
        return [("promise_spec", "promise_unit")]
    if type_period and not is_stricter_or_equal(promise, ProcessingPeriod.parse(type_period)):
        return [("promise_spec", "promise_longer_than_law")]
    return []


def completeness_problems(sections: Mapping[str, str], *, standards: int, compensations: int,
                          channels: int) -> list[str]:
    """What keeps a draft from approval: an empty mandatory section, no standard, no 보상 rule, no contact."""
    problems = [f"missing_section:{section.value}" for section in MANDATORY_SECTIONS
                if not (sections.get(section.value) or "").strip()]
    if standards == 0:
        problems.append("no_standards")
    if compensations == 0:
        problems.append("no_compensation")
    if channels == 0:
        problems.append("no_channel")
    return problems
