"""/staff/: internal requests beside the 민원 (issue 18) — a providing department's queue tabs, what waits for a
requester, the approvals of a head — each tile counting what the page it links to (by the URL plan) lists."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from app import create_app
from core.clock import KST
from core.extensions import db
from organization.auth import requires_permission
from organization.domain.roles import Permission
from organization.models import User
from service_requests.domain.workflow import Action
from service_requests.handling.services import Step, act
from service_requests.models import Service
from service_requests.requesting.services import RequestData, create_request
from tests.helpers import close_pools, login, parse
from working_calendar.cache import load_calendar

NOW = datetime(2026, 12, 9, 10, 0, tzinfo=KST)  # a Wednesday


#: the pages the tiles link to (other rooms of issue 18): a tile shows once its page exists
PAGES = {"service_requests.provider_queue": "/staff/service-queue", "service_requests.my_requests":
         "/staff/service-requests", "service_requests.approvals": "/staff/service-requests/approvals"}


@pytest.fixture
def full_app(demo):
    """The demo app's database seen by an app on which every linked page exists: the real one where it is
    built, else a stand-in listing nothing (the tiles' hrefs are checked, not those pages)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": demo.config["SQLALCHEMY_DATABASE_URI"]}, env_name="test")
    for endpoint, path in PAGES.items():
        if endpoint not in app.view_functions:
            app.add_url_rule(path, endpoint=endpoint, view_func=requires_permission(
                Permission.SERVICE_REQUESTS_USE)(lambda: ""))
    yield app
    close_pools(app)


def test_tiles_wait_for_the_pages_they_link_to(demo):
    page = _home(demo, "itstaff")
    assert (page.find(id="hub-requests-title") is None) == any(e not in demo.view_functions for e in PAGES)


def _user(login_id: str) -> User:
    return db.session.scalar(select(User).where(User.login_id == login_id))


def _make(code: str, answers: dict, made: datetime, requester: str = "officer", steps=()):
    service = db.session.scalar(select(Service).where(Service.code == code))
    request = create_request(_user(requester), service, RequestData(title=f"{code} 요청", answers=answers),
                             calendar=load_calendar(), now=made)
    for login_id, action, when in steps:
        act(_user(login_id), request, Step(action, text="내용"), calendar=load_calendar(), now=when)
    return request


def _tiles(page, heading_id: str) -> dict[str, tuple[int, str]]:
    heading = page.find(id=heading_id)
    if heading is None:
        return {}
    tiles = {}
    for tile in heading.find_next_sibling("ul").select("a.app-hub-tile"):
        count = int(tile.select_one(".app-hub-tile-count").get_text(strip=True).rstrip("건").replace(",", ""))
        tiles[tile.select_one(".app-hub-tile-label").get_text(strip=True)] = (count, tile["href"])
    return tiles


def _home(app, login_id: str):
    client = app.test_client()
    login(client, login_id)
    return parse(client.get("/staff/"))


def test_providers_requesters_and_heads_see_their_internal_requests(demo, full_app, frozen):
    frozen(NOW)
    pc = {"symptom": "켜지지 않습니다."}
    with demo.app_context():
        _make("IT-PC-REPAIR", pc, datetime(2026, 12, 1, 9, 0, tzinfo=KST))  # itstaff's, overdue
        _make("IT-OUTAGE", {"system_name": "새올"}, datetime(2026, 12, 9, 9, 0, tzinfo=KST))  # unassigned
        _make("IT-PC-REPAIR", pc, datetime(2026, 12, 8, 9, 0, tzinfo=KST),
              steps=[("itstaff", Action.ASK, datetime(2026, 12, 8, 10, 0, tzinfo=KST))])  # a question to 김담당
        _make("IT-PC-REPAIR", pc, datetime(2026, 12, 8, 9, 0, tzinfo=KST),
              steps=[("itstaff", Action.RESOLVE, datetime(2026, 12, 8, 11, 0, tzinfo=KST))])  # to confirm
        _make("IT-PC-REPAIR", pc, datetime(2026, 12, 8, 9, 0, tzinfo=KST), requester="head",
              steps=[("itstaff", Action.RESOLVE, datetime(2026, 12, 8, 11, 0, tzinfo=KST))])  # 박과장's
        _make("GA-VEHICLE", {"use_date": "2026-12-20", "destination": "현장"}, NOW)  # waits for 박과장
        db.session.commit()
    queue = "/staff/service-queue?tab="
    assert _tiles(_home(full_app, "itstaff"), "hub-requests-provided") == {
        "미배정": (1, f"{queue}unassigned"), "내 담당": (2, f"{queue}mine"), "기한 경과": (1, f"{queue}overdue"),
        "요청자 확인 대기": (1, f"{queue}waiting")}
    officer = _home(full_app, "officer")
    assert _tiles(officer, "hub-requests-provided") == {}  # 도로과 provides no service
    assert _tiles(officer, "hub-requests-asked") == {
        "답변할 질문": (1, "/staff/service-requests?tab=mine&status=waiting"),
        "해결됨: 확인 필요": (1, "/staff/service-requests?tab=mine&status=resolved")}
    head = _tiles(_home(full_app, "head"), "hub-requests-asked")
    assert head["승인 대기"] == (1, "/staff/service-requests/approvals") and head["해결됨: 확인 필요"][0] == 1
    assert _home(full_app, "auditor").find(id="hub-requests-title") is None
