"""The page-language checker (tests/page_language.py) finds what it is meant to find, and only that: without
this, tests/web/test_page_language.py could pass by reading nothing."""

from __future__ import annotations

from tests.page_language import normalised, page_problems

CODES = frozenset({"complaint_received", "deliver-outbox"})


def _page(lang: str, body: str) -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head><title>t</title></head><body>{body}</body></html>'


def test_codes_on_a_korean_page_are_found():
    html = _page("ko", "<p>처리기간 14d</p><td>complaint_received</td><td>email</td><p>작업 deliver-outbox</p>"
                       "<small>{'files_deleted': 0}</small><p title='sms 발송'>문자</p>")
    problems = page_problems(html, page_lang="ko", allowed=[], codes=CODES)
    text = "\n".join(problems)
    for found in ("'14d'", "'complaint_received'", "'email'", "'deliver-outbox'", "'files_deleted'", "'sms'"):
        assert found in text, found


def test_korean_on_an_english_page_is_found_unless_marked_or_typed_by_people():
    html = _page("en", "<td>도로과</td><p>Days do not count (영 제20조).</p><option>감사관 (HB-AUDIT)</option>"
                       "<div lang='ko'>한빛시 고객헌장</div><td>Officer: 김담당</td>"
                       "<span aria-label='민원 목록'>x</span>")
    problems = page_problems(html, page_lang="en", allowed=normalised(["김담당"]), codes=CODES)
    text = "\n".join(problems)
    assert "'도로과'" in text and "'영'" in text and "'감사관'" in text and "'민원'" in text
    assert "한빛시" not in text and "김담당" not in text  # marked Korean, and a person's name


def test_identifiers_marked_untranslatable_addresses_and_peoples_words_are_not_codes():
    html = _page("ko", "<code translate='no'>received:HB-2611-000001</code><td>demo.citizen1@example.kr</td>"
                       "<p>www.hanbit.example.go.kr/charter</p><td>HB-2611-000001</td><td>D-2</td><p>10MB, PDF</p>"
                       "<td>Pothole in front of the school</td><button lang='en'>English</button>")
    assert page_problems(html, page_lang="ko", allowed=normalised(["Pothole in front of the school"]),
                         codes=CODES) == []
