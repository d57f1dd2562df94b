"""Helpers to file and handle 민원 through the real pages."""

from __future__ import annotations

import io

from tests.helpers import csrf_token_from, login, parse, post_form

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def complaint_form(**overrides) -> dict:
    data = {"type_code": "ROAD-DAMAGE", "title": "도로가 파였어요", "content": "한빛대로 12 앞 도로가 크게 파였습니다.",
            "address": "한빛대로 12", "name": "홍길동", "phone": "010-1234-5678", "email": "hong@example.kr",
            "notify_channel": "email", "lookup_password": "abcd1234", "consent": "y"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def file_complaint(client, *, files=(), **overrides):
    page = client.get("/complaints/new")
    data = {"csrf_token": csrf_token_from(page), **complaint_form(**overrides)}
    if files:
        data["attachments"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post("/complaints/new", data=data, content_type="multipart/form-data")


def filed_receipt_no(client, **overrides) -> str:
    response = file_complaint(client, **overrides)
    assert response.status_code == 303, parse(response).select(".form-hint-invalid")
    return response.headers["Location"].split("/")[2]


def staff_answer(app, receipt_no: str, text: str = "보수를 마쳤습니다.", account: str = "officer"):
    staff = app.test_client()
    login(staff, account)
    return post_form(staff, f"/staff/complaints/{receipt_no}/answer", {"text": text},
                     form_page=f"/staff/complaints/{receipt_no}")
