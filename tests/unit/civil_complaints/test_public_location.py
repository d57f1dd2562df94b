"""The coarse location a public feed may show (issue 14.4): areas and roads kept, everything else dropped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civil_complaints.domain.public_location import (
    coarse_address,
    personal_tokens,
    round_coordinate,
    zipcode_of,
)

HONG = personal_tokens("홍길동", "gildong.hong@example.kr")


@pytest.mark.parametrize(("address", "expected"), [
    ("한빛대로 12", "한빛대로"),
    ("한빛대로 12 앞 횡단보도", "한빛대로"),
    ("한빛시 시청로 1 일대", "한빛시 시청로"),
    ("(04524) 서울특별시 중구 세종대로 110", "서울특별시 중구 세종대로"),
    ("서울 강동구 길동 123-4", "서울 강동구"),  # 길동 is a 법정동, but also 홍길동's given name
    ("서울 강남구 역삼동 123-4", "서울 강남구 역삼동"),
    ("경기도 성남시 분당구 정자일로 95 네이버 1784", "경기도 성남시 분당구 정자일로"),
    ("세종대로23길 47", "세종대로23길"),
    ("종로구 종로1가 1", "종로구 종로1가"),
    ("Sejong-daero 110, Jung-gu, Seoul", "Sejong-daero Jung-gu Seoul"),
    ("12 Hanbit-daero", "Hanbit-daero"),
    ("홍길동 한빛대로 12", None),
    ("한빛대로 12 홍길동 010-9876-5432", "한빛대로"),
    ("한빛대로 010-9876-5432 gildong.hong@example.kr", "한빛대로"),
    ("역삼동 123", None),  # a neighbourhood alone: could be anyone's name
    ("한빛아파트 101동 202호", None),
    ("길동로 5", None),  # contains the given name
    ("Gil-dong 5, Gangdong-gu", None),
    ("gildonghong-ro 3", None),  # the e-mail's local part
    ("", None),
    (None, None),
    ("앞", None),
])
def test_coarse_address(address, expected):
    assert coarse_address(address, HONG) == expected


def test_at_most_five_tokens():
    assert coarse_address("서울 종로구 세종대로 종로1가 청진동 관철동 관수동") == "서울 종로구 세종대로 종로1가 청진동"


@pytest.mark.parametrize(("name", "email", "expected"), [
    ("홍길동", None, {"홍길동", "길동"}),
    ("남궁민수", None, {"남궁민수", "궁민수", "민수"}),
    ("Hong Gil-dong", "hgd@example.kr", {"hong", "gil", "dong", "honggildong", "hgd"}),
    ("김", "ab@example.kr", set()),
])
def test_personal_tokens(name, email, expected):
    assert personal_tokens(name, email) == expected


@pytest.mark.parametrize(("address", "expected"), [
    ("(04524) 서울특별시 중구 세종대로 110", "04524"),
    ("04524 서울특별시 중구", "04524"),
    ("서울 중구 세종대로 110 [04524]", "04524"),
    ("우) 04524 서울 중구", "04524"),
    ("우편번호: 04524", "04524"),
    ("한빛대로 12345", None),  # a bare number after the street is not a 우편번호
    ("(94122) abroad", None),  # Korean 우편번호 begin with 0–6
    ("010-1234-5678", None),
    (None, None),
])
def test_zipcode_of(address, expected):
    assert zipcode_of(address) == expected


def test_round_coordinate():
    assert round_coordinate(37.566535) == 37.567
    assert round_coordinate(126.9779692) == 126.978
    assert round_coordinate(None) is None
    assert round_coordinate(float("nan")) is None


SYLLABLES = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)


@given(surname=SYLLABLES, given_name=st.text(SYLLABLES, min_size=2, max_size=2),
       before=st.sampled_from(["", "한빛대로 ", "서울 중구 ", "한빛시 시청로 1 "]),
       after=st.sampled_from(["", " 12", " 앞", "동", "로", "구 한빛대로"]))
def test_a_filers_name_never_survives(surname, given_name, before, after):
    name = surname + given_name
    published = coarse_address(f"{before}{name}{after}", personal_tokens(name)) or ""
    assert name not in published and given_name not in published


@given(st.text(max_size=80))
def test_published_tokens_carry_no_contact(text):
    published = coarse_address(text) or ""
    assert "@" not in published
    assert sum(c.isdigit() for c in published) <= 4 * max(1, published.count(" ") + 1)
