"""반려 (영 제25조①), 병합 (영 제6조⑦), 감사부서 referral (영 제17조②), the 보완 timing (규칙 제9조①) and the
extension grounds and reasons (영 제21조①②) through the real pages, with a frozen clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from civil_complaints.complaint_models import Complaint
from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from notifications.services import render
from tests.complaint_helpers import complaint_form, filed_receipt_no
from tests.helpers import login, parse, post_form, text_of
from tests.web.test_case_workflow import case_page, complaint, post_action, staff


def kst(*args) -> datetime:
    return datetime(*args, tzinfo=KST)


def register(client, type_code: str, received: datetime, *, channel: str = "letter", **overrides) -> str:
    data = complaint_form(type_code=type_code, address=None, lookup_password="abcd1234", **overrides)
    data.update({"channel": channel, "received_on": received.date().isoformat(),
                 "received_time": received.strftime("%H:%M")})
    response = post_form(client, "/staff/complaints/register", data, form_page="/staff/complaints/register")
    assert response.status_code == 303, text_of(parse(response), "#error-summary")
    return response.headers["Location"].rsplit("/", 1)[1]


def citizen_status(demo, receipt_no: str):
    citizen = demo.test_client()
    post_form(citizen, "/complaints/lookup", {"receipt_no": receipt_no, "contact": "010-1234-5678",
                                              "password": "abcd1234"})
    return parse(citizen.get(f"/complaints/{receipt_no}"))


def test_return_of_a_statutory_complaint_through_the_pages_decree_25_1(demo, frozen):
    """The officer returns an application left unsupplemented twice; the 민원인 reads the reasons and remedies."""
    frozen(kst(2026, 6, 8, 10))
    officer = staff(demo, "officer")
    receipt_no = filed_receipt_no(demo.test_client(), type_code="ROAD-OCCUPANCY")
    frozen(kst(2026, 6, 8, 11))
    assert post_action(officer, receipt_no, "request-supplement", {"request_text": "도로점용 위치도",
                                                                   "respond_days": "3"}).status_code == 303
    frozen(kst(2026, 6, 12, 10))  # the first 기한 (6/11) has ended
    officer = staff(demo, "officer")  # another day, another login: a session lasts STAFF_SESSION_HOURS
    assert case_page(officer, receipt_no).find(id="act-return") is None
    assert post_action(officer, receipt_no, "repeat-supplement", {"repeat_text": "위치도를 다시 요청합니다.",
                                                                  "repeat_days": "3"}).status_code == 303
    frozen(kst(2026, 6, 16, 10))  # 6/13..6/15 (월): the second 기한 has ended
    officer = staff(demo, "officer")
    page = case_page(officer, receipt_no)
    assert page.find(id="panel-deem_withdrawn") is None and page.find(id="act-return") is not None
    assert "도로점용 위치도" in page.find(id="return_reasons").get_text()  # the unanswered requests, prefilled
    assert "제35조" in page.find(id="return_remedies").get_text()  # a 법정민원: the remedies, prefilled
    refused = post_action(officer, receipt_no, "return", {"return_reasons": "위치도를 내지 않으셨습니다.",
                                                          "return_remedies": ""})
    assert refused.status_code == 409
    soup = parse(refused)
    assert "구제 절차" in soup.find(id="return_remedies-error").get_text()
    assert soup.find(id="return_reasons").get_text().strip() == "위치도를 내지 않으셨습니다."  # input kept
    done = post_action(officer, receipt_no, "return", {"return_reasons": "위치도를 내지 않으셨습니다.",
                                                       "return_remedies": "60일 이내 이의신청(법 제35조), 행정심판"})
    assert done.status_code == 303
    page = case_page(officer, receipt_no)
    assert "반려" in text_of(page, ".summary-list") and "위치도를 내지 않으셨습니다." in text_of(page, "#return-record")
    status = citizen_status(demo, receipt_no)
    assert "신청하신 민원을 반려했습니다" in status.get_text() and "이의신청(법 제35조)" in status.get_text()
    assert status.find(id="withdraw-title") is None and status.select_one(".result-due") is None
    assert "취하" not in text_of(status, "#return-title")
    with demo.app_context():
        assert complaint(receipt_no).status == "returned"
        mail = db.session.query(OutboxMessage).filter_by(template="complaint_returned").one()
        assert "행정심판" in render(mail)[1]


def test_extension_form_offers_only_the_grounds_the_law_allows(demo, frozen):
    """14.9: a 민원 received from 2026-05-06 gets 영 제21조① 제1호–제4호 only; an earlier one 부득이한 사유 too."""
    civil = staff(demo, "civil")

    def grounds(receipt_no: str) -> list[str]:
        return [o["value"] for o in case_page(civil, receipt_no).find(id="ext_ground").find_all("option") if o["value"]]

    frozen(kst(2026, 5, 5, 10))
    old = register(civil, "PROCEDURE-QUERY", kst(2026, 5, 4, 10))
    assert grounds(old) == ["UNAVOIDABLE", "COOPERATION_REQUIRED", "FACT_OR_SITE_CHECK", "FORCE_MAJEURE",
                            "EQUIVALENT"]
    frozen(kst(2026, 6, 8, 10))
    new = register(civil, "PROCEDURE-QUERY", kst(2026, 6, 8, 9))
    assert grounds(new) == ["COOPERATION_REQUIRED", "FACT_OR_SITE_CHECK", "FORCE_MAJEURE", "EQUIVALENT"]


@pytest.mark.parametrize(("reason", "words"), [("업무 많음", "단순 업무과중"),
                                              ("부득이한 사유로 연장합니다", "구체적인")])
def test_item_4_extension_needs_a_reason_a_reviewer_can_judge_decree_21(demo, frozen, reason, words):
    frozen(kst(2026, 6, 8, 10))
    civil = staff(demo, "civil")
    receipt_no = register(civil, "PROCEDURE-QUERY", kst(2026, 6, 8, 9))
    refused = post_action(civil, receipt_no, "extend", {"ext_amount": "3", "ext_ground": "EQUIVALENT",
                                                        "ext_reason": reason})
    assert refused.status_code == 409
    soup = parse(refused)
    assert words in soup.find(id="ext_reason-error").get_text()
    assert soup.find(id="ext_reason").get_text().strip() == reason  # the input is kept


def test_flag_and_late_supplement_request_rule_9_1(demo, frozen):
    frozen(kst(2026, 6, 8, 11))
    civil = staff(demo, "civil")
    receipt_no = register(civil, "PROCEDURE-QUERY", kst(2026, 6, 8, 10))
    assert post_action(civil, receipt_no, "supplement-needed", {"need_note": "신분증 사본 누락"}).status_code == 303
    page = case_page(civil, receipt_no)
    assert "2026. 6. 9. 10:00" in page.get_text() and "신분증 사본 누락" in page.get_text()
    assert page.find(id="late_reason") is None  # still within the 8 working hours
    frozen(kst(2026, 6, 9, 14))
    civil = staff(demo, "civil")  # another day, another login: a session lasts STAFF_SESSION_HOURS
    assert case_page(civil, receipt_no).find(id="late_reason") is not None
    assert post_action(civil, receipt_no, "request-supplement", {
        "request_text": "신분증 사본을 내 주세요.", "respond_days": "7",
        "late_reason": "현지조사에서 추가 서류가 필요함을 확인했습니다."}).status_code == 303
    page = case_page(civil, receipt_no)
    assert "접수 후 8근무시간 경과" in page.get_text() and "현지조사에서" in page.get_text()


def test_merged_complaint_page_and_merge_refusals_decree_6_7(demo, frozen):
    numbers = []
    for i, name in enumerate(["홍길동", "박하나", "최둘", "정셋", "강넷"]):
        frozen(kst(2026, 6, 8, 10, i))
        numbers.append(filed_receipt_no(demo.test_client(), name=name, email=f"m{i}@example.kr"))
    officer = staff(demo, "officer")
    primary, others = numbers[0], numbers[1:]
    refused = post_action(officer, others[0], "merge", {"merge_numbers": "\n".join([primary, *others[1:]])})
    assert refused.status_code == 409
    error = parse(refused).find(id="merge_numbers-error").get_text()
    assert f"{primary}이(가) 이 민원보다 먼저 접수되었습니다" in error
    assert post_action(officer, primary, "merge", {"merge_numbers": "\n".join(others)}).status_code == 303
    page = case_page(officer, others[0])
    assert f"{primary}에 병합되어" in page.get_text() and page.find(id="act-answer") is None
    assert "접수" in text_of(page, ".summary-list")  # keeps its own status
    with demo.app_context():
        assert {complaint(n).status for n in others} == {"received"}


def test_grievance_referral_through_the_pages_decree_17_2(demo, frozen):
    frozen(kst(2026, 6, 8, 9))  # both earlier answers go out before the third filing is received
    civil = staff(demo, "civil")
    first = register(civil, "GRIEVANCE", kst(2026, 5, 11, 10), title="같은 고충")
    second = register(civil, "GRIEVANCE", kst(2026, 5, 25, 10), title="같은 고충")
    for receipt_no in (first, second):
        assert post_action(civil, receipt_no, "answer", {"text": "처분은 적법합니다.",
                                                         "outcome": "accepted"}).status_code == 303
    frozen(kst(2026, 6, 8, 11))
    third = register(civil, "GRIEVANCE", kst(2026, 6, 8, 10), title="같은 고충")
    earlier = f"{first}\n{second}"
    refused = post_action(civil, third, "close-repeated", {"earlier_numbers": earlier})
    assert refused.status_code == 409 and "감사부서" in text_of(parse(refused), "#error-summary")
    page = case_page(civil, third)
    assert page.find(id="audit_department").find("option")["value"]  # the configured 감사부서 first
    with demo.app_context():
        c = complaint(third)
        due = c.due_date.isoformat()
        audit_id = int(page.find(id="audit_department").find("option")["value"])
        from organization.models import Department

        assert db.session.get(Department, audit_id).code == "HB-AUDIT"
    assert post_action(civil, third, "audit-referral", {
        "audit_department": str(audit_id), "audit_earlier": earlier, "audit_text": "원처분의 적법성을 조사해 주세요.",
        "audit_due": due}).status_code == 303
    page = case_page(civil, third)
    assert "원처분의 적법성" in text_of(page, "#audit-record")
    assert post_action(civil, third, "close-repeated", {"earlier_numbers": earlier}).status_code == 303
    with demo.app_context():
        assert complaint(third).status == "closed"
        assert db.session.query(Complaint).filter_by(receipt_no=third).one().events[-1].action == "closed_repeated"


def test_auditor_reads_a_returned_complaint(demo, frozen):
    """Read-only roles see the 반려 record but no action panel."""
    frozen(kst(2026, 6, 8, 10))
    receipt_no = filed_receipt_no(demo.test_client(), type_code="PROCEDURE-QUERY")
    civil = staff(demo, "civil")
    post_action(civil, receipt_no, "request-supplement", {"request_text": "사본", "respond_days": "1"})
    frozen(kst(2026, 6, 10, 10))
    civil = staff(demo, "civil")  # another day, another login: a session lasts STAFF_SESSION_HOURS
    post_action(civil, receipt_no, "repeat-supplement", {"repeat_text": "다시", "repeat_days": "1"})
    frozen(kst(2026, 6, 12, 10))
    civil = staff(demo, "civil")
    assert post_action(civil, receipt_no, "return", {"return_reasons": "보완하지 않으셨습니다.",
                                                     "return_remedies": ""}).status_code == 303
    auditor = demo.test_client()
    login(auditor, "auditor")
    page = parse(auditor.get(f"/staff/complaints/{receipt_no}"))
    assert "보완하지 않으셨습니다." in text_of(page, "#return-record") and page.find(id="act-return") is None
    assert text_of(page, ".deadline-ended") == "처리가 끝났습니다(반려). 위 날짜는 처리 중일 때의 처리기한입니다."
