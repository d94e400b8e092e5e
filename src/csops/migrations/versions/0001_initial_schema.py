"""initial schema

Revision ID: 0001
Revises:
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
import csops.models


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def audit_append_only() -> None:
    """The audit log is append-only in the database itself: UPDATE and DELETE fail,
    even when issued from the sqlite3 shell or psql."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", csops.models.AwareDateTime(timezone=True), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("os_user", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("entity_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_actor"), ["actor"], unique=False)
        batch_op.create_index("ix_audit_log_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_day")),
    )
    op.create_table(
        "calendar_year",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("imported_at", csops.models.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_calendar_year")),
    )
    op.create_table(
        "job_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("done_at", csops.models.AwareDateTime(timezone=True), nullable=False),
        sa.Column("output", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_run")),
        sa.UniqueConstraint("job", "period", name="uq_job_run_job_period"),
    )
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("superior_id", sa.Integer(), nullable=True),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("team", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("base_start", sa.Time(), nullable=True),
        sa.Column("created_at", csops.models.AwareDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["superior_id"], ["staff.id"], name=op.f("fk_staff_superior_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_login"), ["login"], unique=True)
        batch_op.create_index(batch_op.f("ix_staff_superior_id"), ["superior_id"], unique=False)

    op.create_table(
        "arrival",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("time_in", sa.Time(), nullable=False),
        sa.Column("time_out", sa.Time(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["staff.id"], name=op.f("fk_arrival_recorded_by_id_staff")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_arrival_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arrival")),
        sa.UniqueConstraint("staff_id", "day", name="uq_arrival_staff_day"),
    )
    with op.batch_alter_table("arrival", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arrival_day"), ["day"], unique=False)

    op.create_table(
        "away",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", csops.models.AwareDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", csops.models.AwareDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["staff.id"], name=op.f("fk_away_recorded_by_id_staff")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_away_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_away")),
    )
    with op.batch_alter_table("away", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_away_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "comp_rest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("earned_on", sa.Date(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_comp_rest_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comp_rest")),
    )
    with op.batch_alter_table("comp_rest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comp_rest_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "evening_duty",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("ends_at", csops.models.AwareDateTime(timezone=True), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["assigned_by_id"], ["staff.id"], name=op.f("fk_evening_duty_assigned_by_id_staff")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_evening_duty_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evening_duty")),
        sa.UniqueConstraint("staff_id", "day", name="uq_evening_duty_staff_day"),
    )
    with op.batch_alter_table("evening_duty", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evening_duty_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_evening_duty_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "leave_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("starts_at", csops.models.AwareDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", csops.models.AwareDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("late_notice", sa.Boolean(), nullable=False),
        sa.Column("working_minutes", sa.Integer(), nullable=False),
        sa.Column("requested_at", csops.models.AwareDateTime(timezone=True), nullable=False),
        sa.Column("back_at", csops.models.AwareDateTime(timezone=True), nullable=True),
        sa.Column("returned_minutes", sa.Integer(), nullable=False),
        sa.Column("trail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_leave_request_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leave_request")),
    )
    with op.batch_alter_table("leave_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leave_request_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_leave_request_status"), ["status"], unique=False)

    op.create_table(
        "start_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["set_by_id"], ["staff.id"], name=op.f("fk_start_override_set_by_id_staff")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_start_override_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_start_override")),
        sa.UniqueConstraint("staff_id", "day", name="uq_start_override_staff_day"),
    )
    with op.batch_alter_table("start_override", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_start_override_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "weekend_duty",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_weekend_duty_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekend_duty")),
        sa.UniqueConstraint("day", name="uq_weekend_duty_day"),
    )
    with op.batch_alter_table("weekend_duty", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_weekend_duty_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_weekend_duty_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "leave_approval",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leave_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("approver_id", sa.Integer(), nullable=False),
        sa.Column("decision", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("decided_at", csops.models.AwareDateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["approver_id"], ["staff.id"], name=op.f("fk_leave_approval_approver_id_staff")),
        sa.ForeignKeyConstraint(
            ["leave_id"], ["leave_request.id"], name=op.f("fk_leave_approval_leave_id_leave_request")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leave_approval")),
        sa.UniqueConstraint("leave_id", "level", name="uq_leave_approval_leave_level"),
    )
    with op.batch_alter_table("leave_approval", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leave_approval_approver_id"), ["approver_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_leave_approval_leave_id"), ["leave_id"], unique=False)

    audit_append_only()


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    with op.batch_alter_table("leave_approval", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leave_approval_leave_id"))
        batch_op.drop_index(batch_op.f("ix_leave_approval_approver_id"))

    op.drop_table("leave_approval")
    with op.batch_alter_table("weekend_duty", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_weekend_duty_staff_id"))
        batch_op.drop_index(batch_op.f("ix_weekend_duty_day"))

    op.drop_table("weekend_duty")
    with op.batch_alter_table("start_override", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_start_override_staff_id"))

    op.drop_table("start_override")
    with op.batch_alter_table("leave_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leave_request_status"))
        batch_op.drop_index(batch_op.f("ix_leave_request_staff_id"))

    op.drop_table("leave_request")
    with op.batch_alter_table("evening_duty", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evening_duty_staff_id"))
        batch_op.drop_index(batch_op.f("ix_evening_duty_day"))

    op.drop_table("evening_duty")
    with op.batch_alter_table("comp_rest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comp_rest_staff_id"))

    op.drop_table("comp_rest")
    with op.batch_alter_table("away", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_away_staff_id"))

    op.drop_table("away")
    with op.batch_alter_table("arrival", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arrival_day"))

    op.drop_table("arrival")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_superior_id"))
        batch_op.drop_index(batch_op.f("ix_staff_login"))

    op.drop_table("staff")
    op.drop_table("job_run")
    op.drop_table("calendar_year")
    op.drop_table("calendar_day")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity")
        batch_op.drop_index(batch_op.f("ix_audit_log_actor"))

    op.drop_table("audit_log")
