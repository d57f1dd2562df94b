"""Helpers for tests: parsed pages, CSRF-aware form posts, login, database connections (kill, close), and
remembered password hashes."""

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


class PasswordHashMemo:
    """While active, werkzeug's scrypt/pbkdf2 of a (method, salt, password) is computed once and remembered, and
    new hashes take their salt from a pool of random salts made once, in turn from the start of the pool again
    after each `rewind()` (one per test): hashes made within a test still all have different salts, and the demo
    accounts that every `demo` test seeds get the same salts, so their hashes (≈80 ms each) and every later login
    are computed once per session. The hashes are unchanged (same method, same cost, real random salts); a wrong
    password is still hashed for real and refused."""

    def __init__(self, pool_size: int = 64) -> None:
        import werkzeug.security as security

        self._security = security
        self._real_hash, self._real_salt = security._hash_internal, security.gen_salt
        self._pool_size = pool_size
        self._salts: dict[int, list[str]] = {}
        self._turn = 0
        self._memo: dict[tuple[str, str, str], tuple[str, str]] = {}

    def rewind(self) -> None:
        self._turn = 0

    def _gen_salt(self, length: int) -> str:
        pool = self._salts.setdefault(length, [])
        if self._turn >= self._pool_size:
            return self._real_salt(length)
        while len(pool) <= self._turn:
            pool.append(self._real_salt(length))
        self._turn += 1
        return pool[self._turn - 1]

    def _hash_internal(self, method: str, salt: str, password: str) -> tuple[str, str]:
        key = (method, salt, password)
        if key not in self._memo:
            self._memo[key] = self._real_hash(method, salt, password)
        return self._memo[key]

    def __enter__(self) -> PasswordHashMemo:
        self._security._hash_internal, self._security.gen_salt = self._hash_internal, self._gen_salt
        return self

    def __exit__(self, *exc) -> None:
        self._security._hash_internal, self._security.gen_salt = self._real_hash, self._real_salt


def frozen_report_sample(now) -> int:
    """A frozen report with one small CSV file (its digest right), for walks that need a frozen report's id."""
    import hashlib
    from datetime import date

    from core.extensions import db
    from reporting.models import FrozenReport, FrozenReportFile

    content = "\ufeff부서,접수\r\n도로과,3\r\n".encode()
    frozen = FrozenReport(report="processing", title_ko="민원 처리상황 점검표", title_en="Processing check",
                          params='{"from": "2026-11-01", "to": "2026-11-30"}', period_start=date(2026, 11, 1),
                          period_end=date(2026, 11, 30), created_at=now, created_by_id=None)
    frozen.files.append(FrozenReportFile(format="csv", filename="processing_2026-11-01_2026-11-30.csv",
                                         content_type="text/csv; charset=utf-8", size=len(content),
                                         sha256=hashlib.sha256(content).hexdigest(), content=content))
    db.session.add(frozen)
    db.session.commit()
    return frozen.id
