"""What reporting keeps: every download (who, when, which report, with what parameters) and frozen reports (the
parameters, the bytes of each format and their SHA-256, served unchanged later, like a published charter)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db_types import UTCDateTime
from core.extensions import db
from organization.models import User


class ReportDownload(db.Model):
    """One download or view of a report (issue 19 item 9). Auditors change no data; this log is written for them,
    in the same transaction as nothing else."""

    __tablename__ = "report_downloads"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: null: the monthly check job (a frozen report made by the system)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    #: the registered report's key: processing, register, late-cases, charter, internal-services, access-log
    report: Mapped[str] = mapped_column(String(40))
    #: html, xlsx, csv, pdf
    format: Mapped[str] = mapped_column(String(8))
    #: JSON of the query: from, to, preset and the filters, as asked
    params: Mapped[str] = mapped_column(Text)
    #: a frozen report served from its stored bytes
    frozen_id: Mapped[int | None] = mapped_column(ForeignKey("frozen_reports.id", ondelete="SET NULL"))
    #: rows in the file (the register's size), when known
    rows: Mapped[int | None] = mapped_column()
    #: personal data shown unmasked (the register for a role allowed it); the reason is required then
    unmasked: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str | None] = mapped_column(String(300))

    user: Mapped[User | None] = relationship()


class FrozenReport(db.Model):
    """A report fixed at a moment: what was asked and who asked, with the files as they were made."""

    __tablename__ = "frozen_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    report: Mapped[str] = mapped_column(String(40), index=True)
    #: the title in Korean and English at the time it was frozen
    title_ko: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    params: Mapped[str] = mapped_column(Text)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: null: frozen by the monthly check job
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(String(300))

    created_by: Mapped[User | None] = relationship()
    files: Mapped[list[FrozenReportFile]] = relationship(back_populates="frozen", order_by="FrozenReportFile.format",
                                                          cascade="all, delete-orphan")


class FrozenReportFile(db.Model):
    """The bytes of one format of a frozen report, and their SHA-256 (checked again each time it is served)."""

    __tablename__ = "frozen_report_files"
    __table_args__ = (UniqueConstraint("frozen_id", "format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    frozen_id: Mapped[int] = mapped_column(ForeignKey("frozen_reports.id", ondelete="CASCADE"), index=True)
    format: Mapped[str] = mapped_column(String(8))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

    frozen: Mapped[FrozenReport] = relationship(back_populates="files")
