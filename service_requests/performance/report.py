"""The performance report of the providing departments over a period: per department, one row per service and the
department's total, from the queries (queries.py) and the pure figures (domain/performance.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from organization.models import Department
from service_requests.domain.performance import Figures, late_ids
from service_requests.models import Service
from service_requests.performance import queries
from service_requests.performance.queries import Period
from working_calendar.domain.worktime import WorkCalendar


@dataclass
class ServiceRow:
    service: Service
    figures: Figures
    backlog: int = 0


@dataclass
class DepartmentReport:
    department: Department
    rows: list[ServiceRow] = field(default_factory=list)
    total: Figures = field(default_factory=Figures)
    backlog: int = 0


def build_report(period: Period, *, calendar: WorkCalendar, now: datetime) -> list[DepartmentReport]:
    """Every providing department (by code) with a row for each service it has (active, or with requests in the
    period or open now)."""
    figures: dict[tuple[int, int], Figures] = defaultdict(Figures)
    for department_id, service_id, clocks in queries.clocks_in_period(period):
        figures[department_id, service_id].add(clocks, calendar, now)
    open_now = queries.backlog()
    services = queries.services_by_id()
    reports = []
    for department in queries.providing_departments():
        report = DepartmentReport(department)
        keys = {key for key in (*figures, *open_now) if key[0] == department.id}
        keys |= {(department.id, s.id) for s in services.values() if s.department_id == department.id and s.is_active}
        for key in sorted(keys, key=lambda k: services[k[1]].code):
            row = ServiceRow(services[key[1]], figures.get(key, Figures()), open_now.get(key, 0))
            report.rows.append(row)
            report.total.merge(row.figures)
            report.backlog += row.backlog
        reports.append(report)
    return reports


def late_requests(period: Period, kind: str, department: Department, service: Service | None, *,
                  now: datetime) -> list:
    """The requests counted late in the report's cell (`kind` "response" or "resolution"), by number."""
    rows = [clocks for _d, _s, clocks in queries.clocks_in_period(
        period, department.id, service.id if service is not None else None)]
    return queries.requests_by_ids(late_ids(rows, kind, now))
