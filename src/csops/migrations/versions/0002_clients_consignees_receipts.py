"""clients consignees receipts

Revision ID: 0002
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
import csops.models


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("contact", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("receiving", sa.Text(), nullable=True),
        sa.Column("damage", sa.Text(), nullable=True),
        sa.Column("stacking", sa.Text(), nullable=True),
        sa.Column("signing", sa.Text(), nullable=True),
        sa.Column("created_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client")),
    )
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_client_name"), ["name"], unique=True)

    op.create_table(
        "consignee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("changed_at", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.Column("created_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], name=op.f("fk_consignee_client_id_client")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consignee")),
    )
    with op.batch_alter_table("consignee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consignee_client_id"), ["client_id"], unique=False)

    op.create_table(
        "work_order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("issued_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["issued_by_id"], ["staff.id"], name=op.f("fk_work_order_issued_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_order")),
    )
    with op.batch_alter_table("work_order", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_order_team"), ["team"], unique=False)

    op.create_table(
        "consignee_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consignee_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("valid_from", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.Column("set_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("mismatch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["consignee_id"], ["consignee.id"], name=op.f("fk_consignee_version_consignee_id_consignee")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consignee_version")),
    )
    with op.batch_alter_table("consignee_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consignee_version_consignee_id"), ["consignee_id"], unique=False)

    op.create_table(
        "mismatch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consignee_id", sa.Integer(), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("on_file", sa.Text(), nullable=False),
        sa.Column("actual", sa.Text(), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=False),
        sa.Column("reported_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("confirmed_at", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["confirmed_by_id"], ["staff.id"], name=op.f("fk_mismatch_confirmed_by_id_staff")),
        sa.ForeignKeyConstraint(["consignee_id"], ["consignee.id"], name=op.f("fk_mismatch_consignee_id_consignee")),
        sa.ForeignKeyConstraint(["reported_by_id"], ["staff.id"], name=op.f("fk_mismatch_reported_by_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mismatch")),
    )
    with op.batch_alter_table("mismatch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mismatch_consignee_id"), ["consignee_id"], unique=False)

    op.create_table(
        "receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shipment_no", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("consignee_id", sa.Integer(), nullable=True),
        sa.Column("team", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("ship_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("qualified", sa.Boolean(), nullable=True),
        sa.Column("unqualified_reason", sa.Text(), nullable=True),
        sa.Column("resigned_on", sa.Date(), nullable=True),
        sa.Column("copy_kept", sa.Boolean(), nullable=False),
        sa.Column("reminder", sa.Boolean(), nullable=False),
        sa.Column("handed_over_on", sa.Date(), nullable=True),
        sa.Column("archived_on", sa.Date(), nullable=True),
        sa.Column("created_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], name=op.f("fk_receipt_client_id_client")),
        sa.ForeignKeyConstraint(["consignee_id"], ["consignee.id"], name=op.f("fk_receipt_consignee_id_consignee")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt")),
    )
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.create_index("ix_receipt_client_ship", ["client_id", "ship_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_receipt_consignee_id"), ["consignee_id"], unique=False)
        batch_op.create_index("ix_receipt_open_due", ["returned_on", "due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_receipt_shipment_no"), ["shipment_no"], unique=True)
        batch_op.create_index("ix_receipt_team_open", ["team", "returned_on", "due_date"], unique=False)
        batch_op.create_index("ix_receipt_unqualified", ["qualified", "resigned_on"], unique=False)

    op.create_table(
        "exception_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_id", sa.Integer(), nullable=False),
        sa.Column("team", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("filed_by_id", sa.Integer(), nullable=False),
        sa.Column("filed_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("closed_at", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["closed_by_id"], ["staff.id"], name=op.f("fk_exception_notice_closed_by_id_staff")),
        sa.ForeignKeyConstraint(["filed_by_id"], ["staff.id"], name=op.f("fk_exception_notice_filed_by_id_staff")),
        sa.ForeignKeyConstraint(["receipt_id"], ["receipt.id"], name=op.f("fk_exception_notice_receipt_id_receipt")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exception_notice")),
    )
    with op.batch_alter_table("exception_notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exception_notice_receipt_id"), ["receipt_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("exception_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exception_notice_receipt_id"))

    op.drop_table("exception_notice")
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.drop_index("ix_receipt_unqualified")
        batch_op.drop_index("ix_receipt_team_open")
        batch_op.drop_index(batch_op.f("ix_receipt_shipment_no"))
        batch_op.drop_index("ix_receipt_open_due")
        batch_op.drop_index(batch_op.f("ix_receipt_consignee_id"))
        batch_op.drop_index("ix_receipt_client_ship")

    op.drop_table("receipt")
    with op.batch_alter_table("mismatch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mismatch_consignee_id"))

    op.drop_table("mismatch")
    with op.batch_alter_table("consignee_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consignee_version_consignee_id"))

    op.drop_table("consignee_version")
    with op.batch_alter_table("work_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_order_team"))

    op.drop_table("work_order")
    with op.batch_alter_table("consignee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consignee_client_id"))

    op.drop_table("consignee")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_name"))

    op.drop_table("client")
