"""The attachment store: files are typed by their content, stored under random names, and found again by their row."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from civil_complaints.complaint_models import (
    Attachment,
)
from core.clock import KST
from core.uploads import clean_filename, sniff

MAX_ATTACHMENTS = 5


MAX_FILE_BYTES = 10 * 1024 * 1024


class IntakeError(Exception):
    """Input the rules refuse; `code` (and `field`) are translated by the web layer."""

    def __init__(self, code: str, field: str | None = None, **params) -> None:
        super().__init__(code)
        self.code, self.field, self.params = code, field, params


@dataclass
class Upload:
    filename: str
    data: bytes


def store_uploads(uploads: list[Upload], accepted: frozenset[str], upload_dir: Path, *, who: str,
                  now: datetime) -> tuple[list[Attachment], list[Path]]:
    """Check every file by content first, then write each under a random name; returns rows and written paths.

    Nothing is written unless every file is acceptable.
    """
    if len(uploads) > MAX_ATTACHMENTS:
        raise IntakeError("too_many_files", "attachments", limit=MAX_ATTACHMENTS)
    checked = []
    for upload in uploads:
        name = clean_filename(upload.filename)
        if len(upload.data) > MAX_FILE_BYTES:
            raise IntakeError("file_too_large", "attachments", name=name, limit_mb=MAX_FILE_BYTES >> 20)
        sniffed = sniff(upload.data, name)
        if sniffed is None or sniffed[0] not in accepted:
            raise IntakeError("file_type_refused", "attachments", name=name)
        checked.append((upload, name, sniffed[1]))
    rows, written = [], []
    folder = upload_dir / now.astimezone(KST).strftime("%Y/%m")
    for upload, name, content_type in checked:
        stored_name = secrets.token_hex(20)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / stored_name
        path.write_bytes(upload.data)
        written.append(path)
        rows.append(Attachment(original_name=name, stored_name=stored_name,
                               content_type=content_type, size=len(upload.data),
                               sha256=hashlib.sha256(upload.data).hexdigest(), uploaded_by=who, uploaded_at=now))
    return rows, written


def attachment_path(upload_dir: Path, attachment: Attachment) -> Path:
    folder = attachment.uploaded_at.astimezone(KST).strftime("%Y/%m")
    return upload_dir / folder / attachment.stored_name
