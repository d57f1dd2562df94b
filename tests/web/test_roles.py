"""Each role reaches exactly the staff pages it may, and gets 403 everywhere else."""

from __future__ import annotations

import pytest

from organization.domain.roles import Permission
from tests.helpers import login

# URL -> the demo accounts (app/demo.py) that may open it. Everyone else logged in gets 403.
ACCESS = {
    "/staff/": {"officer", "officer2", "head", "auditor", "admin", "records"},
    "/staff/department": {"head"},
    "/staff/audit": {"auditor", "admin"},
    "/admin/users": {"admin"},
    "/admin/users/new": {"admin"},
    "/admin/holidays": {"admin"},
    "/staff/complaints": {"officer", "officer2", "head", "auditor"},
    "/staff/complaints/register": {"officer", "officer2", "head"},
    "/admin/complaint-types": {"admin"},
    "/admin/complaint-types/new": {"admin"},
    "/staff/access-log": {"auditor", "admin"},
    "/staff/answer-templates": {"head"},
    "/staff/charters": {"head", "admin"},
    "/staff/charters/new": {"head", "admin"},
    "/staff/charter-performance": {"head", "auditor", "admin"},
    "/staff/charter-performance.pdf": {"head", "auditor", "admin"},
    "/staff/service-performance": {"head", "auditor", "admin"},
    "/staff/service-performance.csv": {"head", "auditor", "admin"},
    "/staff/arrivals": {"officer", "officer2", "head"},
    "/admin/monitoring": {"auditor", "admin"},
    "/admin/outbox": {"auditor", "admin"},
    "/staff/reports/monthly": {"head", "auditor"},
    "/staff/letters": {"officer", "officer2", "head"},
    "/staff/records": {"auditor", "admin", "records"},
    "/staff/reports/monthly/check": {"head", "auditor"},
    "/staff/reports/monthly/check.csv": {"head", "auditor"},
    "/staff/password": {"officer", "officer2", "head", "auditor", "admin", "records"},
    # internal services (issue 18): every department asks; heads approve and keep their catalog; auditors read
    "/staff/services": {"officer", "officer2", "head", "auditor"},
    "/staff/service-requests": {"officer", "officer2", "head", "auditor"},
    "/staff/service-requests/approvals": {"head"},
    "/staff/services/manage": {"head"},
    "/staff/services/manage/new": {"head"},
    "/staff/service-queue": {"officer", "officer2", "head"},  # auditors read requests; a queue is for providers
    "/staff/internal-survey": {"officer", "officer2", "head", "auditor", "admin"},
    "/admin/internal-surveys": {"admin"},
    # issue 20: the 제도개선 register (heads their department, 민원심사관 and admins all, auditors read), categories
    "/staff/improvements": {"head", "auditor", "admin", "reviewer"},
    "/staff/improvements/new": {"head", "admin", "reviewer"},
    "/admin/complaint-categories": {"admin"},
    # issue 20: 민원 분석 (heads their department, 민원심사관 and auditors every one; tests/web/test_analysis.py)
    "/staff/analysis": {"head", "auditor", "reviewer"},
    "/staff/analysis/keywords": {"head", "auditor", "reviewer"},
    "/staff/analysis/repeats": {"head", "auditor", "reviewer"},
    "/staff/analysis/complaints": {"head", "auditor", "reviewer"},
    # reports (issue 19): the hub for whoever reads a report; each report by role in tests/web/test_reports_pages.py
    "/staff/reports": {"head", "auditor", "admin"},
    "/staff/reports/frozen": {"head", "auditor", "admin"},
    # policy customers (issue 20): counts only; administrators, department heads and auditors
    "/staff/policy-customers": {"head", "auditor", "admin"},
    "/staff/policy-customers.csv": {"head", "auditor", "admin"},
    "/admin/policy-fields": {"admin"},
    "/admin/policy-fields/new": {"admin"},
    # policy news and surveys (issue 20 item 5): heads their department's, administrators all, auditors read
    "/staff/policy-messages": {"head", "auditor", "admin"},
    "/staff/policy-messages/new": {"head", "admin"},
    "/staff/surveys": {"head", "auditor", "admin"},
    "/staff/surveys/new": {"head", "admin"},
}
# POST-only protected routes, tried by every role in test_each_role_may_post_only_where_allowed.
POST_ONLY = {"/admin/holidays/<int:holiday_id>/<any(remove, restore):action>",
             "/staff/charters/<int:charter_id>/approve", "/staff/charters/<int:charter_id>/publish",
             "/staff/charters/<int:charter_id>/discard",
             "/admin/outbox/<int:message_id>/retry",  # retry: tests/web/test_monitoring_pages.py
             # letters and records destruction: tests/web/test_letters_and_records.py, every role
             "/staff/letters/print.pdf", "/staff/records/prepare", "/staff/records/items/<int:item_id>/exclude",
             "/staff/records/lists/<int:list_id>/approve",
             # account actions: tests/web/test_user_admin.py::test_only_administrators_reach_user_administration
             *(f"/admin/users/<int:user_id>/{action}" for action in ("deactivate", "reactivate", "unlock", "password")),
             # the queue's tools (bulk assignment, saved conditions): tests/web/test_officer_tools.py, by role
             "/staff/complaints/bulk-assign", "/staff/complaints/saved-filters",
             "/staff/complaints/saved-filters/<int:filter_id>/delete",
             # approval of an internal request: every role, own and other department, in test_service_requesting
             "/staff/service-requests/<number>/approval",
             # the register's steps and milestones: tests/web/test_improvements.py, every role
             "/staff/improvements/<int:improvement_id>/step", "/staff/improvements/<int:improvement_id>/milestones",
             "/staff/improvements/<int:improvement_id>/milestones/<int:milestone_id>/done",
             # freezing and the unmasked register, by role: tests/web/test_reports_pages.py
             "/staff/reports/<key>/freeze", "/staff/reports/<key>/unmasked",
             # asking the keyword job to count again: heads and 민원심사관, not auditors (tests/web/test_analysis.py)
             "/staff/analysis/keywords/recount",
             # surveys and policy news, every role own and other department: tests/web/test_surveys.py
             *(f"/staff/surveys/<int:survey_id>/{action}" for action in ("open", "close", "publish")),
             "/staff/surveys/<int:survey_id>/questions/<int:question_id>/delete",
             "/staff/policy-messages/<int:message_id>/send"}
# Per-object staff routes: tried for every role and department in tests/web/test_complaint_staff.py and
# tests/web/test_case_permissions.py (every workflow action as every role, own and other department);
# charters: tests/web/test_charter_pages.py::test_per_object_staff_pages_by_role.
CASE_ACTIONS = ["answer", "request-supplement", "repeat-supplement", "supplement-returned", "deem-withdrawn", "extend",
                "transfer-department", "transfer-agency", "follow-up", "cooperation", "close-repeated", "merge",
                "start", "assign", "print", "attachments/download", "cooperation/<int:cooperation_id>/extend",
                "cooperation/<int:cooperation_id>/reply", "return", "supplement-needed", "audit-referral",
                "audit-findings", "notes", "classify"]
PER_OBJECT = {"/admin/complaint-types/<int:type_id>/edit", "/staff/complaints/<receipt_no>",
              # each report and frozen report by role: tests/web/test_reports_pages.py
              "/staff/reports/<key>", "/staff/reports/frozen/<int:frozen_id>",
              "/staff/reports/frozen/<int:frozen_id>/<any(xlsx, csv, pdf):fmt>",
              "/admin/policy-fields/<int:field_id>",  # tests/web/test_policy_customers.py, every role
              "/staff/answer-templates/<int:template_id>/remove",
              "/staff/charters/<int:charter_id>", "/staff/charters/<int:charter_id>/edit",
              "/staff/charters/<int:charter_id>/preview.pdf",
              "/admin/outbox/<int:message_id>", "/staff/reports/monthly/<month>",  # test_monitoring_pages.py
              "/staff/letters/<int:letter_id>.pdf", "/staff/records/lists/<int:list_id>",  # test_letters_and_records
              "/staff/reports/monthly/<month>.csv",  # test_localized_text.py
              "/admin/users/<int:user_id>",  # tests/web/test_sessions.py
              # internal services: tests/web/test_service_catalog.py, test_service_requesting.py (every role below)
              "/staff/services/<code>/request", "/staff/services/manage/<code>",
              # internal requests: both sides, auditors and other departments in tests/web/test_service_request_page.py
              "/staff/service-requests/<number>", "/staff/service-requests/<number>/act",
              "/staff/service-requests/<number>/files/<int:file_id>",
              # internal satisfaction: tests/web/test_internal_satisfaction.py (sides, results by role)
              "/staff/service-requests/<number>/rating", "/staff/internal-survey/<int:period_id>/results",
              "/staff/service-performance/late",  # per department: tests/web/test_service_performance.py
              # one improvement and one category: tests/web/test_improvements.py (own and other department, by role)
              "/staff/improvements/<int:improvement_id>", "/staff/improvements/<int:improvement_id>/edit",
              "/admin/complaint-categories/<int:category_id>/edit",
              # one survey and one policy message: tests/web/test_surveys.py (by role and department)
              "/staff/surveys/<int:survey_id>", "/staff/surveys/<int:survey_id>/edit",
              "/staff/surveys/<int:survey_id>/results", "/staff/surveys/<int:survey_id>/questions/new",
              "/staff/surveys/<int:survey_id>/questions/<int:question_id>",
              "/staff/policy-messages/<int:message_id>", "/staff/policy-messages/<int:message_id>/edit",
              *(f"/staff/complaints/<receipt_no>/{action}" for action in CASE_ACTIONS)}
ACCOUNTS = ["officer", "head", "auditor", "admin", "records"]


@pytest.mark.parametrize("account", ACCOUNTS)
def test_each_role_reaches_exactly_its_pages(demo, account):
    client = demo.test_client()
    assert login(client, account).status_code == 302
    for url, allowed in ACCESS.items():
        expected = 200 if account in allowed else 403
        assert client.get(url).status_code == expected, f"{account} on {url}"


@pytest.mark.parametrize("url", sorted(ACCESS))
def test_anonymous_users_are_sent_to_login(demo, url):
    response = demo.test_client().get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_every_protected_view_is_in_the_access_table(app):
    """A new staff page must be added to ACCESS above, so its permissions get tested for every role."""
    protected = set()
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if getattr(view, "required_permission", None) is not None:
            protected.add(rule.rule)
    tested = set(ACCESS) | POST_ONLY | PER_OBJECT
    assert protected <= tested, f"untested protected pages: {sorted(protected - tested)}"


#: per-object internal-service pages: who may open them for a service of another department (LEGAL-REVIEW, 법무담당관)
SERVICE_PAGES = {"/staff/services/LEGAL-REVIEW/request": {"officer", "officer2", "head"},
                 "/staff/services/manage/LEGAL-REVIEW": set()}  # only 법무담당관's head (there is none in the demo)


@pytest.mark.parametrize("account", ACCOUNTS)
def test_each_role_reaches_exactly_its_internal_service_pages(demo, account):
    client = demo.test_client()
    assert login(client, account).status_code == 302
    for url, allowed in SERVICE_PAGES.items():
        assert client.get(url).status_code == (200 if account in allowed else 403), f"{account} on {url}"


@pytest.mark.parametrize("account", ACCOUNTS)
def test_each_role_may_post_only_where_allowed(demo, account):
    from core.extensions import db
    from tests.helpers import csrf_token_from
    from working_calendar.models import PublicHoliday

    with demo.app_context():
        holiday_id = db.session.query(PublicHoliday.id).order_by(PublicHoliday.day).first()[0]
    client = demo.test_client()
    login(client, account)
    token = csrf_token_from(client.get("/staff/"))
    response = client.post(f"/admin/holidays/{holiday_id}/remove",
                           data={"csrf_token": token, "step": "confirm", "reason": "권한 시험"})
    assert response.status_code == (302 if account == "admin" else 403)
    with demo.app_context():
        assert db.session.get(PublicHoliday, holiday_id).is_active is (account != "admin")


def test_forbidden_page_is_localized(demo):
    client = demo.test_client()
    login(client, "officer")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "권한이 없습니다" in response.get_data(as_text=True)


def test_disabled_account_loses_access_immediately(demo):
    from core.extensions import db
    from organization.models import User

    client = demo.test_client()
    login(client, "admin")
    assert client.get("/admin/users").status_code == 200
    with demo.app_context():
        user = db.session.query(User).filter_by(login_id="admin").one()
        user.is_active_account = False
        db.session.commit()
    assert client.get("/admin/users").status_code == 302


def test_permission_names_are_unique():
    assert len({p.value for p in Permission}) == len(Permission)
