"""Every page a role may use is reachable by clicking from /staff/ (issue 14.1); no link leads to an error.

How the list of pages is derived (from the app's routes and the roles' permissions, not copied by hand):
see tests/crawl.py.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from flask_login import login_required

from core.extensions import db
from organization.auth import requires_permission
from organization.domain.roles import Permission
from tests.crawl import (
    CITIZEN_ONLY,
    NOT_PAGES,
    Visit,
    crawl,
    flask_fetch,
    pdf_links,
    permissions_of_roles,
    prepare_every_kind_of_page,
    size_label,
    start_a_charter_draft,
    stated_pdf_size,
    usable_rules,
)
from tests.helpers import close_pools, login
from tests.markup import (
    duplicate_ids,
    post_forms_without_csrf_token,
    title_of,
    unlabelled_controls,
)

ACCOUNTS = ["officer", "head", "reviewer", "auditor", "admin", "records"]  # one per role (app/demo.py)
@pytest.fixture
def site(demo):
    with demo.app_context():
        prepare_every_kind_of_page()
    return demo


def roles_of(app, login_id: str) -> set[str]:
    from organization.models import User

    with app.app_context():
        return set(db.session.scalar(db.select(User).where(User.login_id == login_id)).roles)


@pytest.mark.parametrize("account", ACCOUNTS)
def test_every_page_a_role_may_use_is_reachable_by_clicking(site, account):
    client = site.test_client()
    assert login(client, account).status_code == 302
    usable = usable_rules(site, permissions_of_roles(roles_of(site, account)))
    result = crawl(site, flask_fetch(client))
    assert result.failures() == [], "links that lead to an error"
    reached = result.reached_rules()
    if usable - reached:  # pages that exist only while a charter version is being prepared
        with site.app_context():
            start_a_charter_draft()
        again = crawl(site, flask_fetch(client))
        assert again.failures() == [], "links that lead to an error (with a charter draft)"
        reached |= again.reached_rules()

    missing = usable - reached
    assert not missing, f"{account} may use these pages but cannot reach them by clicking: {sorted(missing)}"
    assert_pages_are_well_formed(result.html_pages())
    assert_pdf_links_state_their_size(client, result)


def assert_pdf_links_state_their_size(client, result) -> None:
    """Every link to a PDF says "PDF, N KB", N being the size of what the link downloads. A document rendered on
    request may change between the page and the download (the annex is dated to the minute): a mismatch is
    looked at again, page then PDF at once, before it counts."""
    problems, checked = [], 0
    for page in result.html_pages():
        for target, text in pdf_links(page):
            pdf = result.visits.get(target)
            if pdf is None or pdf.content_type != "application/pdf":
                continue
            checked += 1
            stated = stated_pdf_size(text)
            if stated != size_label(pdf.size):
                again = [t for u, t in pdf_links(Visit(page.url, 200, "text/html", client.get(page.url).get_data(
                    as_text=True), None, "")) if u == target]
                stated = stated_pdf_size(again[0]) if again else None
                if stated != size_label(len(client.get(target).get_data())):
                    problems.append(f"{page.url}: the link to {target} says {' '.join(text.split())!r}, "
                                    f"the PDF has {pdf.size:,} bytes")
    assert not problems, "\n".join(problems)
    assert checked >= 2  # every role reaches the charter and its versions, each with its PDF


def assert_pages_are_well_formed(pages) -> None:
    """On every page reached: ids are unique, every form control has a label, every POST form carries the CSRF
    token, and no two pages (addresses without the query) share a <title>. States of one page chosen in the query
    (queue tabs and pages, a year, a period) are told apart in their titles too: tests/web/test_queues.py and
    tests/web/test_page_titles.py."""
    by_title: dict[str, dict[str, str]] = {}
    problems = []
    for visit in pages:
        soup = BeautifulSoup(visit.html, "html.parser")
        if duplicates := duplicate_ids(soup):
            problems.append(f"{visit.url}: ids used more than once: {duplicates}")
        if unlabelled := unlabelled_controls(soup):
            problems.append(f"{visit.url}: controls without a label: {unlabelled}")
        if tokenless := post_forms_without_csrf_token(soup):
            problems.append(f"{visit.url}: forms that would be refused for want of a CSRF token: {tokenless}")
        by_title.setdefault(title_of(soup), {}).setdefault(urlsplit(visit.url).path, visit.url)
    for title, pages_titled in by_title.items():
        if len(pages_titled) > 1:
            problems.append(f"different pages are titled {title!r}: {sorted(pages_titled.values())}")
    assert not problems, "\n".join(problems)


def test_the_derived_lists_follow_the_permissions(app):
    """A check on the derivation itself, so the crawl test cannot pass by deriving nothing."""
    officer = usable_rules(app, permissions_of_roles({"officer"}))
    admin = usable_rules(app, permissions_of_roles({"admin"}))
    assert {"/staff/complaints", "/staff/complaints/<receipt_no>", "/staff/arrivals", "/charter"} <= officer
    assert {"/admin/complaint-types", "/admin/complaint-types/<int:type_id>/edit", "/admin/outbox/<int:message_id>",
            "/staff/charters/<int:charter_id>/preview.pdf"} <= admin
    assert "/admin/complaint-types" not in officer and "/staff/complaints" not in admin
    assert not any(rule.startswith(("/api/", "/open311/")) for rule in officer | admin)


def test_the_exclusions_name_endpoints_that_exist(app):
    assert (NOT_PAGES | CITIZEN_ONLY) <= set(app.view_functions)


def test_the_crawl_notices_a_page_that_nothing_links_to(site, database_url):
    """A page added without a link fails the crawl: the same check on an app with one unlinked page more."""
    from app import create_app

    other = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "UPLOAD_DIR": site.config["UPLOAD_DIR"]},
                       env_name="test")  # the same stored files: every link of the site leads somewhere

    @other.route("/staff/unlinked")
    @login_required
    @requires_permission(Permission.COMPLAINTS_HANDLE)
    def unlinked():
        return "<!doctype html><title>unlinked</title>"

    try:
        client = other.test_client()
        login(client, "officer")
        usable = usable_rules(other, permissions_of_roles({"officer"}))
        assert usable - crawl(other, flask_fetch(client)).reached_rules() == {"/staff/unlinked"}
    finally:
        close_pools(other)
