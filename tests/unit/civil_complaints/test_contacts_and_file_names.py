"""Which numbers a text message can reach, and the names uploaded files are kept under (pure rules)."""

from __future__ import annotations

import pytest

from civil_complaints.domain.contacts import is_mobile_number, national_digits
from core.uploads import BIDI_CONTROLS, clean_filename


@pytest.mark.parametrize("number", ["010-1234-5678", "01012345678", "010 1234 5678", "011-123-4567",
                                    "016-1234-5678", "017-123-4567", "018-123-4567", "019-1234-5678",
                                    "+82 10-1234-5678", "+82-010-1234-5678", "0082 10 1234 5678", "(010) 1234-5678"])
def test_mobile_numbers_can_receive_text_messages(number):
    assert is_mobile_number(number)


@pytest.mark.parametrize("number", ["02-123-4567", "02-1234-5678", "031-000-2100", "070-1234-5678",
                                    "1588-1234", "010-123-4567", "010-1234-56789", "012-1234-5678", "",
                                    None, "010-1234-567８", "phone 010-1234-5678", "+1 202 555 0100"])
def test_other_numbers_cannot(number):
    assert not is_mobile_number(number)


def test_national_digits():
    assert national_digits("+82 10-1234-5678") == "01012345678"
    assert national_digits("02.123.4567") == "021234567"
    assert national_digits("010-12x4") is None


def test_bidi_controls_are_stripped_from_file_names():
    spoof = "사진\u202egnp.exe"
    assert clean_filename(spoof) == "사진gnp.exe"
    every = "".join(sorted(BIDI_CONTROLS))
    assert clean_filename(f"보고{every}서.pdf") == "보고서.pdf"
    assert {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)} == BIDI_CONTROLS


def test_file_names_lose_paths_and_controls_and_keep_their_extension():
    assert clean_filename("C:\\Users\\홍\\민원.hwp") == "민원.hwp"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("a\r\nb\x00\x85.txt") == "ab.txt"
    assert clean_filename("\u202e") == "attachment"
    long = clean_filename("가" * 300 + ".pdf")
    assert len(long) == 255 and long.endswith(".pdf")
