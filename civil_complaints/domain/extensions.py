"""Extensions of the processing period (처리기간의 연장, 영 제21조; D6).

* ① once, within the original period; once more only with the 민원인's consent (each ≤ the original period).
* For 민원 received on or after 2026-05-06 (대통령령 제36296호 부칙 제4조) the ground must be one of 영 제21조①
  제1호–제4호 (``ExtensionGround``), and ② 단순 업무과중 / 담당자 지정 지연·부재 are refused
  (``RefusedExtensionGround``). Before that date the old ① only required 부득이한 사유 (any non-empty code).
* Counting (D6): same unit as the original, from the first working day (or working hour) after the current due.
* 제4호 「그 밖에 제1호부터 제3호까지에 준하는 사유」 is open-ended, so its reason must let a reviewer judge it
  (``check_reason``): it may not restate a ground ② bars (업무 많음, 담당자 부재 …), and without stock phrases
  (「부득이한 사유」, 「내부 사정」 …) it must still say something concrete: at least 20 letters or digits.
* The form offers only the grounds the law allows for the 민원 (``allowed_grounds``): by its receipt date. 영
  제21조 is the same for every kind of 민원 (the kind-specific periods — 고충민원 현장조사 영 제17조④⑤,
  이의신청 법 제35조② — are separate periods, not grounds), so the kind does not narrow the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from civil_complaints.domain.errors import ExtensionError
from civil_complaints.domain.periods import CountingMode, ProcessingPeriod

GROUNDS_REQUIRED_FROM = date(2026, 5, 6)  # 대통령령 제36296호 (2026.5.6.) 부칙 제4조
MAX_EXTENSIONS = 2  # 영 제21조①: 한 차례 + (동의를 받아) 한 차례만 다시
UNAVOIDABLE = "UNAVOIDABLE"  # 구 영 제21조①: 부득이한 사유 (민원 received before 2026-05-06)


class ExtensionGround(StrEnum):
    """영 제21조① 제1호–제4호 (제36296호): the only grounds for 민원 received from 2026-05-06."""

    COOPERATION_REQUIRED = "COOPERATION_REQUIRED"  # 1. 관계 기관·부서의 협조가 필요한 경우
    FACT_OR_SITE_CHECK = "FACT_OR_SITE_CHECK"  # 2. 사실관계 또는 현장 확인이 필요한 경우
    FORCE_MAJEURE = "FORCE_MAJEURE"  # 3. 천재지변이나 그 밖의 불가항력적인 사유
    EQUIVALENT = "EQUIVALENT"  # 4. 제1호부터 제3호까지에 준하는 사유


class RefusedExtensionGround(StrEnum):
    """영 제21조② (제36296호): grounds that may never justify an extension."""

    SIMPLE_WORKLOAD = "SIMPLE_WORKLOAD"  # 단순 업무과중
    OFFICER_ASSIGNMENT_DELAY = "OFFICER_ASSIGNMENT_DELAY"  # 민원 처리 담당자의 지정 지연
    OFFICER_ABSENCE = "OFFICER_ABSENCE"  # 민원 처리 담당자의 부재


class ExtensionErrorCode(StrEnum):
    LIMIT_REACHED = "EXTENSION_LIMIT_REACHED"
    CONSENT_REQUIRED = "EXTENSION_CONSENT_REQUIRED"
    GROUND_REQUIRED = "EXTENSION_GROUND_REQUIRED"
    GROUND_REFUSED = "EXTENSION_GROUND_REFUSED"
    GROUND_NOT_ALLOWED = "EXTENSION_GROUND_NOT_ALLOWED"
    UNIT_MISMATCH = "EXTENSION_UNIT_MISMATCH"
    TOO_LONG = "EXTENSION_TOO_LONG"
    REASON_BARRED = "EXTENSION_REASON_BARRED"
    REASON_VAGUE = "EXTENSION_REASON_VAGUE"


EQUIVALENT_REASON_MIN_CHARS = 20  # letters and digits once stock phrases are removed (this product's threshold)
#: what 영 제21조② bars, in the words people use for it: a 제4호 reason naming one of these is refused
_BARRED_WORDS = re.compile(
    r"업무\s*[량양]?\s*[이가]?\s*(?:많|과중|과다|폭주|증가|가중|밀)|일\s*이\s*많|바쁘|바빠|바쁨|바쁜"
    r"|(?:인력|인원)\s*[이가]?\s*부족|담당자\s*[의가이]?\s*(?:부재|휴가|출장|병가|교체|변경|공석|미지정|지정\s*[이가]?\s*(?:지연|늦))"
    r"|\bworkload\b|\bbusy\b|understaff|short[- ]staffed|\bon leave\b|\babsen(?:t|ce)\b",
    re.IGNORECASE)
#: phrases that only say that there is a reason; they do not count towards the minimum
_STOCK_PHRASES = re.compile(
    r"부득이한?|불가피한?|사유|사정상?|내부|기타|등의?|관계로|인하여|인해|때문에|연장(?:합니다|함|하고자|이)?"
    r"|처리\s*중|검토\s*중|필요(?:합니다|함)?|(?:unavoidable|internal|reasons?|circumstances?|other)",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Extension:
    """One recorded extension: its length, ground code and whether the 민원인's consent was recorded."""

    period: ProcessingPeriod
    ground: str
    consent_recorded: bool = False

    @classmethod
    def of(cls, period: ProcessingPeriod | str, ground: str, consent_recorded: bool = False) -> Extension:
        return cls(ProcessingPeriod.parse(period), str(ground) if ground is not None else "", bool(consent_recorded))


def _refuse(code: ExtensionErrorCode, message: str, **params: object) -> ExtensionError:
    return ExtensionError(message, code=code.value, **params)


def check_ground(ground: str, received_on: date) -> None:
    """영 제21조①② for 민원 received from 2026-05-06; a non-empty ground before that."""
    if not ground:
        raise _refuse(ExtensionErrorCode.GROUND_REQUIRED, "an extension needs a ground code (영 제21조①)")
    if received_on < GROUNDS_REQUIRED_FROM:
        return
    if ground in RefusedExtensionGround.__members__:
        raise _refuse(ExtensionErrorCode.GROUND_REFUSED,
                      f"{ground} may not justify an extension (영 제21조②, 민원 received on or after 2026-05-06)",
                      ground=ground)
    if ground not in ExtensionGround.__members__:
        raise _refuse(ExtensionErrorCode.GROUND_NOT_ALLOWED,
                      f"{ground} is not a ground of 영 제21조① 제1호–제4호; allowed: {', '.join(ExtensionGround)}",
                      ground=ground, allowed=tuple(ExtensionGround))


def allowed_grounds(received_on: date) -> tuple[str, ...]:
    """The ground codes the law allows for a 민원 received on ``received_on`` (offered by the extension form)."""
    grounds = tuple(ExtensionGround)
    return grounds if received_on >= GROUNDS_REQUIRED_FROM else (UNAVOIDABLE, *grounds)


def check_reason(ground: str, received_on: date, reason: str) -> None:
    """영 제21조① 제4호 (from 2026-05-06): a reason a reviewer can judge — not a barred ground, not stock words."""
    if ground != ExtensionGround.EQUIVALENT or received_on < GROUNDS_REQUIRED_FROM:
        return
    if _BARRED_WORDS.search(reason):
        raise _refuse(ExtensionErrorCode.REASON_BARRED,
                      "a 제4호 reason may not rest on 단순 업무과중 or 담당자 지정 지연·부재 (영 제21조②)")
    concrete = sum(ch.isalnum() for ch in _STOCK_PHRASES.sub(" ", reason))
    if concrete < EQUIVALENT_REASON_MIN_CHARS:
        raise _refuse(ExtensionErrorCode.REASON_VAGUE,
                      f"a 제4호 reason must say concretely what prevents processing in time "
                      f"(at least {EQUIVALENT_REASON_MIN_CHARS} letters or digits besides stock phrases)",
                      minimum=EQUIVALENT_REASON_MIN_CHARS)


def check_length(original: ProcessingPeriod, extension: ProcessingPeriod) -> None:
    """영 제21조①: 「그 민원의 처리기간의 범위에서」, counted in the same unit (D6)."""
    if original.mode is CountingMode.WORKING_HOURS:  # 즉시, N근무시간, 1–5일: compared in working hours
        same_unit = extension.is_hour_based
        too_long = same_unit and extension.working_hours > original.working_hours
    else:  # 6일 이상 (a shorter "5d" still counts days, D6), 주, 월, 연
        same_unit = extension.unit is original.unit
        too_long = extension.amount > original.amount
    if not same_unit:
        raise _refuse(ExtensionErrorCode.UNIT_MISMATCH,
                      f"extension {extension} is not in the unit of the original period {original}",
                      original=str(original), extension=str(extension))
    if too_long:
        raise _refuse(ExtensionErrorCode.TOO_LONG,
                      f"extension {extension} is longer than the original period {original} (영 제21조①)",
                      original=str(original), extension=str(extension))


def check_extension(original: ProcessingPeriod, received_on: date, number: int, extension: Extension) -> None:
    """Raise ExtensionError unless ``extension`` may be the ``number``-th (1-based) extension (영 제21조, D6)."""
    if number > MAX_EXTENSIONS:
        raise _refuse(ExtensionErrorCode.LIMIT_REACHED, "at most two extensions are allowed (영 제21조①)",
                      limit=MAX_EXTENSIONS)
    if number == MAX_EXTENSIONS and not extension.consent_recorded:
        raise _refuse(ExtensionErrorCode.CONSENT_REQUIRED,
                      "the second extension needs the 민원인's recorded consent (영 제21조① 단서)")
    check_ground(extension.ground, received_on)
    check_length(original, extension.period)
