"""Helpers of the internal-service web tests: a logged-in client, the request form posted with its CSRF token."""

from __future__ import annotations

import io

from sqlalchemy import select

from core.extensions import db
from service_requests.models import Service, ServiceRequest
from tests.helpers import csrf_token_from, login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_of(app, account: str):
    client = app.test_client()
    assert login(client, account).status_code == 302
    return client


def ask(client, code: str, data: dict, files: dict | None = None):
    """POST the request form of service `code` (files: {field name: (filename, bytes)})."""
    page = client.get(f"/staff/services/{code}/request")
    assert page.status_code == 200
    form = {"csrf_token": csrf_token_from(page), "priority": "normal", **data}
    for name, (filename, content) in (files or {}).items():
        form[name] = (io.BytesIO(content), filename)
    return client.post(f"/staff/services/{code}/request", data=form, content_type="multipart/form-data")


def service(code: str) -> Service:
    return db.session.scalar(select(Service).where(Service.code == code))


def requests_of(code: str) -> list[ServiceRequest]:
    return list(db.session.scalars(select(ServiceRequest).join(ServiceRequest.service)
                                   .where(Service.code == code).order_by(ServiceRequest.id)))


def seed_request(now) -> str:
    """One internal request of 도로과 to 정보통신과 (received, clocks running), for the route walks' `number`."""
    from organization.models import User
    from service_requests.requesting.services import RequestData, create_request
    from working_calendar.cache import load_calendar

    officer = db.session.scalar(select(User).where(User.login_id == "officer"))
    data = RequestData(title="PC 고장", answers={"symptom": "전원이 켜지지 않습니다."})
    request = create_request(officer, service("IT-PC-REPAIR"), data, calendar=load_calendar(), now=now)
    db.session.commit()
    return request.number
