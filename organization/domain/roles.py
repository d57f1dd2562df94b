"""Staff roles and what each may do.

Permissions are declarations: views use `app.auth.requires_permission(...)`, services use
`organization.services.require_permission(actor, ...)`; both consult `can()` here.
A user may hold several roles; a permission is granted if any role grants it.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    OFFICER = "officer"  # 담당자: handles cases of their own department
    DEPARTMENT_HEAD = "department_head"  # 부서장: manages the department's queue and staff
    AUDITOR = "auditor"  # 감사관: reads everything, changes nothing, downloads reports
    ADMIN = "admin"  # 시스템 관리자: users, departments, holidays, configuration
    REVIEW_OFFICER = "review_officer"  # 민원심사관 (법 제25조): oversees all 민원, receives 독촉 and monthly checks
    RECORDS_OFFICER = "records_officer"  # 기록물관리 담당 (공공기록물법): approves destruction lists (D18)


class Permission(StrEnum):
    STAFF_HOME = "staff.home"
    COMPLAINTS_VIEW_DEPARTMENT = "complaints.view_department"
    COMPLAINTS_VIEW_ALL = "complaints.view_all"
    COMPLAINTS_HANDLE = "complaints.handle"
    COMPLAINTS_ASSIGN = "complaints.assign"
    COMPLAINTS_REGISTER = "complaints.register"
    DEPARTMENT_MANAGE = "department.manage"
    AUDIT_READ = "audit.read"
    REPORTS_DOWNLOAD = "reports.download"
    ACCESS_LOG_REVIEW = "access_log.review"
    CHARTER_EDIT = "charters.edit"
    CHARTER_APPROVE = "charters.approve"
    HOLIDAYS_MANAGE = "holidays.manage"
    COMPLAINT_TYPES_MANAGE = "complaint_types.manage"
    USERS_MANAGE = "users.manage"
    NOTIFICATIONS_MANAGE = "notifications.manage"
    RECORDS_REVIEW = "records.review"
    RECORDS_DESTROY = "records.destroy"
    #: internal service requests (내부 서비스 요청): ask for a service for one's department and provide one's own
    SERVICE_REQUESTS_USE = "service_requests.use"
    #: approve the department's requests, assign what is addressed to it, keep its service catalog
    SERVICE_REQUESTS_MANAGE = "service_requests.manage"
    #: read every department's requests (auditors: never write)
    SERVICE_REQUESTS_VIEW_ALL = "service_requests.view_all"
    #: the performance page of providing departments
    SERVICE_PERFORMANCE_VIEW = "service_requests.performance"
    #: open and close the periodic internal-customer survey
    SERVICE_SURVEY_MANAGE = "service_requests.survey_manage"
    #: the 제도개선 register (civil_complaints/improvements): read it
    IMPROVEMENTS_VIEW = "improvements.view"
    #: propose and carry the improvements the user's own department owns (department heads)
    IMPROVEMENTS_EDIT_DEPARTMENT = "improvements.edit_department"
    #: propose and carry every department's improvements (민원심사관, administrators)
    IMPROVEMENTS_EDIT_ALL = "improvements.edit_all"
    #: the policy-customer registry's counts per field and purpose (no personal data)
    POLICY_CUSTOMERS_VIEW = "policy_customers.view"
    #: keep the list of fields people may subscribe to
    POLICY_FIELDS_MANAGE = "policy_customers.fields_manage"
    #: 민원 분석 (/staff/analysis): trends, spikes, keywords and repeated complaints; heads their department's
    ANALYSIS_VIEW = "analysis.view"
    #: ask the keyword job to count months again (a queued request, nothing computed in the request)
    ANALYSIS_RECOUNT = "analysis.recount"
    #: write and send policy news to the subscribers of chosen fields (department heads, administrators)
    POLICY_MESSAGES_SEND = "policy_customers.messages_send"
    #: write, open and close the surveys (의견수렴) of the user's own department and read their results
    SURVEYS_MANAGE = "surveys.manage"
    #: the same for every department's surveys (administrators)
    SURVEYS_MANAGE_ALL = "surveys.manage_all"
    #: read every department's surveys and results (auditors: never write)
    SURVEYS_VIEW_ALL = "surveys.view_all"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset(
        {
            Permission.STAFF_HOME,
            Permission.COMPLAINTS_VIEW_DEPARTMENT,
            Permission.COMPLAINTS_HANDLE,
            Permission.COMPLAINTS_REGISTER,
            Permission.SERVICE_REQUESTS_USE,
        }
    ),
    Role.DEPARTMENT_HEAD: frozenset(
        {
            Permission.STAFF_HOME,
            Permission.ANALYSIS_VIEW,
            Permission.ANALYSIS_RECOUNT,
            Permission.COMPLAINTS_VIEW_DEPARTMENT,
            Permission.COMPLAINTS_HANDLE,
            Permission.COMPLAINTS_REGISTER,
            Permission.COMPLAINTS_ASSIGN,
            Permission.DEPARTMENT_MANAGE,
            Permission.REPORTS_DOWNLOAD,
            Permission.CHARTER_EDIT,
            Permission.CHARTER_APPROVE,
            Permission.SERVICE_REQUESTS_USE,
            Permission.SERVICE_REQUESTS_MANAGE,
            Permission.SERVICE_PERFORMANCE_VIEW,
            Permission.IMPROVEMENTS_VIEW,
            Permission.IMPROVEMENTS_EDIT_DEPARTMENT,
            Permission.POLICY_CUSTOMERS_VIEW,
            Permission.POLICY_MESSAGES_SEND,
            Permission.SURVEYS_MANAGE,
        }
    ),
    Role.AUDITOR: frozenset(
        {
            Permission.STAFF_HOME,
            Permission.ANALYSIS_VIEW,
            Permission.COMPLAINTS_VIEW_ALL,
            Permission.SERVICE_REQUESTS_VIEW_ALL,
            Permission.SERVICE_PERFORMANCE_VIEW,
            Permission.AUDIT_READ,
            Permission.REPORTS_DOWNLOAD,
            Permission.ACCESS_LOG_REVIEW,
            Permission.RECORDS_REVIEW,
            Permission.IMPROVEMENTS_VIEW,
            Permission.POLICY_CUSTOMERS_VIEW,
            Permission.SURVEYS_VIEW_ALL,
        }
    ),
    Role.ADMIN: frozenset(
        {
            Permission.STAFF_HOME,
            Permission.USERS_MANAGE,
            Permission.HOLIDAYS_MANAGE,
            Permission.COMPLAINT_TYPES_MANAGE,
            Permission.ACCESS_LOG_REVIEW,
            Permission.CHARTER_EDIT,
            Permission.CHARTER_APPROVE,
            Permission.AUDIT_READ,
            Permission.NOTIFICATIONS_MANAGE,
            Permission.RECORDS_REVIEW,
            Permission.SERVICE_PERFORMANCE_VIEW,
            Permission.SERVICE_SURVEY_MANAGE,
            Permission.IMPROVEMENTS_VIEW,
            Permission.IMPROVEMENTS_EDIT_ALL,
            Permission.POLICY_CUSTOMERS_VIEW,
            Permission.POLICY_FIELDS_MANAGE,
            Permission.POLICY_MESSAGES_SEND,
            Permission.SURVEYS_MANAGE,
            Permission.SURVEYS_MANAGE_ALL,
            Permission.SURVEYS_VIEW_ALL,
        }
    ),
    Role.REVIEW_OFFICER: frozenset(
        {
            Permission.STAFF_HOME,
            Permission.ANALYSIS_VIEW,
            Permission.ANALYSIS_RECOUNT,
            Permission.COMPLAINTS_VIEW_ALL,
            Permission.REPORTS_DOWNLOAD,
            Permission.IMPROVEMENTS_VIEW,
            Permission.IMPROVEMENTS_EDIT_ALL,
        }
    ),
    # D18: records are destroyed only once this person approved the list; separate from the system administrator
    Role.RECORDS_OFFICER: frozenset(
        {
            Permission.STAFF_HOME,
            Permission.RECORDS_REVIEW,
            Permission.RECORDS_DESTROY,
        }
    ),
}

#: Permissions that change data. An auditor holds none of them, by construction (tested).
WRITE_PERMISSIONS = frozenset(
    {
        Permission.ANALYSIS_RECOUNT,
        Permission.IMPROVEMENTS_EDIT_DEPARTMENT,
        Permission.IMPROVEMENTS_EDIT_ALL,
        Permission.COMPLAINTS_HANDLE,
        Permission.COMPLAINTS_ASSIGN,
        Permission.COMPLAINTS_REGISTER,
        Permission.DEPARTMENT_MANAGE,
        Permission.CHARTER_EDIT,
        Permission.CHARTER_APPROVE,
        Permission.HOLIDAYS_MANAGE,
        Permission.COMPLAINT_TYPES_MANAGE,
        Permission.USERS_MANAGE,
        Permission.NOTIFICATIONS_MANAGE,
        Permission.RECORDS_DESTROY,
        Permission.SERVICE_REQUESTS_USE,
        Permission.SERVICE_REQUESTS_MANAGE,
        Permission.SERVICE_SURVEY_MANAGE,
        Permission.POLICY_FIELDS_MANAGE,
        Permission.POLICY_MESSAGES_SEND,
        Permission.SURVEYS_MANAGE,
        Permission.SURVEYS_MANAGE_ALL,
    }
)


def parse_roles(values: Iterable[str]) -> frozenset[Role]:
    """Role values from storage or a CLI; unknown names raise ValueError naming the valid ones."""
    roles = set()
    for value in values:
        try:
            roles.add(Role(value))
        except ValueError:
            valid = ", ".join(r.value for r in Role)
            raise ValueError(f"unknown role {value!r}; valid roles: {valid}") from None
    return frozenset(roles)


def permissions_of(roles: Iterable[Role]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)


def can(roles: Iterable[Role], permission: Permission) -> bool:
    """True if any of `roles` grants `permission`."""
    return permission in permissions_of(roles)
