"""민원 분석 (issue 20, item 2): what a spike is, which words count as keywords, how big a repeated group is.

**Spike.** A month is a spike of its group (a category, a department, a type, a channel, a place) when its count is

* at least `SpikeRule.minimum` (default 5: three 민원 instead of one is no news), and
* at least mean + `sigmas` × σ (default 2) of the same group's counts in the `window` months before it (default 6;
  months without 민원 count as 0; σ is the population standard deviation), and above that mean,

provided at least `min_history` of those months (default 3) lie after the group's first 민원 in the data given: a
group that has just appeared has no baseline yet, and its first months are never spikes. The months of the
baseline may lie before the period shown; the analysis reads them too.

**Keyword.** A noun (the morphological analyser's NNG 일반명사 or NNP 고유명사) of two or more letters that is not a
stop word: the words every 민원 uses (민원, 요청, 부탁, 확인 …), which say nothing of its subject. A 민원 counts once
for a keyword however often it uses it (the figures are numbers of 민원, as every other figure of the analysis).

**Repeated complaints.** At least `MIN_REPEATED` (default 5) 민원 of the period that share a place and a category,
or a keyword.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

NOUN_TAGS = frozenset({"NNG", "NNP"})
MIN_KEYWORD_LENGTH = 2
MAX_KEYWORD_LENGTH = 40
MIN_REPEATED = 5
#: words of the genre, not of the subject (checked as written, after the analyser's normalisation)
STOPWORDS = frozenset({
    "민원", "민원인", "요청", "부탁", "확인", "조치", "처리", "문의", "답변", "내용", "관련", "사항", "경우", "때문",
    "해결", "검토", "시정", "개선", "불편", "신고", "접수", "건의", "제안", "질의", "회신", "안내", "말씀", "감사",
    "죄송", "정도", "이상", "이하", "이후", "이전", "현재", "오늘", "어제", "내일", "계속", "자꾸", "매일", "시간",
    "부분", "생각", "사람", "우리", "여기", "거기", "저기", "이번", "지난번", "관하", "대하", "주시", "바람", "데모",
    "이력", "가상", "담당", "담당자", "부서", "기관", "시청", "구청", "행정", "업무", "방법", "필요", "가능", "상황",
})


@dataclass(frozen=True)
class SpikeRule:
    window: int = 6
    sigmas: float = 2.0
    minimum: int = 5
    min_history: int = 3


DEFAULT_RULE = SpikeRule()


def add_months(first: date, months: int) -> date:
    """The first day of the month `months` after (or before, if negative) the month of `first`."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def baseline(counts: Mapping[date, int], month: date, rule: SpikeRule = DEFAULT_RULE,
             since: date | None = None) -> tuple[float, float] | None:
    """(mean, σ) of the `rule.window` months before `month`, or None when fewer than `rule.min_history` of them
    lie on or after `since` (the group's first month in the data)."""
    months = [add_months(month, -k) for k in range(rule.window, 0, -1)]
    known = [m for m in months if since is None or m >= since]
    if len(known) < rule.min_history:
        return None
    values = [counts.get(m, 0) for m in months]
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def is_spike(count: int, mean: float, sigma: float, rule: SpikeRule = DEFAULT_RULE) -> bool:
    return count >= rule.minimum and count > mean and count >= mean + rule.sigmas * sigma


def spikes(counts: Mapping[date, int], months: Sequence[date], rule: SpikeRule = DEFAULT_RULE,
           since: date | None = None) -> list[date]:
    """The months of `months` that are spikes of this group (`counts`: the group's count per first-of-month, the
    baseline months included; `since`: the first month the data covers, by default the group's first count)."""
    if since is None:
        since = min((m for m, v in counts.items() if v), default=None)
    found = []
    for month in months:
        base = baseline(counts, month, rule, since)
        if base is not None and is_spike(counts.get(month, 0), *base, rule):
            found.append(month)
    return found


def is_keyword(form: str, tag: str) -> bool:
    """A noun worth counting: NNG or NNP, 2–40 letters, not a stop word, not a number."""
    word = form.strip()
    return (tag in NOUN_TAGS and MIN_KEYWORD_LENGTH <= len(word) <= MAX_KEYWORD_LENGTH
            and word not in STOPWORDS and not word.isdigit())


def distinct_keywords(tokens: Iterable[tuple[str, str]]) -> set[str]:
    """The keywords of one 민원 from its (form, tag) tokens, each once."""
    return {form.strip() for form, tag in tokens if is_keyword(form, tag)}
