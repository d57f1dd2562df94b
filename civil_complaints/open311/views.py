"""Open311 GeoReport v2 at /open311/v2: discovery, the service list and definitions (this module), reading
public requests (`open311_read`) and filing one (`open311_filing`).

Choices where the spec leaves room (also README "Open311"):
- XML and JSON for every resource (`.xml`, `.json`; no suffix is XML, the spec's default), errors included
  (`open311_format`). Texts in Korean, in English with `locale=en` (or `lang`) or `Accept-Language: en`.
- `jurisdiction_id` is optional (one jurisdiction); when given it must be the agency's code (e.g. HB) or the
  public domain of `PUBLIC_BASE_URL` (e.g. hanbit.go.kr, with or without www.), else 404.
- Every service has `metadata: true`: its definition says what this agency needs beyond the spec's service code
  and location — the 민원인's name and a contact (attributes `complainant_name` and `contact`, which
  first_name/last_name and phone/email also satisfy), a description — and what will be published.
- Discovery's `changeset` is when a complaint type, department, agency or holiday last changed
  (`cache_revisions.changed_at`, set by database triggers).
- POST answers with `service_request_id` (the 접수번호) at once; `tokens/{token}` accepts that number as the
  token, for clients that always poll tokens. An unknown or non-public `service_code` is 404, as the spec says.
- Only types marked `open311_public` are listed. Personal data never leaves: see `open311_read`.
- `expected_datetime` is the statutory 처리기한 (`due_at`); every datetime is ISO 8601 in KST (+09:00).
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app, request
from flask_babel import get_locale
from flask_babel import gettext as _

from civil_complaints.catalog import CatalogType, cached_catalog, current_catalog
from civil_complaints.open311.format import MIME_TYPES, add_cors, error_response, render, split_format
from civil_complaints.open311.queries import catalog_changed_at
from civil_complaints.web_support import agency
from core.clock import KST

#: where civil_complaints/blueprint.py mounts these routes
URL_PREFIX = "/open311/v2"
SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
FALLBACK_CHANGESET = "2026-01-01T00:00:00+09:00"


class Open311Error(Exception):
    """Answered as the spec's error body in the requested format with that HTTP status."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


def _spec_error(error: Open311Error):
    return error_response(error.status, error.description)


def _cors(response):
    return add_cors(response)


def checked_format(fmt: str | None) -> str:
    if fmt not in ("xml", "json"):
        raise Open311Error(404, _("Unknown format: use .xml or .json."))
    return fmt


def locale() -> str:
    return str(get_locale())


def jurisdiction_ids(code: str | None) -> set[str]:
    """What `jurisdiction_id` may be: the agency's code and the public domain (with and without www.)."""
    host = (urlsplit(current_app.config.get("PUBLIC_BASE_URL") or "").hostname or "").lower()
    accepted = {host, host.removeprefix("www.")} - {""}
    if code:
        accepted.add(code.lower())
    return accepted


def check_jurisdiction() -> None:
    """404 unless `jurisdiction_id` is absent or this agency's (the code read from this worker's catalog: an
    agency's code is not something that changes between two requests)."""
    jurisdiction = (request.values.get("jurisdiction_id") or "").strip().lower()
    if not jurisdiction:
        return
    code = (cached_catalog() or current_catalog()).agency_code
    accepted = jurisdiction_ids(code)
    if jurisdiction not in accepted:
        raise Open311Error(404, _("Unknown jurisdiction_id: this endpoint serves only %(ids)s.",
                                  ids=", ".join(sorted(accepted))))


def iso(value: datetime | None) -> str | None:
    return value.astimezone(KST).isoformat(timespec="seconds") if value else None


def changeset() -> str:
    changed = catalog_changed_at()
    return changed.astimezone(KST).isoformat(timespec="microseconds") if changed else FALLBACK_CHANGESET


def discovery(fmt: str):
    fmt = checked_format(fmt)
    home = agency()
    when = changeset()
    name = home.name_ko if locale() == "ko" else home.name_en
    ids = ", ".join(sorted(jurisdiction_ids(home.code)))
    return render({
        "changeset": when,
        "contact": f"{name} {home.phone or ''}".strip(),
        "key_service": _("Ask %(agency)s for an API key (issued with `flask api-clients create --scope open311`). "
                         "jurisdiction_id is optional; if sent, use one of: %(ids)s.", agency=name, ids=ids),
        "endpoints": [{"specification": SPEC_URL, "url": request.url_root.rstrip("/") + URL_PREFIX,
                       "changeset": when, "type": "production", "formats": list(MIME_TYPES)}],
    }, "discovery", fmt)


def public_types() -> list[CatalogType]:
    return [t for t in current_catalog().types if t.open311_public and t.is_active]


def public_type(code: str) -> CatalogType | None:
    found = current_catalog().by_code(code)
    return found if found is not None and found.open311_public and found.is_active else None


def _service(ctype: CatalogType) -> dict:
    name = ctype.name(locale())
    return {"service_code": ctype.code, "service_name": name, "description": ctype.description(locale()),
            "metadata": True, "type": "realtime", "keywords": ",".join(name.split()),
            "group": ctype.department_name(locale())}


def services(fmt: str):
    fmt = checked_format(fmt)
    check_jurisdiction()
    return render([_service(t) for t in public_types()], "services", fmt)


def publication_notice() -> str:
    return _("Published in the public list of requests: the service, its status and dates, the area and street "
             "of the location without building numbers, the postal code and the map position rounded to about "
             "100 m. Never published: your name, phone number, e-mail address, the description, the rest of the "
             "address, attributes and attached photos.")


def _attributes(ctype: CatalogType) -> list[dict]:
    needs = _("Required with every request: a description (at most 4,000 characters), your name and a phone "
              "number or e-mail address.")
    if ctype.asks_location:
        needs += " " + _("This service also needs a location: lat and long, address_string or address_id.")

    def notice(order: int, code: str, text: str) -> dict:
        return {"variable": False, "code": code, "datatype": "text", "required": False,
                "datatype_description": None, "order": order, "description": text}

    return [
        notice(1, "requirements", needs),
        notice(2, "public_notice", publication_notice()),
        {"variable": True, "code": "complainant_name", "datatype": "string", "required": True,
         "datatype_description": _("Your full name"), "order": 3,
         "description": _("Your real name: a complaint is filed in a person's name (Civil Petitions Treatment "
                          "Act). first_name and last_name may be sent instead.")},
        {"variable": True, "code": "contact", "datatype": "string", "required": True,
         "datatype_description": _("A mobile phone number such as 010-1234-5678, or an e-mail address"),
         "order": 4,
         "description": _("How we reach you: we send the receipt and the answer there. phone or email may be sent "
                          "instead.")},
    ]


def service_definition(name: str):
    code, fmt = split_format(name)
    fmt = checked_format(fmt)
    check_jurisdiction()
    ctype = public_type(code)
    if ctype is None:
        raise Open311Error(404, _("Unknown service_code %(code)s.", code=code))
    return render({"service_code": ctype.code, "attributes": _attributes(ctype)}, "service_definition", fmt)
