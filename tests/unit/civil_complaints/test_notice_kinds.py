"""D14: the preference picks the channel of a notice the law requires, never whether it is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from civil_complaints.domain.contacts import is_mobile_number
from civil_complaints.domain.notice_kinds import (
    NOTICE_KINDS,
    Channel,
    Reach,
    Requirement,
    Skip,
    choose_delivery,
    kind_of,
)

TEMPLATES = Path(__file__).resolve().parents[3] / "notifications" / "templates" / "notifications"
REQUIRED_BY_D14 = ("complaint_supplement_requested", "complaint_extended", "complaint_answered", "complaint_closed")


def test_every_citizen_notice_template_is_declared_with_its_article():
    """A notice to the 민원인 cannot be sent before someone declared whether the law requires it."""
    templates = {p.name.split(".")[0] for p in TEMPLATES.glob("complaint_*.ko.txt")}
    assert templates == set(NOTICE_KINDS), templates ^ set(NOTICE_KINDS)
    assert all(kind.basis for kind in NOTICE_KINDS.values())
    with pytest.raises(LookupError, match="NOTICE_KINDS"):
        kind_of("complaint_something_new")


@pytest.mark.parametrize("template", REQUIRED_BY_D14)
def test_required_notices_of_d14_are_always_given(template):
    """영 제24조 (보완), 영 제21조③ (연장), 법 제27조 (결과), 법 제23조·영 제25조② (종결·취하 간주)."""
    kind = kind_of(template)
    assert kind.requirement is Requirement.ALWAYS and kind.required
    told = Reach("none", email=True, told_online=True)
    assert choose_delivery(kind, told).channel is Channel.EMAIL  # not even "told online" omits it


def test_none_preference_with_an_email_still_gets_required_notices_by_email():
    """D14: "알림 받지 않음" chooses no channel; a required notice goes by e-mail, else text, else post."""
    kind = kind_of("complaint_answered")
    assert choose_delivery(kind, Reach("none", email=True, mobile=True)).channel is Channel.EMAIL
    assert choose_delivery(kind, Reach("none", mobile=True)).channel is Channel.SMS
    assert choose_delivery(kind, Reach("none", postal=True)).channel is Channel.LETTER
    assert choose_delivery(kind, Reach("none")) == choose_delivery(kind, Reach("email"))
    assert choose_delivery(kind, Reach("none")).skipped is Skip.UNREACHABLE


def test_the_preference_picks_the_channel_when_it_can():
    kind = kind_of("complaint_supplement_requested")
    everything = {"email": True, "mobile": True, "postal": True}
    assert choose_delivery(kind, Reach("sms", **everything)).channel is Channel.SMS
    assert choose_delivery(kind, Reach("post", **everything)).channel is Channel.LETTER
    assert choose_delivery(kind, Reach("email", **everything)).channel is Channel.EMAIL
    # chose text messages but gave a landline: the notice goes by post instead of nowhere
    landline = Reach("sms", mobile=is_mobile_number("02-123-4567"), postal=True)
    assert choose_delivery(kind, landline).channel is Channel.LETTER


def test_a_letter_complainant_without_email_or_phone_gets_required_notices_by_post():
    reach = Reach("post", postal=True)
    for template in REQUIRED_BY_D14:
        assert choose_delivery(kind_of(template), reach).channel is Channel.LETTER


@pytest.mark.parametrize("template,article", [("complaint_progress", "영 제23조"),
                                              ("complaint_transferred", "영 제13조③⑤")])
def test_progress_and_transfer_notices_are_skipped_only_when_told_in_advance(template, article):
    """영 제23조③, 제13조⑤: omitted only where the 민원인 was told that progress is published online."""
    kind = kind_of(template)
    assert kind.requirement is Requirement.UNLESS_ONLINE and article in kind.basis
    assert choose_delivery(kind, Reach("none", email=True, told_online=True)).skipped is Skip.PUBLISHED_ONLINE
    assert choose_delivery(kind, Reach("none", email=True)).channel is Channel.EMAIL  # not told: given
    assert choose_delivery(kind, Reach("none", postal=True)).channel is Channel.LETTER


def test_optional_notices_follow_the_preference_and_never_go_by_post():
    for template in ("complaint_received", "complaint_satisfaction", "complaint_due_changed"):
        kind = kind_of(template)
        assert not kind.required
        assert choose_delivery(kind, Reach("none", email=True)).skipped is Skip.NOT_WANTED
        assert choose_delivery(kind, Reach("post", email=True, postal=True)).skipped is Skip.NOT_WANTED
        assert choose_delivery(kind, Reach("email", email=True)).channel is Channel.EMAIL


def test_mobile_numbers():
    assert is_mobile_number("010-1234-5678") and is_mobile_number("011 123 4567")
    assert not is_mobile_number("02-1234-5678") and not is_mobile_number(None) and not is_mobile_number("010-12")
