"""The PostgreSQL backend: a weighted ``tsvector`` per passage, made with its language's configuration.

Each row's ``tsv`` (made by the migrations, GIN-indexed) is its heading (weight A) and body (weight
B) as ``to_tsvector`` reads them in the configuration of the row's language (``english``,
``russian``, … or ``simple``), plus two lexemes no text can make (the parser drops "@" and "#"): its
country (``@ru``) and its configuration (``#russian``). A query is read by ``websearch_to_tsquery``
in every configuration, and each reading is asked of the rows of its configurations only, as if each
row were searched in its own language; an attaché's search asks the GIN index for their countries
together with the words, so other countries' passages are never read.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Float,
    Select,
    Text,
    bindparam,
    cast,
    delete,
    func,
    literal_column,
    select,
)
from sqlalchemy import text as sql
from sqlalchemy.dialects.postgresql import TSQUERY

from ..models import Agreement, SearchEntry, SearchLanguage
from . import languages_indexed
from .text import ALGORITHMS, SIMPLE, Query, algorithm

_ENTRIES = SearchEntry.__table__
_TSV = literal_column("search_entries.tsv")
# A passage as sent: the columns of search_entries, its configuration and its two marks.
_COLUMNS = ("agreement_id", "country", "kind", "position", "article", "language", "heading", "body", "digest")
_SENT = (*_COLUMNS, "config", "facet", "language_facet")
_ARRAY_TYPES = {"agreement_id": "integer[]", "position": "integer[]"}
_FRESH = (
    "SELECT * FROM unnest("
    + ", ".join(f"CAST(:{c} AS {_ARRAY_TYPES.get(c, 'text[]')})" for c in _SENT)
    + f") AS r({', '.join(_SENT)})"
)
_TSV_OF = (
    "setweight(to_tsvector(CAST(config AS regconfig), heading), 'A') || "
    "setweight(to_tsvector(CAST(config AS regconfig), body), 'B') || "
    "array_to_tsvector(ARRAY[facet, language_facet])"
)
# What changed of an agreement's passages written in one statement: the passages no longer held
# removed, those kept moved to their new place, the new ones added (each made into a tsvector in its
# language's configuration) and their languages known.
_WRITE = sql(
    f"WITH fresh AS ({_FRESH}), "
    "gone AS (DELETE FROM search_entries WHERE agreement_id = :agreement AND id = ANY(CAST(:stale AS integer[]))), "
    "moved AS (UPDATE search_entries AS s SET position = m.position "
    "FROM unnest(CAST(:moved_ids AS integer[]), CAST(:moved_positions AS integer[])) AS m(id, position) "
    "WHERE s.agreement_id = :agreement AND s.id = m.id), "
    "known AS (INSERT INTO search_languages (name) SELECT DISTINCT config FROM fresh ON CONFLICT DO NOTHING) "
    f"INSERT INTO search_entries ({', '.join(_COLUMNS)}, tsv) SELECT {', '.join(_COLUMNS)}, {_TSV_OF} FROM fresh"
)
_READINGS = sql(
    "SELECT config, CAST(websearch_to_tsquery(CAST(config AS regconfig), :q) AS text) "
    "FROM unnest(CAST(:configs AS text[])) AS config"
)
_SETTINGS = sql("SELECT set_config('work_mem', '32MB', true), set_config('plan_cache_mode', 'force_custom_plan', true)")
_configs_lock = threading.Lock()
_configs: dict[str, tuple[str, ...]] = {}


def _available(conn: Connection) -> tuple[str, ...]:
    """The configurations of ours this server has (every stock PostgreSQL has them all), once per server."""
    key = conn.engine.url.render_as_string(hide_password=True)
    with _configs_lock:
        if key not in _configs:
            names = set(conn.execute(sql("SELECT cfgname FROM pg_ts_config")).scalars())
            _configs[key] = tuple(n for n in (*ALGORITHMS, SIMPLE) if n in names)
        return _configs[key]


def _config(conn: Connection, language: str) -> str:
    name = algorithm(language)
    return name if name in _available(conn) else SIMPLE


def clear(conn: Connection) -> None:
    """Empty the index."""
    conn.execute(delete(_ENTRIES))
    conn.execute(delete(SearchLanguage.__table__))


def tidy(conn: Connection) -> None:
    """After a rebuild: nothing (autovacuum merges the GIN index's pending entries and reads the
    statistics; VACUUM cannot run inside the rebuild's transaction)."""


def write(
    conn: Connection, agreement_id: int, fresh: list[dict[str, Any]], stale: list[int], moved: list[dict]
) -> None:
    """Add ``fresh``; of the agreement's passages, remove those ``stale`` and move those ``moved``, in one
    statement that sends only the new passages' text."""
    conn.execute(
        _WRITE,
        {
            "agreement": agreement_id,
            "stale": stale,
            "moved_ids": [m["entry_id"] for m in moved],
            "moved_positions": [m["new_position"] for m in moved],
            **_arrays(conn, fresh),
        },
    )


def insert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add passages, each with its tsvector made in its language's configuration (one statement)."""
    if rows:
        write(conn, 0, rows, [], [])


def _arrays(conn: Connection, rows: list[dict[str, Any]]) -> dict[str, list]:
    """The passages as the statements take them: a list per column, with each one's marks."""
    marked = [{**row, **_marks(conn, row)} for row in rows]
    return {name: [row[name] for row in marked] for name in _SENT}


def _marks(conn: Connection, row: dict[str, Any]) -> dict[str, str]:
    """The row's configuration, and the lexemes naming its country and its configuration."""
    config = _config(conn, row["language"])
    return {"config": config, "facet": _facet(row["country"]), "language_facet": "#" + config}


def _facet(country: str) -> str:
    """The lexeme naming a country (``@ru``): the parser drops "@", so no text can make it."""
    if not re.fullmatch(r"[A-Za-z]{2}", country):
        raise ValueError(f"not a country code: {country!r}")
    return "@" + country.lower()


def tsqueries(conn: Connection, query: Query) -> tuple[str, str] | None:
    """The query as two tsqueries: every distinct reading (the GIN index finds the rows holding any
    of them), and each configuration's reading asked of that configuration's rows only (what a row
    must match, checked on the rows found). None when no reading is left (only stop words)."""
    readings: dict[str, list[str]] = {}
    configs = [c for c in languages_indexed(conn) if c in _available(conn)]
    for config, reading in conn.execute(_READINGS, {"q": query.text, "configs": configs}):
        if reading:
            readings.setdefault(reading, []).append(config)
    if not readings:
        return None
    loose = " | ".join(f"( {reading} )" for reading in readings)
    exact = " | ".join(
        "( ( " + " | ".join(f"'#{c}'" for c in configs) + f" ) & ( {reading} ) )"
        for reading, configs in readings.items()
    )
    return loose, exact


def candidates(
    conn: Connection, query: Query, where: list[ColumnElement[bool]], countries: list[str] | None, limit: int
) -> Select | None:
    """The matching passages of agreements meeting ``where``, at most ``limit``, each ranked by
    ts_rank (``entry_id``, ``agreement_id``, ``position``, ``rank``); None when nothing is asked."""
    asked = tsqueries(conn, query)
    if asked is None:
        return None
    # Room for the index's answer as exact rows (a lossy bitmap rechecks whole pages of passages), and
    # a plan made for this query's words: a generic plan of the prepared statement (psycopg prepares
    # it after five runs) walks every agreement in force instead of asking the GIN index.
    conn.execute(_SETTINGS)
    loose = cast(bindparam("loose", asked[0], type_=Text), TSQUERY)
    exact = cast(bindparam("exact", asked[1], type_=Text), TSQUERY)
    if countries is not None:
        scope = " | ".join(f"'{_facet(c)}'" for c in countries)
        loose = loose.op("&&")(cast(bindparam("scope", scope, type_=Text), TSQUERY))
    return (
        select(
            _ENTRIES.c.id.label("entry_id"),
            _ENTRIES.c.agreement_id,
            _ENTRIES.c.position,
            func.ts_rank(_TSV, exact, type_=Float).label("rank"),
        )
        .join(Agreement.__table__, Agreement.__table__.c.id == _ENTRIES.c.agreement_id)
        # The index finds the rows with any reading (and of the countries in scope); the function
        # form of @@ (which no index serves) then keeps those matching in their own language.
        .where(_TSV.op("@@")(loose), func.ts_match_vq(_TSV, exact, type_=Boolean), *where)
        .limit(limit)
    )
