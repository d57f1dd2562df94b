"""Helpers for tests: parsed pages, CSRF-aware form posts, login, and database connections (kill, close)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy import text

from core.extensions import db
from organization.demo import DEMO_PASSWORD


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def csrf_token_from(response) -> str:
    field = parse(response).find("input", attrs={"name": "csrf_token"})
    assert field is not None, "page has no CSRF token"
    return field["value"]


def post_form(client, url: str, data: dict, *, form_page: str | None = None, **kwargs):
    """GET the page that holds the form (for its CSRF token), then POST `data` to `url`."""
    page = client.get(form_page or url)
    return client.post(url, data={"csrf_token": csrf_token_from(page), **data}, **kwargs)


def login(client, login_id: str, password: str = DEMO_PASSWORD):
    return post_form(client, "/login", {"login_id": login_id, "password": password})


def text_of(soup: BeautifulSoup, selector: str) -> str:
    node = soup.select_one(selector)
    assert node is not None, f"nothing matches {selector!r}"
    return " ".join(node.get_text(" ").split())


def terminate_idle_backends(app) -> int:
    """What a database restart does to an app's pooled connections: every idle backend of its database but the
    one asking is terminated (PostgreSQL). Returns how many."""
    with app.app_context():
        killed = db.session.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state = 'idle'")).scalar()
        db.session.commit()
    return killed


def close_pools(app) -> None:
    """Close an app's pooled database connections now (every bind), not whenever the garbage collector finds
    them: a connection left to the collector raises a ResourceWarning in some later test."""
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
