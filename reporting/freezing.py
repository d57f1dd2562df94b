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
    """Build the report once per format (a register's rows are a stream read once) and keep every file. The files
    are written in Korean, the agency's language of record; the title is kept in both languages for the lists."""
    with force_locale("en"):
        title_en = str(title())
    with force_locale("ko"):
        first = build()
        frozen = FrozenReport(report=first.key, title_ko=str(title()), title_en=title_en,
                              params=json.dumps(params, ensure_ascii=False, sort_keys=True),
                              period_start=first.period.start, period_end=first.period.end, created_at=now,
                              created_by_id=actor.id if actor else None, note=note)
        for index, fmt in enumerate(formats):
            report = first if index == 0 else build()
            content = render_bytes(report, fmt)
            frozen.files.append(FrozenReportFile(format=fmt, filename=report.filename(fmt),
                                                 content_type=CONTENT_TYPES[fmt], size=len(content),
                                                 sha256=hashlib.sha256(content).hexdigest(), content=content))
    db.session.add(frozen)
    return frozen


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
