"""A report's first table as CSV: the file an auditor's script (or Excel) reads.

Built on core/exports.py: UTF-8 with a byte-order mark, RFC 4180 (CRLF, quoting), formula injection neutralised
(a text starting with ``=``, ``+``, ``-``, ``@`` gets a leading ``'``), numbers as numbers. One header row of the
column labels, the rows (streamed: a generator of a million rows takes no memory), then the totals row, whose
first cell says "합계" / "Total" when the table left it empty. A table whose database writes its records itself
(`Table.csv_records`, the register on PostgreSQL) gets only the BOM and the header row from here. Only the first
table: a CSV file holds one table; the workbook and the PDF hold them all.

Values are written for machines, unambiguously:

- int → ``1234`` (no thousands separator); number, hours, days → the number, rounded to 4 decimals
  (``12.5``: hours and days are plain numbers, the label says the unit);
- percent → the FRACTION, rounded to 4 decimals: ``0.9543`` means 95.43 %. A header cannot say "(%)" (labels
  arrive translated), and a script must not guess whether ``95.4`` is a percent or a count; in Excel, format the
  column as percent. (The workbook writes the same fraction with the format ``0.0%``.)
- date → ISO ``2026-09-25``; datetime → KST ``2026-09-25 14:03`` (ISO date, 24-hour clock, no zone: KST is the
  reference time of every report);
- None → an empty field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime

from flask import Response, stream_with_context

from core.clock import KST
from core.exports import FORMULA_STARTS, attachment_disposition, cell, csv_chunks
from reporting.domain.document import Column, Report, Table
from reporting.formats.cells import totals_cells

DECIMALS = 4


def csv_value(value: object, kind: str) -> object:
    """One value for the CSV (before core/exports neutralises text)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, datetime):
        local = value.astimezone(KST) if value.utcoffset() is not None else value
        return f"{local:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        rounded = round(value, DECIMALS)
        return int(rounded) if kind == "int" and rounded.is_integer() else rounded
    return value


def records(table: Table) -> Iterator[list[object]]:
    """The header row, the rows and the totals row, each as a list of CSV-ready values (text already
    neutralised: `csv_chunks(..., convert=False)` writes them as they are)."""
    columns: Sequence[Column] = list(table.columns)
    kinds = [column.kind for column in columns]
    converters = [field_writer(kind) for kind in kinds]
    yield [cell(column.label) for column in columns]
    for row in table.rows:
        yield [convert(value) for convert, value in zip(converters, row, strict=False)]
    if table.totals is not None:
        yield [convert(value) for convert, value in zip(converters, totals_cells(table.totals), strict=False)]


def field_writer(kind: str) -> Callable[[object], object]:
    """One column's writer, chosen once per column: a register writes millions of cells, and the common case
    (text as text, a number, an aware datetime) takes one type check. Anything else goes the general way."""

    def general(value: object) -> object:
        return cell(csv_value(value, kind))

    def text(value: object) -> object:
        if type(value) is str:
            return "'" + value if value.startswith(FORMULA_STARTS) else value
        return "" if value is None else general(value)

    def moment(value: object) -> object:
        if type(value) is datetime and value.utcoffset() is not None:
            local = value.astimezone(KST)
            return "%04d-%02d-%02d %02d:%02d" % (local.year, local.month, local.day, local.hour, local.minute)  # noqa: UP031 - the fastest here
        return "" if value is None else general(value)

    def number(value: object) -> object:
        if type(value) is int:
            return value
        return "" if value is None else general(value)

    return {"text": text, "datetime": moment}.get(kind, number if kind != "date" else general)


def _first_table(report: Report) -> Table:
    if not report.tables:
        raise ValueError(f"report {report.key!r} has no table to write as CSV")
    return report.tables[0]


def encoded_chunks(report: Report) -> Iterator[bytes]:
    """The file as UTF-8 chunks. A table whose database writes its records itself (`Table.csv_records`: the
    register on PostgreSQL, by COPY) gets the BOM and the header row from here and the records from there."""
    table = _first_table(report)
    if table.csv_records is not None and table.totals is None:
        yield from (chunk.encode("utf-8") for chunk in csv_chunks([next(records(table))], convert=False))
        yield from table.csv_records
        return
    yield from (chunk.encode("utf-8") for chunk in csv_chunks(records(table), convert=False))


def csv_bytes(report: Report) -> bytes:
    """The whole file in memory (for freezing a report, or a test)."""
    return b"".join(encoded_chunks(report))


def csv_response(report: Report) -> Response:
    """The file streamed as it is written (the rows may be a generator reading the database)."""
    response = Response(stream_with_context(encoded_chunks(report)), mimetype="text/csv")
    response.headers["Content-Disposition"] = attachment_disposition(report.filename("csv"))
    response.headers["Cache-Control"] = "no-store"
    return response
