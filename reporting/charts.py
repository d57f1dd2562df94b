"""A report's charts as SVG drawn on the server by pygal: the same picture on the page, in the PDF and in a frozen
report, with no JavaScript and nothing fetched from another host.

`render_svg(chart)` turns a `reporting.domain.document.Chart` into a standalone ``<svg>`` (with its namespace) that
is placed inline in a page or a PDF (core/pdf.py, WeasyPrint) or stored as a file:

* pygal draws the chart with ``js=[]`` (by default it links its tooltip script from kozea.github.io); the comments
  naming pygal's web site are dropped, so the SVG holds no URL but its namespace.
* Text uses the app's fonts only: Pretendard GOV on the page (app/static/krds/fonts.css), the bundled NanumGothic
  and DejaVu in a PDF ("PolicyDoc Sans", "PolicyDoc Latin" from app/static/pdf/document.css).
* Accessible: ``role="img"``, a ``<title>`` (the chart's title) and a ``<desc>`` (one sentence: the highest and the
  lowest value) the ``<svg>`` is labelled and described by. The figures themselves are in the data table the
  ``chart_figure`` macro (templates/reporting/_chart.html) puts under the chart.
* Colours: a palette whose every colour has a contrast of at least 3:1 against the white background (WCAG 1.4.11,
  graphical objects); text is near-black.
* Deterministic: the same chart gives the same SVG (pygal's random element id is replaced by one from the key).
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

import cssselect2
import pygal
import tinycss2
from babel.numbers import format_decimal
from flask import Flask
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from pygal.style import Style

from reporting.domain.document import Chart

__all__ = ["FONT_FAMILY", "PALETTE", "chart_id", "format_value", "init_app", "render_svg", "summary"]

# pygal appends a legacy import hook for map plugins (pygal.maps.*, not used here) to sys.meta_path; Python warns
# (ImportWarning) at every import that reaches it, e.g. each optional import that fails. Taken out again.
sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)]

SVG_NS = "http://www.w3.org/2000/svg"
#: the fonts bundled for PDFs first (app/static/pdf/document.css; core/pdf.py accepts no other, and WeasyPrint takes
#: a host font for a first family it does not know), then the page's font (KRDS), which pages know instead
FONT_FAMILY = "'PolicyDoc Sans', 'PolicyDoc Latin', 'Pretendard GOV', sans-serif"
TEXT = "#1e2124"  # KRDS gray-90
SUBTLE = "#58616a"  # KRDS gray-60
LABEL_SIZE = 13  # px, the axis labels
MARGIN = 16  # px around the drawing
GUIDE = "#cdd1d5"  # KRDS gray-20: the guide lines behind the bars (decoration: the axis labels carry the values)
#: the series' colours, mostly KRDS tokens: blue (primary-60), ochre (warning-50), purple, teal (high-contrast
#: secondary-60), red (point-60), green (success-60), gray (gray-60), brown (danger-70). Each has a contrast of at
#: least 4.5:1 against white, and the first three tell apart with every kind of colour blindness.
PALETTE = ("#0b50d0", "#9e6a00", "#6a3d9a", "#1f687a", "#ab2b36", "#267337", "#58616a", "#8a240f")

#: CSS properties SVG also takes as attributes (SVG 2, 6.6), of those pygal's style sheet uses
_PRESENTATION_ATTRIBUTES = frozenset({
    "fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray", "opacity", "visibility",
    "font-family", "font-size", "font-weight", "text-anchor", "text-decoration",
})

#: the tooltips' script (its configuration), texts and titles, besides the (hidden) tooltip box: no use without the
#: script, and no scripts here
_TOOLTIPS = frozenset({"script", "desc", "title"})

_GRAPHS: dict[str, Callable[..., pygal.graph.graph.Graph]] = {
    "bar": pygal.Bar,
    "stacked": pygal.StackedBar,
    "line": pygal.Line,
    "hbar": pygal.HorizontalBar,
}


def chart_id(chart: Chart) -> str:
    """The SVG's element id (``chart-<key>``); its title and description ids derive from it."""
    return "chart-" + (re.sub(r"[^A-Za-z0-9_-]", "-", chart.key) or "x")


def render_svg(chart: Chart, *, width: int = 900, height: int = 360, show_title: bool = True) -> Markup:
    """The chart as a standalone, accessible SVG document (safe to put inline in a page).

    `width` and `height` (px) are written on the ``<svg>``: WeasyPrint draws it that size (A4 portrait has room for
    about 640 px, landscape 960; CSS ``height: auto`` on an inline SVG misleads WeasyPrint 70), a page's style sheet
    may shrink it (app/static/css/report_charts.css). `show_title=False` leaves the title out of the drawing where
    a heading above says it (it stays the SVG's accessible name).
    """
    if chart.kind not in _GRAPHS:
        raise ValueError(f"unknown chart kind {chart.kind!r}")
    graph = _graph(chart, width, height, show_title)
    # pygal's own output, not outside input; the parser drops the comments (pygal's URLs)
    root = ET.fromstring(graph.render(is_unicode=True))  # noqa: S314
    for element in root.iter():  # SVG elements unprefixed, under the xmlns declared on the root
        element.tag = element.tag.removeprefix(f"{{{SVG_NS}}}")
    root.set("xmlns", SVG_NS)
    _inline_styles(root)
    _make_accessible(root, chart)
    return Markup(ET.tostring(root, encoding="unicode"))  # noqa: S704 - serialised XML: every text is escaped


def _inline_styles(root: ET.Element) -> None:
    """pygal styles its SVG with a <style> sheet, which a page's Content-Security-Policy (style-src 'self') blocks:
    the picture would be black. Its rules become presentation attributes (fill="…"), which no policy blocks and
    WeasyPrint and every viewer read; the sheet is removed. Rules for :hover and the like never match a picture."""
    defs = root.find("defs")
    sheets = [] if defs is None else defs.findall("style")
    matcher = cssselect2.Matcher()
    for sheet in sheets:
        defs.remove(sheet)
        for rule in tinycss2.parse_stylesheet(sheet.text or "", skip_comments=True, skip_whitespace=True):
            declarations = _presentation(rule)
            if declarations:
                for selector in cssselect2.compile_selector_list(rule.prelude):
                    matcher.add_selector(selector, declarations)
    for element in cssselect2.ElementWrapper.from_xml_root(root).iter_subtree():
        cascade = sorted(
            (important, specificity, order, name, value)
            for specificity, order, _pseudo, declarations in matcher.match(element)
            for name, value, important in declarations
        )
        for _important, _specificity, _order, name, value in cascade:  # the last one wins, as in CSS
            element.etree_element.set(name, value)
        if element.parent is not None and element.etree_element.get("font-family") == root.get("font-family"):
            del element.etree_element.attrib["font-family"]  # inherited from the root: said once
    if defs is not None and not len(defs):
        root.remove(defs)


def _presentation(rule) -> list[tuple[str, str, bool]]:
    """(property, value, !important) of a style rule's declarations that SVG has presentation attributes for."""
    if rule.type != "qualified-rule":
        return []
    return [
        (declaration.name, tinycss2.serialize(declaration.value).strip(), declaration.important)
        for declaration in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
        if declaration.type == "declaration" and declaration.lower_name in _PRESENTATION_ATTRIBUTES
    ]


def _style() -> Style:
    return Style(
        background="#ffffff", plot_background="#ffffff", foreground=TEXT, foreground_strong=TEXT,
        foreground_subtle=SUBTLE, colors=PALETTE, opacity="1", opacity_hover="1", stroke_opacity="1",
        stroke_opacity_hover="1", stroke_width="2.5", stroke_width_hover="2.5", transition="0s",
        font_family=FONT_FAMILY, title_font_size=18,
        label_font_size=LABEL_SIZE, major_label_font_size=LABEL_SIZE, legend_font_size=14, value_font_size=13,
        tooltip_font_size=13, guide_stroke_color=GUIDE, major_guide_stroke_color=GUIDE,
        guide_stroke_dasharray="none", major_guide_stroke_dasharray="none",
    )


def _graph(chart: Chart, width: int, height: int, show_title: bool):
    formatter, rotation = _formatter(chart.percent), _rotation(chart, width)
    graph = _GRAPHS[chart.kind](
        js=[], width=width, height=height, explicit_size=True, style=_style(), max_scale=8,
        title=chart.title if show_title else None,
        disable_xml_declaration=True, show_legend=len(chart.series) > 1, legend_at_bottom=True,
        legend_at_bottom_columns=min(len(chart.series), 4), truncate_label=-1, truncate_legend=-1,
        value_formatter=formatter, include_x_axis=True, allow_interruptions=True, dots_size=4,
        x_label_rotation=rotation, spacing=12, margin=MARGIN, range=_range(chart), **_label_room(chart, rotation),
        no_data_text=_("No figures in this period"),
        **{"x_title" if chart.kind == "hbar" else "y_title": _axis_title(chart)},
    )
    graph.uuid = chart_id(chart).removeprefix("chart-")
    # pygal draws horizontal bars from the bottom up: reversed, the first label is at the top, as in the table
    order = slice(None, None, -1) if chart.kind == "hbar" else slice(None)
    graph.x_labels = list(chart.labels)[order]
    for series in chart.series:
        graph.add(series.name, list(series.values)[order])
    return graph


def _axis_title(chart: Chart) -> str | None:
    """The unit; not a lone "%" next to a percent axis, whose labels already say it."""
    return None if not chart.unit or (chart.percent and chart.unit.strip() == "%") else chart.unit


def _range(chart: Chart) -> tuple[float, float] | None:
    """Percentages from 0 to 100% (unless a value is above), so that rates of two reports compare by eye."""
    values = [value for series in chart.series for value in series.values if value is not None]
    return (0, 1) if chart.percent and all(0 <= value <= 1 for value in values) else None


def _rotation(chart: Chart, width: int) -> int:
    """Turn the category labels when they would not fit side by side under the plot."""
    if chart.kind == "hbar" or not chart.labels:
        return 0
    widest = max(_text_width(label) for label in chart.labels) + 12
    return 0 if widest * len(chart.labels) < width * 0.8 else 30


def _label_room(chart: Chart, rotation: int) -> dict[str, float]:
    """A wider margin where the category labels are: pygal measures every letter as 0.6em, Hangul takes 1em."""
    if not chart.labels:
        return {}
    pygal_width = max(len(label) for label in chart.labels) * LABEL_SIZE * 0.6
    extra = max(0.0, max(_text_width(label) for label in chart.labels) - pygal_width)
    if chart.kind == "hbar":
        return {"margin_left": MARGIN + extra}
    return {"margin_bottom": MARGIN + extra * math.sin(math.radians(rotation))} if rotation else {}


def _text_width(text: str, size: int = LABEL_SIZE) -> float:
    """About how wide a label is drawn: Hangul and other wide letters 1em, the rest 0.6em."""
    return sum(size if unicodedata.east_asian_width(char) in "WF" else size * 0.6 for char in text)


def _make_accessible(root: ET.Element, chart: Chart) -> None:
    """role="img" labelled by the title and described by a one-sentence summary; pygal's tooltip data dropped."""
    base = chart_id(chart)
    root.set("role", "img")
    root.set("aria-labelledby", f"{base}-title")
    root.set("aria-describedby", f"{base}-desc")
    for parent in list(root.iter()):
        parent.attrib.pop("id", None)  # the legend's ids for the script would repeat with a second chart
        for child in list(parent):
            tooltip = child.tag in _TOOLTIPS or "tooltip" in child.get("class", "").split()  # not the triggers
            if tooltip and not (parent is root and child.tag == "title"):
                parent.remove(child)
    root.set("id", base)
    title = root.find("title")
    if title is None:
        title = ET.Element("title")
        root.insert(0, title)
    title.text = chart.title
    title.set("id", f"{base}-title")
    desc = ET.Element("desc", {"id": f"{base}-desc"})
    desc.text = summary(chart)
    root.insert(list(root).index(title) + 1, desc)


def summary(chart: Chart) -> str:
    """One sentence for the SVG's <desc> and the figure's caption: the highest and the lowest value."""
    points = list(_points(chart))
    if not points:
        return _("No values in this chart.")
    high = max(points, key=lambda point: point[0])
    low = min(points, key=lambda point: point[0])
    if high is low or high[0] == low[0]:
        return _("Every value is %(value)s.", value=_with_unit(chart, high[0]))
    return _("Highest: %(high_label)s, %(high)s; lowest: %(low_label)s, %(low)s.",
             high_label=high[1], high=_with_unit(chart, high[0]), low_label=low[1], low=_with_unit(chart, low[0]))


def _points(chart: Chart) -> Iterator[tuple[float, str]]:
    """(value, label) of every value given; the label names the series too when there are several."""
    for series in chart.series:
        for label, value in zip(chart.labels, series.values, strict=False):
            if value is not None:
                yield value, (f"{label} {series.name}" if len(chart.series) > 1 else label)


def _with_unit(chart: Chart, value: float) -> str:
    text = format_value(value, percent=chart.percent)
    return f"{text}{chart.unit}" if chart.unit and not chart.percent else text


def format_value(value: float | None, *, percent: bool = False) -> str:
    """A figure as the table and the axis write it: thousands separated, percentages with one decimal ("95.4%")."""
    if value is None:
        return "–"
    locale = str(get_locale() or "ko")
    if percent:
        return format_decimal(value * 100, format="#,##0.0", locale=locale) + "%"
    pattern = "#,##0" if float(value).is_integer() else "#,##0.##"
    return format_decimal(value, format=pattern, locale=locale)


def _formatter(percent: bool) -> Callable[[float | None], str]:
    """The axis labels: whole percentages without a decimal ("20%"); 0.3 * 100 is 30.000000000000004."""

    def axis(value: float | None) -> str:
        if percent and value is not None and float(round(value * 100, 6)).is_integer():
            return format_value(round(value * 100)) + "%"
        return format_value(value, percent=percent)

    return axis


def init_app(app: Flask) -> None:
    """What the ``chart_figure`` macro (templates/reporting/_chart.html) needs: the ``chart_value`` filter (a figure
    as the table writes it) and the ``chart_summary`` function (the one-sentence caption)."""
    app.add_template_filter(format_value, "chart_value")
    app.add_template_global(summary, "chart_summary")
