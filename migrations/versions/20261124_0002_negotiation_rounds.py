"""Negotiation rounds: date, format, place, participants, summary and the resulting text version.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 00:50:00
"""

import sqlalchemy as sa
from alembic import op

import agreements.db

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "negotiation_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("participants", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_negotiation_rounds_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_negotiation_rounds_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["text_versions.id"], name=op.f("fk_negotiation_rounds_version_id_text_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_negotiation_rounds")),
    )
    with op.batch_alter_table("negotiation_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_negotiation_rounds_agreement_id"), ["agreement_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("negotiation_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_negotiation_rounds_agreement_id"))
    op.drop_table("negotiation_rounds")
