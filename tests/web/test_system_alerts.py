"""System alerts on the monitoring page: open episodes first with what they mean, ended ones for a week, and an
open episode nobody reported for a while said to be so (the process may have ended)."""

from __future__ import annotations

from datetime import timedelta

from core.clock import now_utc
from core.extensions import db
from notifications.system_alerts import RATE_LIMIT_STORAGE, record
from tests.helpers import login, parse


def _record(app, event: str, minutes_ago: float, where: str, error: str | None = "ConnectionError: refused"):
    with app.app_context():
        record(RATE_LIMIT_STORAGE, event, error, at=now_utc() - timedelta(minutes=minutes_ago), where=where)
        db.session.remove()


def _rows(app, account: str = "auditor"):
    client = app.test_client()
    login(client, account)
    response = client.get("/admin/monitoring")
    assert response.status_code == 200
    soup = parse(response)
    return soup, [" ".join(row.get_text(" ").split()) for row in soup.select("#system-alerts tbody tr")]


def test_no_alerts(demo):
    soup, rows = _rows(demo)
    assert rows == ["경보가 없습니다."] and soup.select_one("#system-alert-summary") is None


def test_episodes_are_shown_open_first_with_their_meaning(demo):
    _record(demo, "down", 20 * 24 * 60, "web1:10")  # ended long ago: not shown
    _record(demo, "up", 20 * 24 * 60 - 5, "web1:10")
    _record(demo, "down", 90, "web1:11")  # ended an hour ago
    _record(demo, "up", 60, "web1:11")
    _record(demo, "down", 30, "web2:20")  # open, its process silent for 30 minutes
    _record(demo, "down", 3, "web3:30")  # open, retried a minute ago
    _record(demo, "still_down", 1, "web3:30", "TimeoutError: Timeout connecting to server")
    soup, rows = _rows(demo)
    summary = soup.select_one("#system-alert-summary").get_text(" ")
    assert "시스템 경보 2건이 진행 중입니다" in summary and "프로세스가 요청 제한을 자체 메모리로 세므로" in summary
    assert len(rows) == 3
    assert "web3:30" in rows[0] and "진행 중" in rows[0] and "TimeoutError" in rows[0]
    assert "web2:20" in rows[1] and "보고 끊김" in rows[1]
    assert "web1:11" in rows[2] and "진행 중" not in rows[2]
    assert all("요청 제한 카운터(Redis) 연결 불가" in row for row in rows)


def test_only_auditors_and_administrators_see_them(demo):
    client = demo.test_client()
    login(client, "officer")
    assert client.get("/admin/monitoring").status_code == 403
    assert "시스템 경보" in _rows(demo, "admin")[0].get_text()
