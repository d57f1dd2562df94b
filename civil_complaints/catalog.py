"""What every submission reads and administrators rarely change, cached per worker process.

The complaint types (with their departments' names and phone), the agency code and the holiday calendar are
read once and kept as plain immutable values. Each request checks them with one small SELECT of
`cache_revisions.token`, which database triggers change in every transaction that writes one of those tables
(migration 0009). An administrator's change is therefore seen by every worker on its next request, and by the
writing transaction itself at once. Reading the token before the tables means a snapshot can only be labelled
with an older token than its data, which costs one extra rebuild, never a stale answer.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import select

from civil_complaints.complaint_models import ComplaintType
from core.cache_revisions import token_now
from core.extensions import db
from organization.models import Agency, Department
from working_calendar.cache import calendar_for
from working_calendar.domain.worktime import WorkCalendar


@dataclass(frozen=True)
class CatalogType:
    """A complaint type as the intake needs it; the same names as `ComplaintType` where they overlap."""

    id: int
    code: str
    name_ko: str
    name_en: str
    description_ko: str
    description_en: str
    kind: str
    period_spec: str
    department_id: int
    asks_location: bool
    attachment_kinds: str
    open311_public: bool
    service_notice_ko: str | None
    is_active: bool
    department_name_ko: str
    department_name_en: str
    department_phone: str | None

    def name(self, locale: str) -> str:
        return self.name_ko if locale == "ko" else self.name_en

    def description(self, locale: str) -> str:
        return self.description_ko if locale == "ko" else self.description_en

    def department_name(self, locale: str) -> str:
        return self.department_name_ko if locale == "ko" else self.department_name_en

    @cached_property
    def accepted_kinds(self) -> frozenset[str]:
        return frozenset(k.strip() for k in self.attachment_kinds.split(",") if k.strip())


@dataclass
class Catalog:
    token: str | None
    agency_code: str | None
    types: tuple[CatalogType, ...]  # every type, by id
    #: per-locale values derived by the views (e.g. the form's choices), valid as long as the catalog
    derived: dict = field(default_factory=dict)

    @cached_property
    def active(self) -> list[CatalogType]:
        return [t for t in self.types if t.is_active]

    @cached_property
    def _by_code(self) -> dict[str, CatalogType]:
        return {t.code: t for t in self.types}

    def by_code(self, code: str) -> CatalogType | None:
        return self._by_code.get(code)

    def calendar(self, blocks: str) -> WorkCalendar:
        return calendar_for(self.token, blocks)


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine → Catalog (one per app and database)
_LOCK = threading.Lock()


def current_catalog() -> Catalog:
    """The catalog as the current transaction sees it: from the cache when its token still matches."""
    token = token_now()
    key = db.engine
    cached = _CACHE.get(key)
    if token is not None and cached is not None and cached.token == token:
        return cached
    catalog = _build(token)
    if token is not None:
        with _LOCK:
            _CACHE[key] = catalog
    return catalog



def is_current(catalog: Catalog) -> bool:
    """Whether `catalog` (perhaps taken from the cache unchecked) is the one the database holds now."""
    return catalog.token is not None and token_now() == catalog.token


def cached_catalog() -> Catalog | None:
    """The catalog this worker read last, NOT checked against the token (None before the first read): only for
    a write that checks the token itself (`filing_sql.insert_filing_guarded`) and is redone when it changed."""
    return _CACHE.get(db.engine)


def _build(token: str | None) -> Catalog:
    rows = db.session.execute(
        select(ComplaintType, Department.name_ko, Department.name_en, Department.phone)
        .join(Department, Department.id == ComplaintType.department_id).order_by(ComplaintType.id)
    ).all()
    types = tuple(CatalogType(
        id=t.id, code=t.code, name_ko=t.name_ko, name_en=t.name_en, description_ko=t.description_ko or "",
        description_en=t.description_en or "", kind=t.kind, period_spec=t.period_spec, department_id=t.department_id,
        asks_location=bool(t.asks_location), attachment_kinds=t.attachment_kinds or "",
        open311_public=bool(t.open311_public), service_notice_ko=t.service_notice_ko, is_active=bool(t.is_active),
        department_name_ko=name_ko, department_name_en=name_en, department_phone=phone,
    ) for t, name_ko, name_en, phone in rows)
    agency_code = db.session.scalar(select(Agency.code).order_by(Agency.id).limit(1))
    return Catalog(token=token, agency_code=agency_code, types=types)


class StaleCatalog(Exception):
    """The catalog changed between reading it and writing the filing: nothing was written; read it again."""
