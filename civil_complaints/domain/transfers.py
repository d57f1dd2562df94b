"""How long a 민원 may take to reach the department that must handle it (부서 이송, 영 제13조).

* ④ 「제1항부터 제3항까지의 규정에도 불구하고 접수된 민원문서가 전자문서인 경우에는 지체 없이 소관 기관에 전자적
  방법으로 이송하여야 한다」: a 민원 filed electronically (web, Open311, API, e-mail) goes on 지체 없이. 지체 없이
  is not a number; this product holds it to the shortest limit the article itself sets, 1 working hour (①), so a
  transfer that waited longer is shown as late.
* ① 「민원실에 접수된 민원문서 중 그 처리가 민원실의 주관에 속하지 아니하는 것에 대해서는 1근무시간 이내에 …
  이송하여야 한다. 다만, 처리주무부서가 상당히 떨어져 있는 등 특별한 사유가 있어 … 3근무시간 이내에 이송할 수
  있다」: a paper 민원 leaving a 민원실 department (setting ``CIVIL_OFFICE_DEPARTMENTS``): 1 working hour, 3 when
  the officer records that the department is far away (단서).
* ② 「같은 행정기관 내에서 소관이 아닌 민원문서를 접수한 경우에는 3근무시간 이내에 민원실을 거쳐 처리주무부서에
  이송하여야 한다」: a paper 민원 leaving any other unit: 3 working hours.

The clock runs from when the 민원 reached the department it leaves (its receipt, or the previous transfer in).
Transfers to another agency (③, 8 working hours) are counted in workflow_services.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

ELECTRONIC_CHANNELS = frozenset({"web", "open311", "api", "email"})


class TransferBasis(StrEnum):
    ELECTRONIC = "13-4"  # 영 제13조④: 전자문서, 지체 없이 (1 working hour in this product)
    CIVIL_OFFICE = "13-1"  # ① 본문: 민원실 → 처리주무부서, 1 working hour
    CIVIL_OFFICE_FAR = "13-1-far"  # ① 단서: 처리주무부서가 상당히 떨어져 있는 등, 3 working hours
    OTHER_UNIT = "13-2"  # ②: another unit of the agency, 3 working hours


LIMITS = {
    TransferBasis.ELECTRONIC: timedelta(hours=1),
    TransferBasis.CIVIL_OFFICE: timedelta(hours=1),
    TransferBasis.CIVIL_OFFICE_FAR: timedelta(hours=3),
    TransferBasis.OTHER_UNIT: timedelta(hours=3),
}


def department_transfer_basis(channel: str, *, from_civil_office: bool, far: bool = False) -> TransferBasis:
    """Which paragraph of 영 제13조 times this transfer (electronic documents first: ④ overrides ①–③)."""
    if channel in ELECTRONIC_CHANNELS:
        return TransferBasis.ELECTRONIC
    if from_civil_office:
        return TransferBasis.CIVIL_OFFICE_FAR if far else TransferBasis.CIVIL_OFFICE
    return TransferBasis.OTHER_UNIT


def department_transfer_limit(channel: str, *, from_civil_office: bool, far: bool = False) -> timedelta:
    """The working time allowed for the transfer (see the module docstring)."""
    return LIMITS[department_transfer_basis(channel, from_civil_office=from_civil_office, far=far)]
