"""Records of the survey engine (의견수렴): surveys, their questions and choices, the invitations e-mailed, and the
answers.

Anonymous by construction (개인정보 보호법 제23조: no opinion is stored with a person): an invitation keeps only the
SHA-256 of its random token and whether it was used, never who received it nor when it was used; a response keeps
the survey, the channel and the day it arrived (no time of day, no invitation, no address, no session), so an
answer cannot be traced back to the mail that asked for it. `source` says which feature asked (policy news,
the 민원 satisfaction survey …); the engine itself knows no feature.

A feature may give its invitations a `segment` (a short code such as the handling department's) so that results
can be read by group: the answer takes the invitation's segment and nothing else of it. Results of one segment
are shown only from MIN_SEGMENT_RESPONSES answers up (domain/answers.py), so a small group's answers cannot be
told apart.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db_types import UTCDateTime
from core.extensions import db


class Survey(db.Model):
    __tablename__ = "surveys"
    __table_args__ = (CheckConstraint("status IN ('draft', 'open', 'closed')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    #: the feature that runs it ("policy": policy news and surveys; another feature names its own)
    source: Mapped[str] = mapped_column(String(40), default="policy", index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    #: "published on its own": anyone may answer at /surveys/<id> while it is open
    is_public: Mapped[bool] = mapped_column(default=False)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    summary_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    questions: Mapped[list[SurveyQuestion]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                           order_by="SurveyQuestion.position, SurveyQuestion.id")

    @property
    def last_day(self) -> datetime | None:
        """The last day for answers (an instant on that day): `closes_at` is 00:00 (Asia/Seoul) of the day after."""
        return None if self.closes_at is None else self.closes_at - timedelta(days=1)

    @property
    def summary_published(self) -> bool:
        return self.summary_published_at is not None


class SurveyQuestion(db.Model):
    __tablename__ = "survey_questions"
    __table_args__ = (CheckConstraint("kind IN ('single', 'multi', 'text')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(String(500))
    required: Mapped[bool] = mapped_column(default=False)

    choices: Mapped[list[SurveyChoice]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                       order_by="SurveyChoice.position, SurveyChoice.id")


class SurveyChoice(db.Model):
    __tablename__ = "survey_choices"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(200))


class SurveyInvitation(db.Model):
    """One per recipient: only the token's SHA-256; no person, no time of use."""

    __tablename__ = "survey_invitations"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered: Mapped[bool] = mapped_column(default=False)
    #: the group the results are read by (e.g. the handling department's code); None: no grouping
    segment: Mapped[str | None] = mapped_column(String(40))


class SurveyResponse(db.Model):
    """One set of answers: the survey, how it came ("invited" by an e-mailed link, or "public") and the day."""

    __tablename__ = "survey_responses"
    __table_args__ = (CheckConstraint("channel IN ('invited', 'public')", name="channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    #: the day (Asia/Seoul) it arrived; no time of day, so it cannot be matched with a delivery
    submitted_on: Mapped[date] = mapped_column(Date)
    #: the invitation's segment, copied when answered (the invitation itself is not linked)
    segment: Mapped[str | None] = mapped_column(String(40), index=True)

    answers: Mapped[list[ResponseAnswer]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class ResponseAnswer(db.Model):
    """One choice ticked, or one free text."""

    __tablename__ = "survey_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"), index=True)
    choice_id: Mapped[int | None] = mapped_column(ForeignKey("survey_choices.id", ondelete="CASCADE"), index=True)
    text: Mapped[str | None] = mapped_column(Text)
