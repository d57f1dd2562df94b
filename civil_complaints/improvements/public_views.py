"""국민의 소리로 이렇게 바꿨습니다 (/improvements): the finished improvements — what was asked, what changed and
when — with no personal data: no 민원인, no receipt number, no 민원 text; only how many 민원 prompted each."""

from __future__ import annotations

from flask import render_template

from civil_complaints.improvements.queries import complaint_counts, public_page
from core.inputs import query_int


def public_improvements():
    page = public_page(query_int("page", default=1, low=1, high=100000))
    return render_template("civil_complaints/improvements/public.html", page=page,
                           counts=complaint_counts([i.id for i in page.items]))
