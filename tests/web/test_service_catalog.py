"""The internal service catalog through its pages, on SQLite and PostgreSQL: searching it, and a department head
keeping their own department's services (targets, form fields, withdrawal), with old requests keeping their terms."""

from __future__ import annotations

from datetime import datetime

from core.clock import KST
from tests.helpers import csrf_token_from, parse
from tests.web.service_helpers import ask, client_of, requests_of, service

NOW = datetime(2026, 12, 9, 10, 0, tzinfo=KST)  # a Wednesday


def _names(response) -> list[str]:
    return [h.get_text(strip=True) for h in parse(response).select(".service-card h2")]


def test_the_catalog_finds_services_by_words_category_and_department(demo):
    client = client_of(demo, "officer")
    everything = client.get("/staff/services")
    assert everything.status_code == 200
    assert len(_names(everything)) == 6
    legal = parse(everything).find("h2", string="법률 검토").find_parent("li")
    text = " ".join(legal.get_text(" ").split())
    assert "법무담당관" in text and "부서장이 승인" in text
    assert "긴급 응답 4근무시간 · 해결 2근무일" in text and "보통 응답 1근무일 · 해결 5근무일" in text
    assert legal.find("a", href="/staff/services/LEGAL-REVIEW/request")

    assert _names(client.get("/staff/services?q=민원 답변")) == ["법률 검토"]  # every word, name or description
    assert _names(client.get("/staff/services?q=printer")) == ["PC·프린터 고장 수리"]  # the English text too
    assert _names(client.get("/staff/services?q=100%")) == []  # LIKE wildcards are plain characters
    assert set(_names(client.get("/staff/services?category=vehicles"))) == {"관용차량 배차"}
    with demo.app_context():
        general = service("GA-FACILITY").department_id
    assert set(_names(client.get(f"/staff/services?department={general}"))) == {"청사 시설 보수", "관용차량 배차"}
    refused = client.get("/staff/services?category=nonsense")
    assert refused.status_code == 400 and parse(refused).select_one("#category-error")


def test_auditors_read_the_catalog_but_cannot_ask(demo):
    client = client_of(demo, "auditor")
    page = client.get("/staff/services")
    assert page.status_code == 200 and len(_names(page)) == 6
    assert not parse(page).select('a[href$="/request"]')
    assert client.get("/staff/services/IT-ACCOUNT/request").status_code == 403
    token = csrf_token_from(client.get("/staff/"))
    assert client.post("/staff/services/IT-ACCOUNT/request", data={"csrf_token": token, "title": "x"}
                       ).status_code == 403
    assert client.get("/staff/services/manage").status_code == 403


def _service_form(client, url: str) -> dict:
    page = client.get(url)
    assert page.status_code == 200
    soup = parse(page)
    data = {"csrf_token": csrf_token_from(page)}
    for node in soup.select("form[method=post] input, form[method=post] textarea, form[method=post] select"):
        name = node.get("name")
        if not name or name == "csrf_token":
            continue
        if node.name == "select":
            chosen = node.find("option", selected=True) or node.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif node.get("type") == "checkbox":
            if node.has_attr("checked"):
                data[name] = "y"
        else:
            data[name] = node.get("value", "") if node.name == "input" else node.get_text()
    return data


def test_a_head_changes_targets_and_old_requests_keep_their_terms(demo, frozen):
    frozen(NOW)
    officer = client_of(demo, "officer")
    assert ask(officer, "IT-ACCOUNT", {"title": "새올 계정", "field_system": "saeol",
                                       "field_user_name": "김담당"}).status_code == 303
    ithead = client_of(demo, "ithead")
    data = _service_form(ithead, "/staff/services/manage/IT-ACCOUNT")
    assert data["resolution_normal"] == "2d" and data["fields-0-key"] == "system"

    bad = ithead.post("/staff/services/manage/IT-ACCOUNT", data={**data, "resolution_normal": "5x",
                                                                  "fields-3-key": "Bad Key",
                                                                  "fields-3-label_ko": "잘못"})
    assert bad.status_code == 400
    soup = parse(bad)
    assert "근무시간" in soup.select_one("#resolution_normal-error").get_text()
    assert soup.select_one("#fields-3-key-error") and soup.select_one("#resolution_normal")["value"] == "5x"

    saved = ithead.post("/staff/services/manage/IT-ACCOUNT", data={**data, "resolution_normal": "1d",
                                                                    "response_normal": "2h"})
    assert saved.status_code == 303 and saved.headers["Location"] == "/staff/services/manage"
    assert ask(officer, "IT-ACCOUNT", {"title": "전자결재 계정", "field_system": "edoc",
                                       "field_user_name": "박과장"}).status_code == 303
    with demo.app_context():
        old, new = requests_of("IT-ACCOUNT")
        assert (old.response_target, old.resolution_target) == ("4h", "2d")  # the terms it was made under
        assert (new.response_target, new.resolution_target) == ("2h", "1d")
        assert old.resolution_due_at == datetime(2026, 12, 11, 10, 0, tzinfo=KST)
        assert service("IT-ACCOUNT").version == 2
    stale = ithead.post("/staff/services/manage/IT-ACCOUNT", data=data)  # the form read before the change
    assert stale.status_code == 400 and "바뀌었습니다" in stale.get_data(as_text=True)


def test_a_head_adds_a_service_with_typed_fields_and_withdraws_it(demo):
    head = client_of(demo, "head")
    assert "제공하는 서비스가 아직 없습니다" in head.get("/staff/services/manage").get_data(as_text=True)
    data = _service_form(head, "/staff/services/manage/new")
    data.update({"code": "ROAD-SURVEY", "name_ko": "도로 현황 측량", "name_en": "Road survey", "category": "survey",
                 "description_ko": "도로 폭·구배 측량을 요청합니다.", "needs_approval": "y",
                 "fields-0-key": "road", "fields-0-label_ko": "도로명", "fields-0-kind": "choice",
                 "fields-0-choices": "main|한빛대로"})
    refused = head.post("/staff/services/manage/new", data=data)
    assert refused.status_code == 400
    assert "두 개 이상" in parse(refused).select_one("#fields-0-choices-error").get_text()
    assert parse(refused).select_one("#name_ko")["value"] == "도로 현황 측량"  # kept
    data["csrf_token"] = csrf_token_from(refused)
    data["fields-0-choices"] = "main|한빛대로|Hanbit-daero\nback|뒷길"
    assert head.post("/staff/services/manage/new", data=data).status_code == 303
    with demo.app_context():
        created = service("ROAD-SURVEY")
        assert created.department.code == "HB-ROADS" and created.needs_approval
        assert [(f.key, f.kind, f.choices) for f in created.fields] == [("road", "choice",
                                                                          "main|한빛대로|Hanbit-daero\nback|뒷길")]
    officer2 = client_of(demo, "officer2")
    assert "도로 현황 측량" in _names(officer2.get("/staff/services?q=측량"))
    data = _service_form(head, "/staff/services/manage/ROAD-SURVEY")
    data.pop("is_active")
    assert head.post("/staff/services/manage/ROAD-SURVEY", data=data).status_code == 303
    assert _names(officer2.get("/staff/services?q=측량")) == []
    assert officer2.get("/staff/services/ROAD-SURVEY/request").status_code == 404
    assert "철회" in head.get("/staff/services/manage").get_data(as_text=True)
    with demo.app_context():
        assert service("ROAD-SURVEY") is not None  # withdrawn, never deleted


def test_a_head_keeps_only_their_own_department_s_catalog(demo):
    ithead = client_of(demo, "ithead")
    assert ithead.get("/staff/services/manage/LEGAL-REVIEW").status_code == 403
    token = csrf_token_from(ithead.get("/staff/"))
    assert ithead.post("/staff/services/manage/LEGAL-REVIEW", data={"csrf_token": token, "name_ko": "x"}
                       ).status_code == 403
    assert ithead.get("/staff/services/manage/NO-SUCH").status_code == 404
    listed = ithead.get("/staff/services/manage")
    assert {a.get_text() for a in parse(listed).select("tbody th a")} == {"IT-ACCOUNT", "IT-PC-REPAIR",
                                                                           "IT-OUTAGE"}
    for account in ("officer", "itstaff", "auditor", "admin"):
        assert client_of(demo, account).get("/staff/services/manage/IT-ACCOUNT").status_code == 403
    with demo.app_context():
        assert service("LEGAL-REVIEW").version == 1  # nothing changed by the refused post
