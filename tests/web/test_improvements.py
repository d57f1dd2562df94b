"""The 제도개선 register through its pages (issue 20): who may do what, the 민원 linked both ways, the notice to the
민원인 who asked to be told (and to no one else, once), the public page without personal data, and the officer's
category, tags and cause on the case page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from civil_complaints.complaint_models import Complaint, ComplaintCategory, ComplaintTag
from civil_complaints.domain.improvements import ImprovementAction
from civil_complaints.improvements import services
from civil_complaints.improvements.models import Improvement
from civil_complaints.improvements.notices import queue_done_notices
from core.clock import now_utc
from core.extensions import db
from notifications.models import OutboxMessage
from organization.models import Department
from tests.complaint_helpers import filed_receipt_no
from tests.helpers import csrf_token_from, login, parse, post_form, text_of
from tests.workflow_helpers import user


def _client(demo, account: str):
    client = demo.test_client()
    assert login(client, account).status_code == 302
    return client


def _department_id(code: str) -> int:
    return db.session.scalar(select(Department.id).where(Department.code == code))


def _version(demo, improvement_id: int) -> int:
    with demo.app_context():
        return db.session.get(Improvement, improvement_id).version


def _propose(client, demo, numbers: list[str], *, title: str = "주차 안내 표지 개선", department: str = "HB-ROADS"):
    with demo.app_context():
        department_id = _department_id(department)
    response = post_form(client, "/staff/improvements/new", {
        "title": title, "problem": "주차 안내 표지가 헷갈린다는 민원이 이어졌습니다.", "department_id": department_id,
        "receipt_numbers": "\n".join(numbers), "progress": "0"})
    assert response.status_code == 303, parse(response).select(".form-hint-invalid")
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _step(client, demo, improvement_id: int, step: str, **texts):
    return post_form(client, f"/staff/improvements/{improvement_id}/step",
                     {"version": _version(demo, improvement_id), "step": step, **texts},
                     form_page=f"/staff/improvements/{improvement_id}")


def _finish(client, demo, improvement_id: int, changed: str = "주차 안내 표지를 모두 새로 달았습니다."):
    assert _step(client, demo, improvement_id, "review").status_code == 303
    assert _step(client, demo, improvement_id, "start", step_decision="과장 결재로 결정").status_code == 303
    return _step(client, demo, improvement_id, "finish", step_what_changed=changed, step_changed_on="2026-11-02")


def test_a_head_links_complaints_and_the_consenting_complainants_are_told_once(demo):
    citizen = demo.test_client()
    told = filed_receipt_no(citizen, name="김알림", email="told@example.kr", improvement_consent="y")
    silent = filed_receipt_no(citizen, name="박조용", email="silent@example.kr", phone="010-5555-6666")
    by_text = filed_receipt_no(citizen, name="이문자", email="", phone="010-7777-8888", notify_channel="sms",
                               improvement_consent="y")
    with demo.app_context():
        consented = {c.receipt_no: c.improvement_consent_at for c in db.session.scalars(select(Complaint))}
    assert consented[told] is not None and consented[by_text] is not None and consented[silent] is None

    head = _client(demo, "head")
    improvement_id = _propose(head, demo, [told, silent, by_text])
    case = parse(head.get(f"/staff/complaints/{silent}"))
    assert "주차 안내 표지 개선" in text_of(case, "#case-improvements")  # linked back from each 민원's case page
    page = parse(head.get(f"/staff/improvements/{improvement_id}"))
    assert {a.get_text() for a in page.select("#linked-complaint-list a")} == {told, silent, by_text}

    assert _finish(head, demo, improvement_id).status_code == 303
    with demo.app_context():
        improvement = db.session.get(Improvement, improvement_id)
        assert (improvement.status, improvement.progress) == ("done", 100)
        sent = {m.idempotency_key.rsplit(":", 1)[1]: m for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "complaint_improvement_done"))}
        assert {m.idempotency_key for m in sent.values()} == {f"improvement-done:{improvement_id}:{told}",
                                                              f"improvement-done:{improvement_id}:{by_text}"}
        assert (sent[told].channel, sent[told].recipient) == ("email", "told@example.kr")
        assert (sent[by_text].channel, sent[by_text].recipient) == ("sms", "010-7777-8888")
        assert "주차 안내 표지를 모두 새로 달았습니다" in sent[told].payload
        assert queue_done_notices(improvement, now=now_utc()) == 0  # once each: the key refuses a second
        db.session.commit()
        assert db.session.query(OutboxMessage).filter_by(template="complaint_improvement_done").count() == 2
    # finished is final: a second finish, or an edit, is refused and changes nothing
    again = _step(head, demo, improvement_id, "finish", step_what_changed="다시")
    assert again.status_code == 409
    assert "새 과제를 제안" in parse(again).get_text()


def test_the_public_page_lists_finished_improvements_without_personal_data(demo):
    citizen = demo.test_client()
    receipt = filed_receipt_no(citizen, name="홍비밀", phone="010-9876-5432", email="secret@example.kr",
                               improvement_consent="y")
    head = _client(demo, "head")
    finished = _propose(head, demo, [receipt], title="보도블록 정비 기준 개선")
    assert _finish(head, demo, finished, changed="보도블록 들뜸 신고는 7일 안에 정비합니다.").status_code == 303
    _propose(head, demo, [receipt], title="아직 검토 중인 과제")

    home = demo.test_client().get("/")
    assert parse(home).select_one('a[href="/improvements"]') is not None  # linked from the home page
    response = demo.test_client().get("/improvements")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "보도블록 정비 기준 개선" in body and "보도블록 들뜸 신고는 7일 안에 정비합니다." in body
    assert "2026. 11. 2." in body
    assert "아직 검토 중인 과제" not in body
    for personal in ("홍비밀", "010-9876-5432", "secret@example.kr", receipt, "HB-"):
        assert personal not in body, personal


def test_the_public_page_is_paginated(demo):
    with demo.app_context():
        head = user("head")
        for number in range(12):
            improvement = services.create(head, services.ImprovementData(
                title=f"개선 과제 {number:02d}", problem="요청", department_id=head.department_id), now=now_utc())
            services.step(head, improvement, ImprovementAction.REVIEW, decision=None, what_changed=None,
                          changed_on=None, now=now_utc())
            services.step(head, improvement, ImprovementAction.START, decision="결정", what_changed=None,
                          changed_on=None, now=now_utc())
            services.step(head, improvement, ImprovementAction.FINISH, decision=None, what_changed="바뀜",
                          changed_on=None, now=now_utc())
        db.session.commit()
    client = demo.test_client()
    first, second = parse(client.get("/improvements")), parse(client.get("/improvements?page=2"))
    assert len(first.select("article.improvement-card")) == 10
    assert len(second.select("article.improvement-card")) == 2
    assert first.select_one('a[rel="next"]')["href"] == "/improvements?page=2"
    assert client.get("/improvements?page=x").status_code == 400


def _two_improvements(demo) -> tuple[int, int]:
    """One of 도로과 (the demo head's department) and one of 자원순환과, both 추진 중 with a milestone."""
    ids = []
    with demo.app_context():
        reviewer = user("reviewer")
        for code in ("HB-ROADS", "HB-CLEAN"):
            improvement = services.create(reviewer, services.ImprovementData(
                title=f"{code} 과제", problem="요청", department_id=_department_id(code)), now=now_utc())
            services.add_milestone(reviewer, improvement, title="안내문 개정", due_on=now_utc().date(), now=now_utc())
            ids.append(improvement.id)
        db.session.commit()
    return ids[0], ids[1]


#: account → may it (read the register, edit 도로과's improvement, edit 자원순환과's)
RIGHTS = {"head": (True, True, False), "reviewer": (True, True, True), "admin": (True, True, True),
          "auditor": (True, False, False), "officer": (False, False, False), "records": (False, False, False)}


@pytest.mark.parametrize("account", sorted(RIGHTS))
def test_the_register_by_role(demo, account):
    roads, clean = _two_improvements(demo)
    read, edit_own, edit_other = RIGHTS[account]
    client = _client(demo, account)
    token = csrf_token_from(client.get("/staff/"))
    assert client.get("/staff/improvements").status_code == (200 if read else 403)
    for improvement_id, may_edit in ((roads, edit_own), (clean, edit_other)):
        assert client.get(f"/staff/improvements/{improvement_id}").status_code == (200 if read else 403)
        assert client.get(f"/staff/improvements/{improvement_id}/edit").status_code == (200 if may_edit else 403)
        version = _version(demo, improvement_id)
        with demo.app_context():
            milestone_id = db.session.get(Improvement, improvement_id).milestones[0].id
        posts = [(f"/staff/improvements/{improvement_id}/step", {"step": "review"}),
                 (f"/staff/improvements/{improvement_id}/milestones",
                  {"milestone_title": "점검", "milestone_due": "2026-12-31"}),
                 (f"/staff/improvements/{improvement_id}/milestones/{milestone_id}/done", {"done_on": "2026-12-01"})]
        for url, data in posts:
            response = client.post(url, data={"csrf_token": token, "version": version, **data})
            assert response.status_code == (303 if may_edit else 403), (account, url, response.status_code)
            version = _version(demo, improvement_id)
        with demo.app_context():
            improvement = db.session.get(Improvement, improvement_id)
            changed = (improvement.status, len(improvement.milestones), improvement.milestones[0].done_on is not None)
        assert changed == (("reviewing", 2, True) if may_edit else ("proposed", 1, False)), account
    page = parse(client.get(f"/staff/improvements/{roads}")) if read else None
    if page is not None:
        assert (page.select_one(f'form[action="/staff/improvements/{roads}/step"]') is not None) is edit_own


def test_a_head_may_link_only_complaints_they_may_read_and_unknown_numbers_are_refused(demo):
    citizen = demo.test_client()
    roads = filed_receipt_no(citizen)
    clean = filed_receipt_no(citizen, type_code="ILLEGAL-DUMPING", title="쓰레기 무단투기")
    head = _client(demo, "head")
    with demo.app_context():
        department_id = _department_id("HB-ROADS")
    form = {"title": "과제", "problem": "요청", "department_id": department_id, "progress": "0"}
    for numbers in (f"{roads}\n{clean}", f"{roads}\nHB-0000-999999"):
        response = post_form(head, "/staff/improvements/new", {**form, "receipt_numbers": numbers})
        assert response.status_code == 400
        refused = clean if clean in numbers else "HB-0000-999999"
        assert text_of(parse(response), "#receipt_numbers-error").endswith(refused)
        assert roads not in text_of(parse(response), "#receipt_numbers-error")
        assert parse(response).select_one("textarea#receipt_numbers").get_text().strip() == numbers  # kept
    # a head cannot give an improvement to another department
    with demo.app_context():
        other = _department_id("HB-CLEAN")
    assert post_form(head, "/staff/improvements/new", {**form, "department_id": other,
                                                       "receipt_numbers": roads}).status_code == 400
    with demo.app_context():
        assert db.session.query(Improvement).count() == 0
    reviewer = _client(demo, "reviewer")
    assert _propose(reviewer, demo, [roads, clean])  # 민원심사관: every 민원


def test_an_edit_with_a_stale_version_is_refused_with_the_input_kept(demo):
    roads, _clean = _two_improvements(demo)
    head = _client(demo, "head")
    page = head.get(f"/staff/improvements/{roads}/edit")
    stale = parse(page).select_one('input[name="version"]')["value"]
    assert _step(head, demo, roads, "review").status_code == 303  # someone moves it on meanwhile
    with demo.app_context():
        department_id = _department_id("HB-ROADS")
    response = head.post(f"/staff/improvements/{roads}/edit", data={
        "csrf_token": csrf_token_from(page), "version": stale, "title": "새 제목", "problem": "새 요청",
        "department_id": department_id, "progress": "30", "receipt_numbers": ""})
    assert response.status_code == 409
    assert parse(response).select_one("input#title")["value"] == "새 제목"
    with demo.app_context():
        assert db.session.get(Improvement, roads).title == "HB-ROADS 과제"


def test_starting_without_a_decision_is_refused(demo):
    roads, _clean = _two_improvements(demo)
    head = _client(demo, "head")
    assert _step(head, demo, roads, "review").status_code == 303
    response = _step(head, demo, roads, "start", step_decision="")
    assert response.status_code == 409
    assert "결정 사항" in parse(response).get_text()
    with demo.app_context():
        assert db.session.get(Improvement, roads).status == "reviewing"


def test_the_answer_records_the_cause_and_a_stale_version_keeps_the_input(demo):
    citizen = demo.test_client()
    first, second = filed_receipt_no(citizen), filed_receipt_no(citizen, title="두 번째 민원")
    officer = _client(demo, "officer")
    page = officer.get(f"/staff/complaints/{first}")
    version = parse(page).select_one('form[action$="/answer"] input[name="version"]')["value"]
    response = officer.post(f"/staff/complaints/{first}/answer", data={
        "csrf_token": csrf_token_from(page), "version": version, "text": "보수를 마쳤습니다.", "outcome": "accepted",
        "cause": "배수 불량으로 도로가 약해짐", "systemic": "y"})
    assert response.status_code == 303
    with demo.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.receipt_no == first))
        assert (complaint.status, complaint.cause, complaint.is_systemic) == ("answered", "배수 불량으로 도로가 약해짐",
                                                                              True)

    page = officer.get(f"/staff/complaints/{second}")
    stale = parse(page).select_one('form[action$="/answer"] input[name="version"]')["value"]
    classify = officer.post(f"/staff/complaints/{second}/classify", data={
        "csrf_token": csrf_token_from(page), "version": stale, "category_id": "", "tags": "포트홀"})
    assert classify.status_code == 303  # the 민원 changed: the answer form's version is now stale
    response = officer.post(f"/staff/complaints/{second}/answer", data={
        "csrf_token": csrf_token_from(page), "version": stale, "text": "늦은 답변입니다.", "outcome": "accepted",
        "cause": "표지 누락", "systemic": "y"})
    assert response.status_code == 409
    kept = parse(response)
    assert kept.select_one("textarea#text").get_text().strip() == "늦은 답변입니다."
    assert kept.select_one("input#cause")["value"] == "표지 누락"
    with demo.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.receipt_no == second))
        assert (complaint.status, complaint.cause, complaint.is_systemic) == ("received", None, None)


def test_an_officer_sets_the_category_and_normalised_tags(demo):
    receipt = filed_receipt_no(demo.test_client())
    with demo.app_context():
        category = db.session.scalar(select(ComplaintCategory).where(ComplaintCategory.name_ko == "주차"))
        category_id = category.id
    officer = _client(demo, "officer")
    page = officer.get(f"/staff/complaints/{receipt}")
    version = parse(page).select_one('form[action$="/classify"] input[name="version"]')["value"]
    response = officer.post(f"/staff/complaints/{receipt}/classify", data={
        "csrf_token": csrf_token_from(page), "version": version, "category_id": category_id,
        "tags": " School  Zone, 주차,주차 ,#불법 주차"})
    assert response.status_code == 303
    with demo.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.receipt_no == receipt))
        assert complaint.category_id == category_id and str(complaint.version) != version
        assert set(db.session.scalars(select(ComplaintTag.tag).where(ComplaintTag.complaint_id == complaint.id))) \
            == {"school zone", "주차", "불법 주차"}
    shown = parse(officer.get(f"/staff/complaints/{receipt}"))
    assert "도로·교통 › 주차" in text_of(shown, "#classification")
    too_many = ",".join(f"태그{i}" for i in range(11))
    page = officer.get(f"/staff/complaints/{receipt}")
    version = parse(page).select_one('form[action$="/classify"] input[name="version"]')["value"]
    refused = officer.post(f"/staff/complaints/{receipt}/classify", data={
        "csrf_token": csrf_token_from(page), "version": version, "category_id": category_id, "tags": too_many})
    assert refused.status_code == 409
    assert parse(refused).select_one("input#tags")["value"] == too_many
    assert "10개까지" in parse(refused).get_text()


def test_administrators_keep_a_two_level_list_of_at_most_twenty_top_categories(demo):
    admin = _client(demo, "admin")
    with demo.app_context():
        top = db.session.scalar(select(ComplaintCategory).where(ComplaintCategory.name_ko == "도로·교통"))
        child = db.session.scalar(select(ComplaintCategory).where(ComplaintCategory.name_ko == "주차"))
        tops = db.session.query(ComplaintCategory).filter_by(parent_id=None, is_active=True).count()
        top_id, child_id = top.id, child.id
    added = post_form(admin, "/admin/complaint-categories", {"name_ko": "교통약자", "name_en": "Mobility",
                                                             "parent_id": top_id, "position": "9", "is_active": "y"})
    assert added.status_code == 303
    third_level = post_form(admin, "/admin/complaint-categories", {"name_ko": "셋째", "name_en": "Third",
                                                                   "parent_id": child_id, "is_active": "y"})
    assert third_level.status_code == 400  # a subcategory is not offered as a parent
    for number in range(20 - tops):
        assert post_form(admin, "/admin/complaint-categories", {
            "name_ko": f"분류{number}", "name_en": f"C{number}", "parent_id": "", "is_active": "y"}).status_code == 303
    refused = post_form(admin, "/admin/complaint-categories", {"name_ko": "스물한째", "name_en": "21st",
                                                               "parent_id": "", "is_active": "y"})
    assert refused.status_code == 400
    assert "20개까지" in parse(refused).get_text()
    with demo.app_context():
        assert db.session.query(ComplaintCategory).filter_by(parent_id=None, is_active=True).count() == 20
        assert db.session.query(ComplaintCategory).filter_by(name_ko="교통약자").one().parent_id == top_id
    assert admin.get(f"/admin/complaint-categories/{child_id}/edit").status_code == 200
    for account in ("head", "auditor", "officer", "reviewer"):
        client = _client(demo, account)
        assert client.get(f"/admin/complaint-categories/{child_id}/edit").status_code == 403
