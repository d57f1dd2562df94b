"""Frozen reports (issue 19 item 7): the parameters, the bytes of each format and their SHA-256, stored once and
served unchanged later, like a published charter. The bytes are checked against the digest each time they are
served, so a stored file that changed is refused rather than shown."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from datetime import datetime

from flask_babel import force_locale
from sqlalchemy import select

from core.extensions import db
from organization.models import User
from reporting.charts import render_svg
from reporting.domain.document import Report
from reporting.formats.csvfile import csv_bytes
from reporting.formats.pdf import pdf_bytes
from reporting.formats.xlsx import write_xlsx
from reporting.models import FrozenReport, FrozenReportFile

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


def render_bytes(report: Report, fmt: str) -> bytes:
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(report, buffer)
        return buffer.getvalue()
    if fmt == "csv":
        return csv_bytes(report)
    if fmt == "pdf":
        return pdf_bytes(report, [(chart, render_svg(chart)) for chart in report.charts])
    raise ValueError(fmt)


def freeze(build: Callable[[], Report], title: Callable[[], str], formats: list[str], params: dict, *,
           actor: User | None, now: datetime, note: str | None = None) -> FrozenReport:
    """Build the report and keep every file; build it again only for a format that would read a stream another
    format has read (a register's rows are a generator read once; its CSV on PostgreSQL is written by the
    database, a stream of its own). The files are written in Korean, the agency's language of record; the title is
    kept in both languages for the lists."""
    with force_locale("en"):
        title_en = str(title())
    with force_locale("ko"):
        first = build()
        frozen = FrozenReport(report=first.key, title_ko=str(title()), title_en=title_en,
                              params=json.dumps(params, ensure_ascii=False, sort_keys=True),
                              period_start=first.period.start, period_end=first.period.end, created_at=now,
                              created_by_id=actor.id if actor else None, note=note)
        report, read = first, set()
        for fmt in formats:
            stream = _stream_read_by(report, fmt)
            if stream in read:
                report, read = build(), set()
            read |= {stream} - {None}
            content = render_bytes(report, fmt)
            frozen.files.append(FrozenReportFile(format=fmt, filename=report.filename(fmt),
                                                 content_type=CONTENT_TYPES[fmt], size=len(content),
                                                 sha256=hashlib.sha256(content).hexdigest(), content=content))
    db.session.add(frozen)
    return frozen


def _stream_read_by(report: Report, fmt: str) -> str | None:
    """What `fmt` reads of `report` that can be read only once: "records" (the CSV the database writes), "rows"
    (tables whose rows are a generator), or None (lists, read as often as needed)."""
    first = report.tables[0] if report.tables else None
    if fmt == "csv" and first is not None and first.csv_records is not None and first.totals is None:
        return "records"
    return "rows" if any(not isinstance(table.rows, list | tuple) for table in report.tables) else None


def intact(file: FrozenReportFile) -> bool:
    return hashlib.sha256(file.content).hexdigest() == file.sha256


def file_for(reference: str) -> tuple[str, str, bytes] | None:
    """"frozen-report:<id>:<format>" → (file name, content type, bytes), for an e-mail that carries it; None when
    the file is gone or no longer matches its digest."""
    _prefix, _, rest = reference.partition(":")
    frozen_id, _, fmt = rest.partition(":")
    if not frozen_id.isdigit():
        return None
    file = db.session.scalar(select(FrozenReportFile).where(FrozenReportFile.frozen_id == int(frozen_id),
                                                            FrozenReportFile.format == fmt))
    return None if file is None or not intact(file) else (file.filename, file.content_type, file.content)
