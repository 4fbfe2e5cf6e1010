"""Alembic, driven from the app: the schema is upgraded and downgraded through ``migrations/``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import current_app

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config for the app's database (or ``url``)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", (url or current_app.config["SQLALCHEMY_DATABASE_URI"]).replace("%", "%%"))
    return cfg


def upgrade(revision: str = "head") -> None:
    """Bring the schema up to ``revision``."""
    command.upgrade(alembic_config(), revision)


def downgrade(revision: str = "base") -> None:
    """Take the schema down to ``revision``."""
    command.downgrade(alembic_config(), revision)
