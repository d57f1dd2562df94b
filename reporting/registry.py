"""The reports the features can build, registered with this shared package while the app is assembled.

A feature calls `register(app, ReportDefinition(...))` from its hooks; the hub lists the definitions a person may
read, and `/staff/reports/<key>` builds one. The registry is kept on the Flask app (`app.extensions`), like
notifications/registry.py, so this package never imports a feature.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask import Flask, current_app

from organization.models import User
from reporting.domain.document import Report
from reporting.domain.periods import Period

EXTENSION = "policycrm.reporting"
#: the filters a report may take, in the order the hub shows them
FILTERS = ("department", "kind", "type", "channel")
FORMATS = ("html", "xlsx", "csv", "pdf")


@dataclass(frozen=True)
class ReportQuery:
    """What a builder is asked for. `filters` hold validated codes (a department's code, a 민원 kind, a type's code,
    a channel); `departments` is the asker's scope: None for every department, else the ids they may see (a head:
    their own). `extra` carries a drill-down's own parameters (e.g. the month and department of a row)."""

    period: Period
    actor: User | None
    now: datetime
    filters: dict[str, str] = field(default_factory=dict)
    departments: frozenset[int] | None = None
    unmasked: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    locale: str = "ko"


@dataclass(frozen=True)
class ReportDefinition:
    key: str
    #: callables returning the translated text (lazy strings do)
    title: Callable[[], str]
    description: Callable[[], str]
    build: Callable[[ReportQuery], Report]
    #: may this person read the report at all
    may_read: Callable[[User], bool]
    #: the departments this person may see in it: None for all
    scope: Callable[[User], frozenset[int] | None] = lambda user: None
    filters: Sequence[str] = ()
    #: {filter: [(code, label), …]} for the filters' select boxes
    choices: Callable[[], dict[str, list[tuple[str, str]]]] = lambda: {}
    formats: Sequence[str] = FORMATS
    #: shown on the hub (a drill-down is reached from its report instead)
    listed: bool = True
    #: the report shows personal data masked; `may_unmask` says who may ask for it unmasked, with a reason
    may_unmask: Callable[[User], bool] | None = None
    #: parameters of a drill-down, passed through to `ReportQuery.extra` (validated by the builder)
    extra_params: Sequence[str] = ()
    #: the hub's order
    order: int = 100
    #: the period a report opens on when the address names none (a PERIODS preset: its latest finished one)
    default_preset: str = "month"


def _state(app: Flask) -> dict[str, ReportDefinition]:
    return app.extensions.setdefault(EXTENSION, {})


def register(app: Flask, definition: ReportDefinition) -> None:
    reports = _state(app)
    if definition.key in reports:
        raise ValueError(f"report {definition.key!r} is registered twice")
    reports[definition.key] = definition


def definition(key: str) -> ReportDefinition | None:
    return _state(current_app).get(key)


def definitions() -> list[ReportDefinition]:
    return sorted(_state(current_app).values(), key=lambda d: (d.order, d.key))


class ReportInputError(ValueError):
    """A builder refusing a parameter (e.g. a drill-down's month): `message` is shown on the form's `field`."""

    def __init__(self, message: str, field: str = "month") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
