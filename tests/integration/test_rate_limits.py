"""Anti-abuse limits hold per IP across separate worker processes when counters live in Redis."""

from __future__ import annotations

import http.cookiejar
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_url():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.fail(f"Redis is required and unreachable at {REDIS_URL}: {error}. Run `make test`.", pytrace=False)
    return REDIS_URL


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Worker:
    """One app process serving on its own port (as one gunicorn worker on one host would)."""

    def __init__(self, database_url: str, storage: str, prefix: str) -> None:
        self.port = _free_port()
        env = {**os.environ, "APP_ENV": "test", "DATABASE_URL": database_url, "RATELIMIT_STORAGE_URI": storage,
               "RATELIMIT_KEY_PREFIX": prefix, "COMPLAINT_LOOKUP_RATE_LIMIT": "3 per minute"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi.py", "run", "--port", str(self.port), "--no-reload"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.opener.open(self.url("/healthz"), timeout=2)
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("worker did not start")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def lookup(self) -> tuple[int, str]:
        code, body, _headers = self.lookup_with_headers()
        return code, body

    def lookup_with_headers(self) -> tuple[int, str, dict]:
        page = self.opener.open(self.url("/complaints/lookup"), timeout=10).read().decode()
        token = BeautifulSoup(page, "html.parser").find("input", attrs={"name": "csrf_token"})["value"]
        body = urllib.parse.urlencode({"csrf_token": token, "receipt_no": "HB-2611-000001",
                                       "contact": "010-0000-0000", "password": "x"}).encode()
        try:
            response = self.opener.open(self.url("/complaints/lookup"), data=body, timeout=10)
            return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def workers(clean_app, redis_url):
    prefix = f"test-{secrets.token_hex(4)}"
    started = [Worker(clean_app.config["SQLALCHEMY_DATABASE_URI"], redis_url, prefix) for _ in range(2)]
    yield started
    for worker in started:
        worker.stop()
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def test_lookup_limit_is_shared_by_two_worker_processes(workers):
    first, second = workers
    results = [first.lookup(), second.lookup(), first.lookup(), second.lookup()]
    assert [code for code, _ in results] == [400, 400, 400, 429], "the 4th lookup from one IP must be refused"
    assert "요청이 너무 많습니다" in results[-1][1]
    assert "일치하는 민원이 없습니다" in results[0][1]


def test_limit_headers_count_the_hits_of_every_worker(workers):
    """The X-RateLimit headers come from the window's shared count (the hit's own script call), not from a
    count this worker remembers from an earlier request."""
    first, second = workers
    remaining = [worker.lookup_with_headers()[2].get("X-RateLimit-Remaining")
                 for worker in (first, second, first)]
    assert remaining == ["2", "1", "0"]
