"""The SQL of 민원 분석: 민원 per KST month of receipt and group (category, department, type, channel, place), the
stored keyword counts, repeated complaints, and the 민원 behind a figure. Everything is limited to the asker's
departments (`departments`: None for every department, else the ids they may see).

Counts are by whole months: a period is widened to the months it touches (the spikes need the six months before
it too). **Place** is the start of the address: its first two words (SQL, on both databases), kept only as far as
they name an area or a road (`civil_complaints.domain.public_location.coarse_address`: numbers, names and
anything else dropped), so "한빛시 중앙로 42" and "한빛시 중앙로 7 앞" are both 한빛시 중앙로.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import ColumnElement, func, literal, or_, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import joinedload

from civil_complaints.analysis.models import KeywordCount, KeywordMonth
from civil_complaints.complaint_models import Complaint, ComplaintCategory
from civil_complaints.domain.analysis import add_months
from civil_complaints.domain.public_location import coarse_address
from civil_complaints.reports.processing_queries import is_postgres, month_key, month_text, tune_session
from core.clock import KST
from core.db_types import UTCDateTime
from core.extensions import db

DIMENSIONS = ("category", "department", "type", "channel", "place")
#: the group of 민원 without a category, a place: "-" in an address
NONE = "-"
c = Complaint


@dataclass(frozen=True)
class Scope:
    """What a figure counts: whole months `first` … `last` (first days), the asker's departments, a department
    filter."""

    first: date
    last: date
    departments: frozenset[int] | None = None

    def bounds(self) -> tuple[datetime, datetime]:
        return (datetime.combine(self.first, time(0), KST),
                datetime.combine(add_months(self.last, 1), time(0), KST))

    def where(self) -> list[ColumnElement]:
        start, end = self.bounds()
        where = [c.received_at >= start, c.received_at < end]
        if self.departments is not None:
            where.append(c.department_id.in_(sorted(self.departments) or [-1]))
        return where

    def months(self) -> list[date]:
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = add_months(month, 1)
        return months


def place_prefix() -> ColumnElement:
    """The first two words of the address (None without one)."""
    def cat(*parts):
        joined = parts[0]
        for part in parts[1:]:
            joined = joined.op("||")(part)
        return joined

    if is_postgres():
        trimmed = func.btrim(c.address)
        return func.btrim(cat(func.split_part(trimmed, " ", 1), literal(" "), func.split_part(trimmed, " ", 2)))
    spaced = cat(func.trim(c.address), literal(" "))
    rest = func.substr(spaced, func.instr(spaced, " ") + 1)
    return func.rtrim(cat(func.substr(spaced, 1, func.instr(spaced, " ")), func.substr(rest, 1, func.instr(rest, " "))))


def month_bucket(months: list[date]) -> ColumnElement:
    """The KST month of receipt: on PostgreSQL the number (1 …) of the month among `months`, found by binary search
    of their first instants (width_bucket: half the time of date_trunc at a time zone, per row); SQLite's text."""
    if not is_postgres():
        return month_key()
    firsts = [datetime.combine(m, time(0), KST) for m in months]
    return func.width_bucket(c.received_at, postgresql.array(firsts, type_=UTCDateTime()))


def place_of(prefix: str | None) -> str:
    return coarse_address(prefix) or NONE if prefix else NONE


def top_category() -> ColumnElement:
    return func.coalesce(ComplaintCategory.parent_id, ComplaintCategory.id)


def _group_column(dimension: str) -> ColumnElement:
    return {"category": top_category(), "department": c.department_id, "type": c.type_id, "channel": c.channel,
            "place": place_prefix()}[dimension]


def _key(dimension: str, value) -> str:
    if dimension == "place":
        return place_of(value)
    return NONE if value is None else str(value)


def monthly_counts(dimension: str, scope: Scope) -> dict[str, dict[date, int]]:
    """{group: {first of month: 민원}} for every group with 민원 in the scope's months."""
    tune_session()
    months = scope.months()
    group, month = _group_column(dimension).label("grp"), month_bucket(months).label("month")
    statement = select(group, month, func.count()).select_from(c).where(*scope.where()).group_by(group, month)
    if dimension == "category":
        statement = statement.outerjoin(ComplaintCategory, ComplaintCategory.id == c.category_id)
    found: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for value, month_value, count in db.session.execute(statement):
        first = months[month_value - 1] if isinstance(month_value, int) else date.fromisoformat(
            month_text(month_value) + "-01")
        found[_key(dimension, value)][first] += count
    return {key: dict(counts) for key, counts in found.items()}


def group_condition(dimension: str, value: str, scope: Scope) -> ColumnElement:
    """The WHERE of one group's 민원 (a value as `monthly_counts` keys it)."""
    if dimension == "category":
        if value == NONE:
            return c.category_id.is_(None)
        top = int(value)
        return c.category_id.in_(select(ComplaintCategory.id).where(
            or_(ComplaintCategory.id == top, ComplaintCategory.parent_id == top)))
    if dimension in ("department", "type"):
        return _group_column(dimension) == int(value)
    if dimension == "channel":
        return c.channel == value
    prefixes = [p for (p,) in db.session.execute(select(place_prefix()).where(*scope.where()).distinct())
                if place_of(p) == value and p]
    condition = place_prefix().in_(prefixes or [""])
    return or_(condition, c.address.is_(None), func.trim(c.address) == "") if value == NONE else condition


def keyword_totals(scope: Scope, limit: int = 30) -> list[tuple[str, int]]:
    """The stored keywords of the scope's months, most 민원 first."""
    k = KeywordCount
    where = [k.month >= scope.first, k.month <= scope.last]
    if scope.departments is not None:
        where.append(k.department_id.in_(sorted(scope.departments) or [-1]))
    total = func.sum(k.count).label("total")
    return [(word, int(count)) for word, count in db.session.execute(
        select(k.keyword, total).where(*where).group_by(k.keyword).order_by(total.desc(), k.keyword).limit(limit))]


def keyword_state(scope: Scope) -> tuple[datetime | None, list[date]]:
    """When the scope's keyword counts were last computed, and its months not computed yet."""
    rows = db.session.execute(select(KeywordMonth.month, KeywordMonth.computed_at)
                              .where(KeywordMonth.month >= scope.first, KeywordMonth.month <= scope.last)).all()
    done = {month for month, _at in rows}
    latest = max((at for _month, at in rows), default=None)
    return latest, [m for m in scope.months() if m not in done]


def place_category_groups(scope: Scope, minimum: int) -> list[tuple[str, str, int]]:
    """(place, top category id or NONE, 민원) with at least `minimum` 민원 in the scope, most first; 민원 without
    a place are left out (they share nothing)."""
    tune_session()
    prefix, category = place_prefix().label("prefix"), top_category().label("category")
    statement = (select(prefix, category, func.count()).select_from(c)
                 .outerjoin(ComplaintCategory, ComplaintCategory.id == c.category_id)
                 .where(*scope.where(), c.address.is_not(None)).group_by(prefix, category))
    merged: dict[tuple[str, str], int] = defaultdict(int)
    for value, top, count in db.session.execute(statement):
        place = place_of(value)
        if place != NONE:
            merged[(place, NONE if top is None else str(top))] += count
    found = [(place, top, count) for (place, top), count in merged.items() if count >= minimum]
    return sorted(found, key=lambda row: (-row[2], row[0], row[1]))


def keyword_condition(keyword: str) -> ColumnElement:
    return or_(c.title.icontains(keyword, autoescape=True), c.content.icontains(keyword, autoescape=True))


def month_condition(month: date) -> list[ColumnElement]:
    return [c.received_at >= datetime.combine(month, time(0), KST),
            c.received_at < datetime.combine(add_months(month, 1), time(0), KST)]


def drill_statement(where: list[ColumnElement]):
    return (select(c).where(*where).options(joinedload(c.type), joinedload(c.department))
            .order_by(c.received_at.desc(), c.id.desc()))


#: a drill-down counts at most this many 민원 (a keyword of a year may match a tenth of them: counting every one
#: would take seconds); the page then says "more than"
COUNT_CAP = 10_000


def count_of(where: list[ColumnElement]) -> int:
    """How many 민원 match, up to COUNT_CAP + 1."""
    capped = select(c.id).where(*where).limit(COUNT_CAP + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(capped)) or 0


def page_of(where: list[ColumnElement], page: int, size: int) -> list[Complaint]:
    return list(db.session.scalars(drill_statement(where).limit(size).offset((page - 1) * size)))

