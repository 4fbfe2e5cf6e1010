"""The agreement list sorted by days in state: an index on (state_since, id), read in order (either way) so
that the first page of all the open agreements stops after its rows instead of sorting every one of them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 07:30:00
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.create_index("ix_agreements_since_id", ["state_since", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_index("ix_agreements_since_id")
