"""The PDF adapter (core/pdf.py): Korean text, bundled embedded fonts, tags, determinism, fetcher.

Pure adapter tests: no database, no Flask app. Templates are rendered with a plain Jinja
environment, as the receipt and charter renderers will do outside a request.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import jinja2
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from core import pdf as pdf_module
from core.pdf import (
    DOCUMENT_CSS,
    FONTS_DIR,
    PdfAssetMissing,
    PdfAssetRefused,
    PdfGlyphMissing,
    PdfRenderError,
    render_pdf,
)

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "app" / "templates"
KST = timezone(timedelta(hours=9))
CREATED_AT = datetime(2026, 9, 25, 10, 30, tzinfo=KST)

SENTENCE_1 = "국민의 권익을 보호하고 행정의 신뢰성을 높이기 위하여 민원을 신속하고 공정하게 처리합니다."
SENTENCE_2 = "처리 과정과 결과는 민원인에게 알기 쉽게 안내하며, 처리기간을 연장할 때에는 그 사유를 알립니다."
RARE_NAME = "똠방각하 햏 쀍"
PARAGRAPH = " ".join([SENTENCE_1, SENTENCE_2] * 5)

SAMPLE = """{% extends "pdf/document.html" %}
{% block title %}{{ doc.title }}{% endblock %}
{% block header_right %}{{ doc.org }}{% endblock %}
{% block footer %}버전 {{ doc.version }} · {{ doc.published_on }} 게시{% endblock %}
{% block content %}
<h1>{{ doc.title }}</h1>
<p>{{ doc.paragraph }}</p>
<table>
  <caption>민원 처리기간</caption>
  <thead><tr><th>구분</th><th>처리기간</th><th class="num">건수</th></tr></thead>
  <tbody>{% for row in doc.rows %}
    <tr><td>{{ row[0] }}</td><td>{{ row[1] }}</td><td class="num">{{ row[2] }}</td></tr>{% endfor %}
  </tbody>
</table>
<p>신청인: {{ doc.applicant }} / 접수일: {{ doc.received_on }}</p>
<p>{{ doc.user_text }}</p>
<div class="doc-meta"><dl>
  <dt>버전</dt><dd>{{ doc.version }}</dd>
  <dt>승인일</dt><dd>{{ doc.approved_on }}</dd>
  <dt>SHA-256</dt><dd class="hash">{{ doc.sha256 }}</dd>
</dl></div>
{% endblock %}"""

ROWS = [("질의민원", "7일", 12), ("건의민원", "14일", 3), ("고충민원", "7일", 1), ("법정민원", "법정기간", 1024)]


def _env() -> jinja2.Environment:
    loader = jinja2.ChoiceLoader([jinja2.DictLoader({"sample.html": SAMPLE}), jinja2.FileSystemLoader(TEMPLATES_DIR)])
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


def _sample_html(*, user_text: str = "", rows: int = 1, paragraph: str = PARAGRAPH) -> str:
    doc = {
        "title": "민원 처리 기준표",
        "org": "행정안전부",
        "version": 3,
        "published_on": "2026. 9. 25.",
        "approved_on": "2026. 9. 18.",
        "paragraph": paragraph,
        "rows": ROWS * rows,
        "applicant": RARE_NAME,
        "received_on": "2026. 9. 25.",
        "user_text": user_text,
        "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    }
    return _env().get_template("sample.html").render(doc=doc)


def _page(body: str, *, title: str = "시험 문서") -> str:
    return f'<!DOCTYPE html><html lang="ko"><head><title>{title}</title></head><body>{body}</body></html>'


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_pdf(_sample_html(), created_at=CREATED_AT)


# --- content -------------------------------------------------------------------------------


def test_sample_text_is_extractable_korean(sample_pdf):
    text = _text(sample_pdf)
    flat = re.sub(r"\s+", " ", text)
    assert SENTENCE_1 in flat
    assert SENTENCE_2 in flat
    assert RARE_NAME in flat
    for word in ("똠방각하", "햏", "쀍", "질의민원", "법정기간", "1024", "2026. 9. 25.", "- 1 / 1 -", "행정안전부"):
        assert word in flat
    assert "버전 3 · 2026. 9. 25. 게시" in flat  # running footer
    assert len(PdfReader(io.BytesIO(sample_pdf)).pages) == 1


def test_lines_break_only_between_korean_words():
    source = PARAGRAPH + " 처리기간은 14일(근무일)이며 민원(民願)은 <b>접수</b>번호 2026-0001234호로 관리합니다."
    narrow = f'<div style="width: 45mm">{source}</div>'
    text = _text(render_pdf(_page(narrow)))
    assert "\u2060" not in text  # the invisible joiner is not part of the PDF text
    source_words = set(source.replace("<b>", "").replace("</b>", "").split())
    lines = [line for line in text.splitlines() if line.strip() and "/" not in line]
    assert len(lines) > 10  # the column really wraps
    for line in lines:
        for word in line.split():
            assert word in source_words, f"line broke inside a word: {line!r}"


def test_words_split_across_inline_elements_stay_whole():
    words = ["민원인", "처리기간", "접수번호", "고객헌장", "이행실적", "행정안전부", "신청서", "14일"] * 6
    marked = " ".join(f"{w[:1]}<b>{w[1:-1]}</b>{w[-1:]}" if len(w) > 2 else f"<i>{w[0]}</i>{w[1:]}" for w in words)
    text = _text(render_pdf(_page(f'<div style="width: 32mm">{marked}</div>')))
    lines = [line for line in text.splitlines() if line.strip() and "/" not in line]
    assert len(lines) > 10
    for line in lines:
        assert set(line.split()) <= set(words), f"line broke inside a word: {line!r}"


def test_single_page_documents_have_no_page_number():
    html = (
        _env()
        .from_string(
            '{% extends "pdf/document.html" %}{% block title %}민원 접수증{% endblock %}'
            "{% block content %}<h1>민원 접수증</h1><p>접수번호 2026-0001234</p>{% endblock %}"
        )
        .render(single_page=True)
    )
    text = _text(render_pdf(html))
    assert "접수번호 2026-0001234" in text
    assert "1 / 1" not in text


def test_multi_page_document_numbers_its_pages():
    pdf = render_pdf(_sample_html(rows=40), created_at=CREATED_AT)
    reader = PdfReader(io.BytesIO(pdf))
    count = len(reader.pages)
    assert count >= 3
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"- {number} / {count} -" in text
        assert "구분" in text  # the table header repeats
    assert reader.pages[-1].extract_text().count("SHA-256") == 1


# --- fonts ---------------------------------------------------------------------------------


def _fonts(reader: PdfReader) -> dict[str, object]:
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get_object().get("/Font", {}).get_object().values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


def test_every_font_is_embedded_and_bundled(sample_pdf):
    fonts = _fonts(PdfReader(io.BytesIO(sample_pdf)))
    assert fonts
    for name, font in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+PolicyDoc-(Sans|Sans-Bold|Latin|Latin-Bold|Mono)", name), name
        descendants = font.get("/DescendantFonts")
        descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} is not embedded"


@pytest.mark.parametrize("filename", ["NanumGothic.ttf", "NanumGothicBold.ttf"])
def test_bundled_korean_font_covers_all_modern_hangul_and_ascii(filename):
    with TTFont(FONTS_DIR / filename, lazy=True) as font:
        cmap = font.getBestCmap()
    missing = [chr(code) for code in range(0xAC00, 0xD7A4) if code not in cmap]
    assert not missing, f"{len(missing)} syllables missing, e.g. {missing[:10]}"
    assert all(code in cmap for code in range(0x20, 0x7F))
    assert all(ord(char) in cmap for char in "·※○□「」〈〉–—‘’“”…₩①")


@pytest.mark.parametrize("filename", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"])
def test_latin_fallback_covers_latin_1(filename):
    with TTFont(FONTS_DIR / filename, lazy=True) as font:
        cmap = font.getBestCmap()
    assert all(code in cmap for code in range(0xA0, 0x180))


def test_fonts_ship_with_their_licences():
    assert {"OFL-Nanum.txt", "LICENSE-DejaVu.txt", "README.md"} <= {p.name for p in FONTS_DIR.iterdir()}
    assert "SIL OPEN FONT LICENSE" in (FONTS_DIR / "OFL-Nanum.txt").read_text()


def test_latin_letters_missing_from_nanum_use_the_bundled_fallback():
    pdf = render_pdf(_page("<p>Ölçer Åsa São 홍길동</p>"))
    assert "Ölçer Åsa São 홍길동" in _text(pdf)


@pytest.mark.parametrize(
    "text",
    [
        "\U00013000",  # Egyptian hieroglyph: no bundled font (nor, usually, the host) has it
        "\u3400",  # CJK Ext. A: not in NanumGothic; a host CJK font may have it
    ],
)
def test_glyph_missing_from_bundled_fonts_fails(text):
    with pytest.raises(PdfGlyphMissing):
        render_pdf(_page(f"<p>신청인 {text}</p>"))


def test_stylesheet_naming_a_host_font_fails():
    with pytest.raises(PdfGlyphMissing, match="host font"):
        render_pdf(_page('<p style="font-family: DejaVu Serif">가나다 abc</p>'))


def test_local_font_source_is_refused():
    css = '<style>@font-face { font-family: X; src: local("NanumGothic"); }</style>'
    with pytest.raises(PdfAssetRefused):
        render_pdf(_page(css + "<p>가</p>"))


# --- accessibility and metadata ------------------------------------------------------------


def test_pdf_is_tagged_with_language_and_title(sample_pdf):
    reader = PdfReader(io.BytesIO(sample_pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "ko"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "민원 처리 기준표"
    assert [item.title for item in reader.outline] == ["민원 처리 기준표"]  # bookmarks from <h1>
    assert reader.metadata["/CreationDate"] == "D:20260925103000+09'00"


def test_title_argument_overrides_and_lang_is_set_when_missing():
    html = "<!DOCTYPE html><html><head></head><body><p>가나다</p></body></html>"
    reader = PdfReader(io.BytesIO(render_pdf(html, title="고객헌장", lang="ko")))
    assert reader.metadata.title == "고객헌장"
    assert reader.trailer["/Root"]["/Lang"] == "ko"


def test_title_is_required():
    with pytest.raises(ValueError, match="title"):
        render_pdf("<!DOCTYPE html><html lang=ko><body><p>가</p></body></html>")


def test_naive_created_at_is_rejected():
    with pytest.raises(ValueError, match="aware"):
        render_pdf(_page("<p>가</p>"), created_at=datetime(2026, 9, 25, 10, 30))


# --- determinism ---------------------------------------------------------------------------


def test_two_renders_are_byte_identical(sample_pdf):
    assert render_pdf(_sample_html(), created_at=CREATED_AT) == sample_pdf


def test_without_created_at_no_date_is_written_and_output_is_stable():
    first = render_pdf(_page("<p>가나다</p>"))
    assert first == render_pdf(_page("<p>가나다</p>"))
    assert "/CreationDate" not in PdfReader(io.BytesIO(first)).metadata


def test_created_at_changes_the_bytes(sample_pdf):
    other = render_pdf(_sample_html(), created_at=CREATED_AT.astimezone(UTC) + timedelta(days=1))
    assert other != sample_pdf


# --- strictness ----------------------------------------------------------------------------


def test_sample_renders_without_any_weasyprint_warning(caplog):
    caplog.set_level("WARNING")
    render_pdf(_sample_html())
    assert [r for r in caplog.records if r.name.startswith(("weasyprint", "fontTools"))] == []


def test_other_weasyprint_warnings_fail_in_strict_mode_only():
    html = _page("<style>p { word-break: keep-all; }</style><p>가나다</p>")
    with pytest.raises(PdfRenderError, match="word-break"):
        render_pdf(html)
    assert render_pdf(html, strict=False).startswith(b"%PDF-")


# --- the locked-down fetcher ---------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        '<img src="http://127.0.0.1/x" alt="x">',
        '<link rel="stylesheet" href="https://example.com/x.css">',
        '<img src="file:///etc/passwd" alt="x">',
        '<img src="../../../../../../../../etc/passwd" alt="x">',
        '<img src="../../pdf.py" alt="x">',
        '<img src="%2e%2e/%2e%2e/pdf.py" alt="x">',
        '<img src="ftp://example.com/x.png" alt="x">',
        "<style>@import url(https://example.com/x.css);</style>",
        '<style>p { background: url("http://127.0.0.1:5000/track") }</style><p>가</p>',
        '<style>@font-face { font-family: Y; src: url("https://example.com/y.woff2"); }</style>',
        '<svg width="10" height="10"><image href="http://127.0.0.1/x.png" width="10" height="10"/></svg>',
    ],
)
def test_fetcher_refuses_everything_outside_the_asset_directories(body):
    with pytest.raises(PdfAssetRefused):
        render_pdf(_page(body))


def test_stylesheet_argument_outside_the_asset_directories_is_refused():
    with pytest.raises(PdfAssetRefused):
        render_pdf(_page("<p>가</p>"), stylesheets=[DOCUMENT_CSS, "/etc/passwd"])


def test_missing_allowed_asset_fails_loudly():
    with pytest.raises(PdfAssetMissing):
        render_pdf(_page('<img src="no-such-seal.png" alt="직인">'))


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (4, 4), "red").save(path)


def test_symlink_escaping_an_asset_directory_is_refused(tmp_path):
    assets, outside = tmp_path / "assets", tmp_path / "outside"
    assets.mkdir()
    outside.mkdir()
    _png(outside / "secret.png")
    (assets / "seal.png").symlink_to(outside / "secret.png")
    body = f'<img src="{(assets / "seal.png").as_uri()}" alt="직인">'
    with pytest.raises(PdfAssetRefused):
        render_pdf(_page(body), asset_dirs=[assets])


def test_files_in_an_extra_asset_directory_and_data_urls_are_served(tmp_path):
    _png(tmp_path / "seal.png")
    data_png = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
        "hKmMIQAAAABJRU5ErkJggg=="
    )
    body = f'<p>직인</p><img src="{(tmp_path / "seal.png").as_uri()}" alt="직인"><img src="{data_png}" alt="점">'
    assert render_pdf(_page(body), asset_dirs=[tmp_path]).startswith(b"%PDF-")


def test_user_text_with_markup_is_escaped_and_fetches_nothing(monkeypatch):
    fetched: list[str] = []
    original = pdf_module._AllowListFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf_module._AllowListFetcher, "fetch", spy)
    user_text = '<script>alert("x")</script> <img src=http://127.0.0.1/x> 민원 내용'
    text = re.sub(r"\s+", " ", _text(render_pdf(_sample_html(user_text=user_text))))
    assert '<script>alert("x")</script>' in text
    assert "<img src=http://127.0.0.1/x>" in text
    assert fetched and all(url.startswith("file://") for url in fetched)
    assert not any("127.0.0.1" in url for url in fetched)
