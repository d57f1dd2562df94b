"""The management review's other sections: the systemic causes of the 민원 finished in the quarter, the
improvement register, the satisfaction ratings and the decisions taken on improvements."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from flask_babel import gettext as _

from civil_complaints.domain.improvements import ImprovementStatus
from civil_complaints.improvements.labels import EVENT_LABELS, STATUS_LABELS
from civil_complaints.reports import review_queries as rq
from civil_complaints.reports.review_trends import Quarters, label_of
from core.clock import KST
from reporting.domain.document import Column, Table
from reporting.domain.statistics import share

#: cause texts shown per group, and their length
CAUSES_SHOWN, CAUSE_LENGTH = 3, 80
#: a rating's score (the mean is over the ratings given)
SCORES = {"satisfied": 3, "neutral": 2, "dissatisfied": 1}
#: e-mail addresses and runs of digits (telephone, resident or receipt numbers) are not repeated in the report
_IDENTIFYING = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|\d[\d\s-]{3,}\d")


def scrub(text: str) -> str:
    cleaned = " ".join(_IDENTIFYING.sub("***", text).split())
    return cleaned if len(cleaned) <= CAUSE_LENGTH else cleaned[:CAUSE_LENGTH - 1] + "…"


def systemic_table(q: Quarters, departments, names: dict) -> Table:
    groups, causes = rq.systemic(q.current, departments)
    examples: dict[tuple, list[str]] = defaultdict(list)
    for top, department_id, cause, count in causes:
        shown = examples[(top, department_id)]
        if len(shown) < CAUSES_SHOWN:
            shown.append(f"{scrub(cause)} ({count})")
    rows = sorted(([label_of("category", top, names), label_of("department", department_id, names), finished,
                    systemic, share(systemic, finished), " · ".join(examples[(top, department_id)])]
                   for top, department_id, finished, systemic in groups), key=lambda r: (-r[3], r[0], r[1]))
    finished, systemic = sum(r[2] for r in rows), sum(r[3] for r in rows)
    columns = [Column("category", _("Category"), "text", 14), Column("department", _("Department"), "text", 14),
               Column("finished", _("Finished"), "int", 7), Column("systemic", _("Systemic cause"), "int", 8),
               Column("share", _("Share systemic"), "percent", 8),
               Column("causes", _("Causes recorded (most frequent first)"), "text", 48)]
    return Table(key="systemic", title=_("2. Systemic causes"), columns=columns, rows=rows,
                 totals=[_("Total"), "", finished, systemic, share(systemic, finished), ""],
                 note=_("Complaints finished in the quarter whose cause was recorded as systemic, by category and "
                        "department; finished: every complaint of that category and department finished in the "
                        "quarter."))


def _in_quarter(improvement, start, end) -> str:
    opened = improvement.created_at >= start
    finished = improvement.finished_at is not None and improvement.finished_at < end
    if opened and finished:
        return _("Proposed and done in the quarter")
    if opened:
        return _("Proposed in the quarter")
    return _("Done in the quarter") if finished else _("Carried over, under way")


def _day(instant):
    return instant.astimezone(KST).date() if instant is not None else None


def improvement_table(q: Quarters, departments, names: dict) -> Table:
    start, end = rq.instants(q.current)
    rows, kinds = [], Counter()
    for improvement, linked, due in rq.improvements(q.current, departments):
        kind = _in_quarter(improvement, start, end)
        kinds[kind] += 1
        rows.append([improvement.title, label_of("department", improvement.department_id, names), kind,
                     str(STATUS_LABELS[improvement.status]), improvement.progress / 100, linked,
                     _day(improvement.created_at), due, _day(improvement.finished_at)])
    columns = [Column("title", _("Improvement"), "text", 30), Column("department", _("Owner department"), "text", 14),
               Column("in_quarter", _("In the quarter"), "text", 10), Column("status", _("Status"), "text", 9),
               Column("progress", _("Progress"), "percent", 7), Column("linked", _("Linked complaints"), "int", 7),
               Column("opened", _("Proposed on"), "date", 10), Column("due", _("Last milestone due"), "date", 10),
               Column("finished", _("Finished on"), "date", 10)]
    summary = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    return Table(key="improvements", title=_("3. Improvement register"), columns=columns, rows=rows,
                 totals=[_("Total"), "", "", "", None, sum(r[5] for r in rows), None, None, None],
                 note=_("Improvements open at some moment of the quarter (%(summary)s); status and progress as at "
                        "the moment of counting.", summary=summary or "0"))


def _ratings(period, departments) -> dict[int, Counter]:
    found: dict[int, Counter] = defaultdict(Counter)
    for department_id, rating, count in rq.ratings(period, departments):
        found[department_id][rating] += count
    return found


def mean_score(counts: Counter) -> float | None:
    given = sum(counts[r] for r in SCORES)
    return None if not given else round(sum(SCORES[r] * counts[r] for r in SCORES) / given, 2)


def satisfaction_table(q: Quarters, departments, names: dict) -> tuple[Table, list[tuple]]:
    """The table, and (department name, mean now, mean in the previous quarter) per department for the chart."""
    current, previous = _ratings(q.current, departments), _ratings(q.previous, departments)
    ids = sorted(set(current) | set(previous), key=lambda d: label_of("department", d, names))
    rows, chart = [], []
    for department_id in [*ids, None]:
        now = current[department_id] if department_id is not None else sum(current.values(), Counter())
        before = previous[department_id] if department_id is not None else sum(previous.values(), Counter())
        mean, mean_before = mean_score(now), mean_score(before)
        name = label_of("department", department_id, names) if department_id is not None else _("Total")
        rows.append([name, sum(now.values()), now["satisfied"], now["neutral"], now["dissatisfied"], mean,
                     share(now["satisfied"], sum(now.values())), sum(before.values()), mean_before,
                     None if mean is None or mean_before is None else round(mean - mean_before, 2)])
        if department_id is not None:
            chart.append((name, mean, mean_before))
    columns = [Column("department", _("Department"), "text", 16), Column("rated", _("Ratings"), "int", 7),
               Column("satisfied", _("Satisfied"), "int", 7), Column("neutral", _("Neutral"), "int", 7),
               Column("dissatisfied", _("Dissatisfied"), "int", 7), Column("mean", _("Mean (1–3)"), "number", 7),
               Column("share", _("Share satisfied"), "percent", 8),
               Column("rated_previous", _("Ratings, previous quarter"), "int", 9),
               Column("mean_previous", _("Mean, previous quarter"), "number", 9),
               Column("mean_change", _("Change of the mean"), "number", 8)]
    return Table(key="satisfaction", title=_("4. Satisfaction"), columns=columns, rows=rows[:-1], totals=rows[-1],
                 note=_("Ratings of the complaints finished in each quarter: satisfied 3, neutral 2, "
                        "dissatisfied 1.")), chart


def decision_table(q: Quarters, departments, names: dict) -> Table:
    rows, done = [], set()
    for event, improvement in rq.decisions(q.current, departments):
        if improvement.status == ImprovementStatus.DONE.value:
            done.add(improvement.id)
        text = event.note if event.action == "hold" else improvement.decision
        after = STATUS_LABELS.get(event.after or "", "")
        rows.append([_day(event.at), improvement.title, label_of("department", improvement.department_id, names),
                     str(EVENT_LABELS[event.action]), str(after), (text or "").strip()])
    columns = [Column("on", _("Date"), "date", 10), Column("title", _("Improvement"), "text", 26),
               Column("department", _("Owner department"), "text", 14), Column("step", _("Decision"), "text", 11),
               Column("status", _("Status after it"), "text", 9), Column("text", _("Decision text"), "text", 50)]
    return Table(key="decisions", title=_("5. Decisions and actions"), columns=columns, rows=rows,
                 note=_("Improvements decided and started, or put on hold, in the quarter (%(done)s of them done "
                        "by the moment of counting).", done=len(done)))
