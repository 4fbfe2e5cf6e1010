"""The determination: binding or not, reportable or not, on what basis, by whom and when.

Every existing agreement gets its type's default determination (a CMAA binding and reportable, the
others neither), recorded as the type's default, not as anyone's ruling; an agreement already on a
binding-only step (clearance, or signed awaiting entry into force) keeps the binding track it is on.
The trail is not touched.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 22:15:00
"""

import sqlalchemy as sa
from alembic import op

import agreements.db

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BINDING_TYPES = ("cmaa",)
BINDING_ONLY_STATES = ("clearance", "signed")


def upgrade() -> None:
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("determination_basis", agreements.db.Json, nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.add_column(sa.Column("determination_note", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("determination_reference", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("determined_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("determined_at", agreements.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_agreements_determined_by_id_users"), "users", ["determined_by_id"], ["id"]
        )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.alter_column("determination_basis", server_default=None)
        batch_op.alter_column("determination_note", server_default=None)
        batch_op.alter_column("determination_reference", server_default=None)
    agreements_table = sa.table(
        "agreements",
        sa.column("type", sa.String),
        sa.column("state", sa.String),
        sa.column("is_binding", sa.Boolean),
        sa.column("is_reportable", sa.Boolean),
    )
    binding = agreements_table.c.type.in_(BINDING_TYPES) | agreements_table.c.state.in_(BINDING_ONLY_STATES)
    op.execute(agreements_table.update().where(binding).values(is_binding=True, is_reportable=True))
    op.execute(agreements_table.update().where(~binding).values(is_binding=False, is_reportable=False))


def downgrade() -> None:
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_agreements_determined_by_id_users"), type_="foreignkey")
        batch_op.drop_column("determined_at")
        batch_op.drop_column("determined_by_id")
        batch_op.drop_column("determination_reference")
        batch_op.drop_column("determination_note")
        batch_op.drop_column("determination_basis")
