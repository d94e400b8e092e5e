"""expenses inquiries reports

Revision ID: 0004
Revises: 0003
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
import csops.models


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "expense",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("guests", sa.Text(), nullable=False),
        sa.Column("amount", csops.models.base.Money(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("filed_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], name=op.f("fk_expense_client_id_client")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["staff.id"], name=op.f("fk_expense_recorded_by_id_staff")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_expense_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense")),
    )
    with op.batch_alter_table("expense", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expense_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_expense_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "inquiry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("shipment_no", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.Column("due_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["answered_by_id"], ["staff.id"], name=op.f("fk_inquiry_answered_by_id_staff")),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], name=op.f("fk_inquiry_client_id_client")),
        sa.ForeignKeyConstraint(["owner_id"], ["staff.id"], name=op.f("fk_inquiry_owner_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiry")),
    )
    with op.batch_alter_table("inquiry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inquiry_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("emergency", sa.Boolean(), nullable=False),
        sa.Column("inform_id", sa.Integer(), nullable=True),
        sa.Column("inform_due", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.Column("informed_at", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("filed_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["closed_by_id"], ["staff.id"], name=op.f("fk_report_closed_by_id_staff")),
        sa.ForeignKeyConstraint(["inform_id"], ["staff.id"], name=op.f("fk_report_inform_id_staff")),
        sa.ForeignKeyConstraint(["recipient_id"], ["staff.id"], name=op.f("fk_report_recipient_id_staff")),
        sa.ForeignKeyConstraint(["reporter_id"], ["staff.id"], name=op.f("fk_report_reporter_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_recipient_id"), ["recipient_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_reporter_id"), ["reporter_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_reporter_id"))
        batch_op.drop_index(batch_op.f("ix_report_recipient_id"))

    op.drop_table("report")
    with op.batch_alter_table("inquiry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inquiry_owner_id"))

    op.drop_table("inquiry")
    with op.batch_alter_table("expense", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expense_staff_id"))
        batch_op.drop_index(batch_op.f("ix_expense_day"))

    op.drop_table("expense")
