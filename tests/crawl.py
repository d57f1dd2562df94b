"""Clicking through the app as a user would: which pages a role may use, and which of them its clicks reach.

**Which pages a role may use** is derived from the app itself, not from a hand-kept list:
every URL rule of the app that answers GET, whose view either declares no permission (public pages) or declares
one (``required_permission``, set by ``app.auth.requires_permission`` / ``requires_any_permission``) that the
role's permissions (``organization.domain.roles.ROLE_PERMISSIONS``) grant. A new page is therefore included the
moment it is routed, with the permission its view checks. Left out, each for a stated reason (and checked by
tests/web/test_crawl.py to name endpoints that exist, so the list cannot rot):

* ``NOT_PAGES``: machine APIs (whole blueprints) and endpoints that are no page for a signed-in user;
* ``CITIZEN_ONLY``: the 민원인's own pages, opened with the receipt number and lookup password in the citizen's
  session, never by staff (staff read the same 민원 on the case page).

A rule with URL parameters (a 민원, a charter version, an outbox message) counts as reached when at least one
URL it matches was reached.

**Clicking** is following what a browser would follow without typing: every ``<a href>`` and the default
submission of every GET form (its fields as the page fills them in: values, checked boxes, selected options),
starting from /staff/ and staying on the site. POST forms (logout, language, every change) are never sent.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

from bs4 import BeautifulSoup
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule

from core.extensions import db
from organization.domain.roles import ROLE_PERMISSIONS, Permission, Role

#: blueprints that are APIs (JSON/XML for programs), and endpoints that are no page for a signed-in user
NOT_PAGE_BLUEPRINTS = frozenset({"api_v1", "open311", "service_requests_api"})
NOT_PAGES = frozenset({
    "static",  # stylesheets, scripts, fonts
    "main.healthz",  # the load balancer's health check
    "main.favicon",  # the browser asks for it on its own
    "auth.login",  # a signed-in user is sent on to /staff/
})
#: the 민원인's pages: they need the receipt number and lookup password (or a 내 민원 code) in the citizen's session
CITIZEN_ONLY = frozenset({
    "civil_complaints.status",
    "civil_complaints.receipt",
    "civil_complaints.receipt_pdf",
    "civil_complaints.citizen_file",
    "civil_complaints.result_pdf",  # the 처리결과 통지서, once answered
    "civil_complaints.my_complaints_code",  # 내 민원: reached after asking for a code (a POST), not by a link
    # a policy customer's pages: reached from the links of the e-mails they receive, or after subscribing (a POST)
    "policy_customers.subscribe_sent", "policy_customers.confirm", "policy_customers.manage",
    "policy_customers.renew", "policy_customers.leave",
    "surveys.answer",  # a survey's one-time link: in the policy-news e-mail only
})
MAX_URLS = 800  # per crawl: more means a page generates endless links (a bug in itself)


def _declared(view) -> tuple[Permission, ...]:
    required = getattr(view, "required_permission", None)
    if required is None:
        return ()
    return tuple(required) if isinstance(required, tuple) else (required,)


def usable_rules(app, permissions: Iterable[Permission]) -> set[str]:
    """The GET pages (rule strings) that a user holding `permissions` may open; see the module docstring."""
    granted = set(permissions)
    rules = set()
    for rule in app.url_map.iter_rules():
        endpoint = rule.endpoint
        if "GET" not in (rule.methods or ()) or endpoint in NOT_PAGES or endpoint in CITIZEN_ONLY:
            continue
        if endpoint.partition(".")[0] in NOT_PAGE_BLUEPRINTS:
            continue
        needed = _declared(app.view_functions[endpoint])
        if needed and not granted.intersection(needed):
            continue
        rules.add(rule.rule)
    return rules


def permissions_of_roles(roles: Iterable[str]) -> set[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[Role(role)]
    return granted


@dataclass
class Visit:
    url: str
    status: int
    content_type: str
    html: str | None  # the body of an HTML page
    rule: str | None  # the URL rule it matched
    found_on: str  # the page whose link led here
    by_form: bool = False  # a GET form's default submission (400: the form asks for what is missing)
    size: int = 0  # bytes of the body


@dataclass
class Crawl:
    visits: dict[str, Visit] = field(default_factory=dict)

    def reached_rules(self) -> set[str]:
        return {v.rule for v in self.visits.values() if v.status == 200 and v.rule}

    def failures(self) -> list[str]:
        return [f"{v.url} answered {v.status} ({'form' if v.by_form else 'link'} on {v.found_on})"
                for v in self.visits.values() if v.status >= 400 and not (v.by_form and v.status == 400)]

    def html_pages(self) -> list[Visit]:
        return [v for v in self.visits.values() if v.html is not None and v.status == 200]


def _same_site(url: str) -> str | None:
    """The path and query of a link on this site (None for other sites, mailto:, static files)."""
    url, _fragment = urldefrag(url)
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or not parts.path.startswith("/"):
        return None
    if parts.netloc and parts.netloc not in ("localhost", "127.0.0.1") and not parts.netloc.startswith("127.0.0.1:"):
        return None
    if parts.path.startswith("/static/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _form_fields(form) -> list[tuple[str, str]]:
    """What a GET form sends when submitted as the page fills it in (no typing)."""
    values: list[tuple[str, str]] = []
    for control in form.find_all(["input", "select", "textarea", "button"]):
        name = control.get("name")
        if not name or control.has_attr("disabled"):
            continue
        if control.name == "select":
            options = control.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")] or options[:1]
            values += [(name, o.get("value", o.get_text())) for o in chosen]
        elif control.name == "textarea":
            values.append((name, control.get_text()))
        elif control.name == "button" or control.get("type") in ("submit", "image", "reset", "file"):
            continue  # submit buttons: only the one pressed is sent; Enter in a field presses none with a name
        elif control.get("type") in ("checkbox", "radio"):
            if control.has_attr("checked"):
                values.append((name, control.get("value", "on")))
        else:
            values.append((name, control.get("value", "")))
    return values


def links_in(html: str, page_url: str) -> list[tuple[str, bool]]:
    """Every link a user can click on the page: <a href>, and each GET form's default submission (True)."""
    soup = BeautifulSoup(html, "html.parser")
    found = [(urljoin(page_url, a["href"]), False) for a in soup.find_all("a", href=True)]
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        action = urljoin(page_url, form.get("action") or page_url)
        query = urlencode(_form_fields(form))
        found.append((action.split("?", 1)[0] + (f"?{query}" if query else ""), True))
    return [(link, by_form) for link, by_form in ((_same_site(url), f) for url, f in found) if link]


PDF_SIZE = re.compile(r"PDF, ([0-9.,]+) (KB|MB)")


def stated_pdf_size(text: str) -> str | None:
    """ "PDF, 120 KB" in a link's text, as written."""
    match = PDF_SIZE.search(" ".join(text.split()))
    return f"{match[1]} {match[2]}" if match else None


def size_label(size: int) -> str:
    """How core/pdf_files.py writes a size (checked against it in tests/unit/test_pdf_files.py)."""
    if size >= 1024 * 1024:
        return f"{round(size / 1024 / 1024, 1):g} MB"
    return f"{max(1, -(-size // 1024)):,} KB"


def pdf_links(visit: Visit) -> list[tuple[str, str]]:
    """(target, link text) of the page's links, for checking those that lead to a PDF."""
    soup = BeautifulSoup(visit.html or "", "html.parser")
    links = [(_same_site(urljoin(visit.url, a["href"])), a.get_text(" ")) for a in soup.find_all("a", href=True)]
    return [(target, text) for target, text in links if target]


def _rule_of(adapter, url: str) -> str | None:
    parts = urlsplit(url)
    try:
        rule, _args = adapter.match(parts.path, method="GET", return_rule=True)
    except HTTPException:
        return None
    return rule.rule if isinstance(rule, Rule) else None


def crawl(app, fetch: Callable[[str], tuple[int, str, str | None, str, int]], start: str = "/staff/") -> Crawl:
    """Breadth-first from `start`. `fetch(url)` returns (status, content type, HTML text or None, final url,
    body size), following redirects itself."""
    adapter = app.url_map.bind("localhost")
    result = Crawl()
    queue: deque[tuple[str, str, bool]] = deque([(start, "(start)", False)])
    seen = {start}
    while queue:
        url, found_on, by_form = queue.popleft()
        status, content_type, html, final, size = fetch(url)
        result.visits[url] = Visit(url, status, content_type, html, _rule_of(adapter, final), found_on, by_form,
                                   size)
        assert len(result.visits) <= MAX_URLS, f"more than {MAX_URLS} distinct links: a page makes endless links"
        if html is None or status != 200:
            continue
        for link, link_by_form in links_in(html, final):
            if link not in seen:
                seen.add(link)
                queue.append((link, url, link_by_form))
    return result


def flask_fetch(client):
    """A `fetch` for crawl() with a Flask test client (redirects followed, like a browser)."""

    def fetch(url: str):
        response = client.get(url, follow_redirects=True)
        final = response.request.path + (f"?{response.request.query_string.decode()}"
                                         if response.request.query_string else "")
        html = response.get_data(as_text=True) if response.mimetype == "text/html" else None
        return response.status_code, response.mimetype, html, final, len(response.get_data())

    return fetch


# A working day (Tuesday) for the monthly check, so the report page has a report to open.
REPORT_DAY = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def prepare_every_kind_of_page() -> None:
    """The demo organisation, its 민원 (one in every state the demo tells) and outbox messages, plus a stored
    monthly check so the report page has a report to open, and a removed holiday (in 2023: no open deadline
    moves) so the holiday page shows a removed row, and a records-destruction list (empty: nothing in the demo
    has outlived its 보존기간) so the records pages link to one, and a closed internal-customer survey so the
    survey pages link to its results."""
    from civil_complaints.demo_cases import seed_demo_cases
    from civil_complaints.privacy.destruction import DestructionList
    from civil_complaints.reports.monthly import make_monthly_report
    from tests.survey_helpers import add_closed_survey
    from working_calendar.models import PublicHoliday

    seed_demo_cases(now=REPORT_DAY)
    from civil_complaints.improvements.demo import seed_demo_improvements

    seed_demo_improvements(now=REPORT_DAY)
    from tests.survey_engine_helpers import walk_samples

    walk_samples(REPORT_DAY)  # surveys (draft, open to anyone, closed with its summary) and a policy message
    from civil_complaints.satisfaction_survey.demo import seed_demo_satisfaction_survey

    seed_demo_satisfaction_survey(now=REPORT_DAY)  # the 민원 satisfaction survey with answers by department
    _seed_demo_requests()
    assert "month" in make_monthly_report(now=REPORT_DAY)
    holiday = db.session.scalar(select(PublicHoliday).where(PublicHoliday.day >= date(2023, 1, 1))
                                .order_by(PublicHoliday.day).limit(1))
    holiday.is_active = False
    db.session.add(DestructionList(created_at=REPORT_DAY, status="proposed"))
    _a_service_of_the_heads_department()
    add_closed_survey(REPORT_DAY)
    db.session.commit()
    _an_internal_request()
    _a_frozen_report()


def _a_frozen_report() -> None:
    """A frozen internal-service performance report (heads and administrators read it, unlike the frozen
    processing check the monthly job made, which only roles that see every department read)."""
    from reporting.domain.periods import month_of
    from reporting.freezing import freeze
    from reporting.registry import ReportQuery, definition

    found = definition("internal-services")
    period = month_of(REPORT_DAY.date())
    query = ReportQuery(period=period, actor=None, now=REPORT_DAY)
    freeze(lambda: found.build(query), found.title, ["csv"], {"from": period.start.isoformat(),
                                                            "to": period.end.isoformat(), "preset": "custom"},
           actor=None, now=REPORT_DAY)
    db.session.commit()


def _an_internal_request() -> None:
    """An internal request of 도로과 for one of its open 민원, with a file: its page and file are reached from the
    민원's case page (and from 정보통신과's queue)."""
    from flask import current_app

    from civil_complaints.complaint_models import Complaint
    from civil_complaints.domain.status import OPEN_STATUSES
    from organization.models import Department
    from tests.service_request_helpers import sample_request

    roads = db.session.scalar(select(Department.id).where(Department.code == "HB-ROADS"))
    complaint = db.session.scalar(select(Complaint).where(
        Complaint.department_id == roads, Complaint.status.in_([s.value for s in OPEN_STATUSES]))
        .order_by(Complaint.id))
    sample_request(current_app, now=REPORT_DAY, complaint_id=complaint.id)


def _a_service_of_the_heads_department() -> None:
    """A service of 도로과 (the demo head's department), so its catalog page links to a service's editor."""
    from organization.models import User
    from service_requests.catalog.services import ServiceData, save_service

    head = db.session.scalar(select(User).where(User.login_id == "head"))
    save_service(head, None, ServiceData(
        code="ROAD-SURVEY", name_ko="도로 현황 측량", name_en="Road survey", category="survey",
        targets={f"{kind}_{priority}": target for kind, target in (("response", "1d"), ("resolution", "5d"))
                 for priority in ("urgent", "normal", "low")}), now=REPORT_DAY)


def _seed_demo_requests() -> None:
    """Internal requests in every state, made in the month before the current one: the performance page opens
    on that month, so its late counts link to the drill-down."""
    from core.clock import KST, now_utc
    from service_requests.demo import seed_demo_requests

    first_of_month = now_utc().astimezone(KST).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    seed_demo_requests(now=first_of_month)
    _late_request_to_roads(first_of_month - timedelta(days=10))


def _late_request_to_roads(made: datetime) -> None:
    """도로과 (the demo head's) provides a service too, with one request left unanswered: the head's drill-down
    (their own department's late requests) has something to list."""
    from organization.models import Department, User
    from service_requests.models import Service
    from service_requests.requesting.services import RequestData, create_request
    from working_calendar.cache import load_calendar

    roads = db.session.scalar(select(Department).where(Department.code == "HB-ROADS"))
    service = Service(code="ROADS-DIG", name_ko="도로 굴착 협의", name_en="Road digging", category="other",
                      department=roads, created_at=made, updated_at=made, response_urgent="1h", response_normal="4h",
                      response_low="1d", resolution_urgent="4h", resolution_normal="2d", resolution_low="5d")
    db.session.add(service)
    db.session.flush()
    asker = db.session.scalar(select(User).where(User.login_id == "officer2"))
    create_request(asker, service, RequestData(title="상수도 공사 굴착 협의"), calendar=load_calendar(), now=made)


def start_a_charter_draft() -> None:
    """The other state of the charter pages: with a version in preparation, its page, editor and preview exist
    (and "start a new draft" does not)."""
    from charters.services import create_draft, current_charter
    from organization.models import User

    admin = db.session.scalar(select(User).where(User.login_id == "admin"))
    create_draft(actor=admin, now=REPORT_DAY, copy_from=current_charter())
    db.session.commit()
