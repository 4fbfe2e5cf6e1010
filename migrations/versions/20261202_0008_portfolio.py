"""The portfolio: the region of each office (the office desks), the day an agreement entered its current
state (for aging), each user's choice of mail, and the outbox mail leaves from after its commit.

Existing offices start with no region until an administrator sets it; every agreement's state is dated
from the last event of its trail (its creation, if nothing moved it since); every user gets both mails.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 01:40:00
"""

import sqlalchemy as sa
from alembic import op

import agreements.db

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(length=32), nullable=False, server_default=""))
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.alter_column("region", server_default=None)

    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("state_since", agreements.db.UTCDateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE agreements SET state_since = COALESCE("
        "(SELECT events.created_at FROM events WHERE events.agreement_id = agreements.id "
        "AND events.seq = agreements.event_count), agreements.created_at)"
    )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.alter_column("state_since", nullable=False)
        batch_op.create_index("ix_agreements_state_since", ["state", "state_since"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mail_on_transition", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column("mail_digest", sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("mail_on_transition", server_default=None)
        batch_op.alter_column("mail_digest", server_default=None)

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("recipients", agreements.db.Json, nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("created_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sending_since", agreements.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_at", agreements.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_unsent", ["sent_at", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_unsent")
    op.drop_table("outbox")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("mail_digest")
        batch_op.drop_column("mail_on_transition")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_index("ix_agreements_state_since")
        batch_op.drop_column("state_since")
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.drop_column("region")
