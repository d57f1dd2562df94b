"""Issue 14.4: Open311 GET (list and single, XML and JSON) never contains the filer's name, phone or e-mail,
whichever field they typed them into — a property test over the fields of both public channels (Open311 POST
and the web form) — and the filer was told what is published."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from core.clock import now_utc
from tests.complaint_helpers import file_complaint
from tests.helpers import parse
from tests.web.test_open311 import BASE, _issue_key

#: syllables that appear in no service, department, status or street name of the demo data
RARE = "뷁똠쀍퓛뜛쓟킔뺶쯉뙇쭓꿻쫣뽉"
SURNAMES = "김이박최정강조윤장임"
PHONE_FORMS = ("{a}-{b}-{c}", "{a}{b}{c}", "{a} {b} {c}", "{a}.{b}.{c}", "+82 {a1}-{b}-{c}")
OPEN311_FIELDS = ("description", "address_string", "media_url", "address_id", "attribute[complainant_name]",
                  "attribute[contact]", "attribute[note]", "device_id", "account_id")
WEB_FIELDS = ("title", "content", "address", "co_signers")
PLACES = ("", "한빛대로 12 ", "서울 중구 ", "한빛시 시청로 1 ")
ENDINGS = ("", " 앞", "동", "로", "구", " 한빛대로 3")


@st.composite
def people(draw) -> dict:
    korean = draw(st.booleans())
    given_name = "".join(draw(st.lists(st.sampled_from(RARE), min_size=2, max_size=2)))
    if korean:
        surname = draw(st.sampled_from(SURNAMES))
        first, last, name = given_name, surname, surname + given_name
    else:
        first = draw(st.from_regex(r"[A-Z][bcdfghjklmnpqrstvwxz]{5}", fullmatch=True))
        last = draw(st.from_regex(r"[A-Z][bcdfghjklmnpqrstvwxz]{4}", fullmatch=True))
        given_name, name = first, f"{first} {last}"
    b, c = draw(st.from_regex(r"[1-9][0-9]{3}", fullmatch=True)), draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    local = draw(st.from_regex(r"[a-z]{3}[bcdfgjkqvwxz]{4}", fullmatch=True))
    return {"first": first, "last": last, "name": name, "given": given_name, "b": b, "c": c,
            "phone": f"010-{b}-{c}", "email": f"{local}@example.kr", "local": local}


def _typed(person: dict, draw_kind: str, form: str, place: str, ending: str) -> str:
    """One of the filer's details, written into a free-text field as people do."""
    if draw_kind == "phone":
        value = form.format(a="010", a1="10", b=person["b"], c=person["c"])
    elif draw_kind == "email":
        value = person["email"]
    else:
        value = person["name"] if "{a}" in form else person["name"].replace(" ", "")
    return f"{place}{value}{ending}"


def _secrets(person: dict) -> list[str]:
    return [person["name"], person["name"].replace(" ", ""), person["given"], person["email"], person["local"],
            person["phone"], person["b"] + person["c"], f"{person['b']}-{person['c']}", f"{person['b']} {person['c']}"]


def _public_bodies(client, number: str) -> list[str]:
    bodies = []
    for path in (f"/requests/{number}.json", f"/requests/{number}.xml", "/requests.json", "/requests.xml",
                 f"/requests.json?service_request_id={number}", f"/tokens/{number}.xml"):
        response = client.get(BASE + path)
        assert response.status_code == 200, (path, response.get_data(as_text=True))
        text = response.get_data(as_text=True)
        if path.endswith(".json") or ".json?" in path:
            text = json.dumps(response.get_json(), ensure_ascii=False)  # Korean unescaped, to search it
        bodies.append(text)
    assert number in bodies[0] and number in bodies[2]
    return bodies


_FILINGS = st.fixed_dictionaries({
    "person": people(), "channel": st.sampled_from(["open311", "web"]),
    "typed": st.lists(st.tuples(st.sampled_from(OPEN311_FIELDS + WEB_FIELDS),
                                st.sampled_from(["name", "phone", "email"]), st.sampled_from(PHONE_FORMS),
                                st.sampled_from(PLACES), st.sampled_from(ENDINGS)), min_size=1, max_size=4),
})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filing=_FILINGS)
def test_public_feed_never_carries_the_filers_details(demo, filing):
    person, channel = filing["person"], filing["channel"]
    fields = OPEN311_FIELDS if channel == "open311" else WEB_FIELDS
    typed = [(field, _typed(person, *rest)) for field, *rest in filing["typed"] if field in fields]
    assume(typed)
    client = demo.test_client()
    if channel == "open311":
        form = {"api_key": _issue_key(demo), "service_code": "ROAD-DAMAGE", "lat": "37.56654", "long": "126.97797",
                "first_name": person["first"], "last_name": person["last"], "phone": person["phone"],
                "email": person["email"], "description": "도로가 파였습니다.", "address_string": "한빛대로 12"}
        for field, value in typed:
            form[field] = (form.get(field, "") + " " + value).strip() if field != "media_url" else (
                "https://photos.example.org/" + re.sub(r"\s", "-", value))
        if "attribute[complainant_name]" in form:  # the name comes from the attribute alone
            form.pop("first_name"), form.pop("last_name")
        contact = form.get("attribute[contact]", "")
        if contact == person["email"] or re.fullmatch(r"[+0-9 .-]+", contact):  # and the contact, when it is one
            form.pop("phone"), form.pop("email")
        response = client.post(f"{BASE}/requests.json", data=form)
        assert response.status_code == 200, (form, response.get_data(as_text=True))
        number = response.get_json()[0]["service_request_id"]
    else:
        form = {"name": person["name"], "phone": person["phone"], "email": person["email"]}
        for field, value in typed:
            form[field] = value
        if "co_signers" in form:
            form.update(is_joint="y", co_signers="\n".join([form["co_signers"], "가", "나", "다", "라"]))
        response = file_complaint(client, **form)
        assert response.status_code == 303, parse(response).select(".form-hint-invalid")
        number = response.headers["Location"].split("/")[2]
    for body in _public_bodies(client, number):
        for secret in _secrets(person):
            assert secret not in body, (secret, typed)


def test_location_is_published_coarsely_and_only_where_the_filer_was_told(demo):
    client = demo.test_client()
    key = _issue_key(demo)
    form = {"api_key": key, "service_code": "ROAD-DAMAGE", "lat": "37.566535", "long": "126.9779692",
            "first_name": "길동", "last_name": "홍", "phone": "010-9876-5432", "description": "구멍",
            "address_string": "(04524) 서울특별시 중구 세종대로 110 홍길동 010-9876-5432"}
    number = client.post(f"{BASE}/requests.json", data=form).get_json()[0]["service_request_id"]
    [row] = client.get(f"{BASE}/requests/{number}.json").get_json()
    assert (row["address"], row["zipcode"], row["lat"], row["long"], row["address_id"]) == (
        "서울특별시 중구 세종대로", "04524", 37.567, 126.978, None)
    # A letter registered by an officer: the 민원인 was told nothing, so no location at all.
    from tests.web.test_api_v1 import _auth, _key

    letter = client.post("/api/v1/complaints", headers=_auth(_key(demo, "officer")), json={
        "type_code": "ROAD-DAMAGE", "title": "도로 파손", "content": "구멍", "name": "김민원", "phone": "010-2222-3333",
        "channel": "letter", "address": "한빛대로 7", "received_at": (now_utc() - timedelta(hours=1)).isoformat()})
    assert letter.status_code == 201, letter.get_data(as_text=True)
    [row] = client.get(f"{BASE}/requests/{letter.get_json()['receipt_no']}.json").get_json()
    assert (row["address"], row["zipcode"], row["lat"], row["long"]) == (None, None, None, None)


def test_the_form_tells_the_filer_what_is_published(demo):
    page = parse(demo.test_client().get("/complaints/new"))
    marked = [dt.get_text(" ", strip=True) for dt in page.select(".type-guide dt") if dt.select(".public-mark")]
    assert len(marked) == 3 and any("도로 파손 신고" in text for text in marked)
    assert not any("불법 주정차" in text for text in marked)
    consent = page.select_one(".consent-table").get_text(" ", strip=True)
    assert "공개 범위" in consent and "이름, 연락처, 제목, 내용" in consent
    assert "이름이나 연락처는 적지 마세요" in page.select_one("#address-hint").get_text()
    privacy = parse(demo.test_client().get("/privacy")).get_text(" ", strip=True)
    assert "공개 범위" in privacy and "Open311" in privacy
