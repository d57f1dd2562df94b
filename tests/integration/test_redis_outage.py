"""A Redis outage does not stop filing (issue 14.7): Redis is killed while threads file 민원 without pause; no
filing is lost, no answer is a 5xx, the limits go on counting in the process, the monitoring page shows the
alert, and once Redis is back the workers count there again and the alert ends.

The Redis is a throwaway redis-server of this test's own on a free port: the shared one is never stopped."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from app import create_app
from civil_complaints.complaint_models import Complaint
from core.extensions import db
from core.ratelimit import EXTENSION
from notifications.monitoring_models import SystemAlert
from notifications.system_alerts import RATE_LIMIT_STORAGE, flush
from tests.complaint_helpers import complaint_form
from tests.helpers import close_pools, csrf_token_from, login, parse
from tests.redis_helpers import ThrowawayRedis

THREADS = 4
HIGH = "100000 per minute; 1000000 per hour"  # counted, never reached


@pytest.fixture
def redis_server():
    server = ThrowawayRedis()
    yield server
    server.close()


@pytest.fixture
def outage_app(demo, redis_server):
    app = create_app({"SQLALCHEMY_DATABASE_URI": demo.config["SQLALCHEMY_DATABASE_URI"],
                      "RATELIMIT_STORAGE_URI": redis_server.url, "COMPLAINT_SUBMIT_RATE_LIMIT": HIGH,
                      "COMPLAINT_ATTEMPT_RATE_LIMIT": HIGH}, env_name="test")
    yield app
    flush(app)
    close_pools(app)


class Filers:
    """Threads that each file one 민원 after another, through the real form, until stopped."""

    def __init__(self, app) -> None:
        self.app, self.stop = app, threading.Event()
        self.answers: list[tuple[float, int, str, bool]] = []  # (finished at, status, receipt number, counted)
        self.errors: list[BaseException] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._file, args=(i,)) for i in range(THREADS)]

    def _file(self, i: int) -> None:
        client = self.app.test_client()
        try:
            while not self.stop.is_set():
                page = client.get("/complaints/new")
                token = parse(page).find("input", attrs={"name": "filing_token"})["value"]
                response = client.post("/complaints/new", data={
                    "csrf_token": csrf_token_from(page), "filing_token": token,
                    **complaint_form(title=f"정전 중 접수 {i}")})
                receipt = response.headers.get("Location", "").split("/")[2:3]
                with self.lock:
                    self.answers.append((time.monotonic(), response.status_code, (receipt or [""])[0],
                                         "X-RateLimit-Remaining" in response.headers))
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.errors.append(error)

    def done_after(self, instant: float) -> int:
        with self.lock:
            return sum(1 for at, *_ in self.answers if at > instant)

    def wait_for(self, instant: float, count: int, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while self.done_after(instant) < count and not self.errors:
            assert time.monotonic() < deadline, f"filings stalled: {self.done_after(instant)} of {count}"
            time.sleep(0.05)


def _alerts(app) -> list[SystemAlert]:
    flush(app)
    with app.app_context():
        alerts = list(db.session.scalars(select(SystemAlert).where(SystemAlert.kind == RATE_LIMIT_STORAGE)))
        db.session.remove()
        return alerts


def test_killing_redis_in_the_middle_of_filings_loses_nothing_and_answers_no_5xx(outage_app, redis_server):
    filers = Filers(outage_app)
    start = time.monotonic()
    for thread in filers.threads:
        thread.start()
    try:
        filers.wait_for(start, 2 * THREADS)
        assert redis_server.client().keys("rl:*"), "the limits were counted in Redis"
        killed_at = time.monotonic()
        redis_server.kill()
        filers.wait_for(killed_at, 6 * THREADS)
        assert outage_app.extensions[EXTENSION].counters.is_down
        alerts = _alerts(outage_app)
        assert len(alerts) == 1 and alerts[0].resolved_at is None and "Error" in alerts[0].detail

        admin = outage_app.test_client()
        login(admin, "admin")
        page = parse(admin.get("/admin/monitoring"))
        assert "시스템 경보 1건이 진행 중입니다" in page.select_one("#system-alert-summary").get_text()
        row = page.select_one("#system-alerts tbody tr").get_text()
        assert "요청 제한 카운터(Redis) 연결 불가" in row and "진행 중" in row

        redis_server.start()  # back on the same port: the next retry after the backoff counts there again
        back_at = time.monotonic()
        filers.wait_for(back_at, THREADS)
        deadline = time.monotonic() + 120
        while outage_app.extensions[EXTENSION].counters.is_down:
            assert time.monotonic() < deadline, "Redis was never tried again"
            time.sleep(0.1)
        recovered_at = time.monotonic()
        filers.wait_for(recovered_at, THREADS)
    finally:
        filers.stop.set()
        for thread in filers.threads:
            thread.join(timeout=120)
    assert not filers.errors, filers.errors
    statuses = [status for _, status, _, _ in filers.answers]
    assert statuses == [303] * len(statuses), sorted(set(statuses))
    assert all(counted for *_, counted in filers.answers), "every filing was counted (Redis or the process)"
    receipts = [receipt for _, _, receipt, _ in filers.answers]
    with outage_app.app_context():
        stored = list(db.session.scalars(select(Complaint.receipt_no)))
        db.session.remove()
    assert len(set(receipts)) == len(receipts) and sorted(stored) == sorted(receipts), "0 lost, 0 doubled"
    assert redis_server.client().keys("rl:*"), "counted in Redis again"
    alert = _alerts(outage_app)[0]
    assert alert.resolved_at is not None and alert.resolved_at >= alert.started_at
