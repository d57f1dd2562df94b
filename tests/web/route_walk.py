"""What tests/web/test_no_server_errors.py walks: every GET route, who may open it, real values for its path
variables, the query parameters its view reads (recorded, not guessed) and the extreme values to send."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from flask import Flask, Request
from werkzeug.datastructures import ImmutableMultiDict

from app.demo import USERS
from organization.domain.roles import Role, can

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ["app", "core", "working_calendar", "organization", "civil_complaints", "charters", "notifications",
               "service_requests", "reporting", "policy_customers",
               "surveys"]
VARIABLE = re.compile(r"<(?:[^<>:]+:)?(\w+)>")
#: staff accounts tried first for a permission: the head of 도로과 sees the walked 민원 (a 도로 파손 신고)
ACCOUNT_PREFERENCE = ["head", "auditor", "admin", "reviewer", "officer", "officer2", "civil"]

# Extreme and malformed values, each sent alone in a query parameter or a path variable.
NUMBERS = ["0", "-1", "1", "-0", "00000000000000000001", "2147483647", "2147483648", "-2147483649",
           "9223372036854775807", "9223372036854775808", "9" * 30, "9" * 5000, "1e309", "1.5", "0x10", "nan", "inf",
           "²", "١٢", "٣", "999999999999999999.1", "-999999999999999999.999999999", "1.2147483648",
           "9223372036854775807.9223372036854775807"]
DATES = ["0001-01-01", "9999-12-31", "10000-01-01", "0000-00-00", "2026-02-30", "2026-13-01", "1899-12-31",
         "1900-01-01", "2199-12-31", "2200-01-01", "9999-12", "0000-01", "2026-W01", "20260101",
         "0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59",
         "9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59Z", "2026-03-02T09:00:00 09:00", "2026-03-02T25:61:61",
         "24:00", "99:99"]
TEXTS = ["", " ", "\t", "x", "한글", "a\x00b", "\x00", "<script>alert(1)</script>", "' OR '1'='1' --", "%",
         "../../../etc/passwd", "x" * 10_000, "\u202e\u2066", "\ufeff", "😀" * 100, "json", "xml", "all", ",,,",
         "open,closed,unknown", "true", "null", "[]", "{}"]
EXTREME_VALUES = NUMBERS + DATES + TEXTS
#: percent-encodings that are not valid UTF-8, or not valid encodings at all, sent as they are
RAW_ENCODED = ["%ED%A0%80", "%FF%FE", "%C0%AF", "%", "%%", "%0", "%zz"]


def account_for(permission) -> str | None:
    """A demo account holding `permission` (one of a tuple will do); None for a public route."""
    if permission is None:
        return None
    wanted = permission if isinstance(permission, tuple) else (permission,)
    roles = {login_id: frozenset(Role(r) for r in role_names) for login_id, _n, role_names, _d, _p in USERS}
    for login_id in ACCOUNT_PREFERENCE:
        if any(can(roles[login_id], p) for p in wanted):
            return login_id
    raise AssertionError(f"no demo account holds {permission}")


@dataclass(frozen=True)
class Route:
    rule: str
    endpoint: str
    account: str | None  # None: the public client (a citizen with the walked 민원 and a staff API key)
    variables: tuple[str, ...]

    def url(self, values: dict[str, str], *, raw: dict[str, str] | None = None) -> str:
        """The rule with `values` percent-encoded into its variables (`raw`: inserted as they are); a value under
        "endpoint:variable" is that route's own (one variable name meaning different things on different routes)."""
        def fill(match):
            name = match[1]
            if raw and name in raw:
                return raw[name]
            return quote(values.get(f"{self.endpoint}:{name}", values[name]), safe="")  # a route's own first

        return VARIABLE.sub(fill, self.rule)


def get_routes(app: Flask) -> list[Route]:
    routes = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        view = app.view_functions[rule.endpoint]
        routes.append(Route(rule.rule, rule.endpoint, account_for(getattr(view, "required_permission", None)),
                            tuple(VARIABLE.findall(rule.rule))))
    return sorted(routes, key=lambda r: r.rule)


READ: set[str] = set()


class RecordingArgs(ImmutableMultiDict):
    """`request.args` that writes down every name a view asks for, however it asks (get, [], in, getlist)."""

    def __getitem__(self, key):
        READ.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        READ.add(key)
        return super().__contains__(key)

    def get(self, key, default=None, type=None):  # noqa: A002 - MultiDict's signature
        READ.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):  # noqa: A002
        READ.add(key)
        return super().getlist(key, type)


class RecordingRequest(Request):
    parameter_storage_class = RecordingArgs


def source_parameter_names() -> set[str]:
    """Names the source reads with `request.args.get("…")`, `request.values.get("…")` or `query_int("…")`."""
    pattern = re.compile(r"(?:request\.(?:args|values)\.get|query_int)\(\s*[\"'](\w+)[\"']")
    names = set()
    for directory in SOURCE_DIRS:
        for path in (ROOT / directory).rglob("*.py"):
            names |= set(pattern.findall(path.read_text()))
    return names


# Forms: each POST form found on the walked pages, sent back with one field at a time set to these values.
FORM_VALUES = ["", "0", "-1", "2147483648", "9" * 30, "²", "nan", "0001-01-01", "9999-12-31", "99:99", "x" * 10_000,
               "\u202e한글<b>"]
SKIPPED_ACTIONS = {"/logout", "/language"}  # they end or change the walking client's session, nothing else


@dataclass(frozen=True)
class PostForm:
    action: str
    base: tuple[tuple[str, str], ...]  # what the page fills in (checked boxes, selected options, hidden fields)
    names: tuple[str, ...]  # every field, unchecked boxes included

    def data(self, name: str, value: str) -> dict[str, list[str]]:
        sent: dict[str, list[str]] = {}
        for field_name, field_value in self.base:
            sent.setdefault(field_name, []).append(field_value)
        sent[name] = [value]
        return sent


def _filled_value(element) -> str | None:
    if element.name == "select":
        option = element.find("option", selected=True) or element.find("option")
        return option.get("value", option.get_text()) if option else None
    if element.name == "textarea":
        return element.get_text()
    if element.get("type") in ("checkbox", "radio"):
        return element.get("value", "on") if element.has_attr("checked") else None
    if element.name == "button" or element.get("type") in ("submit", "button"):
        return element.get("value")  # a named button sends its value when it is the one pressed
    if element.get("type") == "file":
        return None
    return element.get("value", "")


def post_forms(html: str, page_url: str) -> list[PostForm]:
    from bs4 import BeautifulSoup

    forms = []
    for form in BeautifulSoup(html, "html.parser").find_all("form"):
        action = form.get("action") or page_url
        if (form.get("method") or "get").lower() != "post" or action.split("?")[0] in SKIPPED_ACTIONS:
            continue
        base, names = [], []
        for element in form.find_all(["input", "select", "textarea", "button"]):
            name = element.get("name")
            if not name:
                continue
            names.append(name) if name not in names else None
            if (value := _filled_value(element)) is not None:
                base.append((name, value))
        forms.append(PostForm(action, tuple(base), tuple(names)))
    return forms
