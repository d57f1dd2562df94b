"""The officer's daily tools (issue 17): internal notes, bulk assignment, saved queue filters, possible duplicates."""

from __future__ import annotations

import io
import itertools
import json
from datetime import datetime, timedelta

from pypdf import PdfReader
from sqlalchemy import select

from civil_complaints.casework.notes import ComplaintNote
from civil_complaints.complaint_models import Complaint, ComplaintEvent
from civil_complaints.intake.services import IntakeData
from civil_complaints.letters.services import NoticeLetter
from civil_complaints.queues.saved_filters import MAX_PER_USER, SavedQueueFilter
from core.clock import KST, now_utc
from core.extensions import db
from tests.complaint_helpers import filed_receipt_no
from tests.helpers import csrf_token_from, login, parse, post_form, text_of
from tests.web.test_api_v1 import _key
from tests.web.test_letters_and_records import register_letter
from tests.workflow_helpers import file_as_web, user

NOTE = "민원인과 통화함: 내일 현장 확인 예정 (내부메모-7319)"


def _staff(app, account: str):
    client = app.test_client()
    login(client, account)
    return client


def _case(client, receipt_no: str):
    return client.get(f"/staff/complaints/{receipt_no}")


def _post_note(client, receipt_no: str, text: str):
    return post_form(client, f"/staff/complaints/{receipt_no}/notes", {"note_text": text},
                     form_page=f"/staff/complaints/{receipt_no}")


def _complaint(app, receipt_no: str) -> Complaint:
    return db.session.scalar(select(Complaint).where(Complaint.receipt_no == receipt_no))


# ---------------------------------------------------------------- internal notes

def test_a_note_is_kept_in_the_staff_history_marked_internal_and_changes_nothing_else(demo):
    receipt_no = filed_receipt_no(demo.test_client())
    with demo.app_context():
        before = (_complaint(demo, receipt_no).version, len(_complaint(demo, receipt_no).events))
    officer = _staff(demo, "officer")
    response = _post_note(officer, receipt_no, "  " + NOTE + "\n두 번째 줄  ")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/staff/complaints/{receipt_no}#history")
    with demo.app_context():
        [note] = db.session.scalars(select(ComplaintNote)).all()
        assert (note.text, note.author.login_id) == (NOTE + "\n두 번째 줄", "officer")
        assert note.created_at.tzinfo is not None
        complaint = _complaint(demo, receipt_no)
        assert (complaint.version, len(complaint.events)) == before  # no version bump, no event
    for account in ("officer", "head", "auditor"):
        page = parse(_case(_staff(demo, account), receipt_no))
        [row] = page.select(".timeline .timeline-internal")
        assert NOTE in row.get_text() and "김담당" in row.get_text()
        assert "민원인에게 보이지 않음" in text_of(row, ".internal-mark")
        assert row.find_previous_sibling("li").get("class") == ["timeline-received"]  # in time order
    assert page.select_one("#note_text") is None  # the auditor reads but has no form


def test_a_note_is_refused_when_empty_or_too_long_with_the_text_kept(demo):
    receipt_no = filed_receipt_no(demo.test_client())
    officer = _staff(demo, "officer")
    empty = _post_note(officer, receipt_no, "   ")
    assert empty.status_code == 400
    assert "메모를 입력하세요" in parse(empty).find(id="note_text-error").get_text()
    long_text = "가" * 2001
    too_long = _post_note(officer, receipt_no, long_text)
    assert too_long.status_code == 400
    soup = parse(too_long)
    assert soup.find(id="note_text").get_text().strip() == long_text  # kept
    assert soup.find(id="note_text-error") is not None and soup.select_one(".app-error-summary") is not None
    assert text_of(soup, "title").startswith("오류 - ")
    with demo.app_context():
        assert db.session.scalar(select(ComplaintNote.id)) is None


def test_only_those_who_handle_the_complaint_may_write_notes(demo):
    receipt_no = filed_receipt_no(demo.test_client())
    for account, status in (("auditor", 403), ("officer2", 403), ("admin", 403), ("head", 303)):
        client = _staff(demo, account)
        token = csrf_token_from(client.get("/staff/"))
        response = client.post(f"/staff/complaints/{receipt_no}/notes", data={"csrf_token": token,
                                                                              "note_text": f"{account} 메모"})
        assert response.status_code == status, account
    with demo.app_context():
        assert [n.text for n in db.session.scalars(select(ComplaintNote))] == ["head 메모"]


def _no_table_but_notes_holds(marker: str) -> None:
    """The note's text is stored nowhere else: no event, outbox message, letter, log."""
    for table in db.metadata.sorted_tables:
        if table.name == "complaint_notes":
            continue
        for row in db.session.execute(select(table)).all():
            assert marker not in json.dumps([str(v) for v in row], ensure_ascii=False), table.name


def test_a_note_never_reaches_the_complainant_the_api_or_open311(demo):
    citizen = demo.test_client()
    receipt_no = filed_receipt_no(citizen)
    officer = _staff(demo, "officer")
    assert _post_note(officer, receipt_no, NOTE).status_code == 303
    answered = post_form(officer, f"/staff/complaints/{receipt_no}/answer", {"text": "보수를 마쳤습니다."},
                         form_page=f"/staff/complaints/{receipt_no}")
    assert answered.status_code == 303
    assert NOTE in _case(officer, receipt_no).get_data(as_text=True)  # the staff page has it
    status_page = citizen.get(f"/complaints/{receipt_no}")
    assert status_page.status_code == 200 and "보수를 마쳤습니다" in status_page.get_data(as_text=True)
    receipt_page = citizen.get(f"/complaints/{receipt_no}/receipt")
    pdf = citizen.get(f"/complaints/{receipt_no}/receipt.pdf")
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    headers = {"Authorization": f"Bearer {_key(demo, 'officer')}"}
    api = demo.test_client().get(f"/api/v1/complaints/{receipt_no}", headers=headers)
    assert api.status_code == 200 and api.get_json()["receipt_no"] == receipt_no
    feed = demo.test_client().get(f"/open311/v2/requests/{receipt_no}.json")
    assert feed.status_code == 200 and receipt_no in feed.get_data(as_text=True)
    for text in (status_page.get_data(as_text=True), receipt_page.get_data(as_text=True), pdf_text,
                 json.dumps(api.get_json(), ensure_ascii=False), json.dumps(feed.get_json(), ensure_ascii=False)):
        assert "내부메모-7319" not in text and "내부 메모" not in text
    assert "internal_note" not in json.dumps(api.get_json())
    with demo.app_context():
        _no_table_but_notes_holds("내부메모-7319")


def test_a_note_never_reaches_a_letter_sent_by_post(demo, frozen):
    frozen(datetime(2026, 6, 8, 10, tzinfo=KST))
    officer = _staff(demo, "officer")
    receipt_no = register_letter(officer)
    assert _post_note(officer, receipt_no, NOTE).status_code == 303
    assert post_form(officer, f"/staff/complaints/{receipt_no}/answer", {"text": "보수를 마쳤습니다."},
                     form_page=f"/staff/complaints/{receipt_no}").status_code == 303
    with demo.app_context():
        letter_ids = list(db.session.scalars(select(NoticeLetter.id)))
    assert letter_ids
    for letter_id in letter_ids:
        pdf = officer.get(f"/staff/letters/{letter_id}.pdf")
        assert pdf.status_code == 200
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
        assert "보수를" in text.replace("\n", " ") or "답변" in text
        assert "7319" not in text
    with demo.app_context():
        _no_table_but_notes_holds("내부메모-7319")


# ---------------------------------------------------------------- bulk assignment

def _filed(demo, n: int, code: str = "ROAD-DAMAGE") -> list[str]:
    client = demo.test_client()
    return [filed_receipt_no(client, type_code=code, title=f"일괄 배정 {i}") for i in range(n)]


def _ticks(demo, numbers: list[str]) -> list[str]:
    with demo.app_context():
        return [f"{n}:{_complaint(demo, n).version}" for n in numbers]


def _bulk(client, data: dict, query: str = "tab=unassigned"):
    token = csrf_token_from(client.get(f"/staff/complaints?{query}"))
    return client.post(f"/staff/complaints/bulk-assign?{query}", data={"csrf_token": token, **data})


def test_a_head_assigns_several_complaints_each_through_the_assignment_service(demo):
    numbers = _filed(demo, 3)
    head = _staff(demo, "head")
    page = parse(head.get("/staff/complaints?tab=unassigned"))
    assert len(page.select("input[name=selected][form=bulk-assign]")) == 3
    with demo.app_context():
        officer_id = user("officer").id
    response = _bulk(head, {"bulk_assignee": officer_id, "selected": _ticks(demo, numbers[:2])})
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff/complaints?tab=unassigned"
    with demo.app_context():
        for number in numbers[:2]:
            complaint = _complaint(demo, number)
            assert (complaint.assignee_id, complaint.status, complaint.version) == (officer_id, "assigned", 2)
            event = complaint.events[-1]
            assert (event.action, event.actor.login_id) == ("assigned", "head")
            assert json.loads(event.detail)["assignee_after"] == "김담당"
        assert _complaint(demo, numbers[2]).assignee_id is None
    done = parse(head.get("/staff/complaints?tab=unassigned"))
    assert "2건을 김담당에게 배정했습니다" in done.get_text()


def test_one_refused_complaint_saves_nothing_and_the_page_says_which_and_why(demo):
    numbers = _filed(demo, 3)
    head = _staff(demo, "head")
    ticks = _ticks(demo, numbers)
    with demo.app_context():
        officer_id = user("officer").id
        stale = _complaint(demo, numbers[1])
        stale.title = "다른 사람이 고침"  # changed after the page was shown: its version moves on
        db.session.commit()
    response = _bulk(head, {"bulk_assignee": officer_id, "selected": ticks + ["HB-9999-999999:1"]})
    assert response.status_code == 400
    soup = parse(response)
    refusals = [li.get_text(" ", strip=True) for li in soup.select(".bulk-assign .app-error-summary ul li")]
    assert len(refusals) == 2
    assert refusals[0].startswith(numbers[1]) and "다른 사용자가" in refusals[0]
    assert refusals[1].startswith("HB-9999-999999") and "없거나" in refusals[1]
    kept = {box["value"].split(":")[0] for box in soup.select("input[name=selected][checked]")}
    assert kept == set(numbers)  # the ticks are kept
    assert soup.find(id="bulk_assignee").find("option", selected=True)["value"] == str(officer_id)
    with demo.app_context():
        for number in numbers:
            complaint = _complaint(demo, number)
            assert complaint.assignee_id is None and complaint.status == "received"
            assert [e.action for e in complaint.events] == ["received"]


def test_a_state_machine_refusal_is_named_too(demo):
    numbers = _filed(demo, 2)
    head = _staff(demo, "head")
    with demo.app_context():
        officer_id = user("officer").id
    assert _bulk(head, {"bulk_assignee": officer_id, "selected": _ticks(demo, numbers[:1])}).status_code == 303
    again = _bulk(head, {"bulk_assignee": officer_id, "selected": _ticks(demo, numbers)}, query="tab=department")
    assert again.status_code == 400
    text = parse(again).select_one(".bulk-assign .app-error-summary").get_text(" ", strip=True)
    assert numbers[0] in text and "이미 이 담당자에게 배정되어" in text and numbers[1] not in text
    with demo.app_context():
        assert _complaint(demo, numbers[1]).assignee_id is None


def test_bulk_assignment_form_errors_keep_the_ticks(demo):
    numbers = _filed(demo, 1)
    head = _staff(demo, "head")
    no_officer = _bulk(head, {"bulk_assignee": "", "selected": _ticks(demo, numbers)})
    assert no_officer.status_code == 400
    soup = parse(no_officer)
    assert "담당자를 고르세요" in soup.find(id="bulk_assignee-error").get_text()
    assert soup.select_one(f"input[name=selected][value^='{numbers[0]}:']").has_attr("checked")
    with demo.app_context():
        officer_id = user("officer").id
    nothing = _bulk(head, {"bulk_assignee": officer_id})
    assert nothing.status_code == 400 and "하나 이상" in parse(nothing).find(id="bulk_assignee-error").get_text()
    forged = _bulk(head, {"bulk_assignee": officer_id, "selected": ["<script>"]})
    assert forged.status_code == 400


def test_only_heads_see_and_may_use_bulk_assignment(demo):
    numbers = _filed(demo, 1)
    with demo.app_context():
        officer_id = user("officer").id
    for account in ("officer", "auditor", "officer2"):
        client = _staff(demo, account)
        assert parse(client.get("/staff/complaints")).select_one("#bulk-assign") is None, account
        assert parse(client.get("/staff/complaints")).select_one("input[name=selected]") is None, account
        response = _bulk(client, {"bulk_assignee": officer_id, "selected": _ticks(demo, numbers)})
        assert response.status_code == 403, account
    with demo.app_context():
        assert _complaint(demo, numbers[0]).assignee_id is None


def test_a_head_cannot_bulk_assign_another_departments_complaint(demo):
    [other] = _filed(demo, 1, code="ILLEGAL-DUMPING")  # 자원순환과
    head = _staff(demo, "head")
    with demo.app_context():
        officer_id = user("officer").id
    response = _bulk(head, {"bulk_assignee": officer_id, "selected": _ticks(demo, [other])})
    assert response.status_code == 400
    assert "없거나" in parse(response).select_one(".bulk-assign .app-error-summary").get_text()
    with demo.app_context():
        assert _complaint(demo, other).assignee_id is None


# ---------------------------------------------------------------- saved filters

def _save(client, name: str, query: str):
    token = csrf_token_from(client.get(f"/staff/complaints?{query}"))
    return client.post(f"/staff/complaints/saved-filters?{query}", data={"csrf_token": token, "filter_name": name})


def test_saving_applying_and_deleting_own_search_conditions(demo):
    officer = _staff(demo, "officer")
    response = _save(officer, " 김담당의   법정 조건 ", "tab=overdue&kind=statutory&after=1.2&q=&evil=1")
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff/complaints?tab=overdue&kind=statutory"
    with demo.app_context():
        [saved] = db.session.scalars(select(SavedQueueFilter)).all()
        assert (saved.name, saved.query, saved.user_id) == ("김담당의 법정 조건", "tab=overdue&kind=statutory",
                                                             user("officer").id)
        saved_id = saved.id
    page = parse(officer.get("/staff/complaints"))
    link = page.select_one(".saved-filter-list a")
    assert link.get_text(strip=True) == "김담당의 법정 조건"
    assert link["href"] == "/staff/complaints?tab=overdue&kind=statutory"
    applied = parse(officer.get(link["href"]))
    assert applied.select_one(".queue-tabs [aria-current=page]").get_text(strip=True) == "기한 경과"
    assert applied.find(id="kind").find("option", selected=True)["value"] == "statutory"
    for account in ("head", "auditor"):  # nobody else sees it, applies it or deletes it
        other = _staff(demo, account)
        assert "김담당의 법정 조건" not in other.get("/staff/complaints").get_data(as_text=True)
        token = csrf_token_from(other.get("/staff/complaints"))
        assert other.post(f"/staff/complaints/saved-filters/{saved_id}/delete",
                          data={"csrf_token": token}).status_code == 404
    token = csrf_token_from(officer.get("/staff/complaints"))
    deleted = officer.post(f"/staff/complaints/saved-filters/{saved_id}/delete?tab=mine", data={"csrf_token": token})
    assert deleted.status_code == 303 and deleted.headers["Location"] == "/staff/complaints?tab=mine"
    with demo.app_context():
        assert db.session.scalar(select(SavedQueueFilter.id)) is None


def test_saving_is_refused_with_the_name_kept(demo):
    officer = _staff(demo, "officer")
    assert _save(officer, "", "tab=mine").status_code == 400
    assert _save(officer, "오늘", "tab=due_today").status_code == 303
    taken = _save(officer, "오늘", "tab=overdue")
    assert taken.status_code == 400
    soup = parse(taken)
    assert "같은 이름" in soup.find(id="filter_name-error").get_text()
    assert soup.find(id="filter_name")["value"] == "오늘"
    assert soup.select_one(".queue-tabs [aria-current=page]").get_text(strip=True) == "기한 경과"  # same queue
    invalid = _save(officer, "잘못된 날짜", "tab=mine&received_from=2026-13-45")
    assert invalid.status_code == 400
    assert "검색 조건에 오류" in parse(invalid).find(id="filter_name-error").get_text()
    assert _save(officer, "가" * 61, "tab=mine").status_code == 400
    with demo.app_context():
        officer_id = user("officer").id
        for i in range(MAX_PER_USER - 1):
            db.session.add(SavedQueueFilter(user_id=officer_id, name=f"조건 {i}", query="tab=mine",
                                            created_at=now_utc()))
        db.session.commit()
    full = _save(officer, "하나 더", "tab=mine")
    assert full.status_code == 400 and "최대 20개" in parse(full).find(id="filter_name-error").get_text()
    with demo.app_context():
        assert db.session.query(SavedQueueFilter).count() == MAX_PER_USER


# ---------------------------------------------------------------- possible duplicates

_SERIAL = itertools.count()


def _file(demo, tmp_path, code="ROAD-DAMAGE", *, days_ago=0, **fields) -> str:
    """A web filing; an e-mail address of its own unless one is given (so only what a test shares is shared)."""
    data = {"title": "문의", "content": "내용", "name": "홍길동", "phone": None,
            "email": f"own{next(_SERIAL)}@example.org", "consent": True, **fields}
    with demo.app_context():
        complaint = file_as_web(code, IntakeData(**data), at=now_utc() - timedelta(days=days_ago),
                                upload_dir=tmp_path)
        db.session.commit()
        return complaint.receipt_no


def test_possible_duplicates_show_why_and_never_the_contact(demo, tmp_path):
    case = _file(demo, tmp_path, title="공원 입구 가로등 고장", content="공원 입구 가로등이 며칠째 꺼져 있습니다.",
                 phone="010-3333-4444", email="lamp@example.kr", address="한빛공원 정문", days_ago=1)
    person = _file(demo, tmp_path, title="주차 문의", content="주차장 요금을 알고 싶습니다", phone="01033334444",
                   email="x@example.kr", days_ago=2)
    place = _file(demo, tmp_path, title="보도 파손", content="정문 앞 보도가 깨졌습니다", address="한빛공원  정문",
                  email="p@example.kr")
    wording = _file(demo, tmp_path, title="공원 입구 가로등 고장 신고",
                    content="공원 입구에 있는 가로등이 며칠째 꺼져 있어요.", email="w@example.kr")
    unrelated = _file(demo, tmp_path, title="시청로 보도블록", content="보도블록이 들떠 있어요", email="u@example.kr")
    too_old = _file(demo, tmp_path, title="공원 입구 가로등 고장", phone="010-3333-4444",
                    content="공원 입구 가로등이 며칠째 꺼져 있습니다.", days_ago=200)
    other_department = _file(demo, tmp_path, "ILLEGAL-DUMPING", title="쓰레기", content="무단투기 신고합니다",
                             phone="010-3333-4444")
    officer = _staff(demo, "officer")
    soup = parse(_case(officer, case))
    rows = {row.select_one("th a").get_text(strip=True): row for row in soup.select(".duplicates-table tbody tr")}
    assert set(rows) == {person, place, wording}  # not the unrelated, the old or another department's
    assert "같은 민원인" in rows[person].get_text() and "같은 장소" in rows[place].get_text()
    assert "비슷한 내용" in rows[wording].get_text() and "주차 문의" in rows[person].get_text()
    assert "접수" in rows[person].get_text() and "." in rows[person].select("td")[2].get_text()
    section = soup.select_one(".duplicates").get_text()
    assert "3333" not in section and "@example" not in section
    assert unrelated not in section and too_old not in section
    auditor = parse(_case(_staff(demo, "auditor"), case))
    numbers = {a.get_text(strip=True) for a in auditor.select(".duplicates-table tbody th a")}
    assert numbers == {person, place, wording, other_department}  # auditors read every department


def test_possible_duplicates_are_bounded_to_five(demo, tmp_path):
    case = _file(demo, tmp_path, title="같은 사람", content="여러 번 보낸 민원입니다", phone="010-5555-6666")
    for i in range(7):
        _file(demo, tmp_path, title=f"다른 제목 {i}", content=f"서로 다른 내용 {i}번째", phone="010-5555-6666")
    soup = parse(_case(_staff(demo, "officer"), case))
    assert len(soup.select(".duplicates-table tbody tr")) == 5


def test_no_duplicates_section_when_there_are_none(demo, tmp_path):
    case = _file(demo, tmp_path, title="유일한 민원", content="아무것도 겹치지 않습니다", email="only@example.kr")
    with demo.app_context():
        assert db.session.scalar(select(ComplaintEvent.id).where(ComplaintEvent.action == "internal_note")) is None
    assert parse(_case(_staff(demo, "officer"), case)).select_one(".duplicates") is None


def test_those_without_a_queue_cannot_save_conditions(demo):
    for account in ("admin", "records"):
        client = _staff(demo, account)
        token = csrf_token_from(client.get("/staff/"))
        response = client.post("/staff/complaints/saved-filters?tab=mine", data={"csrf_token": token,
                                                                                 "filter_name": "조건"})
        assert response.status_code == 403, account
    auditor = _staff(demo, "auditor")  # reads every department: may keep conditions of its own
    assert _save(auditor, "감사 조건", "tab=overdue").status_code == 303
    with demo.app_context():
        assert db.session.query(SavedQueueFilter).one().user_id == user("auditor").id
