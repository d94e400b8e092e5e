"""meetings and minutes

Revision ID: 0003
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
import csops.models


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("moved_from", sa.Date(), nullable=True),
        sa.Column("created_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_day"), ["day"], unique=True)

    op.create_table(
        "meeting_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("collected_from_id", sa.Integer(), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.Column("done_at", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["added_by_id"], ["staff.id"], name=op.f("fk_meeting_item_added_by_id_staff")),
        sa.ForeignKeyConstraint(
            ["collected_from_id"], ["staff.id"], name=op.f("fk_meeting_item_collected_from_id_staff")
        ),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_item_meeting_id_meeting")),
        sa.ForeignKeyConstraint(["owner_id"], ["staff.id"], name=op.f("fk_meeting_item_owner_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_item")),
    )
    with op.batch_alter_table("meeting_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_item_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_item_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "meeting_signin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("signed_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_signin_meeting_id_meeting")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["staff.id"], name=op.f("fk_meeting_signin_recorded_by_id_staff")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_meeting_signin_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_signin")),
        sa.UniqueConstraint("meeting_id", "staff_id", name="uq_meeting_signin_meeting_staff"),
    )
    with op.batch_alter_table("meeting_signin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_signin_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("recorded_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.Column("sent_late", sa.Boolean(), nullable=False),
        sa.Column("sent_to", sa.Text(), nullable=True),
        sa.Column("confirmed_at", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("archived_at", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_minutes_meeting_id_meeting")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["staff.id"], name=op.f("fk_minutes_recorded_by_id_staff")),
        sa.ForeignKeyConstraint(["signed_by_id"], ["staff.id"], name=op.f("fk_minutes_signed_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_minutes_meeting_id")),
    )
    op.create_table(
        "minutes_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_minutes_feedback_meeting_id_meeting")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_minutes_feedback_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_feedback")),
    )
    with op.batch_alter_table("minutes_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutes_feedback_meeting_id"), ["meeting_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("minutes_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_feedback_meeting_id"))

    op.drop_table("minutes_feedback")
    op.drop_table("minutes")
    with op.batch_alter_table("meeting_signin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_signin_meeting_id"))

    op.drop_table("meeting_signin")
    with op.batch_alter_table("meeting_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_item_owner_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_item_meeting_id"))

    op.drop_table("meeting_item")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_day"))

    op.drop_table("meeting")
