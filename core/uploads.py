"""Uploaded files are typed by their content, never by the name or the browser's claim: the pure checks every feature
shares (민원 attachments, internal request files). Standard library only."""

from __future__ import annotations

import zipfile
from io import BytesIO

#: kind -> (extensions accepted, content type served back)
FILE_KINDS = {
    "pdf": ((".pdf",), "application/pdf"),
    "image": ((".png", ".jpg", ".jpeg", ".gif"), None),
    "hwp": ((".hwp", ".hwpx"), "application/x-hwp"),
    "office": ((".docx", ".xlsx", ".pptx"), None),
    "text": ((".txt",), "text/plain; charset=utf-8"),
}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_members(data: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None


def sniff(data: bytes, filename: str) -> tuple[str, str] | None:
    """(kind, content type) when the bytes really are a file of an accepted kind matching its extension."""
    name = filename.lower()
    if data.startswith(b"%PDF-") and name.endswith(".pdf"):
        return "pdf", "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n") and name.endswith(".png"):
        return "image", "image/png"
    if data.startswith(b"\xff\xd8\xff") and name.endswith((".jpg", ".jpeg")):
        return "image", "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")) and name.endswith(".gif"):
        return "image", "image/gif"
    if data.startswith(_OLE) and name.endswith(".hwp"):
        return "hwp", "application/x-hwp"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data, name)
    if name.endswith(".txt") and b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text", "text/plain; charset=utf-8"
    return None


def _sniff_zip(data: bytes, name: str) -> tuple[str, str] | None:
    members = _zip_members(data)
    if members is None:
        return None
    if name.endswith(".hwpx") and "mimetype" in members:
        return "hwp", "application/hwp+zip"
    office = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
    for extension, folder in office.items():
        if name.endswith(extension) and "[Content_Types].xml" in members and any(
                m.startswith(folder) for m in members):
            return "office", "application/octet-stream"
    return None


#: Unicode bidirectional controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM): in a file name
#: they make ``사진\u202egnp.exe`` look like ``사진exe.png``
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
MAX_NAME_CHARS = 255


def clean_filename(filename: str) -> str:
    """The name an uploaded file is kept and offered under: its last path component, without bidirectional or
    other control characters, at most 255 characters (the extension kept); ``attachment`` when nothing is left."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch not in BIDI_CONTROLS and (ch >= " " and not "\x7f" <= ch <= "\x9f"))
    name = name.strip()
    if len(name) > MAX_NAME_CHARS:
        _stem, dot, extension = name.rpartition(".")
        keep = dot + extension if dot and len(extension) <= 10 else ""
        name = name[:MAX_NAME_CHARS - len(keep)] + keep
    return name or "attachment"
