"""Kinds of 민원 and their statutory default processing periods (법 제2조, 영 제14조–제17조)."""

from __future__ import annotations

from enum import StrEnum


class ComplaintKind(StrEnum):
    STATUTORY = "statutory"  # 법정민원: period per the agency's 민원처리기준표 (법 제17조)
    QUERY_LAW = "query_law"  # 질의민원 (법령): 14일 (영 제14조제1호)
    QUERY_SYSTEM = "query_system"  # 질의민원 (제도·절차): 7일 (영 제14조제2호)
    PROPOSAL = "proposal"  # 건의민원: 14일 (영 제15조)
    OTHER = "other"  # 기타민원: 즉시 = 3근무시간 (영 제16조, 제19조); the agency may set another (D11)
    GRIEVANCE = "grievance"  # 고충민원: 7일 (영 제17조①)


#: Statutory default period spec per kind; None where the period comes from the 민원처리기준표.
DEFAULT_PERIODS: dict[ComplaintKind, str | None] = {
    ComplaintKind.STATUTORY: None,
    ComplaintKind.QUERY_LAW: "14d",
    ComplaintKind.QUERY_SYSTEM: "7d",
    ComplaintKind.PROPOSAL: "14d",
    ComplaintKind.OTHER: "즉시",
    ComplaintKind.GRIEVANCE: "7d",
}

#: The provision each default comes from, shown beside the period.
LEGAL_BASIS: dict[ComplaintKind, str] = {
    ComplaintKind.STATUTORY: "법 제17조",
    ComplaintKind.QUERY_LAW: "영 제14조제1호",
    ComplaintKind.QUERY_SYSTEM: "영 제14조제2호",
    ComplaintKind.PROPOSAL: "영 제15조",
    ComplaintKind.OTHER: "영 제16조·제19조",
    ComplaintKind.GRIEVANCE: "영 제17조①",
}
