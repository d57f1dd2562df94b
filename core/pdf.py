"""PDF rendering adapter: the only module that imports WeasyPrint.

Callers render a Jinja template from a snapshot of plain data (never ORM objects), then
hand the HTML string to :func:`render_pdf`, which returns the PDF bytes to store as is
(style guide rule 12).

What every PDF gets:

* **Bundled fonts only.** ``app/static/pdf/document.css`` declares the fonts shipped in
  ``app/static/fonts/`` (NanumGothic, DejaVu; see the README there). If any text ends up
  drawn with a host font (fontconfig fallback) or as ``.notdef`` (tofu), the render fails
  with :class:`PdfGlyphMissing`, so the output never depends on the machine's fonts.
* **A locked-down URL fetcher.** Only regular files inside the allow-list
  (``app/static/fonts``, ``app/static/pdf``, ``base_dir`` and ``asset_dirs``) are loaded,
  after resolving ``..`` and symlinks. ``http(s)://``, ``ftp://``, other schemes and
  files outside the allow-list raise :class:`PdfAssetRefused`; a missing allowed file
  raises :class:`PdfAssetMissing`. ``data:`` URLs are allowed: their bytes are inline in
  the HTML, so they reach neither the network nor the disk (useful for a generated QR
  code or seal image).
* **Accessibility.** PDF/UA-1 variant: tagged structure tree, ``/MarkInfo``, ``/Lang``,
  title shown in the viewer, fonts embedded (subset).
* **Determinism.** Same input and same ``created_at`` give byte-identical output (the
  PDF ``/ID`` is a hash of the content; no wall-clock dates are written).
* **Korean line breaking.** WeasyPrint 70 has no ``word-break: keep-all``; the letters of
  each Hangul eojeol (space-separated word) in ``<body>`` are glued with an invisible
  WORD JOINER, so lines break only at spaces. (Wrapping each eojeol in a no-wrap
  ``<span>`` also works but made a 14-page document 8x bigger and 10x slower.)
"""

from __future__ import annotations

import itertools
import logging
import mimetypes
import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

__all__ = [
    "DOCUMENT_CSS",
    "FONTS_DIR",
    "PDF_ASSETS_DIR",
    "PdfAssetMissing",
    "PdfAssetRefused",
    "PdfGlyphMissing",
    "PdfRenderError",
    "render_pdf",
]

#: the web app's static folder (fonts and the PDF style sheet are served to browsers too); `app` and `core` are
#: sibling packages in a checkout and in an installed wheel alike. A path, not an import: the kernel imports no app.
_STATIC_DIR = Path(__file__).resolve().parents[1] / "app" / "static"
FONTS_DIR = _STATIC_DIR / "fonts"
PDF_ASSETS_DIR = _STATIC_DIR / "pdf"
DOCUMENT_CSS = PDF_ASSETS_DIR / "document.css"
_DEFAULT_ASSET_DIRS = (FONTS_DIR, PDF_ASSETS_DIR)

# Korean line breaking, see _glue_eojeols().
_WORD_JOINER = "\u2060"
_HANGUL_CLASS = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
_HANGUL = re.compile(f"[{_HANGUL_CLASS}]")
_HANGUL_TOKEN = re.compile(f"[^\\s{_WORD_JOINER}]*[{_HANGUL_CLASS}][^\\s]*")
_CONJOINING_JAMO = re.compile("[\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]")
_NO_GLUE_TAGS = frozenset({"script", "style", "pre", "textarea", "svg", "math", "template"})
# WeasyPrint 70 messages about glyphs and font files (draw/text.py, pdf/fonts.py, text/fonts.py).
_GLYPH_PROBLEM = re.compile(r"\.notdef|glyph|Font-face|subset|variable font|emoji font", re.IGNORECASE)
_LOGGERS = ("weasyprint", "fontTools")

# WeasyPrint reports missing glyphs as warnings: make sure they are always emitted, even
# if the application raised the root logger's level. Handlers decide where they go.
for _name in _LOGGERS:
    if logging.getLogger(_name).getEffectiveLevel() > logging.WARNING:
        logging.getLogger(_name).setLevel(logging.WARNING)


class PdfRenderError(Exception):
    """The PDF could not be rendered faithfully; nothing was produced."""


class PdfAssetRefused(PdfRenderError):
    """The document referenced a URL outside the asset allow-list."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason)
        self.url = url
        self.reason = reason

    def __str__(self) -> str:
        return f"PDF asset refused: {self.url!r}: {self.reason}"


class PdfAssetMissing(PdfRenderError):
    """An allowed asset (stylesheet, font, image) does not exist or is not a file."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason)
        self.url = url
        self.reason = reason

    def __str__(self) -> str:
        return f"PDF asset missing: {self.url!r}: {self.reason}"


class PdfGlyphMissing(PdfRenderError):
    """Some text would be drawn as tofu or with a font that is not bundled."""


def render_pdf(
    html: str,
    *,
    stylesheets: Sequence[str | Path] | None = None,
    title: str | None = None,
    lang: str = "ko",
    created_at: datetime | None = None,
    base_dir: Path = PDF_ASSETS_DIR,
    asset_dirs: Iterable[Path] = (),
    strict: bool = True,
) -> bytes:
    """Render an HTML string to accessible, deterministic PDF bytes.

    :param html: the complete HTML document (already rendered by Jinja, autoescaped).
    :param stylesheets: CSS files to apply; relative paths are taken inside ``base_dir``.
        ``None`` means ``[DOCUMENT_CSS]``; pass ``[DOCUMENT_CSS, "receipt.css"]`` to extend.
    :param title: PDF title (overrides ``<title>``); one of the two is required.
    :param lang: BCP 47 document language, written to ``/Lang`` and used for shaping.
    :param created_at: aware datetime written as creation and modification date (``None``: no dates).
    :param base_dir: directory relative URLs in the HTML resolve against; allowed.
    :param asset_dirs: further directories the document may load files from.
    :param strict: also fail on any other WeasyPrint warning; missing glyphs and host fonts always fail.
    :raises PdfAssetRefused, PdfAssetMissing, PdfGlyphMissing, PdfRenderError:
    """
    if created_at is not None and created_at.utcoffset() is None:
        raise ValueError("created_at must be an aware datetime")
    base_dir = Path(os.path.realpath(base_dir))
    allowed = tuple(Path(os.path.realpath(path)) for path in (*_DEFAULT_ASSET_DIRS, base_dir, *asset_dirs))
    fetcher = _AllowListFetcher(allowed)
    pdf, records, host_fonts = _render(html, fetcher, base_dir=base_dir, stylesheets=stylesheets, title=title,
                                       lang=lang, created_at=created_at)
    if fetcher.failures:  # some WeasyPrint paths (SVG drawing) swallow even fatal errors
        raise type(fetcher.failures[0])(*fetcher.failures[0].args)
    _raise_for_warnings(records, strict=strict)
    if host_fonts.foreign:
        raise PdfGlyphMissing(
            f"text drawn with host font(s) {host_fonts.foreign}: the bundled fonts lack some glyphs "
            "or the stylesheet names a font that is not bundled"
        )
    return pdf


def _render(html: str, fetcher: _AllowListFetcher, *, base_dir: Path, stylesheets, title, lang, created_at):
    """WeasyPrint's part of `render_pdf`, with bundled fonts only: the bytes, the warnings and the font check."""
    font_config = _BundledFontConfiguration()
    host_fonts = _HostFontCheck(font_config)
    try:
        with _captured_warnings() as records:
            document = HTML(string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher)
            _prepare_tree(document.etree_element, lang)
            sheets = [
                CSS(url=(base_dir / path).as_uri(), url_fetcher=fetcher, font_config=font_config)
                for path in ([DOCUMENT_CSS] if stylesheets is None else stylesheets)
            ]
            rendered = document.render(font_config=font_config, stylesheets=sheets)
            _set_metadata(rendered, title=title, lang=lang, created_at=created_at)
            pdf = rendered.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=True, finisher=host_fonts)
    except FatalURLFetchingError as exc:  # a BaseException: `except Exception` misses it
        cause = exc.__cause__
        if isinstance(cause, PdfAssetRefused | PdfAssetMissing):
            raise type(cause)(*cause.args) from exc
        raise PdfAssetMissing(str(exc), repr(cause)) from exc
    return pdf, records, host_fonts


class _AllowListFetcher(URLFetcher):
    """Serve regular files inside the allow-list and ``data:`` URLs; refuse the rest."""

    def __init__(self, allowed_dirs: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True, timeout=5)
        self._allowed_dirs = allowed_dirs
        self.failures: list[PdfAssetRefused | PdfAssetMissing] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        try:
            return self._fetch(url, headers)
        except (PdfAssetRefused, PdfAssetMissing) as failure:
            self.failures.append(failure)
            raise

    def _fetch(self, url: str, headers: dict | None) -> URLFetcherResponse:
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise PdfAssetRefused(url, "only bundled files may be loaded, not network or other URLs")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise PdfAssetRefused(url, "remote file URL")
        path = Path(os.path.realpath(url2pathname(parts.path)))  # resolves `..` and symlinks
        if not any(path.is_relative_to(directory) for directory in self._allowed_dirs):
            raise PdfAssetRefused(url, f"outside the PDF asset directories {[str(d) for d in self._allowed_dirs]}")
        if not path.is_file():
            raise PdfAssetMissing(url, "no such file")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


class _BundledFontConfiguration(FontConfiguration):
    """Font configuration that remembers the ``@font-face`` families and refuses ``local()``.

    ``local()`` would pick a host font without going through the URL fetcher. Every
    declared family therefore maps to a file the fetcher allowed.
    """

    def __init__(self) -> None:
        super().__init__()
        self.families: set[str] = set()

    def add_font_face(self, rule_descriptors, url_fetcher):
        for font_type, url in rule_descriptors.get("src", ()):
            if font_type == "local":
                raise PdfAssetRefused(f"local({url})", "host fonts are not allowed; bundle the font file")
        self.families.add(rule_descriptors["font_family"])
        return super().add_font_face(rule_descriptors, url_fetcher)


class _HostFontCheck:
    """PDF finisher: note the fonts used that do not come from an ``@font-face`` rule."""

    def __init__(self, font_config: _BundledFontConfiguration) -> None:
        self._font_config = font_config
        self.foreign: list[str] = []

    def __call__(self, document, pdf) -> None:
        declared = self._font_config.families
        self.foreign = sorted({font.family for font in document.fonts.values()} - declared)


def _prepare_tree(root, lang: str) -> None:
    """Set the root ``lang`` (shaping, /Lang) and glue the letters of each Hangul eojeol."""
    if not root.get("lang"):
        root.set("lang", lang)
    body = root.find("body")
    stack = [body] if body is not None else []
    while stack:
        element = stack.pop()
        if element.text and _HANGUL.search(element.text):
            element.text = _glue_eojeols(element.text)
        for child in element:
            if child.tail and _HANGUL.search(child.tail):
                child.tail = _glue_eojeols(child.tail)
            if isinstance(child.tag, str) and child.tag not in _NO_GLUE_TAGS:  # not comments
                stack.append(child)


def _glue_eojeols(text: str) -> str:
    """Put WORD JOINER (U+2060) between the characters of every token that contains Hangul.

    UAX #14 lets lines break between any two Hangul syllables and between digits and
    Hangul ("14" / "일"); the joiner forbids that, so lines break only at spaces, like
    ``word-break: keep-all``. It is invisible and is not written to the PDF's text. A
    token touching the start or end of this text node also gets a joiner there, so a word
    split by inline markup (``민<b>원</b>인``) stays whole. Combining marks and conjoining
    jamo (old Hangul) are never separated from their base.
    """
    return _HANGUL_TOKEN.sub(lambda match: _glue_token(match, len(text)), text)


def _glue_token(match: re.Match, text_length: int) -> str:
    token = match.group()
    out = [_WORD_JOINER] if match.start() == 0 and not _is_joining(token[0]) else []
    out.append(token[0])
    for previous, char in itertools.pairwise(token):
        if not (_is_joining(char) or _is_joining(previous) or _both_jamo(previous, char)):
            out.append(_WORD_JOINER)
        out.append(char)
    if match.end() == text_length and not _is_joining(token[-1]):
        out.append(_WORD_JOINER)
    return "".join(out)


def _is_joining(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me", "Cf")


def _both_jamo(first: str, second: str) -> bool:
    return bool(_CONJOINING_JAMO.match(first) and _CONJOINING_JAMO.match(second))


def _set_metadata(rendered, *, title: str | None, lang: str, created_at: datetime | None) -> None:
    metadata = rendered.metadata
    if title:
        metadata.title = title
    if not metadata.title:
        raise ValueError("an accessible PDF needs a title: pass title= or fill <title>")
    metadata.lang = lang
    if created_at is not None:
        metadata.created = metadata.modified = created_at.isoformat(timespec="seconds")
    for page in rendered.pages:  # headings become PDF outline entries: drop the joiners
        page.bookmarks = [(level, label.replace(_WORD_JOINER, ""), *rest) for level, label, *rest in page.bookmarks]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:  # concurrent renders in other threads are not ours
            self.records.append(record)


@contextmanager
def _captured_warnings() -> Iterator[list[logging.LogRecord]]:
    handler = _Capture()
    loggers = [logging.getLogger(name) for name in _LOGGERS]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def _raise_for_warnings(records: list[logging.LogRecord], *, strict: bool) -> None:
    messages = [record.getMessage() for record in records]
    glyphs = [
        record.getMessage()
        for record in records
        if record.name.startswith("fontTools") or _GLYPH_PROBLEM.search(record.getMessage())
    ]
    if glyphs:
        raise PdfGlyphMissing("; ".join(dict.fromkeys(glyphs)))
    if strict and messages:
        raise PdfRenderError("WeasyPrint warnings: " + "; ".join(dict.fromkeys(messages)))
