"""민원 분류 of the demo history (issue 20, item 8): every planned 민원 gets a category of the demo list
(categories/demo.py) by its type and title, tags from words of its title, and, once answered, a cause and whether it
is systemic. Deterministic from the plan alone (no draw of the history's random generator, so the history itself
stays as it was)."""

from __future__ import annotations

from sqlalchemy import select

from civil_complaints.complaint_models import ComplaintCategory
from civil_complaints.demo_history_plan import Case
from core.extensions import db

#: the subcategory (or top category) of each type; some titles say better (TITLE_CATEGORIES)
TYPE_CATEGORIES = {"ROAD-DAMAGE": "도로 파손", "STREETLIGHT": "가로등·신호등", "ILLEGAL-DUMPING": "쓰레기·무단투기",
                   "PARKING-LAW": "주차", "PROCEDURE-QUERY": "절차·서식", "CITY-PROPOSAL": "도로·교통",
                   "GRIEVANCE": "민원 행정", "ROAD-OCCUPANCY": "도로·교통"}
TITLE_CATEGORIES = {"소음": "소음·악취", "주정차": "주차", "원상복구": "도로 파손", "공원": "공원·녹지",
                    "버스정류장": "대중교통", "전입신고": "절차·서식", "증명서": "절차·서식"}
#: a word of the title → a tag
TITLE_TAGS = {"포트홀": "포트홀", "보도블록": "보도블록", "맨홀": "맨홀", "가로등": "가로등", "보안등": "가로등",
              "무단투기": "무단투기", "폐가구": "대형폐기물", "과태료": "과태료", "횡단보도": "보행 안전",
              "공사": "공사", "버스정류장": "버스정류장", "야간 조명": "야간 조명"}
#: the cause of an answered 민원 of a type: (one-off cause, systemic cause); about one in ten is systemic
CAUSES = {
    "ROAD-DAMAGE": ("겨울철 결빙으로 포장 파손", "노후 포장의 정기 점검 주기가 너무 김"),
    "STREETLIGHT": ("안정기 고장", "가로등 고장을 알리는 신고 안내가 없음"),
    "ILLEGAL-DUMPING": ("일회성 무단투기", "배출 요일 안내가 부족함"),
    "PARKING-LAW": ("기준 안내 요청", "조례의 감경 기준이 모호함"),
    "PROCEDURE-QUERY": ("절차 안내 요청", "안내 누리집의 절차 설명이 부족함"),
    "CITY-PROPOSAL": ("시설 확충 요청", "시설 계획에 주민 의견을 받는 절차가 없음"),
    "GRIEVANCE": ("담당자 응대 부족", "공사 후 원상복구 확인 절차가 없음"),
    "ROAD-OCCUPANCY": ("허가 신청", "신청 안내에 위치도 예시가 없음"),
}


def category_ids() -> dict[str, int]:
    """The demo categories by Korean name (empty when the list is not there)."""
    return {name: i for name, i in db.session.execute(select(ComplaintCategory.name_ko, ComplaintCategory.id))}


def category_of(case: Case, ids: dict[str, int]) -> int | None:
    name = next((c for word, c in TITLE_CATEGORIES.items() if word in case.title),
                TYPE_CATEGORIES.get(case.type_code, "기타"))
    return ids.get(name)


def tags_of(case: Case) -> list[str]:
    return sorted({tag for word, tag in TITLE_TAGS.items() if word in case.title})


def cause_of(case: Case) -> tuple[str | None, bool | None]:
    """(cause, systemic) of an answered 민원; (None, None) for the others."""
    if not case.answer or case.type_code not in CAUSES:
        return None, None
    systemic = case.receipt_no.endswith("7")
    return CAUSES[case.type_code][1 if systemic else 0], systemic
