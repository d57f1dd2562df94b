"""Demo improvements (demo only): two finished (on the public page), two under way, prompted by the demo 민원
(civil_complaints/demo_cases.py) and, when the demo history is there (seeded first by `flask demo seed`), by a few
of its 민원 of the same kind in the head's department; made through the real services by the roads division's
head."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.improvements import ImprovementAction as A
from civil_complaints.improvements import services
from civil_complaints.improvements.models import Improvement
from core.clock import KST
from core.extensions import db
from organization.models import User

# title, what was asked, titles of the demo 민원 behind it, decision, what changed, milestones, finished?
IMPROVEMENTS = [
    ("포트홀 신고 당일 현장 확인",
     "도로 패임(포트홀)을 신고해도 보수까지 며칠씩 걸리고, "
     "같은 곳을 여러 사람이 거듭 신고해야 한다는 민원이 이어졌습니다.",
     ["한빛대로 12 앞 포트홀", "한빛대로 12 앞 도로 패임", "한빛초 앞 맨홀 덮개 파손"],
     "도로과 회의에서 포트홀 신고는 접수 당일 현장을 확인하고 임시 보수하기로 결정했습니다.",
     "포트홀 신고는 접수한 날 현장을 확인하고 임시 보수합니다. "
     "같은 위치의 신고는 하나로 묶어 처리 결과를 모두에게 알립니다.",
     [("현장 확인 당번 편성", -20, -18), ("임시 보수 자재 상시 비치", -15, -10)], True),
    ("가로등 고장 신고에 관리번호 안내",
     "어느 가로등이 고장 났는지 설명하기 어렵고, 위치를 다시 묻는 전화가 온다는 민원이 있었습니다.",
     ["공원 입구 가로등 고장"],
     "가로등마다 붙은 관리번호로 신고할 수 있게 안내하기로 했습니다.",
     "가로등 기둥의 관리번호를 신고서에 적을 수 있고, 안내문을 모든 가로등에 붙였습니다.",
     [("관리번호 안내문 부착", -12, -6)], True),
    ("도로점용 허가 신청서에 위치도 예시 제공",
     "도로점용 허가를 신청할 때 어떤 위치도를 내야 하는지 몰라 보완 요구를 받는다는 민원이 있었습니다.",
     ["공사 현장 앞 도로 점용 허가", "골목길 가설 울타리 설치 허가"],
     "신청 안내에 위치도 예시와 작성 방법을 싣기로 했습니다.", "",
     [("위치도 예시 작성", -5, -2), ("신청 안내 개정", 10, None)], False),
    ("보도 파손 신고에 사진 첨부 안내",
     "보도블록이나 도로가 어떻게 망가졌는지 말로 설명하기 어렵고, 현장 확인까지 시간이 걸린다는 민원이 있었습니다.",
     ["시청로 보도블록 들뜸", "하천변 도로 파손과 쓰레기", "한빛대로 12 앞 도로 패임"],
     "신고서에 사진을 첨부하도록 안내하고, 사진으로 긴급도를 먼저 판단하기로 했습니다.", "",
     [("신고 안내문 개정안 작성", 7, None)], False),
]
#: words of the history's titles that belong to each improvement (up to HISTORY_LINKS of them are linked)
HISTORY_WORDS = {"포트홀 신고 당일 현장 확인": "포트홀", "가로등 고장 신고에 관리번호 안내": "가로등",
                 "도로점용 허가 신청서에 위치도 예시 제공": "도로점용", "보도 파손 신고에 사진 첨부 안내": "보도블록"}
HISTORY_LINKS = 3


def _day(now: datetime, days: int):
    return (now + timedelta(days=days)).astimezone(KST).date()


def _from_history(complaints: dict[str, Complaint], word: str | None, department_id: int,
                  named: set[str]) -> list[str]:
    """Receipt numbers of the first few other 민원 of the head's department whose title has `word`."""
    if not word:
        return []
    found = sorted((c.received_at, c.receipt_no) for t, c in complaints.items()
                   if word in t and t not in named and c.department_id == department_id)
    return [number for _at, number in found[:HISTORY_LINKS]]


def seed_demo_improvements(*, now: datetime) -> dict[str, int]:
    """Create the demo improvements unless one exists (needs the demo 민원 and the head)."""
    if db.session.scalar(select(Improvement.id).limit(1)) is not None:
        return {}
    head = db.session.scalar(select(User).where(User.login_id == "head"))
    complaints = {c.title: c for c in db.session.scalars(select(Complaint).order_by(Complaint.id.desc()))}
    if head is None or not complaints:
        return {}
    start = now - timedelta(days=30)
    for title, problem, linked, decision, changed, milestones, finished in IMPROVEMENTS:
        numbers = [complaints[t].receipt_no for t in linked if t in complaints]
        numbers += _from_history(complaints, HISTORY_WORDS.get(title), head.department_id, set(linked))
        improvement = services.create(head, services.ImprovementData(
            title=title, problem=problem, department_id=head.department_id, receipt_numbers=numbers), now=start)
        services.step(head, improvement, A.REVIEW, decision=None, what_changed=None, changed_on=None,
                      now=start + timedelta(days=1))
        services.step(head, improvement, A.START, decision=decision, what_changed=None, changed_on=None,
                      now=start + timedelta(days=2))
        for name, due, _done in milestones:
            services.add_milestone(head, improvement, title=name, due_on=_day(now, due), now=start + timedelta(days=2))
        db.session.flush()
        for milestone, (_name, _due, done) in zip(improvement.milestones, milestones, strict=True):
            if done is not None:
                services.complete_milestone(head, improvement, milestone, done_on=_day(now, done),
                                            evidence="한빛시 도로과 내부결재 문서", now=now + timedelta(days=done))
        improvement.progress = 100 if finished else 60
        if finished:
            services.step(head, improvement, A.FINISH, decision=None, what_changed=changed,
                          changed_on=_day(now, -3), now=now - timedelta(days=3))
    db.session.flush()
    return {"improvements": len(IMPROVEMENTS)}
