"""The Parties by name and the title in every language: for a binding agreement the two Governments,
for a non-binding instrument the two agencies (the Participants), as the documents name them.

Existing agreements start with no recorded names: the documents fall back on the names the product
knows (the Government of the United States of America; the counterpart's Government by its country's
official name in English; the agencies by their names). Nothing in the trail changes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 01:00:00
"""

import sqlalchemy as sa
from alembic import op

import agreements.db

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title_translations", agreements.db.Json, nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("party_names", agreements.db.Json, nullable=False, server_default="{}"))
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.alter_column("title_translations", server_default=None)
        batch_op.alter_column("party_names", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_column("party_names")
        batch_op.drop_column("title_translations")
