"""Internal requests for web and browser tests: made through the real service (`create_request`), stepped
through the real `act`, on the agency's calendar."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from organization.models import User
from service_requests.domain.workflow import Action
from service_requests.files import file_path
from service_requests.handling.services import Step, act
from service_requests.models import RequestFile, Service, ServiceRequest
from service_requests.requesting.services import RequestData, create_request
from working_calendar.cache import load_calendar

#: answers that satisfy each demo service's required fields
ANSWERS = {
    "IT-PC-REPAIR": {"symptom": "모니터가 켜지지 않습니다."},
    "IT-OUTAGE": {"system_name": "새올행정시스템"},
    "IT-ACCOUNT": {"system": "saeol", "user_name": "김담당"},
    "GA-FACILITY": {"location": "본관 3층 회의실"},
    "LEGAL-REVIEW": {"question": "점용허가를 거부할 수 있는지 검토 바랍니다."},
}


def user(login_id: str) -> User:
    return db.session.scalar(select(User).where(User.login_id == login_id))


def make_request(code: str, *, now: datetime, login_id: str = "officer", title: str = "모니터 고장",
                 priority: str = "normal", complaint_id: int | None = None) -> ServiceRequest:
    """A request of `login_id` for the service `code`, made at `now` (flushed, not committed)."""
    service = db.session.scalar(select(Service).where(Service.code == code))
    data = RequestData(title=title, priority=priority, answers=dict(ANSWERS[code]), complaint_id=complaint_id)
    return create_request(user(login_id), service, data, calendar=load_calendar(), now=now)


def step(request: ServiceRequest, login_id: str, action: Action, *, now: datetime, text: str = "",
         assignee: str | None = None) -> None:
    act(user(login_id), request, Step(action, text=text, assignee=user(assignee) if assignee else None),
        calendar=load_calendar(), now=now)


def attach(app, request: ServiceRequest, *, filename: str, data: bytes, now: datetime,
           field_key: str | None = None) -> RequestFile:
    """A file on `request` stored where the file route reads it (service_requests/files.py)."""
    from pathlib import Path

    row = RequestFile(request=request, field_key=field_key, filename=filename,
                      stored_name=f"{secrets.token_hex(16)}.bin", content_type="text/plain; charset=utf-8",
                      size=len(data), uploaded_by_id=request.requester_id, uploaded_at=now)
    db.session.add(row)
    path = file_path(Path(app.config["UPLOAD_DIR"]), row)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    db.session.flush()
    return row


def sample_request(app, *, now: datetime, complaint_id: int | None = None) -> tuple[str, int]:
    """For the tests that visit every page: a request of 도로과 to 정보통신과 (for a 민원 when given) with a file,
    a question asked and answered, a comment and a forward and back, so its history shows every kind of row.
    Returns (number, file id); committed."""
    request = make_request("IT-PC-REPAIR", now=now, title="현장 사진 출력용 PC 고장", complaint_id=complaint_id)
    row = attach(app, request, filename="증상.txt", data=b"no picture", now=now, field_key="photo")
    step(request, "itstaff", Action.ASK, now=now, text="자산번호를 알려 주십시오.")
    step(request, "officer", Action.REPLY, now=now, text="HB-PC-0042입니다.")
    step(request, "itstaff", Action.COMMENT, now=now, text="부품을 주문했습니다.")
    db.session.commit()
    return request.number, row.id
