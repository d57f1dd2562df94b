"""The results' charts: one horizontal bar chart per choice question, drawn by reporting/charts.py (pygal, SVG on
the server)."""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup

from reporting.charts import render_svg
from reporting.domain.document import Chart, Series
from surveys.queries import Results


def question_charts(results: Results) -> dict[int, tuple[Chart, Markup]]:
    """question id -> (chart, its SVG), for the questions with choices."""
    found = {}
    for item in results.questions:
        if not item.counts:
            continue
        chart = Chart(key=f"survey-{results.survey.id}-q{item.question.id}", title=item.question.text, kind="hbar",
                      labels=[choice.text for choice, _count in item.counts],
                      series=[Series(_("Answers"), [count for _choice, count in item.counts])], unit=_("answers"))
        height = 120 + 36 * len(item.counts)
        found[item.question.id] = (chart, render_svg(chart, width=720, height=height, show_title=False))
    return found
