"""What each search backend keeps in the database beside the ``search_entries`` rows.

These are made by the migrations in the backend's own SQL (a ``tsvector`` column and its GIN index, and
the table's partitions, on PostgreSQL; the FTS5 tables and their shadow tables on SQLite), not declared on
the models, so a comparison of the models with the database leaves them out.
"""

from __future__ import annotations

import re

POSTGRESQL_COLUMNS = frozenset({("search_entries", "tsv")})
POSTGRESQL_INDEXES = frozenset({"ix_search_entries_tsv"})
SQLITE_TABLES = "search_fts_"  # search_fts_0 … _7, each with its shadow tables (search_fts_0_data, _idx, …)
# PostgreSQL holds the passages in partitions of search_entries (search_entries_0, _1, …).
_PARTITION = re.compile(r"search_entries_\d+")


def is_backend_table(name: str | None) -> bool:
    """Whether a table is one of the SQLite backend's FTS5 tables or their shadow tables, or one of
    PostgreSQL's partitions of the passages."""
    return bool(name) and (name == "search_fts" or name.startswith(SQLITE_TABLES) or bool(_PARTITION.fullmatch(name)))


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's ``include_object``: leave out what the search backends own."""
    if type_ == "table":
        return not is_backend_table(name)
    if type_ == "column":
        return (obj.table.name, name) not in POSTGRESQL_COLUMNS
    if type_ == "index":
        return name not in POSTGRESQL_INDEXES
    return True
