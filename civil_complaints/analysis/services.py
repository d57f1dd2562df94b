"""The keyword job of 민원 분석 (`complaint-keywords`, app/scheduler.py) and the request to run it again.

The job finds the months whose 민원 changed since their keywords were counted (a fingerprint per KST month of
receipt: how many 민원, the sum of their ids and of their departments weighted by id — a 민원 filed, moved to
another department or destroyed changes it), the months a person asked to count again first, then the newest.
For each it reads the titles and contents, finds their nouns with kiwipiepy — a morphological analyser that runs in
this process with its bundled model: no text leaves the server — and stores per department how many 민원 used
each keyword. It works for at most `TIME_BUDGET_S` seconds a run (at least one month); the next run goes on.

A page never runs the analyser: it reads the stored counts (queries.keyword_totals).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from sqlalchemy import delete, func, insert, select, update

from civil_complaints.analysis.models import KeywordCount, KeywordMonth
from civil_complaints.analysis.queries import month_condition
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.analysis import distinct_keywords
from civil_complaints.reports.processing_queries import month_key, month_text
from core.extensions import db
from organization.domain.roles import Permission
from organization.services import require_permission

TIME_BUDGET_S = 240.0
BATCH = 500
#: characters of a 민원's content read (a 민원 of many pages says what it is about at the start)
MAX_TEXT = 3000

_kiwi = None
_kiwi_lock = threading.Lock()


def analyser():
    """One Kiwi per process (loading its model takes about a second); its calls are thread-safe."""
    global _kiwi
    with _kiwi_lock:
        if _kiwi is None:
            from kiwipiepy import Kiwi

            _kiwi = Kiwi()
        return _kiwi


def keywords_of(texts: Iterable[str]) -> Iterator[set[str]]:
    """Each text's keywords (domain/analysis.py: nouns, no stop words), in order."""
    for tokens in analyser().tokenize(list(texts)):
        yield distinct_keywords((token.form, token.tag) for token in tokens)


def fingerprints() -> dict[date, tuple[str, int]]:
    """{first of month: (fingerprint, 민원)} of every month with 민원."""
    month = month_key().label("month")
    rows = db.session.execute(select(month, func.count(), func.sum(Complaint.id),
                                     func.sum(Complaint.department_id * (Complaint.id % 997)))
                              .group_by(month))
    return {date.fromisoformat(month_text(m) + "-01"): (f"{n}:{ids}:{weighted}", n) for m, n, ids, weighted in rows}


def months_to_count(current: dict[date, tuple[str, int]], stored: dict[date, KeywordMonth]) -> list[date]:
    """Asked for first (oldest request first), then new or changed months, newest first."""
    asked = sorted((m for m, row in stored.items() if row.requested_at is not None and m in current),
                   key=lambda m: (stored[m].requested_at, m))
    changed = sorted((m for m, (fingerprint, _n) in current.items()
                      if m not in asked and (m not in stored or stored[m].fingerprint != fingerprint)), reverse=True)
    return asked + changed


def count_month(month: date, fingerprint: tuple[str, int], *, now: datetime) -> int:
    """Count one month again: its stored keyword counts replaced. Returns the keywords stored."""
    counts: Counter[tuple[int, str]] = Counter()
    rows = db.session.execute(select(Complaint.department_id, Complaint.title,
                                     func.substr(Complaint.content, 1, MAX_TEXT))
                              .where(*month_condition(month)).order_by(Complaint.id)
                              .execution_options(yield_per=BATCH))
    for batch in rows.partitions():
        texts = [f"{title}\n{content}" for _d, title, content in batch]
        for (department_id, _t, _c), words in zip(batch, keywords_of(texts), strict=True):
            counts.update((department_id, word) for word in words)
    db.session.execute(delete(KeywordCount).where(KeywordCount.month == month))
    if counts:
        db.session.execute(insert(KeywordCount), [
            {"month": month, "department_id": department_id, "keyword": word, "count": n, "computed_at": now}
            for (department_id, word), n in counts.items()])
    state = db.session.get(KeywordMonth, month)
    if state is None:
        db.session.add(KeywordMonth(month=month, fingerprint=fingerprint[0], complaints=fingerprint[1],
                                    computed_at=now))
    else:
        state.fingerprint, state.complaints, state.computed_at, state.requested_at = (
            fingerprint[0], fingerprint[1], now, None)
    db.session.flush()
    return len(counts)


def count_keywords(*, now: datetime, budget: float = TIME_BUDGET_S) -> dict:
    """Job (`complaint-keywords`): count the months that need it, within the time budget; the runner commits."""
    current = fingerprints()
    stored = {row.month: row for row in db.session.scalars(select(KeywordMonth))}
    gone = [m for m in stored if m not in current]
    if gone:
        db.session.execute(delete(KeywordCount).where(KeywordCount.month.in_(gone)))
        db.session.execute(delete(KeywordMonth).where(KeywordMonth.month.in_(gone)))
    todo, started, done, keywords = months_to_count(current, stored), time.monotonic(), 0, 0
    for month in todo:
        if done and time.monotonic() - started > budget:
            break
        keywords += count_month(month, current[month], now=now)
        done += 1
    return {"months_counted": done, "months_waiting": len(todo) - done, "keywords_stored": keywords,
            "months_removed": len(gone)}


def request_recount(actor, months: list[date], *, now: datetime) -> int:
    """Ask the job to count these months again (it runs within minutes; nothing is computed here). Returns how
    many months were asked for; months never counted are counted anyway."""
    require_permission(actor, Permission.ANALYSIS_RECOUNT)
    result = db.session.execute(update(KeywordMonth).where(KeywordMonth.month.in_(months),
                                                           KeywordMonth.requested_at.is_(None))
                                .values(requested_at=now))
    return result.rowcount or 0
