"""Shared use over SSH, a tamper-evident audit log (issue 13), and the outbox (issue 15).

Revision ID: 0006
Revises: 0005

- ``ssh_key``: each person's public key, written into the service account's authorized_keys
  with a forced command naming their login (`csops keys`).
- ``audit_log.prev_hash`` / ``audit_log.hash``: the audit log becomes a hash chain
  (csops.chain). Entries already on file are chained here, in id order; the append-only
  triggers are lifted for that one step and put back.
- ``outbox``: mail and report files queued in a command's transaction and delivered after
  its commit (csops.services.mail).
- ``ix_receipt_hold`` replaces ``ix_receipt_unconfirmed``: RCPT-2's hold query reads the index
  alone; ``ix_receipt_handover`` leads with the hand-over month: RCPT-4's queries seek what
  waits instead of reading every confirmed receipt (issue 20: a million receipts on file).
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
import csops.models


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _drop_append_only() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")


def _create_append_only() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
    else:
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )


def upgrade() -> None:
    op.create_table(
        "ssh_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("key_type", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("key_data", sa.Text(), nullable=False),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("added_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("removed_at", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.Column("removed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_ssh_key_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ssh_key")),
    )
    op.create_index(op.f("ix_ssh_key_staff_id"), "ssh_key", ["staff_id"], unique=False)
    op.create_index(
        "uq_ssh_key_fingerprint_active",
        "ssh_key",
        ["fingerprint"],
        unique=True,
        sqlite_where=sa.text("removed_at IS NULL"),
        postgresql_where=sa.text("removed_at IS NULL"),
    )

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_at", csops.models.base.AwareDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("attachment_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("claimed_at", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.Column("sent_at", csops.models.base.AwareDateTime(timezone=True), nullable=True),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    op.create_index("ix_outbox_status", "outbox", ["status"], unique=False)

    op.drop_index("ix_receipt_unconfirmed", table_name="receipt")
    op.drop_index("ix_receipt_handover", table_name="receipt")
    op.create_index(
        "ix_receipt_handover", "receipt", ["handover_month", "archived_on", "confirmed_on", "ship_date"], unique=False
    )
    op.create_index(
        "ix_receipt_hold",
        "receipt",
        ["confirmed_on", "team", "ship_date", "shipment_no", "returned_on", "qualified", "resigned_on"],
        unique=False,
    )

    # the chain: plain ADD COLUMN (a batch rebuild on SQLite would drop the triggers unseen)
    op.add_column("audit_log", sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    _chain_existing_entries()
    op.create_index("uq_audit_log_prev_hash", "audit_log", ["prev_hash"], unique=True)


def _chain_existing_entries() -> None:
    from csops.chain import FIELDS, GENESIS, entry_hash

    audit = sa.table(
        "audit_log",
        sa.column("id", sa.Integer()),
        sa.column("at", csops.models.base.AwareDateTime(timezone=True)),
        *(sa.column(f) for f in FIELDS if f != "at"),
        sa.column("prev_hash"),
        sa.column("hash"),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(audit.c.id, *(audit.c[f] for f in FIELDS)).order_by(audit.c.id)).mappings().all()
    if not rows:
        return
    _drop_append_only()
    prev = GENESIS
    for row in rows:
        h = entry_hash(prev, row)
        bind.execute(sa.update(audit).where(audit.c.id == row["id"]).values(prev_hash=prev, hash=h))
        prev = h
    _create_append_only()


def downgrade() -> None:
    op.drop_index("uq_audit_log_prev_hash", table_name="audit_log")
    _drop_append_only()
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
    _create_append_only()
    op.drop_index("ix_receipt_hold", table_name="receipt")
    op.drop_index("ix_receipt_handover", table_name="receipt")
    op.create_index("ix_receipt_handover", "receipt", ["confirmed_on", "handover_month"], unique=False)
    op.create_index("ix_receipt_unconfirmed", "receipt", ["confirmed_on", "team", "ship_date"], unique=False)
    op.drop_index("ix_outbox_status", table_name="outbox")
    op.drop_table("outbox")
    op.drop_index("uq_ssh_key_fingerprint_active", table_name="ssh_key")
    op.drop_index(op.f("ix_ssh_key_staff_id"), table_name="ssh_key")
    op.drop_table("ssh_key")
