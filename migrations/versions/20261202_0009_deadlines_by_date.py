"""Deadlines by date: indexes on the dates (and the renewal terms) the deadline list and the monthly report
choose agreements by, and the day the concluded text first went to the treaty office, kept on the agreement.

``text_sent_on`` is filled from the transmittals already recorded (the earliest of the concluded text); the
partial index ``ix_agreements_transmittal_open`` holds only the agreements whose text is still to be sent, and
``ix_events_renewals`` only the renewals of the trail.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 02:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OPEN_TRANSMITTAL = "(is_binding OR is_reportable) AND text_sent_on IS NULL"
RENEWALS = "trigger = 'renew'"


def upgrade() -> None:
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text_sent_on", sa.Date(), nullable=True))
    op.execute(
        "UPDATE agreements SET text_sent_on = (SELECT MIN(transmittals.sent_on) FROM transmittals "
        "WHERE transmittals.agreement_id = agreements.id AND transmittals.kind = 'text')"
    )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.create_index("ix_agreements_signed_on", ["signed_on"], unique=False)
        batch_op.create_index("ix_agreements_in_force_on", ["in_force_on"], unique=False)
        batch_op.create_index("ix_agreements_state_expires_on", ["state", "expires_on"], unique=False)
        batch_op.create_index("ix_agreements_renewal_years", ["renewal_years"], unique=False)
        batch_op.create_index("ix_agreements_renewal_notice_days", ["renewal_notice_days"], unique=False)
        batch_op.create_index(
            "ix_agreements_transmittal_open",
            ["signed_on", "in_force_on"],
            unique=False,
            sqlite_where=sa.text(OPEN_TRANSMITTAL),
            postgresql_where=sa.text(OPEN_TRANSMITTAL),
        )
    # Not in batch mode: the trail keeps its append-only triggers, and the table is never copied.
    op.create_index(
        "ix_events_renewals",
        "events",
        ["agreement_id"],
        unique=False,
        sqlite_where=sa.text(RENEWALS),
        postgresql_where=sa.text(RENEWALS),
    )


def downgrade() -> None:
    op.drop_index("ix_events_renewals", table_name="events")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_index("ix_agreements_transmittal_open")
        batch_op.drop_index("ix_agreements_renewal_notice_days")
        batch_op.drop_index("ix_agreements_renewal_years")
        batch_op.drop_index("ix_agreements_state_expires_on")
        batch_op.drop_index("ix_agreements_in_force_on")
        batch_op.drop_index("ix_agreements_signed_on")
        batch_op.drop_column("text_sent_on")
