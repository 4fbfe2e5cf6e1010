"""Each office's time zone (``offices.time_zone``, an IANA name; "" until an administrator sets it): its
people read times in it.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("offices", sa.Column("time_zone", sa.String(length=64), server_default=sa.text("''"), nullable=False))


def downgrade() -> None:
    op.drop_column("offices", "time_zone")
