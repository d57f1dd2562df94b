"""The 제도개선 state machine and the tag rules (pure: domain/improvements.py, domain/categories.py)."""

from __future__ import annotations

import pytest

from civil_complaints.domain.categories import (
    MAX_TAG_LENGTH,
    MAX_TAGS,
    TagError,
    may_add_top_category,
    normalise_tag,
    parse_tags,
)
from civil_complaints.domain.improvements import (
    TRANSITIONS,
    ImprovementAction,
    ImprovementFacts,
    ImprovementRefused,
    ImprovementStatus,
    allowed,
    decide,
    progress_after,
)

S, A = ImprovementStatus, ImprovementAction


def facts(status: S, **kw) -> ImprovementFacts:
    return ImprovementFacts(status=status, **kw)


@pytest.mark.parametrize(("action", "before", "after"), [
    (A.REVIEW, S.PROPOSED, S.REVIEWING),
    (A.START, S.REVIEWING, S.IN_PROGRESS),
    (A.FINISH, S.IN_PROGRESS, S.DONE),
    (A.HOLD, S.PROPOSED, S.ON_HOLD), (A.HOLD, S.REVIEWING, S.ON_HOLD), (A.HOLD, S.IN_PROGRESS, S.ON_HOLD),
    (A.RESUME, S.ON_HOLD, S.REVIEWING),
])
def test_the_path_of_an_improvement(action, before, after):
    assert decide(action, facts(before, decision="과장 결재로 결정", what_changed="안내문 개정")) is after


def test_every_move_not_in_the_table_is_refused_and_done_is_final():
    for action, (sources, _after) in TRANSITIONS.items():
        for status in S:
            if status in sources:
                continue
            with pytest.raises(ImprovementRefused) as refused:
                decide(action, facts(status, decision="결정", what_changed="변경"))
            assert refused.value.code == ("improvement_finished" if status is S.DONE else "improvement_wrong_status")
    assert not any(allowed(action, S.DONE) for action in A)


@pytest.mark.parametrize(("action", "status"), [(A.START, S.REVIEWING), (A.HOLD, S.IN_PROGRESS)])
def test_starting_and_holding_need_the_decision(action, status):
    with pytest.raises(ImprovementRefused, match="improvement_decision_required"):
        decide(action, facts(status, decision="   "))


def test_finishing_needs_what_changed_and_every_milestone_done():
    with pytest.raises(ImprovementRefused, match="improvement_change_required"):
        decide(A.FINISH, facts(S.IN_PROGRESS, what_changed=""))
    with pytest.raises(ImprovementRefused, match="improvement_milestones_open"):
        decide(A.FINISH, facts(S.IN_PROGRESS, what_changed="바뀜", open_milestones=1))
    assert progress_after(A.FINISH, 40) == 100
    assert progress_after(A.START, 40) == 40


def test_editing_keeps_the_status_and_bounds_the_progress():
    assert decide(A.EDIT, facts(S.IN_PROGRESS, progress=100)) is S.IN_PROGRESS
    for bad in (-1, 101):
        with pytest.raises(ImprovementRefused, match="improvement_progress_invalid"):
            decide(A.EDIT, facts(S.REVIEWING, progress=bad))


def test_tags_are_normalised_deduplicated_and_bounded():
    assert normalise_tag("  School   Zone ") == "school zone"
    assert normalise_tag("한") == "한"  # NFC: the decomposed and the composed syllable are one tag
    assert parse_tags("주차, 주차 ,#어린이  보호구역;Parking\nparking") == ["주차", "어린이 보호구역", "parking"]
    assert parse_tags(" , ;") == []
    with pytest.raises(TagError) as long:
        parse_tags("x" * (MAX_TAG_LENGTH + 1))
    assert long.value.code == "tag_too_long"
    assert parse_tags(",".join(f"t{i}" for i in range(MAX_TAGS))) == [f"t{i}" for i in range(MAX_TAGS)]
    with pytest.raises(TagError) as many:
        parse_tags(",".join(f"t{i}" for i in range(MAX_TAGS + 1)))
    assert many.value.code == "too_many_tags"


def test_at_most_twenty_top_categories():
    assert may_add_top_category(19)
    assert not may_add_top_category(20)
