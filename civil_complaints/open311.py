"""Open311 GeoReport v2 (JSON) at /open311/v2: service list and definitions, filing and reading public requests.

Choices where the spec leaves room (also in docs: README "Open311"):
- JSON only. `.xml` gets 400 with a spec error body ("only JSON"); any other format suffix gets 404.
- `jurisdiction_id` is optional; when given it must be the agency code (e.g. HB), else 404.
- Every service has `metadata: false`; `services/{code}.json` still answers with an empty `attributes` list.
- POST answers with `service_request_id` (the 접수번호) at once: requests are received synchronously.
  `tokens/{token}.json` accepts that number as the token, for clients that always poll tokens.
- An unknown or non-public `service_code` in POST is a bad argument (400); in a GET path it is 404.
- Only types marked `open311_public` are listed, whatever the channel of the 민원. Personal data never leaves:
  no name, phone or e-mail; `description` is published only for requests filed through Open311 (with the
  filer's name, e-mail addresses and phone numbers blanked); other channels show the service name instead.
- `expected_datetime` is the statutory 처리기한 (`due_at`); every datetime is ISO 8601 in KST (+09:00).
- `status_notes` is the label of the internal status, never the answer text (it may name the 민원인).
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.clock import KST, now_utc
from app.extensions import csrf, db, limiter
from app.inputs import EARLIEST_DAY, LATEST_DAY, instant_in_range
from app.ratelimit import remote_address
from civil_complaints.api_cli import hash_key, open311_client_id
from civil_complaints.catalog import Catalog
from civil_complaints.complaint_models import Complaint, ComplaintEvent, ComplaintType
from civil_complaints.domain.receipts import normalise_receipt_number
from civil_complaints.domain.status import OPEN_STATUSES, ComplaintStatus
from civil_complaints.intake import IntakeData, IntakeError, file_complaint
from civil_complaints.labels import STATUS_LABELS
from civil_complaints.web_support import (
    agency,
    agency_code,
    commit_filing,
    intake_message,
    remove_files,
    upload_dir,
    with_checked_catalog,
)

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
csrf.exempt(bp)

MAX_RESULTS = 1000
MAX_WINDOW = timedelta(days=90)
MAX_DESCRIPTION = 4000
SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-01-01T00:00:00+09:00"
MEDIA_LINE = re.compile(r"\n\nmedia_url: (\S+)\Z")
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE_PATTERN = re.compile(r"(?<!\d)(\+?82[-\s.]?)?0?\d{1,2}[-\s.)]?\d{3,4}[-\s.]?\d{4}(?!\d)")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


class Open311Error(Exception):
    """Answered as `[{"code": status, "description": text}]` with that HTTP status (spec: errors)."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


@bp.errorhandler(Open311Error)
def _spec_error(error: Open311Error):
    return jsonify([{"code": error.status, "description": error.description}]), error.status


def _json_only(fmt: str) -> None:
    if fmt == "json":
        return
    if fmt == "xml":
        raise Open311Error(400, _("Only the JSON format is supported: use the .json suffix."))
    raise Open311Error(404, _("Unknown format."))


def _check_jurisdiction() -> None:
    jurisdiction = (request.values.get("jurisdiction_id") or "").strip()
    if jurisdiction and jurisdiction.upper() != agency_code().upper():
        raise Open311Error(404, _("Unknown jurisdiction_id: this endpoint serves only %(code)s.",
                                  code=agency_code()))


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(KST).isoformat(timespec="seconds") if value else None


def _public_type(code: str) -> ComplaintType | None:
    return db.session.scalar(select(ComplaintType).where(ComplaintType.code == code, ComplaintType.open311_public))


def _service(ctype: ComplaintType) -> dict:
    return {"service_code": ctype.code, "service_name": ctype.name_ko, "description": ctype.description_ko,
            "metadata": False, "type": "realtime", "keywords": ctype.name_ko.replace(" ", ","),
            "group": ctype.department.name_ko}


@bp.get("/discovery.<fmt>")
def discovery(fmt: str):
    _json_only(fmt)
    home = agency()
    return jsonify({
        "changeset": CHANGESET,
        "contact": f"{home.name_ko} {home.phone or ''}".strip(),
        "key_service": _("Ask %(agency)s for an API key (issued with `flask api-clients create`).",
                         agency=home.name_ko),
        "endpoints": [{"specification": SPEC_URL, "url": request.url_root.rstrip("/") + bp.url_prefix,
                       "changeset": CHANGESET, "type": "production", "formats": ["application/json"]}],
    })


@bp.get("/services.<fmt>")
def services(fmt: str):
    _json_only(fmt)
    _check_jurisdiction()
    types = db.session.scalars(select(ComplaintType).where(ComplaintType.open311_public, ComplaintType.is_active)
                               .options(selectinload(ComplaintType.department)).order_by(ComplaintType.id))
    return jsonify([_service(t) for t in types])


@bp.get("/services/<service_code>.<fmt>")
def service_definition(service_code: str, fmt: str):
    _json_only(fmt)
    _check_jurisdiction()
    ctype = _public_type(service_code)
    if ctype is None or not ctype.is_active:
        raise Open311Error(404, _("Unknown service_code %(code)s.", code=service_code))
    return jsonify({"service_code": ctype.code, "attributes": []})


# --- reading requests -------------------------------------------------------------------------------------------

def _redact(text: str, name: str) -> str:
    text = EMAIL_PATTERN.sub("***", text)
    text = PHONE_PATTERN.sub("***", text)
    name = (name or "").strip()
    return text.replace(name, "***") if len(name) >= 2 else text


def _media_url(complaint: Complaint) -> str | None:
    found = MEDIA_LINE.search(complaint.content) if complaint.channel == "open311" else None
    return found.group(1) if found else None


def _description(complaint: Complaint) -> str:
    if complaint.channel != "open311":
        return complaint.type.name_ko
    return _redact(MEDIA_LINE.sub("", complaint.content), complaint.complainant_name)


def _request_row(complaint: Complaint, updated: datetime | None) -> dict:
    status = ComplaintStatus(complaint.status)
    return {
        "service_request_id": complaint.receipt_no,
        "status": "open" if status in OPEN_STATUSES else "closed",
        "status_notes": str(STATUS_LABELS.get(complaint.status, complaint.status)),
        "service_name": complaint.type.name_ko,
        "service_code": complaint.type.code,
        "description": _description(complaint),
        "agency_responsible": complaint.department.name_ko,
        "service_notice": complaint.type.service_notice_ko,
        "requested_datetime": _iso(complaint.received_at),
        "updated_datetime": _iso(updated or complaint.received_at),
        "expected_datetime": _iso(complaint.due_at),
        "address": complaint.address,
        "lat": complaint.latitude,
        "long": complaint.longitude,
        "media_url": _media_url(complaint),
    }


def _public_requests(*conditions) -> list[dict]:
    updated = (select(ComplaintEvent.complaint_id, func.max(ComplaintEvent.at).label("updated"))
               .group_by(ComplaintEvent.complaint_id).subquery())
    query = (select(Complaint, updated.c.updated).join(ComplaintType, Complaint.type_id == ComplaintType.id)
             .outerjoin(updated, updated.c.complaint_id == Complaint.id)
             .where(ComplaintType.open311_public, *conditions)
             .options(selectinload(Complaint.type), selectinload(Complaint.department))
             .order_by(Complaint.received_at.desc(), Complaint.id.desc()).limit(MAX_RESULTS))
    return [_request_row(complaint, at) for complaint, at in db.session.execute(query).all()]


def _parse_datetime(name: str) -> datetime | None:
    text = (request.args.get(name) or "").strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace(" ", "+"))  # an unencoded "+09:00" arrives as " 09:00"
    except ValueError:
        raise Open311Error(400, _("%(name)s must be an ISO 8601 date and time, e.g. 2026-03-02T09:00:00+09:00.",
                                  name=name)) from None
    if not instant_in_range(value):
        raise Open311Error(400, _("%(name)s must be between %(first)s and %(last)s.", name=name,
                                  first=EARLIEST_DAY.isoformat(), last=LATEST_DAY.isoformat()))
    return value if value.tzinfo else value.replace(tzinfo=KST)


def _window() -> tuple[datetime, datetime]:
    start, end = _parse_datetime("start_date"), _parse_datetime("end_date")
    if start is None and end is None:
        end = now_utc()
    if start is None:
        start = end - MAX_WINDOW
    if end is None:
        end = start + MAX_WINDOW
    if end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    if end - start > MAX_WINDOW:
        raise Open311Error(400, _("The date range may not span more than 90 days."))
    return start, end


def _list_arg(name: str) -> list[str]:
    return [part.strip() for part in (request.args.get(name) or "").split(",") if part.strip()]


def _status_condition():
    wanted = set(_list_arg("status"))
    if not wanted:
        return None
    if not wanted <= {"open", "closed"}:
        raise Open311Error(400, _("status must be open or closed."))
    if wanted == {"open", "closed"}:
        return None
    open_values = [s.value for s in OPEN_STATUSES]
    return Complaint.status.in_(open_values) if wanted == {"open"} else Complaint.status.not_in(open_values)


@bp.get("/requests.<fmt>")
def list_requests(fmt: str):
    _json_only(fmt)
    _check_jurisdiction()
    ids = _list_arg("service_request_id")
    if ids:  # the spec: service_request_id overrides every other parameter
        numbers = [n for n in (normalise_receipt_number(i) for i in ids[:MAX_RESULTS]) if n]
        return jsonify(_public_requests(Complaint.receipt_no.in_(numbers)) if numbers else [])
    start, end = _window()
    conditions = [Complaint.received_at >= start, Complaint.received_at <= end]
    if codes := _list_arg("service_code"):
        conditions.append(ComplaintType.code.in_(codes))
    if (status := _status_condition()) is not None:
        conditions.append(status)
    return jsonify(_public_requests(*conditions))


def _one_request(text: str) -> dict:
    number = normalise_receipt_number(text)
    rows = _public_requests(Complaint.receipt_no == number) if number else []
    if not rows:
        raise Open311Error(404, _("Unknown service_request_id %(id)s.", id=text))
    return rows[0]


@bp.get("/requests/<service_request_id>.<fmt>")
def get_request(service_request_id: str, fmt: str):
    _json_only(fmt)
    _check_jurisdiction()
    return jsonify([_one_request(service_request_id)])


@bp.get("/tokens/<token>.<fmt>")
def get_token(token: str, fmt: str):
    _json_only(fmt)
    _check_jurisdiction()
    row = _one_request(token)
    return jsonify([{"service_request_id": row["service_request_id"], "token": token}])


# --- filing a request -------------------------------------------------------------------------------------------

def _rate_key() -> str:
    key = (request.form.get("api_key") or "").strip()
    return "open311:key:" + hash_key(key)[:24] if key else "open311:ip:" + remote_address()


def _rate_limit() -> str:
    return current_app.config["OPEN311_RATE_LIMIT"]


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
    if HANGUL.search(first + last):
        return (last + first)[:100]  # 홍 + 길동 → 홍길동
    return " ".join(p for p in (first, last) if p)[:100]


def _contact(form) -> tuple[str | None, str | None]:
    phone, email = (form.get("phone") or "").strip() or None, (form.get("email") or "").strip() or None
    if phone and not re.fullmatch(r"\+?[0-9\-\s().]{9,20}", phone):
        raise Open311Error(400, _("Enter a phone number such as 010-1234-5678."))
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            raise Open311Error(400, _("Enter a valid e-mail address.")) from None
    if not (phone or email):
        raise Open311Error(400, _("Give a mobile phone number or an e-mail address so we can reach you."))
    return phone[:20] if phone else None, email


def _intake_data(form, ctype: ComplaintType) -> IntakeData:
    lat, long = _coordinates(form)
    address = (form.get("address_string") or "").strip()[:300] or None
    if ctype.asks_location and lat is None and not address:
        raise Open311Error(400, _("This service needs a location: send lat and long, or address_string."))
    description = (form.get("description") or "").strip()
    if not description:
        raise Open311Error(400, _("description is required."))
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, _("description may have at most %(limit)d characters.", limit=MAX_DESCRIPTION))
    name = _full_name(form)
    if not name:
        raise Open311Error(400, _("first_name and last_name are required: a complaint is filed in a person's name."))
    phone, email = _contact(form)
    media_url = (form.get("media_url") or "").strip()
    if media_url and (not re.fullmatch(r"https?://\S{1,490}", media_url)):
        raise Open311Error(400, _("media_url must be an http or https address."))
    first_line = description.splitlines()[0].strip()
    title = first_line if len(first_line) <= 60 else first_line[:59] + "…"
    content = description + (f"\n\nmedia_url: {media_url}" if media_url else "")
    return IntakeData(title=title, content=content, name=name, phone=phone, email=email,
                      notify_channel="email" if email else "sms", address=address, latitude=lat, longitude=long)


def _file_open311(catalog: Catalog, guard_token: str | None, code: str, client_id: int, now: datetime):
    ctype = catalog.by_code(code)
    if ctype is None or not ctype.open311_public or not ctype.is_active:
        raise Open311Error(400, _("Unknown service_code %(code)s.", code=code))
    data = _intake_data(request.form, ctype)
    return ctype, file_complaint(ctype, data, channel="open311", now=now,
                                 calendar=catalog.calendar(current_app.config["WORKING_BLOCKS"]),
                                 agency_code=agency_code(catalog), upload_dir=upload_dir(), notice_language="ko",
                                 open311_client_id=client_id, guard_token=guard_token)


@bp.post("/requests.<fmt>")
@limiter.limit(_rate_limit, key_func=_rate_key)
def create_request(fmt: str):
    _json_only(fmt)
    _check_jurisdiction()
    client_id = open311_client_id(request.form.get("api_key"))
    if client_id is None:
        raise Open311Error(403, _("A valid api_key is required to file a request."))
    code = (request.form.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, _("service_code is required."))
    now = now_utc()
    written = []
    try:
        ctype, (filed, written) = with_checked_catalog(
            lambda catalog, token: _file_open311(catalog, token, code, client_id, now))
        commit_filing()
    except IntakeError as error:
        db.session.rollback()
        remove_files(written)
        raise Open311Error(400, intake_message(error)) from None
    except Exception:
        db.session.rollback()
        remove_files(written)
        raise
    return jsonify([{"service_request_id": filed.receipt_no, "service_notice": ctype.service_notice_ko,
                     "account_id": None}])
