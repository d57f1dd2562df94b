"""The safe Markdown subset of charter sections, rendered with markdown-it-py and sanitized with nh3.

Allowed: paragraphs, line breaks, **bold**, *italic*, lists, headings (shown as sub-headings),
block quotes and rules. Raw HTML, links, images and autolinks are not parsed: they stay visible as
the text that was typed, so nothing can inject markup or make a browser or WeasyPrint fetch a URL.
The HTML is sanitized again by nh3 (an allow-list of tags, no attributes but `<ol start>`, no URL
schemes) when it is saved and whenever it is rendered.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote", "hr"})
ALLOWED_ATTRIBUTES = {"ol": {"start"}}
MAX_SOURCE_CHARS = 20_000


def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "breaks": True, "linkify": False, "typographer": False})
    md.enable(["heading", "emphasis", "list", "newline", "blockquote", "hr", "escape", "entity"])

    def heading_open(renderer, tokens, idx, options, env):  # "#" → h3, "##" and deeper → h4 (h1/h2 belong to the page)
        return f"<h{_level(tokens[idx].tag)}>"

    def heading_close(renderer, tokens, idx, options, env):
        return f"</h{_level(tokens[idx].tag)}>\n"

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    return md


def _level(tag: str) -> int:
    return 3 if tag == "h1" else 4


_MD = _parser()


def sanitize_html(html: str) -> str:
    """Keep only the allowed tags; everything else is dropped or escaped (nh3, an html5ever allow-list)."""
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES, url_schemes=set(),
                     link_rel=None, strip_comments=True)


def render_markdown(source: str) -> str:
    """Sanitized HTML for a section written in the safe Markdown subset."""
    text = (source or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    return sanitize_html(_MD.render(text)).strip()
