"""The case register's CSV written by PostgreSQL itself: ``COPY (SELECT …) TO STDOUT (FORMAT csv)``.

The same file as the Python path (register_rows.py → reporting/formats/csvfile.py), cell for cell and byte for
byte, without a Python object per cell: the server turns every value into its CSV field — labels in the report's
language (CASE over the few channels, kinds, statuses and on-time values; arrays indexed by id for types and
departments), names masked as `core.masking.mask_name` masks them (unless the unmasked export was asked for),
text starting with ``= + - @``, a tab or a carriage return prefixed with ``'`` (core/exports.py), instants in KST
as ``2026-09-25 14:03``, and the late-by of the processing facts written as Python writes a float.

Two things the server cannot do, done on the stream in Python, a chunk of whole records at a time:

* the record separator: COPY ends records with LF, the file with CRLF (RFC 4180). A line break inside a value must
  stay LF, so the SELECT escapes it first: ``\\x01`` → ``\\x01\\x02``, LF → ``\\r\\x01\\x03`` (the CR keeps the
  field quoted exactly when the original needed quotes). Every LF left in the stream then ends a record: it
  becomes CRLF and the escapes are undone (`unescape`);
* late-by on the working calendar (a finished 민원 without processing facts, an open one past its deadline, or
  facts with more than four decimals): the row carries a marker ``\\x01\\x04…\\x01\\x05`` with the inputs in place
  of its two late-by fields, and `RegisterRows.late_cells` — the Python path's own code — fills them in.

One statement, so one snapshot of the database, as the Python path reads it. `CopyCsv` is iterable once and
counts the records it wrote (`rows`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime

from sqlalchemy import ARRAY, Select, Text, and_, case, cast, func, literal, null, or_, select, type_coerce
from sqlalchemy.sql.elements import Grouping

from civil_complaints.complaint_models import Complaint
from civil_complaints.reports.register_query import OPEN
from civil_complaints.reports.register_rows import RUNNING, RegisterRows
from core.exports import FORMULA_STARTS, cell
from core.extensions import db
from reporting.formats.csvfile import field_writer

#: the characters `str.strip()` removes (mask_name strips the name first)
WHITESPACE = "".join(char for char in map(chr, range(0x110000)) if char.isspace())
ESCAPE, ESCAPED_ESCAPE, ESCAPED_LF = "\x01", "\x01\x02", "\r\x01\x03"
MARK_START, MARK_END = "\x01\x04", "\x01\x05"
#: the two late-by fields of a row whose late-by Python works out (the second is empty)
MARKED = re.compile(rb"\x01\x04([^\x01]*)\x01\x05,,")
#: a float's text that Python writes the same way once rounded to 4 decimals (else Python writes it)
PLAIN_NUMBER = r"^[0-9]+(\.[0-9]{1,4})?$"
CHUNK = 1 << 16
COPY_OPTIONS = "(FORMAT csv, ENCODING 'UTF8')"
#: for this transaction only, as the 점검표's queries (processing_queries.tune_session): compiling the query took
#: longer than running it; a year of 민원 sorted in memory
TUNING = ("SET LOCAL jit = off", "SET LOCAL work_mem = '32MB'")


def escaped(text: str) -> str:
    """A field's text as the SELECT writes it (see the module's docstring)."""
    return text.replace(ESCAPE, ESCAPED_ESCAPE).replace("\n", ESCAPED_LF)


def _constant(value: str):
    """A label: neutralised and escaped here; empty → NULL (COPY writes an empty string as "")."""
    text = escaped(str(cell(value)))
    return literal(text, Text) if text else null()


def _text(expression):
    """A text from the database as the CSV's field: neutralised, escaped, empty → NULL."""
    expression = type_coerce(expression, Text)
    neutral = case((func.left(expression, 1).in_(FORMULA_STARTS), literal("'", Text) + expression),
                   else_=expression)
    return func.nullif(func.replace(func.replace(neutral, ESCAPE, ESCAPED_ESCAPE), "\n", ESCAPED_LF), "")


def _label(expression, labels: dict[str, str]):
    """`labels.get(code, code)`."""
    if not labels:
        return _text(expression)
    return case({code: _constant(label) for code, label in labels.items()}, value=expression,
                else_=_text(expression))


def _by_id(expression, names: dict[int, str]):
    """`names.get(id, "")`: an array indexed by id (ids are small positive integers)."""
    size = max((i for i in names if i > 0), default=0)
    texts = [None] * size
    for i, name in names.items():
        if i > 0:
            texts[i - 1] = escaped(str(cell(name))) or None
    return Grouping(cast(literal(texts, ARRAY(Text)), ARRAY(Text)))[expression]


def _masked(stripped):
    """`core.masking.mask_name` in SQL, of the name stripped of what `str.strip` strips: first + asterisks + last
    character."""
    length = func.char_length(stripped)
    return case((length <= 1, stripped), (length == 2, func.concat(func.left(stripped, 1), "*")),
                else_=func.concat(func.left(stripped, 1), func.repeat("*", length - 2), func.right(stripped, 1)))


def _instant(expression):
    """KST `2026-09-25 14:03` (reporting/formats/csvfile.py)."""
    return func.to_char(func.timezone("Asia/Seoul", expression), "YYYY-MM-DD HH24:MI")


def _utc(expression):
    return func.coalesce(func.to_char(func.timezone("UTC", expression), 'YYYY-MM-DD"T"HH24:MI:SS.US'), "")


def _hex(expression):
    return func.encode(func.convert_to(func.coalesce(type_coerce(expression, Text), ""), "UTF8"), "hex")


def _late_fields(cols, now: datetime) -> tuple:
    """The two late-by fields: from the processing facts, or a marker with what Python needs (see above)."""
    due_at, due_date, spec, status, finished, unit, late = (cols[i] for i in (8, 9, 10, 11, 12, 13, 14))
    late_text = type_coerce(cast(late, Text), Text)
    finished_by_facts = and_(status.not_in(OPEN), finished.is_not(None))
    plain = and_(late.is_not(None), func.coalesce(unit, "") != "", late_text.regexp_match(PLAIN_NUMBER))
    needs_python = or_(and_(finished_by_facts, ~plain), and_(status.in_(sorted(RUNNING)), due_at < now))
    number = case((func.strpos(late_text, ".") > 0, late_text), else_=late_text + ".0")
    marker = func.concat(MARK_START, _hex(status), ";", _hex(unit), ";", _hex(spec), ";", _utc(due_at), ";",
                         func.coalesce(cast(due_date, Text), ""), ";", _utc(finished), ";",
                         func.coalesce(late_text, ""), MARK_END)
    hours = case((needs_python, marker), (and_(finished_by_facts, unit == "hours"), number))
    days = case((needs_python, null()), (and_(finished_by_facts, unit == "days"), number))
    return hours, days


def _timing(cols, now: datetime, maker: RegisterRows):
    """`RegisterRows._timing`'s first value, as its label."""
    due_at, status, finished, late = cols[8], cols[11], cols[12], cols[14]
    labels = {key: _constant(label) for key, label in maker.timing.items()}
    late_or_on_time = case((finished > due_at, labels["late"]), else_=labels["on_time"])
    return case(
        (and_(status.not_in(OPEN), finished.is_(None)), null()),
        (and_(status.not_in(OPEN), late.is_not(None)), late_or_on_time),
        (status.not_in(OPEN), case((finished <= due_at, labels["on_time"]), else_=labels["late"])),
        (and_(status.in_(sorted(RUNNING)), due_at < now), labels["overdue"]),
        else_=labels["in_progress"])


def copy_select(statement: Select, maker: RegisterRows) -> Select:
    """`register_select`'s rows, each column replaced by its CSV field, in the same order. The rows are read in a
    subquery (OFFSET 0 keeps PostgreSQL from merging it into the outer SELECT), so the end of each 민원 and the
    stripped name are worked out once per row however often the fields use them, and the sort moves the narrow
    rows, not the written fields."""
    inner = statement.add_columns(Complaint.id, func.btrim(type_coerce(Complaint.complainant_name, Text),
                                                           WHITESPACE)).offset(0)
    cols = list(inner.subquery("register").c)
    name = cols[6] if maker.unmasked else _masked(cols[18])
    hours, days = _late_fields(cols, maker.now)
    fields = [_text(cols[0]), _label(cols[1], maker.channels), _by_id(cols[2], maker.types),
              _label(cols[3], maker.kinds), _by_id(cols[4], maker.departments), _text(cols[5]), _text(name),
              _instant(cols[7]), _instant(cols[8]), _instant(cols[12]), _timing(cols, maker.now, maker),
              hours, days, cols[15], cols[16], _label(cols[11], maker.statuses)]
    return select(*fields).order_by(cols[7], cols[17])


def copy_sql(statement: Select) -> tuple[str, dict]:
    """The COPY statement with psycopg's placeholders, and its parameters (merged into it by the client)."""
    compiled = statement.compile(dialect=db.engine.dialect, compile_kwargs={"render_postcompile": True})
    return f"COPY ({compiled}) TO STDOUT WITH {COPY_OPTIONS}", dict(compiled.params)


class CopyCsv:
    """The register's records as UTF-8 CSV bytes (CRLF), without the header row; read once."""

    def __init__(self, statement: Select, maker: RegisterRows) -> None:
        self.statement, self.maker = statement, maker
        self.rows = 0
        self._hours, self._days = field_writer("hours"), field_writer("days")

    def __iter__(self) -> Iterator[bytes]:
        """Compiled and run when the first record is asked for (the page and the workbook never ask)."""
        sql, params = copy_sql(copy_select(self.statement, self.maker))
        connection = db.session.connection().connection.driver_connection
        with connection.cursor() as cursor:
            for setting in TUNING:
                cursor.execute(setting)
            yield from self._records(cursor, sql, params)

    def _records(self, cursor, sql: str, params: dict) -> Iterator[bytes]:
        with cursor.copy(sql, params) as copy:
            pending, size = [], 0
            for data in copy:
                pending.append(data)
                size += len(data)
                if size >= CHUNK:
                    # whole records only (COPY sends one per message; this does not rely on it)
                    whole, newline, rest = b"".join(pending).rpartition(b"\n")
                    if newline:
                        yield self._finish(whole + newline)
                    pending, size = [rest], len(rest)
            if tail := b"".join(pending):
                yield self._finish(tail)

    def _finish(self, chunk: bytes) -> bytes:
        """Whole records as they go in the file (see the module's docstring)."""
        self.rows += chunk.count(b"\n")
        if b"\x01" not in chunk:
            return chunk.replace(b"\n", b"\r\n")
        chunk = MARKED.sub(self._late, chunk).replace(b"\n", b"\r\n")
        return chunk.replace(ESCAPED_LF.encode(), b"\n").replace(ESCAPED_ESCAPE.encode(), ESCAPE.encode())

    def _late(self, match: re.Match) -> bytes:
        status, unit, spec, due_at, due_date, finished, late = match.group(1).decode().split(";")
        r: list[object] = [None] * 17
        r[8], r[9], r[10] = _aware(due_at), date.fromisoformat(due_date), bytes.fromhex(spec).decode()
        r[11], r[12] = bytes.fromhex(status).decode(), _aware(finished) if finished else None
        r[13], r[14] = bytes.fromhex(unit).decode() or None, float(late) if late else None
        _timing, hours, days = self.maker.late_cells(r)
        return f"{self._hours(hours)},{self._days(days)},".encode()


def _aware(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
