"""Which notices to the 민원인 the law requires, and by which channel each one goes (D14). Standard library only.

The 민원인's preference chooses the **channel**, never **whether** a required notice is given:

* ``ALWAYS``: the law requires the notice; the preference only picks the channel. Without the chosen channel
  (or with "none") it goes by e-mail, else text message, else post.
* ``UNLESS_ONLINE``: required, but the law lets the agency omit it where it told the 민원인 in advance that
  progress is published online (진행상황 영 제23조③, 이송 영 제13조⑤). Skipped only then.
* ``OPTIONAL``: not required by law: sent only by the channel the 민원인 chose, never by post.

Every notice template to the 민원인 is declared here, once, with the article it rests on; `kind_of` refuses an
undeclared one, so a new notice cannot be sent before someone decided whether the law requires it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Requirement(StrEnum):
    ALWAYS = "always"
    UNLESS_ONLINE = "unless_online"
    OPTIONAL = "optional"


@dataclass(frozen=True)
class NoticeKind:
    template: str
    requirement: Requirement
    #: the provision that requires (or allows) the notice
    basis: str

    @property
    def required(self) -> bool:
        return self.requirement is not Requirement.OPTIONAL


R = Requirement
NOTICE_KINDS: dict[str, NoticeKind] = {kind.template: kind for kind in (
    NoticeKind("complaint_supplement_requested", R.ALWAYS, "영 제24조"),
    NoticeKind("complaint_extended", R.ALWAYS, "영 제21조③"),
    NoticeKind("complaint_transferred", R.UNLESS_ONLINE, "법 제16조①, 영 제13조③⑤"),
    NoticeKind("complaint_answered", R.ALWAYS, "법 제27조"),
    # 종결: 반복민원 (법 제23조), 취하 간주 (영 제25조②)
    NoticeKind("complaint_closed", R.ALWAYS, "법 제23조, 영 제25조"),
    NoticeKind("complaint_returned", R.ALWAYS, "영 제25조①"),
    NoticeKind("complaint_progress", R.UNLESS_ONLINE, "영 제23조"),
    NoticeKind("complaint_merged", R.UNLESS_ONLINE, "영 제23조, 영 제6조⑦"),
    NoticeKind("complaint_merge_undone", R.UNLESS_ONLINE, "영 제23조, 영 제6조⑦"),
    NoticeKind("complaint_audit_referred", R.UNLESS_ONLINE, "영 제23조, 영 제17조②"),
    # 접수증: not required for 민원 filed without a visit (영 제6조③); the web filer sees it on screen
    NoticeKind("complaint_received", R.OPTIONAL, "영 제6조③"),
    # D7 is this product's promise, not the law's; the next progress notice carries the date in any case
    NoticeKind("complaint_due_changed", R.OPTIONAL, "D7"),
    NoticeKind("complaint_satisfaction", R.OPTIONAL, "법 제26조"),
    # the periodic, sampled survey (ISO 10004, issue 20): by e-mail only, to a 민원인 who chose e-mail notices
    NoticeKind("complaint_satisfaction_survey", R.OPTIONAL, "법 제26조, ISO 10004"),
    # issue 20: only to a 민원인 who asked for it when filing (개인정보 보호법 제15조: consent for this purpose);
    # improvements/notices.py picks e-mail, else a mobile number, whatever the statutory notices' channel
    NoticeKind("complaint_improvement_done", R.OPTIONAL, "개인정보 보호법 제15조 (동의)"),
)}


def kind_of(template: str) -> NoticeKind:
    """The declared kind of a notice template; LookupError for one nobody declared."""
    try:
        return NOTICE_KINDS[template]
    except KeyError:
        raise LookupError(f"notice template {template!r} is not declared in civil_complaints/domain/notice_kinds.py "
                          "NOTICE_KINDS: say whether the law requires it") from None


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    LETTER = "letter"


class Skip(StrEnum):
    NOT_WANTED = "not_wanted"  # optional notice, the 민원인 chose none (or post)
    PUBLISHED_ONLINE = "published_online"  # 영 제13조⑤, 제23조③: told in advance, progress is online
    UNREACHABLE = "unreachable"  # required, but no e-mail, mobile number or postal address is on file


@dataclass(frozen=True)
class Reach:
    """What the agency knows about reaching one 민원인."""

    preference: str  # email, sms, post, none
    email: bool = False
    mobile: bool = False
    postal: bool = False
    #: told at filing that progress is published online and progress/transfer notices are omitted
    told_online: bool = False


@dataclass(frozen=True)
class Delivery:
    channel: Channel | None
    skipped: Skip | None = None


_PREFERRED = {"email": Channel.EMAIL, "sms": Channel.SMS, "post": Channel.LETTER}


def _available(channel: Channel, reach: Reach) -> bool:
    return {Channel.EMAIL: reach.email, Channel.SMS: reach.mobile, Channel.LETTER: reach.postal}[channel]


def choose_delivery(kind: NoticeKind, reach: Reach) -> Delivery:
    """The channel of one notice, or why it is not given (D14)."""
    preferred = _PREFERRED.get(reach.preference)
    if kind.requirement is Requirement.OPTIONAL:
        if preferred in (Channel.EMAIL, Channel.SMS) and _available(preferred, reach):
            return Delivery(preferred)
        return Delivery(None, Skip.NOT_WANTED)
    if kind.requirement is Requirement.UNLESS_ONLINE and reach.told_online:
        return Delivery(None, Skip.PUBLISHED_ONLINE)
    if preferred is not None and _available(preferred, reach):
        return Delivery(preferred)
    for channel in (Channel.EMAIL, Channel.SMS, Channel.LETTER):
        if _available(channel, reach):
            return Delivery(channel)
    return Delivery(None, Skip.UNREACHABLE)
