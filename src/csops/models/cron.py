"""The record of cron jobs: a job done for a period is not done again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from csops.models.base import _ts


class JobRun(SQLModel, table=True):
    """A cron job done for a period (so it is not done again)."""

    __tablename__ = "job_run"
    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=64)
    period: str = Field(max_length=32)
    done_at: datetime = Field(sa_column=_ts())
    output: str | None = Field(default=None, sa_column=Column(Text))
    __table_args__ = (UniqueConstraint("job", "period", name="uq_job_run_job_period"),)
