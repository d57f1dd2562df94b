"""No input gives a 5xx (issue 14.2): every GET route, with extreme values in each path variable and in each query
parameter its view reads, as a user allowed to open it; on SQLite and on PostgreSQL (the `app` fixture).

The routes come from `app.url_map`, so a new route is walked without touching this file. The query parameters a
view reads are recorded, not guessed: the app's request class is swapped for one whose `request.args` writes down
every name asked for (`get`, `[]`, `in`, `getlist`), during ordinary requests to every route (twice: the second time
with every name seen so far set, for names read only when another is present). That finds parameters read through
a form class (`QueueFilterForm(request.args)`) or a helper (`_int_arg(name)`) as well. A cross-check fails when the
source names a parameter (`request.args.get("…")`) the recording never saw, i.e. a read the walk missed.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from wtforms import DateField, DateTimeField, Form, TimeField
from wtforms.fields.core import UnboundField

from charters.models import Charter
from civil_complaints.api.clients import issue_client
from civil_complaints.complaint_models import Attachment, Complaint, ComplaintCategory, ComplaintType
from civil_complaints.demo_cases import seed_demo_cases
from civil_complaints.improvements.demo import seed_demo_improvements
from civil_complaints.improvements.models import Improvement
from civil_complaints.letters.services import NoticeLetter
from civil_complaints.privacy.destruction import DestructionList
from civil_complaints.reports.models import MonthlyReport
from core.clock import now_utc
from core.extensions import db
from core.inputs import BoundedDateField
from notifications.models import OutboxMessage
from organization.models import User
from policy_customers.models import PolicyField
from service_requests.demo import seed_demo_requests
from tests.complaint_helpers import PNG, filed_receipt_no
from tests.helpers import frozen_report_sample, login
from tests.policy_customer_helpers import subscriber_links
from tests.service_request_helpers import sample_request
from tests.survey_engine_helpers import walk_samples
from tests.survey_helpers import add_closed_survey
from tests.web import route_walk
from tests.web.route_walk import (
    EXTREME_VALUES,
    FORM_VALUES,
    RAW_ENCODED,
    RecordingRequest,
    Route,
    get_routes,
    post_forms,
)

HANGUL = re.compile(r"[가-힣]")
JSON_PREFIXES = ("/api/", "/open311/")
#: query names read only when filing (Open311 POST takes api_key from the body or the query string): no GET reads them
POST_ONLY = {"api_key"}


@pytest.fixture
def world(demo):
    """Demo data with something behind every path variable: 민원 in every state (demo cases), a citizen's own 민원
    with an attachment, outbox messages, a monthly report, the published charter, and a staff API key."""
    with demo.app_context():
        seed_demo_cases(now=now_utc())
        seed_demo_requests(now=now_utc())
        seed_demo_improvements(now=now_utc())
        db.session.commit()
    citizen = demo.test_client()
    receipt_no = filed_receipt_no(citizen, files=[("사진.png", PNG)])
    with demo.app_context():
        auditor = db.session.scalar(select(User).where(User.login_id == "auditor"))
        _client, key = issue_client(name="walk", scope="staff", user=auditor, now=now_utc())
        db.session.add(MonthlyReport(month="2026-11", generated_at=now_utc(), data=json.dumps(
            {"month": "2026-11", "totals": {"received": 1, "answered": 1, "on_time": 1, "overdue": 0, "open": 0},
             "departments": []})))
        db.session.commit()
        destruction_list = DestructionList(created_at=now_utc(), status="proposed")
        db.session.add(destruction_list)
        period_id = add_closed_survey(now_utc())
        db.session.commit()
        complaint = db.session.scalar(select(Complaint).where(Complaint.receipt_no == receipt_no))
        number, file_id = sample_request(demo, now=now_utc(), complaint_id=complaint.id)
        charter = db.session.scalar(select(Charter).where(Charter.version_no.is_not(None)).order_by(Charter.id))
        subscriber = subscriber_links("walk@example.kr", now=now_utc())  # policy customers: live links
        leaving = subscriber_links("walk.leave@example.kr", now=now_utc())
        pending = subscriber_links("walk.pending@example.kr", now=now_utc(), confirmed=False)
        surveys = walk_samples(now_utc())  # surveys and policy news
        db.session.commit()
        samples = {
            "receipt_no": receipt_no, "service_request_id": receipt_no, "token": receipt_no,
            "attachment_id": str(db.session.scalar(select(Attachment.id).where(
                Attachment.complaint_id == complaint.id))),
            "charter_id": str(charter.id), "version_no": str(charter.version_no),
            "message_id": str(db.session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id))),
            "type_id": str(db.session.scalar(select(ComplaintType.id).order_by(ComplaintType.id))),
            "service_code": "ROAD-DAMAGE", "fmt": "json", "month": "2026-11", "filename": "favicon.svg",
            "user_id": str(auditor.id),
            "name": f"{receipt_no}.xml", "open311.service_definition:name": "ROAD-DAMAGE.xml",
            "letter_id": str(db.session.scalar(select(NoticeLetter.id).order_by(NoticeLetter.id))),
            "list_id": str(destruction_list.id), "period_id": str(period_id),
            "code": "IT-PC-REPAIR", "number": number, "file_id": str(file_id),  # internal services
            # issue 20: the improvement under way (its forms are live) and a top category
            "improvement_id": str(db.session.scalar(select(Improvement.id).where(Improvement.status != "done")
                                                    .order_by(Improvement.id))),
            "category_id": str(db.session.scalar(select(ComplaintCategory.id).order_by(ComplaintCategory.id))),
            "key": "processing", "frozen_id": str(frozen_report_sample(now_utc())),  # reports (issue 19)
            "reporting.frozen_file:fmt": "csv",
            "policy_customers.manage:token": subscriber["manage"],
            "policy_customers.renew:token": subscriber["manage"],
            "policy_customers.leave:token": leaving["manage"],
            "policy_customers.confirm:token": pending["confirm"],
            "field_id": str(db.session.scalar(select(PolicyField.id).order_by(PolicyField.id))),
            "survey_id": str(surveys["draft"]), "question_id": str(surveys["question"]),
            "surveys.answer_public:survey_id": str(surveys["public"]),
            "surveys.summary:survey_id": str(surveys["published"]),
            "surveys.results:survey_id": str(surveys["published"]), "surveys.answer:token": surveys["token"],
            "policy_customers.policy_message:message_id": str(surveys["message"]),
            "policy_customers.edit_policy_message:message_id": str(surveys["message"]),
            "policy_customers.send_policy_message:message_id": str(surveys["message"]),
        }
    citizen.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {key}"  # the public client also holds the API key
    clients = {None: citizen}
    for login_id in {r.account for r in get_routes(demo) if r.account}:
        clients[login_id] = demo.test_client()
        assert login(clients[login_id], login_id).status_code == 302
    return demo, samples, clients


def _get(client, url: str):
    """GET `url`; the response is read and closed (a file it sends is closed now, not by the collector)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def _problem(route: Route, url: str, response) -> str | None:
    """What is wrong with this answer: a 5xx, or an error that is not localized (HTML) / not JSON (the APIs)."""
    url = url if len(url) < 200 else f"{url[:200]}…"
    if response.status_code >= 500:
        return f"{response.status_code} on {url}"
    if 400 <= response.status_code < 500:
        body = response.get_data(as_text=True)
        if route.rule.startswith(JSON_PREFIXES) and response.mimetype.endswith("xml"):
            try:  # Open311 answers in XML unless JSON was asked for (GeoReport v2's default format)
                ElementTree.fromstring(body)  # noqa: S314 - our own server's answer
            except ElementTree.ParseError:
                return f"{response.status_code} without an XML error body on {url}"
        elif route.rule.startswith(JSON_PREFIXES):
            try:
                json.loads(body)
            except ValueError:
                return f"{response.status_code} without a JSON error body on {url}"
        elif response.mimetype == "text/html" and not HANGUL.search(body):
            return f"{response.status_code} not in Korean on {url}"
    return None


def _discover(app, routes, samples, clients) -> dict[str, set[str]]:
    """The query parameters each route's view reads, recorded during ordinary requests (two rounds)."""
    read: dict[str, set[str]] = {r.rule: set() for r in routes}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(app, "request_class", RecordingRequest)
        for _round in range(2):
            for route in routes:
                route_walk.READ.clear()
                query = urlencode(dict.fromkeys(sorted(read[route.rule]), "1"))
                response = _get(clients[route.account], route.url(samples) + (f"?{query}" if query else ""))
                assert response.status_code < 500, f"{response.status_code} on {route.rule} with ?{query}"
                read[route.rule] |= route_walk.READ
    return read


def test_every_get_route_answers_extreme_input_without_a_server_error(world):
    app, samples, clients = world
    routes = get_routes(app)
    unknown = {v for r in routes for v in r.variables} - set(samples)
    assert not unknown, f"give the walk a real value for these path variables: {sorted(unknown)}"
    read = _discover(app, routes, samples, clients)
    missed = route_walk.source_parameter_names() - set().union(*read.values()) - POST_ONLY
    assert not missed, f"the source reads these query parameters but no walked request did: {sorted(missed)}"
    problems, sent = [], 0
    for route in routes:
        client, base = clients[route.account], route.url(samples)
        for name in sorted(read[route.rule]):
            for value in EXTREME_VALUES:
                url = f"{base}?{urlencode({name: value})}"
                problems.append(_problem(route, url, _get(client, url)))
            for raw in RAW_ENCODED:
                url = f"{base}?{name}={raw}"
                problems.append(_problem(route, url, _get(client, url)))
            sent += len(EXTREME_VALUES) + len(RAW_ENCODED)
        for variable in route.variables:
            for value in EXTREME_VALUES:
                if value in ("", ".", ".."):
                    continue  # no longer the same route
                url = route.url({**samples, variable: value})
                problems.append(_problem(route, url, _get(client, url)))
            for raw in RAW_ENCODED:
                url = route.url(samples, raw={variable: raw})
                problems.append(_problem(route, url, _get(client, url)))
    problems = [p for p in problems if p]
    assert sent > 1000, "the walk found almost no query parameters"
    assert not problems, f"{len(problems)} bad answers, e.g. {problems[:20]}"


def _form_key(form) -> tuple:
    return re.sub(r"[0-9]+", "N", form.action), form.names  # holidays/57/remove and holidays/58/remove: one form


def _forms_on(client, page_url: str) -> dict[tuple, object]:
    response = _get(client, page_url)
    if response.mimetype != "text/html":
        return {}
    return {_form_key(form): form for form in post_forms(response.get_data(as_text=True), page_url)}


def test_every_form_answers_extreme_input_without_a_server_error(world):
    """Every POST form on the walked pages (found in their HTML, so a new form is covered), sent back as the page
    fills it with one field at a time set to an extreme value. A post may succeed and change data: each form on a
    민원's page (the staff case page, the citizen's status page) is tried on a 민원 of its own, filed for it, and
    after a success the form is taken again from its page (the 민원's new version), or dropped when gone."""
    app, samples, clients = world
    forms: dict[tuple, tuple] = {}
    for route in get_routes(app):
        for key, form in _forms_on(clients[route.account], route.url(samples)).items():
            forms.setdefault(key, (route, route.url(samples), form))
    assert len(forms) > 20, "the walk found almost no forms"
    problems, posted, tried = [], 0, set()
    for key, (route, page_url, form) in forms.items():
        client = clients[route.account]
        if samples["receipt_no"] in page_url:
            own = filed_receipt_no(clients[None], files=[("사진.png", PNG)])
            page_url = page_url.replace(samples["receipt_no"], own)
            if (form := _forms_on(client, page_url).get(key)) is None:
                continue
        tried.add(key)
        for name, value in [(n, v) for n in form.names if n != "csrf_token" for v in FORM_VALUES]:
            response = client.post(form.action, data=form.data(name, value))
            response.close()
            posted += 1
            problems.append(_problem(route, f"POST {form.action} {name}={value[:30]!r}", response))
            if 300 <= response.status_code < 400 and (form := _forms_on(client, page_url).get(key)) is None:
                break  # done: the page no longer offers this form
    problems = [p for p in problems if p]
    assert posted > 500 and len(tried) == len(forms), f"not tried: {sorted(set(forms) - tried)}"
    assert not problems, f"{len(problems)} bad answers, e.g. {problems[:20]}"


def _any_value():
    """Text of any kind, numbers of any size, and ISO dates and times across datetime's whole range."""
    return st.one_of(
        st.text(max_size=40),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.dates().map(lambda d: d.isoformat()),
        st.datetimes().map(lambda d: d.isoformat()),
        st.builds(lambda a, b: f"{a}.{b}", st.integers(-(10**19), 10**19), st.integers(0, 10**19)),
    )


def test_random_input_never_gives_a_server_error(world):
    """Hypothesis: several parameters at once, with values drawn from every kind of input."""
    app, samples, clients = world
    routes = get_routes(app)
    read = _discover(app, routes, samples, clients)

    @settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def check(data):
        route = data.draw(st.sampled_from(routes))
        names = sorted(read[route.rule])
        query = data.draw(st.dictionaries(st.sampled_from(names), _any_value(), max_size=4)) if names else {}
        values = dict(samples)
        for variable in route.variables:
            if data.draw(st.booleans()):
                values[variable] = data.draw(_any_value().filter(lambda v: v not in ("", ".", "..")))
        url = route.url(values) + (f"?{urlencode(query)}" if query else "")
        assert _problem(route, url, _get(clients[route.account], url)) is None

    check()


def _form_classes(base=Form):
    for cls in base.__subclasses__():
        yield cls
        yield from _form_classes(cls)


def _unbounded(field: UnboundField) -> bool:
    kind = field.field_class
    if issubclass(kind, DateField):
        return not issubclass(kind, BoundedDateField)
    if issubclass(kind, DateTimeField):  # a date and time in one field: no bound here
        return not issubclass(kind, TimeField)
    return field.kwargs.get("coerce") is int  # an id the database may not hold: use app.inputs.db_id


def test_every_form_date_and_id_is_bounded(app):
    """A date field of any form is a BoundedDateField (no day whose arithmetic overflows), and a choice of ids is
    coerced with `db_id` (no id above PostgreSQL's integer reaches a query)."""
    unbounded = sorted({f"{cls.__module__}.{cls.__name__}.{name}" for cls in _form_classes()
                        for klass in cls.__mro__ for name, field in vars(klass).items()
                        if isinstance(field, UnboundField) and _unbounded(field)})
    assert not unbounded, f"use app.inputs.BoundedDateField / coerce=db_id: {unbounded}"


KNOWN = [  # issue 14.2's findings: (account, url, status, what the answer says)
    (None, "/deadline?kind=other&received_on=9999-12-31&received_time=10:00", 400, "1900. 1. 1."),
    ("admin", "/admin/holidays?year=10000", 400, "year"),
    (None, "/open311/v2/requests.json?start_date=0001-01-01T00:00:00Z", 400, "start_date"),
    (None, "/open311/v2/requests.json?end_date=9999-12-31T23:59:59Z", 400, "end_date"),
    ("head", "/staff/complaints?received_to=9999-12-31", 400, "2199. 12. 31."),
    ("head", "/staff/complaints?after=999999999999999999.1", 400, "첫 페이지"),
    (None, "/charter/versions/9999999999", 404, "찾을 수 없"),
    ("admin", "/admin/outbox/9999999999", 404, "찾을 수 없"),
    (None, "/complaints/lookup?x=%00", 400, "허용되지 않는 문자"),
]


@pytest.mark.parametrize(("account", "url", "status", "says"), KNOWN)
def test_the_inputs_found_in_issue_14_are_refused_in_korean(demo, account, url, status, says):
    client = demo.test_client()
    if account:
        login(client, account)
    response = client.get(url)
    assert response.status_code == status
    assert says in response.get_data(as_text=True)
