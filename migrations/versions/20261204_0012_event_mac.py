"""Event seals: each new event carries the HMAC-SHA256 of its chain hash under the audit key (``mac``)
and the id of that key (``mac_key``). Events recorded before have none: the checkpoints cover them.

Adding a column is DDL: the trail's triggers, which refuse UPDATE and DELETE of its rows, stay as
they are (on SQLite the table is altered in place, never rebuilt, so they are kept).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("mac", sa.String(length=64), nullable=True))
    op.add_column("events", sa.Column("mac_key", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_column("events", "mac_key")
    op.drop_column("events", "mac")
