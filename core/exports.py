"""Spreadsheet downloads that open in Excel: CSV streamed in constant memory.

- UTF-8 with a byte-order mark, so Excel shows Korean (without it, Excel reads the file as the legacy code page);
- RFC 4180: every record ends in CRLF, a field with a comma, quote or line break is quoted, quotes are doubled;
- no formula injection: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  prefixed with ``'``, so a spreadsheet shows it as text instead of running it (OWASP "CSV injection"). Numbers
  are written as numbers (a negative number stays a number).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

from flask import Response, stream_with_context

from core.i18n import official_date, official_datetime

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str | int | float:
    """One value as a CSV field: numbers stay numbers, dates in the official Korean format, text neutralised."""
    kind = type(value)  # the common types first, by identity: a register writes millions of cells
    if kind is str:
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if kind is int or kind is float:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return official_datetime(value)
    if isinstance(value, date):
        return official_date(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_chunks(rows: Iterable[Iterable], *, rows_per_chunk: int = 500) -> Iterator[str]:
    """The file as text chunks (the BOM first), a few hundred records at a time: memory stays flat."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    yield BOM
    pending = 0
    for row in rows:
        writer.writerow(map(cell, row))
        pending += 1
        if pending >= rows_per_chunk:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue()


def csv_response(rows: Iterable[Iterable], filename: str) -> Response:
    """A streamed CSV download (the rows may be a generator reading the database)."""
    response = Response(stream_with_context(chunk.encode("utf-8") for chunk in csv_chunks(rows)),
                        mimetype="text/csv")
    response.headers["Content-Disposition"] = attachment_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    return response


def attachment_disposition(filename: str) -> str:
    """The Content-Disposition of a download: `filename="…"` for an ASCII name; a non-ASCII name (Korean) also as
    RFC 5987 `filename*=UTF-8''…`, with an ASCII fallback for old clients."""
    if filename.isascii():
        return 'attachment; filename="{}"'.format(filename.replace("\\", "_").replace('"', "_"))
    fallback = "".join(char if char.isascii() and char not in '"\\' else "_" for char in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
