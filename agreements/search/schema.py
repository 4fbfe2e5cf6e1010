"""What each search backend keeps in the database beside the ``search_entries`` rows.

These are made by the migrations in the backend's own SQL (a ``tsvector`` column and its GIN index on
PostgreSQL; the FTS5 table and its shadow tables on SQLite), not declared on the models, so a
comparison of the models with the database leaves them out.
"""

from __future__ import annotations

POSTGRESQL_COLUMNS = frozenset({("search_entries", "tsv")})
POSTGRESQL_INDEXES = frozenset({"ix_search_entries_tsv"})
SQLITE_TABLE = "search_fts"  # with its shadow tables search_fts_data, _idx, _content, _docsize, _config


def is_backend_table(name: str | None) -> bool:
    """Whether a table is the SQLite backend's FTS5 table or one of its shadow tables."""
    return bool(name) and (name == SQLITE_TABLE or name.startswith(SQLITE_TABLE + "_"))


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's ``include_object``: leave out what the search backends own."""
    if type_ == "table":
        return not is_backend_table(name)
    if type_ == "column":
        return (obj.table.name, name) not in POSTGRESQL_COLUMNS
    if type_ == "index":
        return name not in POSTGRESQL_INDEXES
    return True
