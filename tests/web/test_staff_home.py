"""/staff/: the worklist home. Each count is the number of 민원 in the queue it links to, for every role that has a
queue: an officer's own work and the department's, a head's load per officer, the agency by department for
auditors; the next running deadlines; nothing of it for those without a queue."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from civil_complaints.casework import services as workflow_services
from core.clock import KST
from core.extensions import db
from tests.helpers import login, parse
from tests.workflow_helpers import file_at, user

NOW = datetime(2026, 12, 9, 10, 0, tzinfo=KST)  # a Wednesday, a working day


def _file(tmp_path, key: str, *, code="ROAD-DAMAGE", due: datetime, assignee: str | None = None,
          status: str | None = None) -> str:
    complaint = file_at(code, NOW - timedelta(days=3), tmp_path)
    complaint.title = f"민원 {key}"
    if assignee:
        workflow_services.assign(user("head"), complaint, assignee=user(assignee), now=NOW - timedelta(days=2))
    complaint.due_at, complaint.due_date = due, due.astimezone(KST).date()
    complaint.status = status or complaint.status
    db.session.commit()
    return complaint.receipt_no


@pytest.fixture
def world(demo, tmp_path, frozen):
    """도로과: 김담당 (officer) has one due today, one overdue, one awaiting a 보완; 박과장 (head) one due today;
    one unassigned due in three days; one answered. 자원순환과: one overdue, unassigned."""
    frozen(NOW)
    today_5pm = NOW.replace(hour=17)
    with demo.app_context():
        return {
            "mine_today": _file(tmp_path, "a", due=today_5pm, assignee="officer"),
            "mine_overdue": _file(tmp_path, "b", due=NOW - timedelta(days=1), assignee="officer"),
            "mine_supplement": _file(tmp_path, "c", due=NOW + timedelta(days=4), assignee="officer",
                                     status="supplement_requested"),
            "unassigned": _file(tmp_path, "d", due=NOW + timedelta(days=3)),
            "head_today": _file(tmp_path, "e", due=today_5pm, assignee="head"),
            "answered": _file(tmp_path, "f", due=NOW + timedelta(days=1), assignee="officer", status="answered"),
            "other_department": _file(tmp_path, "g", code="ILLEGAL-DUMPING", due=NOW - timedelta(hours=30)),
        }


def _client(app, account: str):
    client = app.test_client()
    login(client, account)
    return client


def _listed(client, href: str) -> list[str]:
    """The receipt numbers the queue page at `href` lists."""
    response = client.get(href)
    assert response.status_code == 200, (href, response.status_code)
    return [a.get_text(strip=True) for a in parse(response).select("tbody th[scope=row] a")]


def _tiles(page, section_id: str) -> dict[str, tuple[int, str]]:
    """{label: (count, href)} of a tile section."""
    tiles = {}
    for tile in page.select(f"section[aria-labelledby={section_id}] a.app-hub-tile"):
        count = int(tile.select_one(".app-hub-tile-count").get_text(strip=True).rstrip("건").replace(",", ""))
        tiles[tile.select_one(".app-hub-tile-label").get_text(strip=True)] = (count, tile["href"])
    return tiles


def _check_links(client, tiles: dict[str, tuple[int, str]]) -> None:
    for label, (count, href) in tiles.items():
        assert len(_listed(client, href)) == count, (label, href)


def test_an_officer_sees_their_own_work_and_the_departments_each_one_click_from_its_list(demo, world):
    client = _client(demo, "officer")
    page = parse(client.get("/staff/"))
    mine = _tiles(page, "hub-mine-title")
    assert {label: count for label, (count, _) in mine.items()} == {
        "내 민원 (처리 중)": 3, "오늘 기한 (내 민원)": 1, "기한 경과 (내 민원)": 1, "보완 중 (내 민원)": 1,
        "협조 요청": 0}
    assert _listed(client, mine["오늘 기한 (내 민원)"][1]) == [world["mine_today"]]
    assert _listed(client, mine["기한 경과 (내 민원)"][1]) == [world["mine_overdue"]]
    team = _tiles(page, "hub-team-title")
    assert {label: count for label, (count, _) in team.items()} == {"미배정": 1, "오늘 기한": 2, "기한 경과": 1,
                                                                    "보완 중": 1}
    _check_links(client, mine | team)
    assert page.select_one("#hub-team-title").get_text(strip=True) == "우리 부서"
    overdue_tile = page.select_one("section[aria-labelledby=hub-mine-title] a.is-alert")
    assert overdue_tile.select_one(".app-hub-tile-label").get_text(strip=True) == "기한 경과 (내 민원)"
    assert page.select_one("#hub-load-title") is None  # an officer does not see the others' load
    # the next deadlines: only their own whose clock runs and has not run out (not the overdue, not the paused)
    assert page.select_one("#hub-deadlines-title").get_text(strip=True) == "내 민원의 다가오는 처리기한"
    deadlines = [a.get_text(strip=True) for a in page.select(".app-hub-deadline-list a")]
    assert deadlines == [world["mine_today"]]


def test_a_head_sees_the_load_of_each_officer_and_the_departments_next_deadlines(demo, world):
    client = _client(demo, "head")
    page = parse(client.get("/staff/"))
    rows = {row.select_one("th").get_text(strip=True): row for row in page.select(".app-hub-load-table tbody tr")}
    assert set(rows) == {"김담당", "박과장"}  # the officers of 도로과 (not other departments')
    counts = {name: [td.get_text(strip=True) for td in row.select("td")] for name, row in rows.items()}
    assert counts == {"김담당": ["3", "1", "1", "1"], "박과장": ["1", "1", "0", "0"]}
    for name, row in rows.items():
        for cell in row.select("td a"):
            assert len(_listed(client, cell["href"])) == int(cell.get_text(strip=True)), (name, cell["href"])
    _check_links(client, _tiles(page, "hub-team-title"))
    deadlines = [a.get_text(strip=True) for a in page.select(".app-hub-deadline-list a")]
    assert deadlines == [world["mine_today"], world["head_today"], world["unassigned"]]
    assert "미배정" in page.select(".app-hub-deadline-list li")[2].get_text()


def test_an_auditor_sees_the_whole_agency_by_department(demo, world):
    client = _client(demo, "auditor")
    page = parse(client.get("/staff/"))
    assert page.select_one("#hub-mine-title") is None  # an auditor handles no 민원 of their own
    assert page.select_one("#hub-team-title").get_text(strip=True) == "기관 전체"
    team = _tiles(page, "hub-team-title")
    assert {label: count for label, (count, _) in team.items()} == {"미배정": 2, "오늘 기한": 2, "기한 경과": 2,
                                                                    "보완 중": 1}
    _check_links(client, team)
    rows = [(row.select_one("th").get_text(strip=True), [td.get_text(strip=True) for td in row.select("td")])
            for row in page.select(".app-hub-load-table tbody tr")]
    assert rows == [("도로과", ["5", "2", "1", "1"]), ("자원순환과", ["1", "0", "1", "0"])]
    overdue_link = page.select(".app-hub-load-table tbody tr")[1].select("td a")[-1]
    assert _listed(client, overdue_link["href"]) == [world["other_department"]]


def test_those_without_a_queue_see_no_worklist_and_a_stale_filter_is_refused(demo, world):
    page = parse(_client(demo, "admin").get("/staff/"))
    assert page.select_one("#hub-mine-title") is None and page.select_one("#hub-team-title") is None
    assert page.select_one("h2.section-title") is not None  # the menu's areas are still there
    officer = _client(demo, "officer")
    with demo.app_context():
        other = user("officer2").id  # of another department: not a choice of 도로과's queue
    response = officer.get(f"/staff/complaints?tab=department&assignee={other}")
    assert response.status_code == 400
    assert parse(response).select_one("#assignee-error").get_text(" ", strip=True) == "오류: 목록에 있는 값을 고르세요."
