"""The demo 고객헌장 of the fictional 한빛시: written like a real 행정서비스헌장 (전문, 핵심서비스 이행표준,
고객응대 이행표준, 시정 및 보상, 고객참여, 평가 및 공표), with measurable standards linked to the demo 민원 types.
"""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select

from charters.models import Charter
from charters.services import ChannelData, CompensationData, DraftData, StandardData, create_draft, save_draft
from core.clock import KST
from core.extensions import db

TITLE = "한빛시 고객헌장"

PREAMBLE = """\
우리 한빛시 공무원은 시민을 행정의 주인으로 모시고, 시민의 입장에서 생각하며 최상의 행정서비스를 제공하기 위하여 다음과 같이 실천할 것을 약속합니다.

1. 우리는 모든 시민을 친절하고 공정하게 맞이하며, 시민의 말씀을 끝까지 귀담아듣겠습니다.
2. 우리는 민원을 법정 처리기간보다 빠르게 처리하고, 처리 과정과 결과를 알기 쉽게 알려 드리겠습니다.
3. 우리는 행정정보를 적극 공개하고, 시민의 개인정보와 민원 내용의 비밀을 철저히 지키겠습니다.
4. 우리는 잘못된 서비스로 불편을 드린 경우 신속히 바로잡고, 정해진 기준에 따라 보상하겠습니다.
5. 우리는 시민의 의견을 정기적으로 듣고, 이 헌장의 이행 결과를 평가하여 공개하겠습니다.

이와 같은 약속을 지키기 위하여 구체적인 서비스 이행표준을 정하고 성실히 실천하겠습니다."""

MISSION = """\
한빛시는 「지방자치법」에 따라 시민의 복리를 증진하고 지역의 균형 있는 발전을 이끄는 기초자치단체입니다. 민원행정에서 한빛시의 기본 임무는 다음과 같습니다.

- 시민이 신청한 민원을 「민원 처리에 관한 법률」이 정한 기간 안에 공정하고 정확하게 처리합니다.
- 도로, 가로등, 생활폐기물 등 생활 기반 시설의 불편 신고를 신속히 해결하여 안전하고 쾌적한 도시를 만듭니다.
- 법령과 제도에 관한 질의에 알기 쉽게 답하고, 시민의 건의를 시정에 반영합니다.
- 위법하거나 부당한 처분으로 인한 고충을 성실히 살펴 시민의 권익을 보호합니다."""

SERVICES = """\
한빛시는 종합민원실 방문, 전화, 우편과 팩스, 누리집(온라인 민원 신청)으로 민원을 접수합니다. 모든 민원은 접수하는 즉시 접수번호와 처리기한을 알려 드리며, 누리집에서 처리 상황을 언제든지 확인하실 수 있습니다.

아래 이행표준의 처리기간은 「민원 처리에 관한 법률」 제19조에 따라 계산합니다. 5일 이하의 기간은 근무시간(1일 8시간) 단위로, 6일 이상의 기간은 토요일과 공휴일을 빼고 접수한 날을 포함하여 근무일 단위로 셉니다. 보완을 요청한 기간 등 법령이 정한 기간은 처리기간에 넣지 않습니다."""

REMEDY = """\
서비스에 불만이 있으시거나 이 헌장의 약속이 지켜지지 않았다고 생각하시면 아래 연락처나 누리집의 민원 신청(고충 민원)으로 알려 주십시오.

1. **접수**: 불만 사항은 고충 민원으로 접수하며, 접수 즉시 담당자와 처리기한을 알려 드립니다.
2. **조사와 시정**: 해당 부서가 아닌 감사관이 사실관계를 조사하고, 잘못이 확인되면 7일 이내에 바로잡습니다.
3. **결과 통지**: 조사 결과와 시정 내용, 보상 여부를 서면이나 전자우편으로 알려 드립니다.
4. **보상**: 아래 보상 기준에 해당하면 결과를 알려 드린 날부터 14일 이내에 보상합니다. 같은 사유에 대한 보상은 민원 한 건에 한 번입니다.
5. **이의 제기**: 결과에 동의하지 않으시면 통지를 받은 날부터 30일 이내에 이의를 제기하실 수 있으며, 국민권익위원회(국민신문고)에 고충 민원을 내실 수도 있습니다.

직원의 불친절이나 부당한 업무 처리가 확인되면 관련 규정에 따라 책임을 묻고 재발 방지 교육을 실시합니다."""

IMPROVEMENT = """\
# 고객 참여
- 해마다 한 번 이상 민원 처리에 대한 고객만족도 조사를 실시하고, 그 결과를 누리집에 공개합니다.
- 민원 처리가 끝나면 만족도를 여쭙고, '불만족' 의견에는 담당 부서장이 직접 추가 답변을 드립니다.
- 시민 모니터단(20명)을 운영하여 분기마다 서비스 개선 의견을 듣습니다.

# 평가 및 공표
- 이행표준별 이행 실적을 분기마다 점검하고, 직전 분기의 이행실적을 누리집 고객헌장 화면에 공개합니다.
- 이행표준을 지키지 못한 부서는 원인과 개선 계획을 제출하고, 감사관이 그 이행 여부를 확인합니다.

# 2027년 개선 계획
- 민원 처리 상황 문자 알림을 모든 민원 유형으로 넓힙니다.
- 반복 민원 분석 결과를 부서별 업무 개선에 반영합니다.
- 고객헌장은 해마다 고객 의견과 이행 실적을 반영하여 다시 살펴보고, 필요하면 개정합니다."""

# group, service, promise, measure, complaint type code, promised period, target %
STANDARDS = [
    ("core", "도로 파손 신고", "도로와 보도의 파손 신고는 접수 후 3일(24근무시간) 이내에 현장을 확인하고 보수에 착수합니다.",
     "deadline", "ROAD-DAMAGE", None, None),
    ("core", "가로등 고장 신고", "꺼지거나 깜빡이는 가로등은 접수 후 3근무시간 이내에 조치합니다.",
     "deadline", "STREETLIGHT", None, None),
    ("core", "쓰레기 무단투기 신고", "무단투기된 쓰레기는 접수 후 3일(24근무시간) 이내에 수거합니다(법정 처리기간 5일).",
     "deadline", "ILLEGAL-DUMPING", "3d", 95),
    ("core", "제도·절차 질의", "제도와 절차에 관한 질의는 5일 이내에 답변합니다(법정 처리기간 7일).",
     "deadline", "PROCEDURE-QUERY", "5d", 95),
    ("core", "법령 해석 질의", "주차 등 법령 해석에 관한 질의는 10일 이내에 답변합니다(법정 처리기간 14일).",
     "deadline", "PARKING-LAW", "10d", 90),
    ("core", "시정 건의", "건의는 14일 이내에 검토 결과를 알려 드리고, 채택된 건의는 추진 상황을 분기마다 알려 드립니다.",
     "deadline", "CITY-PROPOSAL", None, None),
    ("core", "고충 민원", "고충 민원은 7일 이내에 처리하며, 현장 조사가 필요하면 그 일정을 미리 알려 드립니다.",
     "deadline", "GRIEVANCE", None, None),
    ("core", "도로점용 허가", "도로점용 허가 신청은 7일 이내에 처리합니다(법정 처리기간 10일).",
     "deadline", "ROAD-OCCUPANCY", "7d", 90),
    ("core", "민원 만족도", "민원 처리에 대한 만족률을 80% 이상으로 유지합니다.", "satisfaction", None, None, 80),
    ("response", "전화 응대", "전화는 벨이 세 번 울리기 전에 받고 소속과 이름을 먼저 밝히며, 다른 부서로 연결할 때에는 "
     "담당자와 전화번호를 알려 드립니다.", "descriptive", None, None, None),
    ("response", "방문 응대", "종합민원실을 방문하시면 5분 이내에 상담을 시작하고, 기다리실 때에는 예상 대기 시간을 "
     "알려 드립니다.", "descriptive", None, None, None),
    ("response", "처리 상황 안내", "처리기간을 연장할 때에는 그 사유와 새 처리기한을 미리 알려 드리고, 처리 결과에는 "
     "담당자의 소속, 이름, 연락처를 적어 드립니다.", "descriptive", None, None, None),
    ("response", "민원 이송", "다른 기관 소관인 민원은 3근무시간 이내에 이송하고, 이송한 사실과 이유를 알려 드립니다.",
     "descriptive", None, None, None),
    ("response", "사회적 약자 배려", "장애인, 어르신, 임산부가 방문하시면 전담 직원이 안내하며, 필요하면 찾아가는 "
     "민원 서비스를 제공합니다.", "descriptive", None, None, None),
]

# condition, amount (won), form, basis
COMPENSATIONS = [
    ("행정 착오나 잘못된 안내로 다시 방문하신 경우", 5000, "문화상품권", "한빛시 고객헌장 운영 규정 제9조제1호"),
    ("이행표준에서 약속한 처리기간을 넘긴 경우(연장 사유와 새 기한을 미리 알려 드린 경우는 제외)", 5000, "문화상품권",
     "한빛시 고객헌장 운영 규정 제9조제2호"),
    ("직원의 불친절이 조사로 확인된 경우", None, "기관장 명의의 서면 사과와 재발 방지 조치 통보",
     "한빛시 고객헌장 운영 규정 제9조제3호"),
    ("착오로 수수료를 더 받은 경우", None, "더 받은 수수료 전액 환급(통지 후 3일 이내)",
     "한빛시 고객헌장 운영 규정 제9조제4호"),
]

# kind, name, value, hours. The agency's address is not typed here: the charter shows the configured one
# (AGENCY_ADDRESS) above these channels, the same as every page's footer.
CHANNELS = [
    ("visit", "종합민원실", "한빛시청 1층 (위 주소)", "평일 09:00~18:00 (점심시간에도 운영)"),
    ("phone", "민원 콜센터", "031-000-1100", "평일 09:00~18:00"),
    ("web", "한빛시 누리집 민원 신청", "www.hanbit.example.go.kr", "24시간"),
    ("email", "고객헌장 담당 (민원여권과)", "charter@hanbit.example.go.kr", "수시 접수"),
    ("fax", "민원여권과", "031-000-1199", "24시간"),
    ("mail", "민원여권과", "위 주소, 민원여권과 앞", None),
]


def demo_draft_data(type_ids: dict[str, int]) -> DraftData:
    return DraftData(
        title=TITLE,
        sections={"preamble": PREAMBLE, "mission": MISSION, "services": SERVICES, "remedy": REMEDY,
                  "improvement": IMPROVEMENT},
        standards=[StandardData(service_group=group, service=service, promise=promise, measure=measure,
                                complaint_type_id=type_ids.get(code) if code else None, promise_spec=promise_spec,
                                target_percent=target)
                   for group, service, promise, measure, code, promise_spec, target in STANDARDS],
        compensations=[CompensationData(condition=c, amount_won=a, form=f, basis=b) for c, a, f, b in COMPENSATIONS],
        channels=[ChannelData(kind=k, name=n, value=v, hours=h) for k, n, v, h in CHANNELS],
    )


def seed_demo_charter(*, editor, approver, type_ids: dict[str, int], agency_name: str, now: datetime) -> bool:
    """Publish the demo charter unless a charter exists; True when it was created.

    The approval and publication are dated at midnight KST of `now`'s day, so every seed of one day
    renders the same PDF (and the renderer's small cache spares the tests a render per seed).
    """
    from charters.publication import publish_charter
    from charters.services import approve_charter

    if db.session.scalar(select(Charter.id).limit(1)) is not None:
        return False
    day = datetime.combine(now.astimezone(KST).date(), time(0), KST)
    charter = create_draft(actor=editor, now=day, title=TITLE)
    save_draft(charter, demo_draft_data(type_ids), actor=editor, now=day)
    approve_charter(charter, actor=approver, now=day)
    publish_charter(charter, actor=approver, now=day, agency_name=agency_name)
    return True
