"""Records of personal data erased by the former retention job (개인정보 보호법 제21조 파기 기록)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db_types import UTCDateTime
from core.extensions import db


class PersonalDataErasure(db.Model):
    """What the former retention job erased from a finished 민원, and when (개인정보 보호법 제21조 파기 기록).

    No longer written: since D18 nothing is erased inside a record's 보존기간, and whole records are destroyed
    only from an approved list (civil_complaints/privacy/destruction.py). Kept for the erasures made before."""

    __tablename__ = "personal_data_erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), unique=True)
    receipt_no: Mapped[str] = mapped_column(String(20))
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: JSON list of what was erased, e.g. ["complainant_name", "complainant_phone", "attachments"]
    fields: Mapped[str] = mapped_column(Text)
    files_deleted: Mapped[int] = mapped_column(default=0)
    #: why: the retention rule applied, e.g. "PERSONAL_DATA_RETENTION_DAYS=1095; finished 2023-01-05"
    basis: Mapped[str] = mapped_column(String(200))
