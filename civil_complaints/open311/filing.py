"""Open311 POST requests: a 민원 filed by a civic app, through the same fast filing path as the web form
(`intake.file_complaint`: the cached catalog, one guarded statement on PostgreSQL when nothing is attached).

- `api_key` from the form body or the query string. Requests are counted per client (`OPEN311_RATE_LIMIT`);
  requests with a missing or unknown key per client address, under their own limit
  (`OPEN311_UNKNOWN_KEY_RATE_LIMIT`), so trying keys costs the same budget whatever the keys. The key is looked
  up once per request (the rate limit and the view share the answer).
- The 민원인's name: first_name/last_name or attribute[complainant_name]; a contact: phone/email or
  attribute[contact] (an e-mail address if it has an @). Both are required (the service definitions say so).
- A location: lat and long, address_string or address_id (for the types that ask for one). `zipcode` (5 digits)
  may be sent; otherwise it is found in address_string when written there, e.g. "(04524) 서울특별시 …".
- `media`: files (multipart/form-data) stored as the 민원's attachments with the web form's content checks; a
  refused file refuses the request (400). Files under any other name, or `media` sent as text, are refused
  too: nothing is dropped silently. `media_url` stays in the 민원's text for the officer.
"""

from __future__ import annotations

import math
import re
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from flask import current_app, g, request
from flask_babel import gettext as _

from civil_complaints.api.clients import hash_key, open311_client_id
from civil_complaints.attachments import IntakeError, Upload
from civil_complaints.catalog import Catalog
from civil_complaints.domain.contacts import is_mobile_number
from civil_complaints.intake.services import IntakeData, file_complaint
from civil_complaints.open311.format import render
from civil_complaints.open311.views import Open311Error, check_jurisdiction, checked_format
from civil_complaints.web_support import (
    agency_code,
    commit_filing,
    intake_message,
    read_uploads,
    remove_files,
    upload_dir,
    with_checked_catalog,
)
from core.clock import now_utc
from core.extensions import db, limiter
from core.ratelimit import remote_address

MAX_DESCRIPTION = 4000
MAX_ADDRESS_ID = 100
HANGUL = re.compile(r"[\uac00-\ud7a3]")
PHONE = re.compile(r"\+?[0-9\-\s().]{9,20}")
ZIPCODE = re.compile(r"\d{5}")
_UNKNOWN = object()


def client_id() -> int | None:
    """The active Open311 client holding this request's api_key (body or query string), looked up once."""
    found = g.get("open311_client_id", _UNKNOWN)
    if found is _UNKNOWN:
        found = g.open311_client_id = open311_client_id(request.values.get("api_key"))
    return found


def _rate_key() -> str:
    if client_id() is None:
        return "open311:ip:" + remote_address()
    return "open311:key:" + hash_key(request.values["api_key"].strip())[:24]


def _rate_limit() -> str:
    config = current_app.config
    return config["OPEN311_RATE_LIMIT"] if client_id() is not None else config["OPEN311_UNKNOWN_KEY_RATE_LIMIT"]


def _attribute(form, code: str) -> str:
    return (form.get(f"attribute[{code}]") or "").strip()


def _coordinates(form) -> tuple[float | None, float | None]:
    lat_text, long_text = (form.get("lat") or "").strip(), (form.get("long") or "").strip()
    if not lat_text and not long_text:
        return None, None
    try:
        lat, long = float(lat_text), float(long_text)
    except ValueError:
        raise Open311Error(400, _("lat and long must both be decimal degrees (WGS84).")) from None
    if not (math.isfinite(lat) and math.isfinite(long) and -90 <= lat <= 90 and -180 <= long <= 180):
        raise Open311Error(400, _("lat and long must both be decimal degrees (WGS84)."))
    return lat, long


def _full_name(form) -> str:
    first, last = (form.get("first_name") or "").strip(), (form.get("last_name") or "").strip()
    if not (first or last):
        return _attribute(form, "complainant_name")[:100]
    if HANGUL.search(first + last):
        return (last + first)[:100]  # 홍 + 길동 → 홍길동
    return " ".join(p for p in (first, last) if p)[:100]


def _contact(form) -> tuple[str | None, str | None]:
    phone, email = (form.get("phone") or "").strip() or None, (form.get("email") or "").strip() or None
    if not (phone or email) and (contact := _attribute(form, "contact")):
        phone, email = (None, contact) if "@" in contact else (contact, None)
    if phone and not PHONE.fullmatch(phone):
        raise Open311Error(400, _("Enter a phone number such as 010-1234-5678."))
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            raise Open311Error(400, _("Enter a valid e-mail address.")) from None
    if not (phone or email):
        raise Open311Error(400, _("Give a mobile phone number or an e-mail address so we can reach you."))
    return phone[:20] if phone else None, email


def _location(form, asks_location: bool) -> dict:
    lat, long = _coordinates(form)
    address = (form.get("address_string") or "").strip()[:300] or None
    address_id = (form.get("address_id") or "").strip() or None
    if address_id and len(address_id) > MAX_ADDRESS_ID:
        raise Open311Error(400, _("address_id may have at most %(limit)d characters.", limit=MAX_ADDRESS_ID))
    zipcode = (form.get("zipcode") or "").strip() or None
    if zipcode and not ZIPCODE.fullmatch(zipcode):
        raise Open311Error(400, _("zipcode must be a 5-digit postal code."))
    if asks_location and lat is None and not address and not address_id:
        raise Open311Error(400, _("This service needs a location: send lat and long, address_string or "
                                  "address_id."))
    return {"latitude": lat, "longitude": long, "address": address, "address_id": address_id, "zipcode": zipcode}


def _media() -> list[Upload]:
    """The `media` files; anything else that looks like one is refused rather than dropped."""
    if request.form.get("media") is not None:
        raise Open311Error(400, _("Send media as a file (multipart/form-data), or a link as media_url."))
    if set(request.files) - {"media"}:
        raise Open311Error(400, _("Only files named media are accepted: %(names)s.",
                                  names=", ".join(sorted(set(request.files) - {"media"}))))
    return read_uploads(request.files.getlist("media"))


def _intake_data(form, asks_location: bool, uploads: list[Upload]) -> IntakeData:
    location = _location(form, asks_location)
    description = (form.get("description") or "").strip()
    if not description:
        raise Open311Error(400, _("description is required."))
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, _("description may have at most %(limit)d characters.", limit=MAX_DESCRIPTION))
    name = _full_name(form)
    if not name:
        raise Open311Error(400, _("first_name and last_name (or attribute[complainant_name]) are required: a "
                                  "complaint is filed in a person's name."))
    phone, email = _contact(form)
    media_url = (form.get("media_url") or "").strip()
    if media_url and (not re.fullmatch(r"https?://\S{1,490}", media_url)):
        raise Open311Error(400, _("media_url must be an http or https address."))
    first_line = description.splitlines()[0].strip()
    title = first_line if len(first_line) <= 60 else first_line[:59] + "…"
    content = description + (f"\n\nmedia_url: {media_url}" if media_url else "")
    return IntakeData(title=title, content=content, name=name, phone=phone, email=email,
                      notify_channel="email" if email else "sms" if is_mobile_number(phone) else "none",
                      uploads=uploads, **location)


def _file_open311(catalog: Catalog, guard_token: str | None, code: str, known_client: int, uploads: list[Upload],
                  now: datetime):
    ctype = catalog.by_code(code)
    if ctype is None or not ctype.open311_public or not ctype.is_active:
        raise Open311Error(404, _("Unknown service_code %(code)s.", code=code))
    data = _intake_data(request.form, ctype.asks_location, uploads)
    return ctype, file_complaint(ctype, data, channel="open311", now=now,
                                 calendar=catalog.calendar(current_app.config["WORKING_BLOCKS"]),
                                 agency_code=agency_code(catalog), upload_dir=upload_dir(), notice_language="ko",
                                 open311_client_id=known_client, guard_token=guard_token)


@limiter.limit(_rate_limit, key_func=_rate_key)
def create_request(fmt: str):
    fmt = checked_format(fmt)
    check_jurisdiction()
    known_client = client_id()
    if known_client is None:
        raise Open311Error(403, _("A valid api_key is required to file a request."))
    code = (request.form.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, _("service_code is required."))
    uploads = _media()  # read once: the filing may be made twice (with_checked_catalog)
    now = now_utc()
    written = []
    try:
        ctype, (filed, written) = with_checked_catalog(
            lambda catalog, token: _file_open311(catalog, token, code, known_client, uploads, now))
        commit_filing()
    except IntakeError as error:
        db.session.rollback()
        remove_files(written)
        raise Open311Error(400, intake_message(error)) from None
    except Exception:
        db.session.rollback()
        remove_files(written)
        raise
    return render([{"service_request_id": filed.receipt_no, "service_notice": ctype.service_notice_ko,
                    "account_id": None}], "service_requests", fmt)
