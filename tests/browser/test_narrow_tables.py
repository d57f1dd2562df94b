"""Tables on a 390 px phone screen: each fits (reflows) or shows that it scrolls, and no cell's text runs over.

KRDS lays out every table with fixed columns, which squeezed wide tables into equal slivers with their text
running over the neighbours; the charter's summary table hid its last column behind the edge of the screen with
nothing to say so. Here, for every table: either it fits the screen, or the line above it says it scrolls
sideways, it is a focusable, named region (keyboard users can scroll it) and its right edge casts a shadow."""

from __future__ import annotations

import pytest

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}

TABLES = """() => [...document.querySelectorAll('.table-wrap')].map(wrap => {
  const hint = wrap.previousElementSibling;
  const cells = [...wrap.querySelectorAll('th, td')].filter(c => c.scrollWidth > c.clientWidth + 1);
  return {caption: (wrap.querySelector('caption') || {}).textContent || '',
          scrolls: wrap.scrollWidth > wrap.clientWidth + 1,
          hint: hint && hint.classList.contains('table-scroll-hint') ? hint.textContent : null,
          hintVisible: !!(hint && hint.offsetParent),
          tabindex: wrap.getAttribute('tabindex'), role: wrap.getAttribute('role'),
          label: wrap.getAttribute('aria-label'),
          shadow: getComputedStyle(wrap).backgroundImage.includes('radial-gradient'),
          overrun: cells.map(c => c.textContent.trim().slice(0, 30))};
})"""


def _check(page) -> list[dict]:
    tables = page.evaluate(TABLES)
    assert tables, "no table on the page"
    for table in tables:
        assert table["overrun"] == [], table  # no text runs over its cell
        assert table["shadow"], table
        if table["scrolls"]:
            assert table["hintVisible"] and "옆으로" in table["hint"], table
            assert table["tabindex"] == "0" and table["role"] == "region" and table["label"], table
        else:
            assert table["hint"] is None and table["role"] is None, table
    return tables


def test_the_charter_on_a_phone_reflows_its_summary_and_says_which_tables_scroll(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url("/charter"))
    tables = _check(page)
    summary = next(t for t in tables if "분기" in t["caption"])
    assert not summary["scrolls"]  # the verdicts wrap: the four columns fit 390 px
    assert page.locator(".charter-summary .verdict").first.bounding_box()["x"] + page.locator(
        ".charter-summary .verdict").first.bounding_box()["width"] <= PHONE["width"]
    assert_accessible(page, "charter-public-390")


def test_measured_performance_on_a_phone_scrolls_the_wide_table_and_says_so(page, live_server, login_as):
    login_as("auditor")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url("/staff/charter-performance?first_day=2026-04-01&last_day=2026-06-30"))
    tables = _check(page)
    assert any(t["scrolls"] for t in tables)  # nine columns by type cannot fit a phone
    wide = page.locator(".table-wrap[role=region]", has=page.locator("table.perf-types"))  # the table by type
    wide.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("w => w.scrollLeft > 0", arg=wide.element_handle(), timeout=5000)  # the keyboard scrolls
    # it (smoothly: the position grows over a few frames, so it is awaited, not read at once)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function("() => !document.querySelector('.table-scroll-hint')")  # wide screen: nothing to say
    assert_accessible(page, "charter-performance-390")
