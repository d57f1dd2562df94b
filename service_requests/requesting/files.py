"""Files sent with a request: checked by content with the same rules as 민원 attachments (`core/uploads.py`),
at most 5 of at most 10 MB, then written under random names in the upload folder's `service_requests/` part.

Nothing is written unless every file is acceptable; the caller removes what was written when the transaction
is rolled back (`remove_files`)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.clock import KST
from core.uploads import FILE_KINDS, clean_filename, sniff
from service_requests.models import RequestFile

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
ACCEPTED = frozenset(FILE_KINDS)
SUBFOLDER = "service_requests"


class FileRefused(Exception):
    """A file the rules refuse: `field` is the form field it came from, `code` and `params` say why."""

    def __init__(self, code: str, field: str, **params) -> None:
        super().__init__(code)
        self.code, self.field, self.params = code, field, params


@dataclass
class Upload:
    field: str  # the form field: "attachments", or "field_<key>" of a file field of the service's form
    filename: str
    data: bytes

    @property
    def field_key(self) -> str | None:
        return self.field.removeprefix("field_") if self.field.startswith("field_") else None


def read_uploads(files, names: list[str]) -> list[Upload]:
    """The files of the form fields `names` (werkzeug's MultiDict of FileStorage), each read up to one byte more
    than allowed (enough to refuse it)."""
    uploads = []
    for name in names:
        for storage in files.getlist(name):
            if storage and storage.filename:
                uploads.append(Upload(name, storage.filename, storage.stream.read(MAX_FILE_BYTES + 1)))
    return uploads


def _checked(uploads: list[Upload]) -> list[tuple[Upload, str, str]]:
    if len(uploads) > MAX_FILES:
        raise FileRefused("too_many_files", "attachments", limit=MAX_FILES)
    checked = []
    for upload in uploads:
        name = clean_filename(upload.filename)
        if len(upload.data) > MAX_FILE_BYTES:
            raise FileRefused("file_too_large", upload.field, name=name, limit_mb=MAX_FILE_BYTES >> 20)
        sniffed = sniff(upload.data, name)
        if sniffed is None or sniffed[0] not in ACCEPTED:
            raise FileRefused("file_type_refused", upload.field, name=name)
        checked.append((upload, name, sniffed[1]))
    return checked


def store_files(uploads: list[Upload], upload_dir: Path, *, uploader_id: int,
                now: datetime) -> tuple[list[RequestFile], list[Path]]:
    """Rows (not yet added to a request) and the paths written, once every file passed the checks."""
    seen = set()
    for upload in uploads:
        if upload.field_key is not None and upload.field_key in seen:
            raise FileRefused("one_file", upload.field)
        seen.add(upload.field_key)
    rows, written = [], []
    folder = upload_dir / SUBFOLDER / now.astimezone(KST).strftime("%Y/%m")
    for upload, name, content_type in _checked(uploads):
        stored_name = secrets.token_hex(20)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / stored_name
        path.write_bytes(upload.data)
        written.append(path)
        rows.append(RequestFile(field_key=upload.field_key, filename=name, stored_name=stored_name,
                                content_type=content_type, size=len(upload.data), uploaded_by_id=uploader_id,
                                uploaded_at=now))
    return rows, written



def remove_files(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
