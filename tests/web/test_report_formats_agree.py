"""The 점검표 of a period downloaded as XLSX, CSV and PDF (issue 19, "Done when"): each file, opened by a real
reader (openpyxl, the csv module, pypdf), carries the same grand totals, and they equal an independent count of
the generated 민원 (received in the period by 접수일 in KST, finished, still open)."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
from pypdf import PdfReader

from core.clock import KST
from core.extensions import db
from tests.helpers import login
from tests.report_data import NOW, PERIOD, generate, is_finished, is_open

PARAMS = {"from": PERIOD[0].isoformat(), "to": PERIOD[1].isoformat()}


def _independent(made) -> dict[str, int]:
    inside = [c for c in made.complaints if PERIOD[0] <= c.received_at.astimezone(KST).date() <= PERIOD[1]]
    return {"received": len(inside), "finished": sum(map(is_finished, inside)), "open": sum(map(is_open, inside))}


def test_xlsx_csv_and_pdf_carry_the_same_totals_as_an_independent_count(demo, frozen):
    frozen(NOW)
    with demo.test_request_context():
        expected = _independent(generate())
        db.session.remove()
    assert expected["received"] == expected["finished"] + expected["open"] > 100
    client = demo.test_client()
    login(client, "auditor")

    text = client.get("/staff/reports/processing", query_string={**PARAMS, "format": "csv"}).data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, total = rows[0], rows[-1]
    assert total[0] == "합계"
    from_csv = {name: int(total[header.index(label)]) for name, label in
                (("received", "접수"), ("finished", "종료"), ("open", "처리 중"))}
    assert from_csv == expected

    with client.get("/staff/reports/processing", query_string={**PARAMS, "format": "xlsx"}) as answer:
        sheet = openpyxl.load_workbook(io.BytesIO(answer.data), read_only=True).worksheets[0]
        cells = list(sheet.iter_rows(values_only=True))
    labels, last = list(cells[0]), next(row for row in reversed(cells) if row and row[0] == "합계")
    assert {name: last[labels.index(label)] for name, label in
            (("received", "접수"), ("finished", "종료"), ("open", "처리 중"))} == expected

    pdf = client.get("/staff/reports/processing", query_string={**PARAMS, "format": "pdf"})
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    totals = re.findall(r"(?<!부서 )합계((?:\s+[\d,.%]+)+)", words)  # the grand total, not a department's
    assert totals
    # pypdf joins the cells of a row without a space: received, finished, on time … follow one another
    assert re.sub(r"[\s,]", "", totals[-1]).startswith(f"{expected['received']}{expected['finished']}")
