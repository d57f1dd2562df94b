"""영 제21조① grounds offered per 민원 and the 제4호 reason check; 부서 이송 time limits (영 제13조)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from civil_complaints.domain.errors import ExtensionError
from civil_complaints.domain.extensions import (
    EQUIVALENT_REASON_MIN_CHARS,
    UNAVOIDABLE,
    ExtensionErrorCode,
    RefusedExtensionGround,
    allowed_grounds,
    check_reason,
)
from civil_complaints.domain.transfers import TransferBasis, department_transfer_basis, department_transfer_limit

AFTER = date(2026, 5, 6)  # 대통령령 제36296호 부칙 제4조


def test_grounds_offered_follow_the_receipt_date():
    new = allowed_grounds(AFTER)
    assert new == ("COOPERATION_REQUIRED", "FACT_OR_SITE_CHECK", "FORCE_MAJEURE", "EQUIVALENT")
    assert not set(new) & {g.value for g in RefusedExtensionGround} and UNAVOIDABLE not in new
    old = allowed_grounds(date(2026, 5, 5))
    assert old[0] == UNAVOIDABLE and set(old[1:]) == set(new)


@pytest.mark.parametrize(("reason", "code"), [
    ("업무 많음", ExtensionErrorCode.REASON_BARRED),
    ("업무량이 많아 검토가 늦어지고 있습니다", ExtensionErrorCode.REASON_BARRED),
    ("담당자 지정이 늦어져 처리 기간이 부족합니다", ExtensionErrorCode.REASON_BARRED),
    ("The officer is on leave until next week", ExtensionErrorCode.REASON_BARRED),
    ("부득이한 사유로 연장합니다", ExtensionErrorCode.REASON_VAGUE),
    ("기타 내부 사정 등으로 인해", ExtensionErrorCode.REASON_VAGUE),
    ("추가 검토 필요", ExtensionErrorCode.REASON_VAGUE),
])
def test_item_4_reason_must_be_judgeable(reason, code):
    with pytest.raises(ExtensionError) as error:
        check_reason("EQUIVALENT", AFTER, reason)
    assert error.value.code == code.value


def test_item_4_reason_that_a_reviewer_can_judge_passes():
    reason = "관련 행정소송의 1심 판결이 2026. 6. 20. 선고될 예정이라 그 결과를 반영해야 합니다."
    check_reason("EQUIVALENT", AFTER, reason)
    assert EQUIVALENT_REASON_MIN_CHARS == 20
    check_reason("COOPERATION_REQUIRED", AFTER, "협조")  # items 1–3 name their reason themselves
    check_reason("EQUIVALENT", date(2026, 5, 5), "업무 많음")  # no 제4호 before 2026-05-06


@pytest.mark.parametrize(("channel", "civil_office", "far", "basis", "hours"), [
    ("web", True, False, TransferBasis.ELECTRONIC, 1),  # ④ 전자문서: 지체 없이, held to 1 working hour
    ("open311", False, False, TransferBasis.ELECTRONIC, 1),
    ("email", False, True, TransferBasis.ELECTRONIC, 1),
    ("visit", True, False, TransferBasis.CIVIL_OFFICE, 1),  # ① 민원실 → 처리주무부서
    ("letter", True, True, TransferBasis.CIVIL_OFFICE_FAR, 3),  # ① 단서: 상당히 떨어져 있는 등
    ("letter", False, False, TransferBasis.OTHER_UNIT, 3),  # ② another unit of the agency
    ("fax", False, True, TransferBasis.OTHER_UNIT, 3),
])
def test_department_transfer_limits_decree_13(channel, civil_office, far, basis, hours):
    assert department_transfer_basis(channel, from_civil_office=civil_office, far=far) is basis
    assert department_transfer_limit(channel, from_civil_office=civil_office, far=far) == timedelta(hours=hours)
