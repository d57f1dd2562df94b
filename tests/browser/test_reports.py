"""Reports in a real browser, as an auditor would: the hub, the 민원 처리상황 점검표 for chosen dates with its
charts (each with its data table), the XLSX downloaded by its link and opened with openpyxl, and a wrong period
refused with the typed dates kept. Every page passes axe-core (no serious or critical violation)."""

from __future__ import annotations

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser


def _choose_dates(page, first: str, last: str) -> None:
    page.get_by_label("기간").select_option("custom")
    page.get_by_label("시작일").fill(first)
    page.get_by_label("종료일").fill(last)
    with page.expect_navigation():
        page.get_by_role("button", name="조회").click()


def test_an_auditor_reads_and_downloads_the_processing_check(page, live_server, login_as, tmp_path):
    login_as("auditor")
    page.goto(live_server.url("/staff/reports"))
    expect(page.get_by_role("heading", level=1)).to_have_text("보고서")
    assert_accessible(page, "reports-hub")
    with page.expect_navigation():
        page.get_by_role("link", name="민원 처리상황 점검표", exact=True).click()
    _choose_dates(page, "2026-09-01", "2026-11-30")
    expect(page.get_by_text("2026. 9. 1. – 2026. 11. 30.").first).to_be_visible()
    charts = page.locator("figure svg[role=img]")
    assert charts.count() >= 2  # by month, by department (the time distributions only once something finished)
    expect(charts.first).to_be_visible()
    page.get_by_text("이 차트의 자료").first.click()
    expect(page.locator("figure details table").first).to_be_visible()
    assert_accessible(page, "reports-processing")

    with page.expect_download() as info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    target = tmp_path / "check.xlsx"
    info.value.save_as(target)
    book = openpyxl.load_workbook(target, read_only=True)
    assert book.sheetnames[-1] == "조건" and len(book.sheetnames) >= 2
    conditions = [row for row in book["조건"].iter_rows(values_only=True)]
    assert any("2026. 9. 1." in str(cell) for row in conditions for cell in row if cell)


def test_a_wrong_period_is_refused_with_the_dates_kept(page, live_server, login_as):
    login_as("auditor")
    page.goto(live_server.url("/staff/reports/register"))
    _choose_dates(page, "2026-11-30", "2026-11-01")
    expect(page.get_by_text("종료일은 시작일보다 앞설 수 없습니다.").first).to_be_visible()
    expect(page.get_by_label("시작일")).to_have_value("2026-11-30")
    expect(page.get_by_label("종료일")).to_have_value("2026-11-01")
    assert_accessible(page, "reports-register-error")
