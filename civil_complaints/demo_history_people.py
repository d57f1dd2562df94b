"""Fictional 민원인 and the words of the demo history (issue 19.10): no real person, no real telephone number.

Telephone numbers are 010-0000-2000 … 9999 (the 0000 exchange is never issued; the demo 민원 use 1001 … 1010),
e-mail addresses are at example.kr, and the places are in the fictional 한빛시.
"""

from __future__ import annotations

import random

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["민준", "서연", "도윤", "하은", "지호", "수아", "예준", "지민", "현우", "채원", "준서", "다은", "건우",
         "서윤", "우진", "지아", "선영", "영수", "미경", "성민", "정훈", "은정", "동현", "혜진"]
PLACES = ["한빛대로", "시청로", "한빛천로", "솔빛길", "가람로", "누리로", "새빛로", "한솔길", "은하로", "별빛길"]
TITLES = {
    "ROAD-DAMAGE": ["{place} {n} 앞 포트홀", "{place} 보도블록 파손", "{place} 맨홀 주변 침하", "{place} 차도 균열"],
    "STREETLIGHT": ["{place} 가로등 꺼짐", "{place} 가로등 깜빡임", "{place} 보안등 고장"],
    "ILLEGAL-DUMPING": ["{place} {n} 골목 쓰레기 무단투기", "{place} 공터 폐가구 방치", "{place} 재활용품 무단 배출"],
    "PARKING-LAW": ["거주자 우선주차 과태료 기준 문의", "소방시설 주변 주차 단속 근거 질의",
                    "주차 과태료 감경 요건 질의"],
    "PROCEDURE-QUERY": ["민원 처리기간 계산 방법 문의", "전입신고 온라인 절차 문의", "증명서 발급 수수료 문의"],
    "CITY-PROPOSAL": ["{place} 횡단보도 신설 건의", "공원 야간 조명 확충 건의", "{place} 버스정류장 쉼터 설치 건의"],
    "GRIEVANCE": ["도로 공사 소음에 대한 고충", "불법 주정차 단속 형평성 고충", "{place} 공사 후 원상복구 지연 고충"],
    "ROAD-OCCUPANCY": ["{place} {n} 공사용 비계 도로점용 허가", "{place} 행사 천막 도로점용 허가",
                       "상가 앞 적치물 도로점용 허가"],
}
ANSWERS = {
    "ROAD-DAMAGE": "현장을 확인하고 파손 부분을 보수하였습니다.",
    "STREETLIGHT": "가로등 안정기를 교체하여 정상 점등을 확인하였습니다.",
    "ILLEGAL-DUMPING": "무단투기된 쓰레기를 수거하고 계도 안내문을 부착하였습니다.",
    "PARKING-LAW": "관련 법령과 조례에 따른 기준을 안내해 드립니다.",
    "PROCEDURE-QUERY": "문의하신 절차와 필요한 서류를 안내해 드립니다.",
    "CITY-PROPOSAL": "건의하신 내용을 검토하여 내년도 사업 계획에 반영하겠습니다.",
    "GRIEVANCE": "불편을 드려 죄송합니다. 관계 부서와 협의하여 개선하였습니다.",
    "ROAD-OCCUPANCY": "신청하신 도로점용을 허가하였습니다. 허가 조건을 지켜 주십시오.",
}
REFUSAL = "관계 법령상 요청하신 조치를 할 수 없습니다."
REMEDIES = ("이 처분에 이의가 있으면 처분을 받은 날부터 60일 이내에 문서로 이의신청을 할 수 있습니다 "
            "(민원 처리에 관한 법률 제35조). 행정심판이나 행정소송도 제기할 수 있습니다.")


def filer(rng: random.Random, number: int) -> tuple[str, str | None, str | None]:
    """A fictional 민원인: name, telephone (010-0000-2000 … 9999) and, for some, an example.kr e-mail address."""
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    phone = f"010-0000-{2000 + number % 8000:04d}"
    email = f"demo.history{number}@example.kr" if rng.random() < 0.4 else None
    return name, phone, email


def title_and_content(rng: random.Random, type_code: str) -> tuple[str, str]:
    title = rng.choice(TITLES[type_code]).format(place=rng.choice(PLACES), n=rng.randint(1, 99))
    return title, f"{title}에 관한 민원입니다. 확인하고 조치해 주시기 바랍니다. (데모 이력)"


def address(rng: random.Random) -> str:
    return f"한빛시 {rng.choice(PLACES)} {rng.randint(1, 199)}"


def answer_text(type_code: str, refused: bool, rng: random.Random) -> str:
    return REFUSAL if refused else ANSWERS[type_code] + rng.choice(["", " 이용에 불편을 드려 죄송합니다.",
                                                                     " 감사합니다."])
