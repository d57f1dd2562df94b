"""A report as data, before it is a page, a workbook, a CSV file or a PDF: every format writes the same document,
so the figures cannot differ between them.

A `Report` has its conditions (what was asked: period, filters, who made it and when), one or more `Table`s and
`Chart`s. Table rows are sequences of plain values in column order — `int`, `float`, `str`, `date`, aware
`datetime` (written in KST) or None — and may be a generator, so that a register of a million rows streams.
Labels arrive already translated: this module is pure and knows no language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from reporting.domain.periods import Period

#: how a column's values are written: the XLSX number format and the page's alignment follow from it
KINDS = ("text", "int", "number", "percent", "date", "datetime", "hours", "days")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"
    #: characters of the widest expected value (the XLSX column width, the PDF's share of the page); 0: from label
    width: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass
class Table:
    key: str
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    #: the total row (same order as the columns), written after the rows and marked as a total
    totals: Sequence[object] | None = None
    #: for the page: a link per row (e.g. the late cases behind a row), same order as `rows`; None: no links
    row_links: Sequence[str | None] | None = None
    #: a sentence under the table: what the figures mean (definitions)
    note: str = ""
    #: rows written as a group heading (e.g. a department's subtotal), by index; only for the page and the PDF
    emphasised: frozenset[int] = frozenset()
    #: the rows as CSV records (UTF-8 bytes, CRLF, fields as reporting/formats/csvfile.py writes them), when the
    #: database writes them itself (the register on PostgreSQL); None: the CSV writes `rows`
    csv_records: Iterable[bytes] | None = None

    def materialise(self) -> Table:
        """The rows as a list (a generator can be read once; the page and the PDF read them twice)."""
        if not isinstance(self.rows, list):
            self.rows = list(self.rows)
        return self


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    #: bar (grouped), stacked (stacked bars), line, hbar (horizontal bars, e.g. a rate by department)
    kind: str
    labels: Sequence[str]
    series: Sequence[Series]
    #: what the numbers are (건, %, 일): the axis title
    unit: str = ""
    #: values are fractions shown as percentages
    percent: bool = False
    #: the key of the table the chart is drawn after (page and PDF); "": before the tables
    after: str = ""


@dataclass
class Report:
    key: str
    title: str
    period: Period
    made_at: datetime
    made_by: str
    #: (label, value) pairs: the period, each filter, masking, the data's cut-off — the "conditions" sheet
    conditions: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    #: definitions printed under the tables and on the conditions sheet
    notes: list[str] = field(default_factory=list)
    #: wide tables are printed on A4 landscape
    landscape: bool = True

    def filename(self, extension: str) -> str:
        return f"{self.key}_{self.period.slug()}.{extension}"
