"""Possible duplicates (domain/duplicates.py): why two 민원 look alike, and the order they are suggested in."""

from __future__ import annotations

import pytest

from civil_complaints.domain.duplicates import (
    MAX_SUGGESTIONS,
    Reason,
    Traits,
    bigrams,
    bounding_box,
    compare,
    distance_m,
    jaccard,
    normalise_text,
    phone_variants,
    rank,
)

LAMP = "공원 입구 가로등 고장 공원 입구 가로등이 며칠째 꺼져 있습니다."


def test_normalising_keeps_letters_and_digits_only():
    assert normalise_text("  가로등이   고장!! (12번) ") == "가로등이고장12번"
    assert normalise_text("ＡＢＣ def") == "abcdef"  # NFKC and lower case
    assert normalise_text(None) == ""


def test_bigrams_and_jaccard():
    assert bigrams("가로등 고장 신고") == frozenset({"가로", "로등", "등고", "고장", "장신", "신고"})
    assert bigrams("가로등 고장") == frozenset()  # too short (5 letters) to compare by wording
    a, b = frozenset({"ab", "bc"}), frozenset({"bc", "cd"})
    assert jaccard(a, b) == pytest.approx(1 / 3)
    assert jaccard(a, frozenset()) == 0.0
    assert jaccard(bigrams(LAMP), bigrams(LAMP.replace(" ", ""))) == 1.0  # spacing does not matter


def test_distance_and_the_box_around_a_point():
    assert distance_m(37.5665, 126.9780, 37.5665, 126.9780) == 0
    assert distance_m(37.5665, 126.9780, 37.5669, 126.9780) == pytest.approx(44.5, abs=0.5)
    south, north, west, east = bounding_box(37.5665, 126.9780, 50)
    assert south < 37.5665 < north and west < 126.9780 < east
    # every point 50 m away lies inside the box: north, east
    assert distance_m(37.5665, 126.9780, north, 126.9780) == pytest.approx(50, abs=0.01)
    assert distance_m(37.5665, 126.9780, 37.5665, east) == pytest.approx(50, abs=0.01)


def test_phone_variants_for_the_indexed_query():
    assert phone_variants("010-1234-5678") == ("010-1234-5678", "01012345678")
    assert phone_variants("+82 10 1234 5678") == ("+82 10 1234 5678", "01012345678", "010-1234-5678")
    assert phone_variants("02-123-4567") == ("02-123-4567", "021234567")
    assert phone_variants("전화 없음") == ()
    assert phone_variants(None) == ()


def test_the_same_person_by_phone_in_any_format_or_email_in_any_case():
    case = Traits(1, phone="010-1234-5678", email="Hong@Example.kr", text="가")
    assert compare(case, Traits(2, phone="01012345678")).reasons == (Reason.SAME_PERSON,)
    assert compare(case, Traits(3, email="hong@example.KR ")).reasons == (Reason.SAME_PERSON,)
    assert compare(case, Traits(4, phone="010-1234-5679", email="kim@example.kr")) is None
    assert compare(Traits(5), Traits(6)) is None  # nothing known is nothing shared


def test_the_same_place_by_address_id_address_or_distance():
    case = Traits(1, address_id="A-77", address="한빛대로 12 앞", latitude=37.5665, longitude=126.9780)
    assert compare(case, Traits(2, address_id="A-77")).reasons == (Reason.SAME_PLACE,)
    assert compare(case, Traits(3, address="한빛대로12앞")).reasons == (Reason.SAME_PLACE,)
    assert compare(case, Traits(4, latitude=37.5669, longitude=126.9780)).reasons == (Reason.SAME_PLACE,)  # 44 m
    assert compare(case, Traits(5, latitude=37.5670, longitude=126.9780)) is None  # 56 m
    assert compare(case, Traits(6, address="한빛대로 14 앞")) is None


def test_similar_wording_above_the_threshold():
    case = Traits(1, text=LAMP)
    near = compare(case, Traits(2, text="공원 입구 가로등 고장 신고 공원 입구에 있는 가로등이 며칠째 꺼져 있어요."))
    assert near is not None and near.reasons == (Reason.SIMILAR_TEXT,) and 0.35 <= near.similarity < 1
    assert compare(case, Traits(3, text="시청로 보도블록 들뜸 시청 앞 보도블록이 들떠 있어 넘어질 뻔했습니다.")) is None
    assert compare(case, Traits(4, text=LAMP), threshold=1.01) is None


def test_rank_prefers_more_reasons_then_similarity_then_the_given_order_and_stops_at_five():
    case = Traits(1, phone="010-1111-2222", address="시청로 1", text=LAMP)
    others = [
        Traits(10, text=LAMP + " 빨리"),  # wording only
        Traits(11, phone="01011112222", address="시청로1", text=LAMP),  # all three
        Traits(12, phone="01011112222"),  # person only, given before 13
        Traits(13, address="시청로 1"),  # place only
        Traits(1, phone="01011112222"),  # the case itself
        Traits(12, phone="01011112222"),  # repeated
        Traits(14, text="전혀 다른 내용의 민원입니다 주차 문의"),
    ]
    assert [m.id for m in rank(case, others)] == [11, 10, 12, 13]
    assert rank(case, others)[0].reasons == (Reason.SAME_PERSON, Reason.SAME_PLACE, Reason.SIMILAR_TEXT)
    many = [Traits(100 + i, phone="010-1111-2222") for i in range(8)]
    assert [m.id for m in rank(case, many)] == [100, 101, 102, 103, 104][:MAX_SUGGESTIONS]
