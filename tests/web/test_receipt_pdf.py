"""The 민원 접수증 as a PDF: what it says, what it leaves out, who may download it."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

from pypdf import PdfReader

from civil_complaints.complaint_models import Complaint
from civil_complaints.intake.receipt_pdf import NBSP, keep_dates_together
from core.extensions import db
from core.i18n import official_date
from tests.complaint_helpers import filed_receipt_no
from tests.crawl import size_label, stated_pdf_size
from tests.helpers import csrf_token_from, parse

WORD_JOINER = "\u2060"


def _text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return text.replace(WORD_JOINER, "").replace(NBSP, " ")


def _download(client, receipt_no: str):
    return client.get(f"/complaints/{receipt_no}/receipt.pdf")


def test_receipt_pdf_has_the_receipt_facts_and_only_the_masked_name(demo):
    client = demo.test_client()
    receipt_no = filed_receipt_no(client)
    receipt_page = client.get(f"/complaints/{receipt_no}/receipt").get_data(as_text=True)
    assert f"/complaints/{receipt_no}/receipt.pdf" in receipt_page  # the page links to it

    response = _download(client, receipt_no)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="receipt-{receipt_no}.pdf"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"접수증-{receipt_no}.pdf"

    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    assert reader.metadata.title == f"민원 접수증 {receipt_no}"
    text = _text(response.data)
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        due = official_date(complaint.due_date)
    for expected in ("민원 접수증", receipt_no, "한빛시", "도로 파손 신고", "기타민원", "도로가 파였어요", "접수일시",
                     "처리기한", due, "도로과", "031-000-2100", "누리집", "홍*동", "계산 과정", "/complaints/lookup"):
        assert expected in text, expected
    assert "홍길동" not in text
    for personal in ("010-1234-5678", "01012345678", "5678", "hong@example.kr", "한빛대로 12 앞 도로가"):
        assert personal not in text, personal


def test_the_receipt_page_states_the_size_of_the_pdf_it_links(demo):
    """The link says "PDF, N KB" for the very bytes the download returns, in Korean and in English."""
    client = demo.test_client()
    receipt_no = filed_receipt_no(client)
    for language in ("ko", "en"):
        client.post("/language", data={"lang": language, "csrf_token": csrf_token_from(client.get("/"))})
        page = parse(client.get(f"/complaints/{receipt_no}/receipt"))
        link = page.select_one(f"a[href$='{receipt_no}/receipt.pdf']")
        size = len(_download(client, receipt_no).data)
        assert stated_pdf_size(link.get_text()) == size_label(size), (language, link.get_text(), size)


def test_receipt_pdf_embeds_only_the_bundled_fonts(demo):
    client = demo.test_client()
    reader = PdfReader(io.BytesIO(_download(client, filed_receipt_no(client)).data))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get_object()["/Font"].get_object().values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name, font in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+PolicyDoc-(Sans|Sans-Bold|Latin|Latin-Bold|Mono)", name), name
        descendants = font.get("/DescendantFonts")
        descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} is not embedded"


def test_another_browser_gets_404_and_so_does_an_unknown_number(demo):
    owner = demo.test_client()
    receipt_no = filed_receipt_no(owner)
    stranger = demo.test_client()
    assert _download(stranger, receipt_no).status_code == 404
    assert _download(owner, "HB-2001-999999").status_code == 404
    assert _download(owner, "../../etc/passwd").status_code == 404


def test_receipt_pdf_follows_the_interface_language(demo):
    client = demo.test_client()
    receipt_no = filed_receipt_no(client)
    with client.session_transaction() as session:
        session["lang"] = "en"
    response = _download(client, receipt_no)
    assert response.status_code == 200
    text = _text(response.data)
    assert "Complaint receipt" in text and receipt_no in text and "Hanbit City" in text
    assert "홍*동" in text
    assert f'filename="receipt-{receipt_no}.pdf"' in response.headers["Content-Disposition"]


def test_official_dates_never_split_across_lines():
    expected = f"2026.{NBSP}9.{NBSP}25.{NBSP}(금){NBSP}14:30: day 1."
    assert keep_dates_together("2026. 9. 25. (금) 14:30: day 1.") == expected
    assert keep_dates_together("접수 2026. 12. 3.부터") == f"접수 2026.{NBSP}12.{NBSP}3.부터"
    assert keep_dates_together("no date here") == "no date here"
