"""내부고객 만족도 through the web, on SQLite and PostgreSQL: the requester rates a resolved request once (five
levels and a comment; the rating confirms it; a poor one tells the providing head, who may reopen), refusals keep
the input; the periodic survey: an administrator opens and closes periods, each department rates the providers it
used once, and the results show aggregates only, after the close, withheld below three answering departments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from organization.models import User
from service_requests.domain.workflow import Action, RequestStatus
from service_requests.handling.services import Step, act
from service_requests.models import RequestRating, Service, ServiceRequest, SurveyAnswer, SurveyPeriod
from service_requests.requesting.services import RequestData, create_request
from service_requests.satisfaction.survey import submit_answer
from tests.helpers import csrf_token_from, login, parse, text_of
from tests.survey_helpers import add_closed_survey
from working_calendar.cache import load_calendar


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=KST)


def user(login_id: str) -> User:
    return db.session.scalar(select(User).where(User.login_id == login_id))


def _resolved(requester: str = "officer", *, resolve: bool = True) -> str:
    """An IT account request of `requester`'s department, resolved by 정보통신과; its number."""
    service = db.session.scalar(select(Service).where(Service.code == "IT-ACCOUNT"))
    request = create_request(user(requester), service, RequestData(
        title="전자결재 권한 변경", priority="normal", answers={"system": "edoc", "user_name": "김담당"}),
        calendar=load_calendar(), now=at(9, 10))
    if resolve:
        act(user("itstaff"), request, Step(Action.RESOLVE, text="권한을 변경했습니다."), calendar=load_calendar(),
            now=at(9, 15))
    db.session.commit()
    return request.number


def _textarea(page) -> str:
    """The textarea's text as a browser shows it (the newline after the tag is not part of it)."""
    return page.select_one("textarea[name=comment]").get_text().lstrip("\r\n")


def _client(app, login_id: str):
    client = app.test_client()
    assert login(client, login_id).status_code == 302
    return client


def _rate(client, number: str, **data):
    token = csrf_token_from(client.get("/staff/"))
    return client.post(f"/staff/service-requests/{number}/rating", data={"csrf_token": token, **data})


def _poor_rating_notices(number: str) -> list[str]:
    return sorted(db.session.scalars(select(OutboxMessage.recipient).where(
        OutboxMessage.idempotency_key.like(f"internal:{number}:poor_rating:%"))))


def test_the_requester_rates_once_and_a_poor_rating_lets_the_providing_head_reopen(demo, frozen):
    with demo.app_context():
        number = _resolved()
    frozen(at(10, 9))
    client = _client(demo, "officer")
    response = _rate(client, number, score="2", comment="권한이 일부만 바뀌었습니다.")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/staff/service-requests/{number}")
    with demo.app_context():
        request = db.session.scalar(select(ServiceRequest).where(ServiceRequest.number == number))
        assert request.status == RequestStatus.CLOSED.value and request.closed_at == at(10, 9)  # rating confirms
        assert (request.rating.score, request.rating.comment) == (2, "권한이 일부만 바뀌었습니다.")
        assert _poor_rating_notices(number) == ["ithead@hanbit.example.go.kr"]
        act(user("ithead"), request, Step(Action.REOPEN, text="다시 처리하겠습니다."), calendar=load_calendar(),
            now=at(10, 10))
        db.session.commit()
        assert request.status == RequestStatus.IN_PROGRESS.value

    again = _rate(_client(demo, "head"), number, score="5", comment="다시 평가")
    assert again.status_code == 400
    assert "해결된 후에" in text_of(parse(again), "[role=alert]")  # reopened: no longer resolved


def test_a_second_rating_is_refused_and_a_good_one_tells_nobody(demo, frozen):
    with demo.app_context():
        number = _resolved()
    frozen(at(10, 9))
    assert _rate(_client(demo, "officer"), number, score="5").status_code == 303
    second = _rate(_client(demo, "head"), number, score="1", comment="두 번째 평가")
    assert second.status_code == 400
    page = parse(second)
    assert "이미 평가" in text_of(page, "[role=alert]")
    with demo.app_context():
        ratings = db.session.scalars(select(RequestRating)).all()
        assert [(r.score, r.rated_by_id) for r in ratings] == [(5, user("officer").id)]
        assert _poor_rating_notices(number) == []


def test_a_refused_rating_keeps_what_was_typed(demo, frozen):
    with demo.app_context():
        number = _resolved()
        open_number = _resolved(resolve=False)
    frozen(at(10, 9))
    client = _client(demo, "officer")
    missing = _rate(client, number, comment="<b>점수를</b> 빠뜨렸습니다")
    assert missing.status_code == 400
    page = parse(missing)
    assert _textarea(page) == "<b>점수를</b> 빠뜨렸습니다"
    assert "<b>점수를</b>" not in missing.get_data(as_text=True)  # escaped
    assert page.select_one("#error-summary") is not None

    long = _rate(client, number, score="4", comment="가" * 1001)
    assert long.status_code == 400
    assert _textarea(parse(long)) == "가" * 1001
    assert parse(long).select_one("input[name=score][value='4']").has_attr("checked")

    not_yet = _rate(client, open_number, score="4", comment="아직")
    assert not_yet.status_code == 400 and "해결된 후에" in text_of(parse(not_yet), "[role=alert]")
    with demo.app_context():
        assert db.session.scalars(select(RequestRating)).all() == []


def test_only_the_requesting_side_may_rate(demo, frozen):
    with demo.app_context():
        number = _resolved()
    frozen(at(10, 9))
    assert _rate(_client(demo, "itstaff"), number, score="5").status_code == 403  # the provider
    assert _rate(_client(demo, "officer2"), number, score="5").status_code == 403  # another department
    assert _rate(_client(demo, "auditor"), number, score="5").status_code == 403  # reads, never writes
    assert _rate(_client(demo, "officer"), "IR-2612-999999", score="5").status_code == 404


def _open_survey(app, closes_on: str = "2026-12-18"):
    admin = _client(app, "admin")
    token = csrf_token_from(admin.get("/admin/internal-surveys"))
    return admin, admin.post("/admin/internal-surveys", data={
        "csrf_token": token, "action": "open", "title": "2026년 하반기 내부고객 만족도 조사", "closes_on": closes_on})


def _answer(client, provider_id: int, **scores):
    token = csrf_token_from(client.get(f"/staff/internal-survey?provider={provider_id}"))
    data = {"speed": "4", "accuracy": "5", "kindness": "5", "overall": "4", **scores}
    return client.post("/staff/internal-survey", data={"csrf_token": token, "provider_id": str(provider_id), **data})


def test_a_department_rates_each_provider_it_used_once(demo, frozen):
    with demo.app_context():
        _resolved("officer")
        it_id = user("itstaff").department_id
        legal_id = user("legal").department_id
    frozen(at(10, 9))
    admin, opened = _open_survey(demo)
    assert opened.status_code == 303
    officer = _client(demo, "officer")
    page = parse(officer.get("/staff/internal-survey"))
    assert text_of(page, "#survey-providers tbody") .startswith("정보통신과")
    assert "법무담당관" not in text_of(page, "#survey-providers")  # not used by 도로과

    refused = _answer(officer, it_id, speed="", comment="빠른 처리 감사합니다")
    assert refused.status_code == 400
    assert _textarea(parse(refused)) == "빠른 처리 감사합니다"
    assert _answer(officer, it_id, comment="빠른 처리 감사합니다").status_code == 303
    assert "평가 완료" in text_of(parse(officer.get("/staff/internal-survey")), "#survey-providers")
    colleague = _answer(_client(demo, "head"), it_id, overall="1")  # the department already answered
    assert colleague.status_code == 400 and "이미" in text_of(parse(colleague), "[role=alert]")
    assert _answer(officer, legal_id).status_code == 400  # a provider 도로과 did not use
    with demo.app_context():
        answers = db.session.scalars(select(SurveyAnswer)).all()
        assert [(a.provider_department_id, a.overall, a.submitted_by_id) for a in answers] == [
            (it_id, 4, user("officer").id)]


def test_results_show_aggregates_only_after_the_close_and_never_below_three(demo, frozen):
    with demo.app_context():
        for requester in ("officer", "officer2", "civil"):
            _resolved(requester)
    frozen(at(10, 9))
    admin, _opened = _open_survey(demo)
    with demo.app_context():
        period = db.session.scalar(select(SurveyPeriod))
        period_id, it_id = period.id, user("itstaff").department_id
        for rater, overall, comment in (("officer", 5, "친절합니다"), ("officer2", 2, "너무 늦었습니다")):
            submit_answer(user(rater), period, it_id, {"speed": 3, "accuracy": 4, "kindness": 5, "overall": overall},
                          comment=comment, now=at(10, 9))
        db.session.commit()
    auditor = _client(demo, "auditor")
    before = auditor.get(f"/staff/internal-survey/{period_id}/results")
    assert before.status_code == 200 and parse(before).select_one("#survey-results") is None  # not closed yet

    token = csrf_token_from(admin.get("/admin/internal-surveys"))
    closed = admin.post("/admin/internal-surveys", data={"csrf_token": token, "action": "close",
                                                         "period_id": str(period_id)})
    assert closed.status_code == 303
    two = parse(auditor.get(f"/staff/internal-survey/{period_id}/results"))
    assert "3개 미만" in text_of(two, "#survey-results tbody")  # two answers: withheld
    assert "너무 늦었습니다" not in str(two)

    with demo.app_context():  # a third answer (made before the close) makes the figures shown
        period = db.session.get(SurveyPeriod, period_id)
        db.session.add(SurveyAnswer(period_id=period_id, rater_department_id=user("civil").department_id,
                                    provider_department_id=it_id, speed=3, accuracy=4, kindness=5, overall=5,
                                    comment="", submitted_by_id=user("civil").id, submitted_at=at(10, 9)))
        db.session.commit()
    for viewer in (auditor, _client(demo, "ithead")):
        page = parse(viewer.get(f"/staff/internal-survey/{period_id}/results"))
        row = text_of(page, "#survey-results tbody")
        assert row == "정보통신과 3 3.00 4.00 5.00 4.00"
        body = text_of(page, "main")
        assert "친절합니다" in body and "너무 늦었습니다" in body
        for rater in ("도로과", "자원순환과", "민원여권과", "김담당", "이주무"):
            assert rater not in body
    assert _client(demo, "officer").get(f"/staff/internal-survey/{period_id}/results").status_code == 403


def test_opening_a_period_is_checked_and_keeps_the_input(demo, frozen):
    frozen(at(10, 9))
    admin, past = _open_survey(demo, closes_on="2026-12-01")
    assert past.status_code == 400
    page = parse(past)
    assert page.select_one("input[name=title]")["value"] == "2026년 하반기 내부고객 만족도 조사"
    assert "지났습니다" in text_of(page, "[role=alert]")
    assert _open_survey(demo)[1].status_code == 303
    second = _open_survey(demo)[1]
    assert second.status_code == 400 and "이미 열려" in text_of(parse(second), "[role=alert]")
    with demo.app_context():
        assert db.session.scalar(select(SurveyPeriod.closes_at)) == datetime(2026, 12, 19, tzinfo=KST)


def test_auditors_read_the_results_from_the_survey_page_but_never_answer(demo, frozen):
    with demo.app_context():
        _resolved("officer")
    frozen(at(10, 9))
    _open_survey(demo)
    with demo.app_context():
        it_id = user("itstaff").department_id
        closed_id = add_closed_survey(at(10, 9))
        db.session.commit()
    auditor = _client(demo, "auditor")
    page = parse(auditor.get("/staff/internal-survey"))
    assert page.select_one("#survey-providers") is None  # nothing to answer: no internal services
    assert page.select_one(f"a[href='/staff/internal-survey/{closed_id}/results']") is not None
    token = csrf_token_from(auditor.get("/staff/"))
    refused = auditor.post("/staff/internal-survey", data={"csrf_token": token, "provider_id": str(it_id),
                                                           "speed": "5", "accuracy": "5", "kindness": "5",
                                                           "overall": "5"})
    assert refused.status_code == 403
    with demo.app_context():
        assert db.session.scalars(select(SurveyAnswer).where(SurveyAnswer.period_id != closed_id)).all() == []
