"""Fixtures for the headless-browser tests (marker `browser`).

One live server per session: the real app on a temporary SQLite *file* (migrated, demo data
loaded) served by werkzeug in a daemon thread. One Debian chromium per session, driven through
Playwright's sync API; every test gets a fresh context (ko-KR, Asia/Seoul) and a page that
fails the test at teardown if the page reached any host other than the loopback server or logged
a console error (CSP violations, JS errors, failed sub-resources).

Chromium missing is a failure, never a skip: install it with `make test` (apt-get install chromium).

Extending: a new page needs only `page.goto(live_server.url("/path"))` and
`assert_accessible(page, "name")` from tests/browser/axe.py; log in with the `login_as` fixture.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import flask_migrate
import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from app import create_app
from app.demo import seed_demo
from core.extensions import db
from organization.demo import DEMO_PASSWORD
from tests.helpers import close_pools

CHROMIUM = "/usr/bin/chromium"
DEAD_PROXY = "http://127.0.0.1:9"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Nothing leaves the machine: every request to another host goes to a proxy where nothing listens (port 9,
    # discard) and fails; loopback is never proxied (Chromium's implicit bypass). A blocking route would do the
    # same from Python, but a route turns the browser's cache off and sends every request through the driver.
    f"--proxy-server={DEAD_PROXY}",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
NON_NETWORK_SCHEMES = {"data", "blob", "about"}

# Console errors that are not the page's fault. Keep this list short and specific (empty now:
# the favicon is linked from base.html and /favicon.ico redirects to it).
IGNORED_CONSOLE_ERRORS: list[tuple[re.Pattern, re.Pattern]] = []  # (message pattern, source URL pattern)
# A 4xx/5xx *document* (e.g. a form re-shown with errors, 400) makes Chromium log this; tests assert
# the status themselves, so it is ignored for main-frame navigations only, never for sub-resources.
FAILED_RESOURCE = re.compile(r"^Failed to load resource: the server responded with a status of \d{3}\b")


@dataclass
class LiveServer:
    app: Flask
    base_url: str

    def url(self, path: str = "/") -> str:
        return self.base_url + path


@contextmanager
def serve_demo(prepare: Callable[[], None] | None = None) -> Iterator[LiveServer]:
    """The app on a fresh SQLite file with the demo organisation (and what `prepare` adds), served in a thread."""
    from core.clock import now_utc

    with tempfile.TemporaryDirectory(prefix="policycrm-browser-") as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'browser.sqlite3'}"}, env_name="test")
        with app.app_context():
            flask_migrate.upgrade()
            seed_demo(now=now_utc())
            if prepare is not None:
                prepare()
            db.session.commit()
            db.session.remove()
        server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="browser-live-server", daemon=True)
        thread.start()
        try:
            yield LiveServer(app=app, base_url=f"http://127.0.0.1:{server.server_port}")
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
            close_pools(app)


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    with serve_demo() as server:
        yield server


@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver):
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"The browser tests need Debian's chromium at {CHROMIUM}, which is missing. "
            "Install it with `make test` or `sudo apt-get install chromium`.",
            pytrace=False,
        )
    try:
        launched = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
    except Exception as error:  # noqa: BLE001 - turned into a readable failure
        pytest.fail(f"Could not start {CHROMIUM} through Playwright: {error}", pytrace=False)
    yield launched
    launched.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(10_000)
    # Requests to other hosts fail at the browser's dead proxy (CHROMIUM_FLAGS) and are reported by `page`.
    yield ctx
    ctx.close()


@dataclass
class PageProblems:
    """What a page did that it must not do; reported when the test ends."""

    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    page_errors: list[str] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)  # main-frame navigation URLs

    def unexpected_console_errors(self) -> list[str]:
        found = []
        for text, url in self.console_errors:
            if any(message.search(text) and source.search(url) for message, source in IGNORED_CONSOLE_ERRORS):
                continue
            if FAILED_RESOURCE.match(text) and url in self.documents:
                continue
            found.append(f"{text} (at {url or 'page'})")
        return found


def _is_foreign(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in NON_NETWORK_SCHEMES:
        return False
    return (parts.hostname or "") not in LOCAL_HOSTS


def _problem_messages(problems: PageProblems) -> list[str]:
    messages = []
    if problems.foreign_requests:
        messages.append("requests to hosts other than the local server:\n  " + "\n  ".join(problems.foreign_requests))
    if console := problems.unexpected_console_errors():
        messages.append("console errors:\n  " + "\n  ".join(console))
    if problems.page_errors:
        messages.append("uncaught page errors:\n  " + "\n  ".join(problems.page_errors))
    return messages


@pytest.fixture
def page(context):
    """A page that fails the test if it reached another host or logged a console error."""
    page = context.new_page()
    problems = PageProblems()

    def on_request(request):
        if _is_foreign(request.url):
            problems.foreign_requests.append(f"{request.method} {request.url}")

    def on_response(response):
        request = response.request
        if request.is_navigation_request() and request.frame == page.main_frame:
            problems.documents.add(response.url)

    def on_console(message):
        if message.type == "error":
            problems.console_errors.append((message.text, message.location.get("url", "")))

    page.on("request", on_request)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    yield page
    messages = _problem_messages(problems)
    page.close()
    if messages:
        pytest.fail("The page misbehaved during the test:\n" + "\n".join(messages), pytrace=False)


@pytest.fixture
def login_as(page, live_server):
    """Log in through the real form: `login_as("admin")`; returns the page (now on /staff/)."""

    def login(login_id: str, password: str = DEMO_PASSWORD):
        page.goto(live_server.url("/login"))
        page.get_by_label("아이디").fill(login_id)
        page.get_by_label("비밀번호").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="로그인").click()
        return page

    return login
