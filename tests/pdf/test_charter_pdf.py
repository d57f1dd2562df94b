"""The published 고객헌장 PDF: Korean text of every statutory item, embedded bundled fonts, no glyph warnings,
the stored bytes served unchanged, and user text that can neither inject markup nor fetch a URL."""

from __future__ import annotations

import hashlib
import io
import re

from pypdf import PdfReader
from sqlalchemy import select

from charters import publication
from charters.demo_content import demo_draft_data
from charters.publication import build_snapshot, render_charter_pdf
from charters.services import create_draft, current_charter, save_draft
from civil_complaints.complaint_models import ComplaintType
from core import pdf as pdf_module
from core.extensions import db
from tests.charter_helpers import user
from tests.helpers import parse, text_of

SECTION_TITLES = ["기본 임무", "제공하는 서비스의 내용과 바람직한 서비스의 수준",
                  "불만처리, 시정 절차 및 배상 등의 책임", "서비스 향상을 위한 노력 및 계획"]


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def test_charter_pdf_has_the_four_items_the_standards_and_the_compensation_in_korean(demo):
    pdf = demo.test_client().get("/charter.pdf").data
    text = _text(pdf)
    for title in SECTION_TITLES:
        assert title in text
    for phrase in ("한빛시 고객헌장", "헌장 전문", "핵심서비스 이행표준", "고객응대 이행표준",
                   "도로와 보도의 파손 신고는 접수 후 3일(24근무시간) 이내에 현장을 확인하고 보수에 착수합니다.",
                   "약속기간(5일) 내 처리율 95% 이상 (법정 7일)", "만족률 80% 이상 (전체 민원)",
                   "보상 기준", "행정 착오나 잘못된 안내로 다시 방문하신 경우", "5,000원 (문화상품권)",
                   "고객 연락처", "031-000-1100", "제1판",
                   # the demo agency is a 시 (AGENCY_KIND=local_government): a 행정서비스헌장, with its one address
                   "행정서비스헌장 제정지침에 따른 행정서비스헌장", "주소 (00000) 경기도 한빛시 시청로 1 (가상 주소)"):
        assert phrase in text, phrase
    assert re.search(r"- 1 / \d -", text)  # page numbers
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "한빛시 고객헌장 제1판"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged PDF
    assert reader.trailer["/Root"]["/Lang"] == "ko"


def test_every_font_in_the_charter_is_embedded_and_bundled(demo):
    reader = PdfReader(io.BytesIO(demo.test_client().get("/charter.pdf").data))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get_object().get("/Font", {}).get_object().values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name, font in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+PolicyDoc-(Sans|Sans-Bold|Latin|Latin-Bold|Mono)", name), name
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} is not embedded"


def test_rendering_the_demo_charter_logs_no_warning(demo, caplog):
    caplog.set_level("WARNING")
    with demo.test_request_context():
        snapshot = build_snapshot(current_charter(), agency_name="한빛시", version_no=7)
        pdf = render_charter_pdf(snapshot, created_at=None, preview=True)
    assert pdf.startswith(b"%PDF-")
    assert [r for r in caplog.records if r.name.startswith(("weasyprint", "fontTools"))] == []


def test_downloads_are_the_stored_bytes_and_match_the_published_hash(demo):
    client = demo.test_client()
    first, second = client.get("/charter.pdf"), client.get("/charter/versions/1.pdf")
    assert first.status_code == second.status_code == 200
    assert first.data == second.data == client.get("/charter.pdf").data
    digest = hashlib.sha256(first.data).hexdigest()
    with demo.app_context():
        assert current_charter().pdf_sha256 == digest
    assert first.headers["ETag"] == f'"{digest}"'
    assert client.get("/charter.pdf", headers={"If-None-Match": f'"{digest}"'}).status_code == 304
    page = parse(client.get("/charter"))
    assert digest in text_of(page, ".charter-record")
    assert digest in parse(client.get("/charter/versions")).get_text()


ATTACKS = ['<img src="http://198.51.100.7/track.png">', "![x](http://198.51.100.7/md.png)",
           '<link rel="stylesheet" href="http://198.51.100.7/x.css">', "<script>alert(1)</script>",
           '<p style="background: url(file:///etc/passwd)">배경</p>']


def test_user_text_cannot_inject_markup_or_make_weasyprint_fetch_anything(demo, monkeypatch):
    fetched: list[str] = []
    original = pdf_module._AllowListFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf_module._AllowListFetcher, "fetch", spy)
    monkeypatch.setattr(publication, "_RENDERED", type(publication._RENDERED)())  # render, do not reuse
    with demo.test_request_context():
        type_ids = {code: id_ for code, id_ in db.session.execute(select(ComplaintType.code, ComplaintType.id))}
        data = demo_draft_data(type_ids)
        data.title = 'Hanbit <img src="http://198.51.100.7/t.png"> 헌장'
        data.sections["mission"] = "\n\n".join(ATTACKS)
        data.standards[0].service = '<img src="http://198.51.100.7/s.png">'
        data.compensations[0].form = '<link rel="stylesheet" href="http://198.51.100.7/c.css">'
        data.channels[0].value = '<a href="javascript:alert(1)">누리집</a>'
        draft = create_draft(actor=user("admin"), now=current_charter().published_at, title="x")
        save_draft(draft, data, actor=user("admin"), now=draft.created_at)
        snapshot = build_snapshot(draft, agency_name="한빛시", version_no=None)
        pdf = render_charter_pdf(snapshot, created_at=None, preview=True)
        assert "<img" not in draft.mission_html and "<link" not in draft.mission_html
    text = _text(pdf)
    assert '<img src="http://198.51.100.7/track.png">' in text  # shown as typed
    assert "![x](http://198.51.100.7/md.png)" in text
    assert '<a href="javascript:alert(1)">누리집</a>' in text
    assert fetched and all(url.startswith("file://") for url in fetched)
    assert not any("198.51.100.7" in url or "passwd" in url for url in fetched)


def test_rendering_the_stored_snapshot_again_gives_the_stored_bytes(demo, monkeypatch):
    """Publication is deterministic: the snapshot and the publication instant fix every byte."""
    from charters.domain.snapshot import CharterSnapshot

    monkeypatch.setattr(publication, "_RENDERED", type(publication._RENDERED)())
    with demo.test_request_context():
        charter = current_charter()
        again = render_charter_pdf(CharterSnapshot.from_json(charter.snapshot_json), created_at=charter.published_at)
        assert again == charter.pdf_bytes
