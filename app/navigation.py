"""The main menu: every area a user's roles may use, grouped, with the current page marked.

Whether a user sees a link is not decided here: a link is shown when the user may open its page, read from the
permission the view declares (``requires_permission`` / ``requires_any_permission`` set ``required_permission``
on the view). A page whose permission changes moves in or out of the menu by itself, and a link to a page that
does not exist in this build (a blueprint not registered) is left out. The staff home page (/staff/) shows the
same sections with a line of explanation and the counts that are cheap to show.

The current page: the menu item whose address is the request's path is marked ``aria-current="page"``; a page
below an item (a 민원 below the queues, a charter version below the charter list) marks that item
``aria-current="true"``, the longest matching address winning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l

from organization.domain.roles import Permission


@dataclass(frozen=True)
class Item:
    endpoint: str
    label: object  # a lazy string
    description: object = ""


@dataclass(frozen=True)
class Section:
    key: str
    label: object
    items: tuple[Item, ...]


STAFF_HOME = Item("staff.home", _l("Staff home"))

STAFF_SECTIONS: tuple[Section, ...] = (
    Section("complaints", _l("Complaint handling"), (
        Item("civil_complaints.staff_complaints", _l("Complaint queues"),
             _l("My complaints, the department queue, unassigned, due today, overdue and cooperation requests.")),
        Item("civil_complaints.register_complaint", _l("Register a complaint"),
             _l("A complaint received by visit, phone, letter, fax or e-mail, with the time it arrived.")),
        Item("civil_complaints.arrivals", _l("Arrivals to register"),
             _l("The arrival log: what reached the agency and must be registered within 8 working hours.")),
        Item("civil_complaints.answer_templates", _l("Answer templates"),
             _l("Standard answers per complaint type for the department's officers.")),
        Item("civil_complaints.letters_queue", _l("Letters to post"),
             _l("Notices the law requires, for complainants without e-mail or mobile number: print, post, record.")),
    )),
    Section("service_requests", _l("Internal services"), (
        Item("service_requests.catalog", _l("Ask for a service"),
             _l("The services other departments provide, with their response and resolution targets.")),
        Item("service_requests.my_requests", _l("Our requests"),
             _l("What you and your department asked for, and where each request stands.")),
        Item("service_requests.provider_queue", _l("Requests to provide"),
             _l("Requests addressed to your department: unassigned, mine, due soon, overdue, waiting.")),
        Item("service_requests.manage_catalog", _l("Our service catalog"),
             _l("The services your department provides: forms, targets, approval.")),
        Item("service_requests.survey", _l("Internal customer survey"),
             _l("Rate the departments whose services you used in the survey period.")),
    )),
    Section("charter", _l("Customer charter"), (
        Item("charters.staff_list", _l("Charter drafts and versions"),
             _l("Draft, approve and publish the customer charter.")),
        Item("charters.performance", _l("Charter performance"),
             _l("Each measurable standard beside what happened to the complaints of a period, with the PDF annex.")),
        Item("charters.public_charter", _l("Published charter"), _l("The charter as citizens see it.")),
        Item("charters.versions", _l("Published versions"), _l("Every published version with its PDF.")),
    )),
    Section("reports", _l("Reports and audit"), (
        Item("reporting.hub", _l("Reports"),
             _l("The processing check, the case register, charter and internal-service performance, the access-log "
                "review: on screen, for Excel, as CSV or PDF; the monthly checks.")),
        Item("staff.audit", _l("Departments and contacts"),
             _l("Every department with its head and contacts, read-only.")),
        Item("civil_complaints.access_log", _l("Personal-data access log"),
             _l("Who opened, printed or downloaded a complainant's data, and why.")),
        Item("civil_complaints.records_destruction", _l("Records destruction"),
             _l("Records whose retention period has ended: the destruction list to approve, and the log.")),
    )),
    Section("policy", _l("Policy customers and improvement"), (
        Item("civil_complaints.analysis", _l("Complaint analysis"),
             _l("Monthly trends and spikes, the period's keywords, repeated complaints: each figure opens its "
                "complaints.")),
        Item("civil_complaints.improvements", _l("Improvement register"),
             _l("Rules and services changed because of complaints: owner, status, milestones, the decision.")),
        Item("policy_customers.policy_messages", _l("Policy news"),
             _l("Messages to the policy customers of chosen fields, sent through the outbox.")),
        Item("surveys.surveys", _l("Surveys"),
             _l("Opinion surveys: questions, opening and closing, results and their published summary.")),
        Item("policy_customers.policy_customer_counts", _l("Policy customers"),
             _l("How many people subscribed to each field and purpose (no names).")),
    )),
    Section("admin", _l("Administration"), (
        Item("staff.department", _l("My department"), _l("The members of your department and their roles.")),
        Item("admin.users", _l("Staff accounts"), _l("Accounts, roles and departments.")),
        Item("civil_complaints.holidays", _l("Holidays and closures"),
             _l("Public holidays and agency closures that the deadlines skip.")),
        Item("civil_complaints.complaint_types", _l("Complaint types"),
             _l("The catalog: kind, processing period, department, attachments, Open311.")),
        Item("service_requests.survey_admin", _l("Internal customer surveys"),
             _l("Open and close survey periods of the internal customer survey; their results.")),
        Item("notifications.outbox", _l("Outbox"), _l("E-mail and text messages: queued, sent and failed.")),
        Item("notifications.monitoring", _l("Monitoring"), _l("Scheduled jobs, their runs and problems.")),
    )),
)

PUBLIC_ITEMS: tuple[Item, ...] = (
    Item("main.index", _l("Home")),
    Item("civil_complaints.new_complaint", _l("File a complaint")),
    Item("civil_complaints.lookup", _l("Track a complaint")),
    Item("civil_complaints.my_complaints", _l("Find my complaints")),
    Item("civil_complaints.deadline_calculator", _l("Deadline calculator")),
    Item("charters.public_charter", _l("Customer charter")),
)
PUBLIC_SECTION = Section("public", _l("Public site"), PUBLIC_ITEMS[:5])


def may_open(user, endpoint: str) -> bool:
    """True when `endpoint` exists and the permission its view declares (if any) is granted to `user`."""
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return False
    required = getattr(view, "required_permission", None)
    if required is None:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    needed = required if isinstance(required, tuple) else (required,)
    return any(user.can(Permission(p)) for p in needed)


@dataclass(frozen=True)
class Link:
    url: str
    label: object
    description: object
    current: str | None  # "page", "true" or None: the value of aria-current
    endpoint: str


@dataclass(frozen=True)
class MenuSection:
    key: str
    label: object
    links: tuple[Link, ...]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


def _current(url: str, path: str, best: str | None) -> str | None:
    if path == url:
        return "page"
    return "true" if url == best else None


def _best_prefix(urls: Iterable[str], path: str) -> str | None:
    """The longest menu address that `path` lies below (``/staff/complaints`` for ``/staff/complaints/X``)."""
    below = [url for url in urls if path.startswith(url.rstrip("/") + "/") and url.rstrip("/")]
    return max(below, key=len) if below else None


def menu_url(endpoint: str) -> str:
    """The address of a menu page (no arguments): built once per application and script root, not per page
    (a page draws about fifty of them; url_for costs ~20 µs each)."""
    built = current_app.extensions.setdefault("menu_urls", {})
    key = (request.script_root, endpoint)
    url = built.get(key)
    if url is None:
        url = built[key] = url_for(endpoint)
    return url


def _links(items: Iterable[Item], user, path: str, best: str | None) -> tuple[Link, ...]:
    links = []
    for item in items:
        if may_open(user, item.endpoint):
            url = menu_url(item.endpoint)
            links.append(Link(url, item.label, item.description, _current(url, path, best), item.endpoint))
    return tuple(links)


def staff_menu(user, path: str | None = None) -> tuple[Link | None, tuple[MenuSection, ...]]:
    """The staff home link and the sections with at least one page `user` may open (public site last)."""
    path = request.path if path is None else path
    candidates = [menu_url(i.endpoint) for s in (*STAFF_SECTIONS, PUBLIC_SECTION) for i in s.items
                  if i.endpoint in current_app.view_functions]
    best = _best_prefix(candidates, path)
    home = _links((STAFF_HOME,), user, path, best)
    sections = []
    for section in (*STAFF_SECTIONS, PUBLIC_SECTION):
        links = _links(section.items, user, path, best)
        if links:
            sections.append(MenuSection(section.key, section.label, links))
    return (home[0] if home else None), tuple(sections)


def public_menu(path: str | None = None) -> tuple[Link, ...]:
    """The public site's links, for visitors who are not logged in."""
    path = request.path if path is None else path
    urls = [menu_url(i.endpoint) for i in PUBLIC_ITEMS if i.endpoint in current_app.view_functions]
    return _links(PUBLIC_ITEMS, None, path, _best_prefix(urls, path))
