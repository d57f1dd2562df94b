"""Every page of the app in Korean and in English, as each role and a citizen see it: no codes where words belong
on Korean pages, no Korean leftovers on English pages (tests/page_language.py says exactly what is checked).

The pages are not listed here: every GET route of the app is requested, its arguments filled from the demo
data, so a new page is checked the day it exists (and a route whose arguments this test cannot fill fails it).
What may be Korean on an English page is read from the database columns that hold people's own words (names,
citizens' titles and texts, officers' answers and reasons) — not copied from the pages — so a department name,
a holiday name or a label left untranslated is found wherever it shows.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from app.scheduler import job_table
from civil_complaints.analysis.queries import NONE as NO_GROUP
from civil_complaints.analysis.queries import place_of
from civil_complaints.demo_cases import seed_demo_cases
from civil_complaints.improvements.demo import seed_demo_improvements
from civil_complaints.privacy.destruction import DestructionList
from civil_complaints.satisfaction_survey.demo import seed_demo_satisfaction_survey
from core.clock import KST, now_utc
from core.extensions import db
from core.masking import mask_name
from notifications.monitoring_models import JobRun
from organization.demo import DEMO_PASSWORD
from tests.complaint_helpers import filed_receipt_no
from tests.helpers import frozen_report_sample, login, post_form
from tests.page_language import page_problems
from tests.policy_customer_helpers import subscriber_links
from tests.service_request_helpers import sample_request
from tests.survey_engine_helpers import walk_samples
from tests.survey_helpers import add_closed_survey

ROLES = ("officer", "head", "auditor", "admin", "reviewer")
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=KST)  # a working day: every job does its work
SATURDAY = datetime(2026, 12, 5, 10, 0, tzinfo=KST)  # jobs marked "working days" do nothing
#: columns holding what people typed, shown as typed in any language: (table, column)
PEOPLES_WORDS = [
    ("services", "name_ko"), ("services", "name_en"), ("services", "description_ko"), ("services", "description_en"),
    ("service_fields", "label_ko"), ("service_fields", "label_en"), ("service_requests", "title"),
    ("service_requests", "description"),
    ("users", "display_name"), ("users", "login_id"), ("complaints", "postal_address"),
    ("complaints", "title"), ("complaints", "content"), ("complaints", "address"),
    ("complaints", "complainant_name"), ("complaints", "answer_text"), ("complaint_signers", "name"),
    ("complaint_pauses", "request_text"), ("complaint_supplement_requests", "request_text"),
    ("complaint_supplement_requests", "returned_note"), ("complaint_extensions", "reason_text"),
    ("complaint_extensions", "consent_note"), ("complaint_transfers", "to_agency"), ("complaint_transfers", "reason"),
    ("complaint_transfers", "follow_up_note"), ("cooperation_requests", "request_text"),
    ("cooperation_requests", "extension_reason"), ("cooperation_requests", "reply_text"),
    ("answer_templates", "title"), ("answer_templates", "body"), ("complaint_answers", "text"),
    ("complaint_answers", "refusal_reasons"), ("complaint_answers", "remedies"), ("complaint_arrivals", "summary"),
    ("complaint_satisfaction", "comment"), ("personal_data_access_log", "reason"), ("charters", "title"),
    ("complaint_notes", "text"),
    ("internal_survey_periods", "title"), ("internal_survey_answers", "comment"),
    *[("charters", f"{section}_source") for section in ("preamble", "mission", "services", "remedy", "improvement")],
    ("charter_standards", "service"), ("charter_standards", "promise"), ("charter_compensations", "condition"),
    ("charter_compensations", "form"), ("charter_compensations", "basis"), ("charter_channels", "name"),
    ("charter_channels", "value"), ("charter_channels", "hours"),
    ("service_requests", "title"), ("service_requests", "description"), ("service_request_events", "text"),
    ("service_request_files", "filename"),
    # issue 20: tags, causes and the improvement register are what staff typed
    ("complaint_tags", "tag"), ("complaints", "cause"), ("improvements", "title"), ("improvements", "problem"),
    ("improvements", "decision"), ("improvements", "what_changed"), ("improvement_milestones", "title"),
    ("improvement_milestones", "evidence"), ("improvement_events", "note"),
    ("policy_customers", "name"),
    ("surveys", "title"), ("surveys", "description"), ("survey_questions", "text"), ("survey_choices", "text"),
    ("survey_answers", "text"), ("policy_messages", "subject"), ("policy_messages", "body"),
]


def _client(app: Flask, account: str | None, lang: str):
    client = app.test_client()
    if account:
        login(client, account)
    post_form(client, "/language", {"lang": lang, "next": "/"}, form_page="/")
    return client


def _record_runs(app: Flask) -> None:
    """Each job of the table run on a working day and on a Saturday, recorded as the runner records it, and one
    run skipped because another process had the job: the monitoring page shows every kind of count."""
    from apscheduler.util import ref_to_obj

    with app.app_context():
        for spec in job_table(app):
            for at in (SATURDAY, MONDAY):
                counts = ref_to_obj(spec.func)(now=at) or {}
                db.session.add(JobRun(job=spec.name, slot=at, started_at=at, finished_at=at, outcome="ok",
                                      counts=json.dumps(counts, default=str), host="sched-1", pid=1))
                db.session.commit()
        db.session.add(JobRun(job="deliver-outbox", slot=None, started_at=MONDAY, finished_at=MONDAY,
                              outcome="skipped", counts=json.dumps({"reason": "running_elsewhere",
                                                                    "slot": MONDAY.isoformat()}),
                              host="sched-2", pid=2))
        db.session.commit()


@pytest.fixture
def world(demo):
    """The demo agency with its demo 민원, one filed in English, every job run once, and the samples that fill
    the routes' arguments."""
    with demo.app_context():
        seed_demo_cases(now=now_utc())
        seed_demo_improvements(now=now_utc())
        seed_demo_satisfaction_survey(now=now_utc())  # the survey by department has answers to show
        db.session.commit()
    english = _client(demo, None, "en")
    filed_receipt_no(english, title="Pothole in front of the school", content="A deep pothole on the road.",
                     name="Jane Doe")
    _record_runs(demo)
    with demo.app_context():
        number, file_id = sample_request(demo, now=now_utc(), complaint_id=db.session.scalar(
            select(db.metadata.tables["complaints"].c.id).order_by(db.metadata.tables["complaints"].c.id)))
        db.session.add(DestructionList(created_at=now_utc(), status="proposed"))
        add_closed_survey(now_utc())
        links = subscriber_links("page.language@example.kr", now=now_utc())  # a subscriber's manage link
        surveys = walk_samples(now_utc())  # surveys and policy news
        db.session.commit()
        tables = db.metadata.tables
        samples = {  # in the order of their ids: a SELECT without ORDER BY comes back in any order on PostgreSQL
            "receipt_no": _column(tables["complaints"], "receipt_no"),
            "message_id": _column(tables["outbox_messages"], "id"),
            "charter_id": _column(tables["charters"], "id"),
            "version_no": [n for n in _column(tables["charters"], "version_no") if n],
            "type_id": _column(tables["complaint_types"], "id")[:2],
            "month": _column(tables["monthly_reports"], "month"),
            "user_id": _column(tables["users"], "id")[:2],
            "letter_id": _column(tables["notice_letters"], "id")[:2],
            "list_id": _column(tables["record_destruction_lists"], "id"),
            "code": _column(tables["services"], "code")[:2],
            "number": [number], "file_id": [file_id],
            "period_id": _column(tables["internal_survey_periods"], "id"),
            "improvement_id": _column(tables["improvements"], "id"),
            "category_id": _column(tables["complaint_categories"], "id")[:2],
            "key": ["processing", "register", "charter", "internal-services", "access-log", "satisfaction-survey"],
            "frozen_id": [frozen_report_sample(now_utc())], "fmt": ["csv"],
            "token": [links["manage"], surveys["token"]], "field_id": _column(tables["policy_fields"], "id")[:2],
            "survey_id": [surveys["draft"], surveys["public"], surveys["published"]],
            "question_id": [surveys["question"]],
        }
        samples["message_id"] = [*samples["message_id"], surveys["message"]]
        words = [value for table, column in PEOPLES_WORDS
                 for value in db.session.scalars(select(tables[table].c[column]))]
        words += [mask_name(name) for name in db.session.scalars(select(tables["complaints"].c.complainant_name))]
        words += [v for answers in db.session.scalars(select(tables["service_requests"].c.answers))
                  for v in json.loads(answers).values() if isinstance(v, str)]  # what requesters typed
        holidays = tables["public_holidays"]
        words += [v for row in db.session.execute(select(holidays.c.name, holidays.c.note)
                                                  .where(holidays.c.source == "admin")) for v in row]
        # 민원 분석 shows what the addresses begin with (their place) and the nouns of titles and contents
        words += [place for address in db.session.scalars(select(tables["complaints"].c.address)) if address
                  if (place := place_of(" ".join(address.split()[:2]))) != NO_GROUP]  # not "-": it is no word
        words += list(db.session.scalars(select(tables["complaint_keyword_counts"].c.keyword)))
        words += [v for detail in db.session.scalars(select(tables["complaint_events"].c.detail))
                  for key, v in json.loads(detail or "{}").items()
                  if isinstance(v, str) and not key.startswith("department")]
    return demo, samples, words


def _column(table, name: str) -> list:
    """A column's values in the order of the rows' primary key."""
    return list(db.session.scalars(select(table.c[name]).order_by(*table.primary_key.columns)))


#: the JSON APIs: no page, no language
JSON_BLUEPRINTS = ("api_v1.", "open311.", "service_requests_api.")


def _urls(app: Flask, samples: dict[str, list]) -> list[str]:
    """Every GET route of the app with its arguments filled from the samples (one URL per sample)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.endpoint.startswith(JSON_BLUEPRINTS):
            continue
        arguments = sorted(rule.arguments)
        if arguments in (["attachment_id", "receipt_no"], ["file_id", "number"]):
            continue  # a citizen's or a requester's own file, under the name they gave it
        unknown = [a for a in arguments if a not in samples or not samples[a]]
        assert not unknown, f"{rule.rule}: no sample for {unknown}; add one to the world fixture"
        if not arguments:
            urls.append(rule.rule)
        for index in range(max((len(samples[a]) for a in arguments), default=0)):
            values = {a: samples[a][index % len(samples[a])] for a in arguments}
            with app.test_request_context():
                from flask import url_for

                urls.append(url_for(rule.endpoint, **values))
    return sorted(set(urls))


def _problems_of(client, urls, lang, allowed, codes, seen: set) -> list[str]:
    found = []
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        disposition = response.headers.get("Content-Disposition", "")
        if lang == "en" and re.search(r"[\uac00-\ud7a3]|%E[A-D]", disposition):
            found.append(f"{url}: a Korean file name on an English page: {disposition}")
        if "html" not in (response.content_type or ""):
            continue
        seen.add(url)
        found += [f"{url}: {p}" for p in page_problems(response.get_data(as_text=True), page_lang=lang,
                                                        allowed=allowed, codes=codes)]
    return found


def _codes(app: Flask) -> frozenset[str]:
    """The app's own code lists: outbox template keys (the notification templates' names) and job identifiers."""
    folder = Path(__file__).resolve().parents[2] / "notifications" / "templates" / "notifications"
    templates = {path.name.split(".")[0] for path in folder.glob("*.txt")}
    return frozenset(templates | {spec.name for spec in job_table(app)})


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_page_speaks_the_language_of_the_page(world, lang):
    from tests.page_language import normalised

    app, samples, words = world
    allowed, codes = normalised(words), _codes(app)
    urls = _urls(app, samples)
    problems, seen = [], set()
    for account in (None, *ROLES):
        problems += _problems_of(_client(app, account, lang), urls, lang, allowed, codes, seen)
    for receipt_no in samples["receipt_no"]:  # the citizen's pages: looked up with the receipt's contact
        citizen = _client(app, None, lang)
        with app.app_context():
            phone, email = db.session.execute(select(db.metadata.tables["complaints"].c.complainant_phone,
                                                     db.metadata.tables["complaints"].c.complainant_email).where(
                db.metadata.tables["complaints"].c.receipt_no == receipt_no)).one()
        password = DEMO_PASSWORD if phone and phone.startswith("010-0000-") else "abcd1234"
        post_form(citizen, "/complaints/lookup", {"receipt_no": receipt_no, "contact": phone or email,
                                                  "password": password})
        citizen_urls = [u for u in urls if u.startswith(f"/complaints/{receipt_no}")]
        problems += _problems_of(citizen, citizen_urls, lang, allowed, codes, seen)
    # the walk really reached the pages that matter (a login that failed would make this test pass on nothing)
    for page in ("/staff/complaints", "/admin/monitoring", "/admin/outbox", "/staff/charter-performance",
                 "/staff/reports/monthly", "/charter", "/admin/holidays", "/admin/complaint-types",
                 "/improvements", "/staff/improvements", "/admin/complaint-categories", "/staff/analysis",
                 "/staff/analysis/keywords", "/staff/analysis/repeats", "/staff/analysis/complaints",
                 f"/complaints/{samples['receipt_no'][0]}", f"/staff/complaints/{samples['receipt_no'][0]}"):
        assert page in seen, f"{page} was never rendered"
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(sorted(set(problems))[:80])
