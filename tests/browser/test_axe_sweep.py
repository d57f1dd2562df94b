"""axe-core on every page each role can reach by clicking (issue 14.9), with every <details> opened.

The page list is the crawl's (tests/crawl.py: links and GET forms' default submissions from /staff/, the same
crawl that tests/web/test_crawl.py checks for reachability), fetched through the browser context's own cookies.
Then each HTML page is opened in Chromium, every <details> on it (the main menu's too) is opened, and axe-core
runs (WCAG 2.x A/AA and best practices, Korean messages). Serious and critical violations fail the test, all of
them listed at once; the full results go to .tmp/screenshots/axe-sweep-<role>.json.

The sweep runs on a server of its own: the demo 민원, a stored monthly check and, for a second pass, a charter
draft would change what the other browser tests see.
"""

from __future__ import annotations

import json

import pytest

from core.extensions import db
from organization.demo import DEMO_PASSWORD
from tests.browser.axe import FAILING_IMPACTS, SCREENSHOT_DIR, run_axe
from tests.browser.conftest import serve_demo
from tests.crawl import crawl, prepare_every_kind_of_page, start_a_charter_draft

pytestmark = pytest.mark.browser

ROLES = ["officer", "head", "reviewer", "auditor", "admin"]  # staff, from /staff/; the 민원인: CITIZEN below
# Every <details> in the page's content; the main menu's are opened one at a time on the staff home page (open
# together they would overlap one another and hide text from the contrast check).
OPEN_CONTENT_DETAILS = "() => document.querySelectorAll('main details').forEach(d => { d.open = true; })"
OPEN_MENU = "index => { const menus = document.querySelectorAll('nav details'); menus[index].open = true; }"


@pytest.fixture(scope="module")
def sweep_server():
    with serve_demo(prepare_every_kind_of_page) as server:
        yield server


def _playwright_fetch(request, base_url: str):
    """A `fetch` for crawl() through the browser context's request API (its cookies: the logged-in user)."""

    def fetch(url: str):
        response = request.get(base_url + url)
        final = response.url.removeprefix(base_url)
        content_type = response.headers.get("content-type", "").split(";")[0]
        body = response.body()
        html = body.decode() if content_type == "text/html" else None
        return response.status, content_type, html, final, len(body)

    return fetch


def _login(page, base_url: str, login_id: str) -> None:
    page.goto(base_url + "/login")
    page.get_by_label("아이디").fill(login_id)
    page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="로그인").click()


def _check(page, name: str, results: dict, failures: list[str]) -> None:
    result = run_axe(page)
    results[name] = {"violations": [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
                                    for v in result["violations"]],
                     "incomplete": [{"id": r["id"], "nodes": r["nodes"]} for r in result["incomplete"]],
                     "passes": result["passes"]}
    for violation in result["violations"]:
        if violation["impact"] in FAILING_IMPACTS:
            targets = "; ".join(" > ".join(map(str, n["target"])) for n in violation["nodes"][:5])
            failures.append(f"{name}: [{violation['impact']}] {violation['id']} ({violation['help']}): {targets}")


def _sweep(page, base_url: str, urls: list[str], results: dict, failures: list[str]) -> None:
    for url in urls:
        page.goto(base_url + url)
        page.evaluate(OPEN_CONTENT_DETAILS)
        _check(page, url, results, failures)


def _sweep_menus(page, base_url: str, results: dict, failures: list[str]) -> None:
    page.goto(base_url + "/staff/")
    for index in range(page.locator("nav details").count()):
        page.goto(base_url + "/staff/")
        page.evaluate(OPEN_MENU, index)
        _check(page, f"/staff/ (menu {index + 1} open)", results, failures)


def _pages(server, context, start: str = "/staff/") -> list[str]:
    found = crawl(server.app, _playwright_fetch(context.request, server.base_url), start=start)
    return sorted(v.url for v in found.visits.values() if v.html is not None and v.status in (200, 400))


def _demo_cases(app) -> list[tuple[str, str]]:
    """(receipt number, phone) of the demo 민원 filed online: citizens look them up with the demo password (the
    one filed by letter has no phone or e-mail: its 민원인 hears by post)."""
    from civil_complaints.complaint_models import Complaint

    with app.app_context():
        rows = db.session.execute(db.select(Complaint.receipt_no, Complaint.complainant_phone)
                                  .order_by(Complaint.id)).all()
        db.session.remove()
    return [(receipt_no, phone) for receipt_no, phone in rows if phone]


def _look_up(page, base_url: str, receipt_no: str, phone: str) -> None:
    page.goto(base_url + "/complaints/lookup")
    page.get_by_label("접수번호").fill(receipt_no)
    page.get_by_label("신청할 때 적은 휴대전화 또는 전자우편").fill(phone)
    page.get_by_label("조회 비밀번호").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="조회하기").click()
    assert page.url == f"{base_url}/complaints/{receipt_no}", page.url


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_passes_axe(browser, sweep_server, role):
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        page.on("console", lambda message: errors.append(f"{page.url}: {message.text}")
                if message.type == "error" and "status of 400" not in message.text else None)
        _login(page, sweep_server.base_url, role)
        urls = _pages(sweep_server, context)
        results: dict = {}
        failures: list[str] = []
        _sweep(page, sweep_server.base_url, urls, results, failures)
        _sweep_menus(page, sweep_server.base_url, results, failures)
        if role in ("head", "admin"):  # the pages of a charter version in preparation (then removed again)
            with sweep_server.app.app_context():
                start_a_charter_draft()
            try:
                more = [url for url in _pages(sweep_server, context) if url not in results]
                _sweep(page, sweep_server.base_url, more, results, failures)
            finally:
                _discard_drafts(sweep_server.app)
    finally:
        context.close()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    (SCREENSHOT_DIR / f"axe-sweep-{role}.json").write_text(json.dumps(results, ensure_ascii=False, indent=1),
                                                            encoding="utf-8")
    assert len(results) >= 10, sorted(results)  # the crawl found the role's pages
    assert not failures, f"serious or critical axe violations ({len(results)} pages swept):\n" + "\n".join(failures)
    assert not errors, "console or page errors:\n" + "\n".join(errors)


def test_every_page_a_citizen_reaches_passes_axe(browser, sweep_server):
    """The public site from its home page, then each demo 민원 as its 민원인 sees it after looking it up (status
    page in every state the demo tells: 보완 requested with "more time", answered with the rating form, …)."""
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    results: dict = {}
    failures: list[str] = []
    try:
        page = context.new_page()
        urls = set(_pages(sweep_server, context, start="/"))
        for receipt_no, phone in _demo_cases(sweep_server.app):
            _look_up(page, sweep_server.base_url, receipt_no, phone)
            urls |= set(_pages(sweep_server, context, start=f"/complaints/{receipt_no}"))
        assert sum(url.endswith("/receipt") for url in urls) >= 7, sorted(urls)  # each status page and receipt
        _sweep(page, sweep_server.base_url, sorted(urls), results, failures)
    finally:
        context.close()
    (SCREENSHOT_DIR / "axe-sweep-citizen.json").write_text(json.dumps(results, ensure_ascii=False, indent=1),
                                                           encoding="utf-8")
    assert not failures, f"serious or critical axe violations ({len(results)} pages swept):\n" + "\n".join(failures)


def _discard_drafts(app) -> None:
    from charters.services import discard_draft, working_charter
    from organization.models import User

    with app.app_context():
        admin = db.session.scalar(db.select(User).where(User.login_id == "admin"))
        discard_draft(working_charter(), actor=admin)
        db.session.commit()
        db.session.remove()
