"""Open311 GET requests, GET a request, GET a token: the public list of 민원 of the types marked `open311_public`.

What is published (issue 14.4), and nothing else — the same list the filer was shown (the complaint form, and
the `public_notice` attribute of every Open311 service definition):
- the service, its status (open/closed and the status's label, never the answer, which may name the 민원인),
  the dates (접수, last change, 처리기한) and the responsible department;
- a coarse location, only for requests filed by the 민원인 through the web form or Open311 (someone who phoned
  or wrote a letter was never told): the leading area and street of the address without building numbers or
  anything else (`domain.public_location.coarse_address`), the 5-digit postal code, and the map position
  rounded to 3 decimals (about 100 m). `address_id` names one building and is never published (null).
- `description` is the service's name: the text the 민원인 wrote is not published, whatever the channel, and
  `media_url` is null (attached or linked photos may show people or plates).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import request
from flask_babel import gettext as _

from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.public_location import coarse_address, personal_tokens, round_coordinate
from civil_complaints.domain.receipts import normalise_receipt_number
from civil_complaints.domain.status import OPEN_STATUSES, ComplaintStatus
from civil_complaints.labels import STATUS_LABELS
from civil_complaints.open311.format import render, split_format
from civil_complaints.open311.queries import (
    MAX_RESULTS,
    PublicRequest,
    public_request,
    public_requests_numbered,
    public_requests_received,
)
from civil_complaints.open311.views import Open311Error, check_jurisdiction, checked_format, iso, locale
from core.clock import KST, now_utc

MAX_WINDOW = timedelta(days=90)
#: the 민원인 filed these themselves and were told what of the location is published
LOCATION_CHANNELS = frozenset({"web", "open311"})
#: the datetimes a query may name (a year-1 or year-9999 bound is refused, not overflowed)
EARLIEST, LATEST = datetime(1970, 1, 1, tzinfo=KST), datetime(9000, 1, 1, tzinfo=KST)


def public_location(complaint: Complaint) -> dict:
    if complaint.channel not in LOCATION_CHANNELS:
        return {"address": None, "address_id": None, "zipcode": None, "lat": None, "long": None}
    personal = personal_tokens(complaint.complainant_name, complaint.complainant_email)
    return {"address": coarse_address(complaint.address, personal), "address_id": None,
            "zipcode": complaint.zipcode, "lat": round_coordinate(complaint.latitude),
            "long": round_coordinate(complaint.longitude)}


def _request_row(complaint: Complaint, updated: datetime | None) -> dict:
    status = ComplaintStatus(complaint.status)
    service_name = complaint.type.name(locale())
    return {
        "service_request_id": complaint.receipt_no,
        "status": "open" if status in OPEN_STATUSES else "closed",
        "status_notes": str(STATUS_LABELS.get(complaint.status, complaint.status)),
        "service_name": service_name,
        "service_code": complaint.type.code,
        "description": service_name,
        "agency_responsible": complaint.department.name_ko if locale() == "ko" else complaint.department.name_en,
        "service_notice": complaint.type.service_notice_ko,
        "requested_datetime": iso(complaint.received_at),
        "updated_datetime": iso(updated or complaint.received_at),
        "expected_datetime": iso(complaint.due_at),
        **public_location(complaint),
        "media_url": None,
    }


def _rows(found: list[PublicRequest]) -> list[dict]:
    return [_request_row(complaint, updated) for complaint, updated in found]


def _parse_datetime(name: str) -> datetime | None:
    text = (request.args.get(name) or "").strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace(" ", "+"))  # an unencoded "+09:00" arrives as " 09:00"
        value = value if value.tzinfo else value.replace(tzinfo=KST)
        if not EARLIEST <= value <= LATEST:
            raise ValueError(text)
    except ValueError:
        raise Open311Error(400, _("%(name)s must be an ISO 8601 date and time, e.g. 2026-03-02T09:00:00+09:00.",
                                  name=name)) from None
    return value


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


def _state() -> str | None:
    """The state `status` asks for: open or closed; None for both (or when it names none)."""
    wanted = set(_list_arg("status"))
    if not wanted <= {"open", "closed"}:
        raise Open311Error(400, _("status must be open or closed."))
    return wanted.pop() if len(wanted) == 1 else None


def list_requests(fmt: str):
    """GET requests (POST requests.<fmt> is `open311_filing.create_request`, on the same URL)."""
    fmt = checked_format(fmt)
    check_jurisdiction()
    ids = _list_arg("service_request_id")
    if ids:  # the spec: service_request_id overrides every other parameter
        numbers = [n for n in (normalise_receipt_number(i) for i in ids[:MAX_RESULTS]) if n]
        return render(_rows(public_requests_numbered(numbers)), "service_requests", fmt)
    start, end = _window()
    found = public_requests_received(start, end, service_codes=_list_arg("service_code"), state=_state())
    return render(_rows(found), "service_requests", fmt)


def _one_request(text: str) -> dict:
    number = normalise_receipt_number(text)
    found = public_request(number) if number else None
    if found is None:
        raise Open311Error(404, _("Unknown service_request_id %(id)s.", id=text))
    return _request_row(*found)


def get_request(name: str):
    number, fmt = split_format(name)
    fmt = checked_format(fmt)
    check_jurisdiction()
    return render([_one_request(number)], "service_requests", fmt)


def get_token(name: str):
    token, fmt = split_format(name)
    fmt = checked_format(fmt)
    check_jurisdiction()
    row = _one_request(token)
    return render([{"service_request_id": row["service_request_id"], "token": token}], "service_requests", fmt)
