"""A meeting item's deadline (issue 16: `meeting item --due`).

Revision ID: 0007
Revises: 0006

- ``meeting_item.due``: the date by which the owner reports back, set when the item is added or
  edited; shown in the items table of the minutes and on the owner's agenda. Items already on
  file have none (NULL): their follow-up is the next meeting, as before.
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meeting_item") as batch:
        batch.add_column(sa.Column("due", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting_item") as batch:
        batch.drop_column("due")
