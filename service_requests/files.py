"""Where a request's files lie: under the upload folder, in `service_requests/<year>/<month>` of their upload
(KST), by their stored (random) name; the name the uploader gave is only ever the download name."""

from __future__ import annotations

from pathlib import Path

from core.clock import KST
from service_requests.models import RequestFile


def file_path(upload_dir: Path, file: RequestFile) -> Path:
    return upload_dir / "service_requests" / file.uploaded_at.astimezone(KST).strftime("%Y/%m") / file.stored_name
