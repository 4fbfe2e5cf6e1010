"""The records of the Circular 175 process: authorities confirmed, changes certified as not substantive,
transmittals to the treaty office, acknowledged wording findings, conformity of the language versions,
the agreement's rule of entry into force, its renewal, and its publication.

Existing agreements enter into force "on signature" until their rule is recorded; existing authorities
keep their hashes and stand unconfirmed; nothing in the trail changes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 22:30:00
"""

import sqlalchemy as sa
from alembic import op

import agreements.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "language_conformities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("languages", agreements.db.Json, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("certified_by_id", sa.Integer(), nullable=True),
        sa.Column("certified_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_language_conformities_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["certified_by_id"], ["users.id"], name=op.f("fk_language_conformities_certified_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_language_conformities")),
    )
    with op.batch_alter_table("language_conformities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_language_conformities_agreement_id"), ["agreement_id"], unique=False)

    op.create_table(
        "lint_acknowledgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("finding", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=True),
        sa.Column("acknowledged_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_id"], ["users.id"], name=op.f("fk_lint_acknowledgements_acknowledged_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_lint_acknowledgements_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lint_acknowledgements")),
    )
    with op.batch_alter_table("lint_acknowledgements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lint_acknowledgements_agreement_id"), ["agreement_id"], unique=False)

    op.create_table(
        "text_certifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("from_hash", sa.String(length=64), nullable=False),
        sa.Column("to_hash", sa.String(length=64), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("certified_by_id", sa.Integer(), nullable=True),
        sa.Column("certified_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_text_certifications_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["certified_by_id"], ["users.id"], name=op.f("fk_text_certifications_certified_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_certifications")),
    )
    with op.batch_alter_table("text_certifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_text_certifications_agreement_id"), ["agreement_id"], unique=False)

    op.create_table(
        "transmittals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("languages", agreements.db.Json, nullable=False),
        sa.Column("documents", agreements.db.Json, nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", agreements.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_transmittals_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_transmittals_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transmittals")),
    )
    with op.batch_alter_table("transmittals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transmittals_agreement_id"), ["agreement_id"], unique=False)

    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entry_rule", sa.String(length=32), nullable=False, server_default="signature"))
        batch_op.add_column(sa.Column("entry_rule_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("entry_rule_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("renewal_years", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("renewal_notice_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("published_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("publication_citation", sa.String(length=300), nullable=False, server_default=""))
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.alter_column("entry_rule", server_default=None)
        batch_op.alter_column("publication_citation", server_default=None)

    with op.batch_alter_table("authorities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("granted_by_title", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("confirmed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("confirmed_at", agreements.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_authorities_confirmed_by_id_users"), "users", ["confirmed_by_id"], ["id"]
        )
    with op.batch_alter_table("authorities", schema=None) as batch_op:
        batch_op.alter_column("granted_by_title", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("authorities", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_authorities_confirmed_by_id_users"), type_="foreignkey")
        batch_op.drop_column("confirmed_at")
        batch_op.drop_column("confirmed_by_id")
        batch_op.drop_column("granted_by_title")

    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_column("publication_citation")
        batch_op.drop_column("published_on")
        batch_op.drop_column("renewal_notice_days")
        batch_op.drop_column("renewal_years")
        batch_op.drop_column("entry_rule_days")
        batch_op.drop_column("entry_rule_on")
        batch_op.drop_column("entry_rule")

    with op.batch_alter_table("transmittals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transmittals_agreement_id"))

    op.drop_table("transmittals")
    with op.batch_alter_table("text_certifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_text_certifications_agreement_id"))

    op.drop_table("text_certifications")
    with op.batch_alter_table("lint_acknowledgements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lint_acknowledgements_agreement_id"))

    op.drop_table("lint_acknowledgements")
    with op.batch_alter_table("language_conformities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_language_conformities_agreement_id"))

    op.drop_table("language_conformities")
