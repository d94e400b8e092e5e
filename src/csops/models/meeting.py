"""Department meetings, who was expected, sign-ins, items, minutes and feedback (MEETING-*)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from csops.models import staff  # noqa: F401  (the staff table the keys point at)
from csops.models.base import _ts


class Meeting(SQLModel, table=True):
    """MEETING-1: a regular meeting (every two weeks, Saturday morning)."""

    __tablename__ = "meeting"
    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(unique=True, index=True)
    start: time
    moved_from: date | None = Field(default=None)
    created_at: datetime = Field(sa_column=_ts())
    held_at: datetime | None = Field(default=None, sa_column=_ts(True))  # the first sign-in
    kind: str | None = Field(default=None, max_length=8)  # first | last | other, fixed when held


class MeetingExpected(SQLModel, table=True):
    """MEETING-1/2: who was expected at a held meeting, fixed when it was held."""

    __tablename__ = "meeting_expected"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    staff_id: int = Field(foreign_key="staff.id")
    role: str = Field(max_length=16)
    __table_args__ = (UniqueConstraint("meeting_id", "staff_id", name="uq_meeting_expected_meeting_staff"),)


class MeetingSignin(SQLModel, table=True):
    """MEETING-2: who signed in."""

    __tablename__ = "meeting_signin"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    staff_id: int = Field(foreign_key="staff.id")
    signed_at: datetime = Field(sa_column=_ts())
    recorded_by_id: int = Field(foreign_key="staff.id")
    __table_args__ = (UniqueConstraint("meeting_id", "staff_id", name="uq_meeting_signin_meeting_staff"),)


class MeetingItem(SQLModel, table=True):
    """MEETING-3/4/5: an issue, report or follow-up with its owner."""

    __tablename__ = "meeting_item"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    owner_id: int = Field(foreign_key="staff.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    collected_from_id: int | None = Field(default=None, foreign_key="staff.id")
    added_by_id: int = Field(foreign_key="staff.id")
    status: str = Field(default="open", max_length=16)  # open | done
    created_at: datetime = Field(sa_column=_ts())
    done_at: datetime | None = Field(default=None, sa_column=_ts(True))
    due: date | None = Field(default=None)  # the deadline set at the meeting (issue 16), if any


class Minutes(SQLModel, table=True):
    """MEETING-6/7: the minutes: draft → sent → confirmed → archived (signed)."""

    __tablename__ = "minutes"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", unique=True)
    body: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="draft", max_length=16)
    recorded_at: datetime = Field(sa_column=_ts())
    recorded_by_id: int = Field(foreign_key="staff.id")
    sent_at: datetime | None = Field(default=None, sa_column=_ts(True))
    sent_late: bool = Field(default=False)
    sent_to: str | None = Field(default=None, sa_column=Column(Text))
    confirmed_at: datetime | None = Field(default=None, sa_column=_ts(True))
    signed_by_id: int | None = Field(default=None, foreign_key="staff.id")
    archived_at: datetime | None = Field(default=None, sa_column=_ts(True))


class MinutesFeedback(SQLModel, table=True):
    """MEETING-7: an omission reported within one working day of sending."""

    __tablename__ = "minutes_feedback"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    staff_id: int = Field(foreign_key="staff.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    at: datetime = Field(sa_column=_ts())
