"""The safe Markdown subset of charter sections (markdown-it-py + nh3): formatting works, markup never gets in."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from charters.richtext import ALLOWED_TAGS, render_markdown, sanitize_html


class _Elements(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, list]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def test_the_subset_formats_paragraphs_lists_emphasis_and_sub_headings():
    html = render_markdown("# 고객 참여\n\n**굵게** *기울임*\n\n1. 하나\n2. 둘\n\n- 가\n- 나\n\n줄\n바꿈")
    assert "<h3>고객 참여</h3>" in html
    assert "<strong>굵게</strong> <em>기울임</em>" in html
    assert "<ol>\n<li>하나</li>" in html and "<ul>\n<li>가</li>" in html
    assert "줄<br>\n바꿈" in html


@pytest.mark.parametrize("attack", [
    "<script>alert(1)</script>",
    '<img src="http://198.51.100.1/x.png">',
    "![x](http://198.51.100.1/y.png)",
    "[클릭](javascript:alert(1))",
    "<http://198.51.100.1/>",
    '<link rel="stylesheet" href="http://198.51.100.1/a.css">',
    '<a href="http://198.51.100.1/">x</a>',
    '<p style="background:url(http://198.51.100.1/z.png)">x</p>',
    "<svg onload=alert(1)>",
    "&lt;img src=x onerror=alert(1)&gt;",
])
def test_markup_links_and_images_stay_text(attack):
    html = render_markdown(f"안내\n\n{attack}")
    elements = _Elements(html)
    assert {tag for tag, _attrs in elements.found} <= ALLOWED_TAGS
    assert all(attrs == [] for _tag, attrs in elements.found)
    shown = "".join(elements.text)
    assert attack.replace("&lt;", "<").replace("&gt;", ">") in shown  # what was typed is shown as text


def test_sanitizer_keeps_only_the_allow_list():
    dirty = '<p onclick="x()">a<iframe src="http://x"></iframe><b>b</b><ol start="3" class="x"><li>c</li></ol></p>'
    assert sanitize_html(dirty) == '<p>ab</p><ol start="3"><li>c</li></ol><p></p>'


def test_empty_source_renders_nothing():
    assert render_markdown("   \n ") == ""
