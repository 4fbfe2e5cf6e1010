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
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ..models import Agreement, SearchEntry, SearchLanguage
from . import Candidate, languages_indexed
from .text import ALGORITHMS, SIMPLE, Query, algorithm

_ENTRIES = SearchEntry.__table__
_TSV = literal_column("search_entries.tsv")
# Every passage of a save in one statement: the rows come as arrays, one per column.
_COLUMNS = ("agreement_id", "country", "kind", "position", "article", "language", "heading", "body")
_ARRAY_TYPES = {"agreement_id": "integer[]", "position": "integer[]"}
_INSERT = sql(
    f"INSERT INTO search_entries ({', '.join(_COLUMNS)}, tsv) "
    f"SELECT {', '.join(_COLUMNS)}, "
    "setweight(to_tsvector(CAST(config AS regconfig), heading), 'A') || "
    "setweight(to_tsvector(CAST(config AS regconfig), body), 'B') || "
    "array_to_tsvector(ARRAY[facet, language_facet]) "
    "FROM unnest("
    + ", ".join(
        f"CAST(:{c} AS {_ARRAY_TYPES.get(c, 'text[]')})" for c in (*_COLUMNS, "config", "facet", "language_facet")
    )
    + f") AS rows({', '.join((*_COLUMNS, 'config', 'facet', 'language_facet'))})"
)
_READINGS = sql(
    "SELECT config, CAST(websearch_to_tsquery(CAST(config AS regconfig), :q) AS text) "
    "FROM unnest(CAST(:configs AS text[])) AS config"
)
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


def held(conn: Connection, agreement_id: int):
    """The agreement's passages as indexed, each with the digest of its words (computed here)."""
    e = _ENTRIES.c
    words = func.md5(e.heading.concat("\x1f").concat(e.body))
    return conn.execute(
        select(e.id, e.kind, e.article, e.language, e.position, e.country, words.label("digest")).where(
            e.agreement_id == agreement_id
        )
    ).all()


def remove_entries(conn: Connection, entry_ids: list[int]) -> None:
    """Take these passages out of the index."""
    conn.execute(delete(_ENTRIES).where(_ENTRIES.c.id.in_(entry_ids)))


def remove(conn: Connection, agreement_ids: list[int]) -> None:
    """Take these agreements' passages out of the index."""
    conn.execute(delete(_ENTRIES).where(_ENTRIES.c.agreement_id.in_(agreement_ids)))


def insert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add passages, each with its tsvector made in its language's configuration (one statement)."""
    if not rows:
        return
    marked = [{**row, **_marks(conn, row)} for row in rows]
    conn.execute(
        _INSERT, {name: [row[name] for row in marked] for name in (*_COLUMNS, "config", "facet", "language_facet")}
    )
    used = sorted({row["config"] for row in marked})
    conn.execute(pg_insert(SearchLanguage.__table__).values([{"name": n} for n in used]).on_conflict_do_nothing())


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


def find(
    conn: Connection, query: Query, where: list[ColumnElement[bool]], countries: list[str] | None, limit: int
) -> list[Candidate]:
    """Matching passages of agreements meeting ``where``, at most ``limit``, ranked by ts_rank."""
    asked = tsqueries(conn, query)
    if asked is None:
        return []
    # Room for the index's answer as exact rows (a lossy bitmap rechecks whole pages of passages), and
    # a plan made for this query's words: a generic plan of the prepared statement (psycopg prepares
    # it after five runs) walks every agreement in force instead of asking the GIN index.
    conn.execute(sql("SET LOCAL work_mem = '32MB'"))
    conn.execute(sql("SET LOCAL plan_cache_mode = force_custom_plan"))
    loose = cast(bindparam("loose", asked[0], type_=Text), TSQUERY)
    exact = cast(bindparam("exact", asked[1], type_=Text), TSQUERY)
    if countries is not None:
        scope = " | ".join(f"'{_facet(c)}'" for c in countries)
        loose = loose.op("&&")(cast(bindparam("scope", scope, type_=Text), TSQUERY))
    statement = (
        select(_ENTRIES.c.id, _ENTRIES.c.agreement_id, _ENTRIES.c.position, func.ts_rank(_TSV, exact, type_=Float))
        .join(Agreement.__table__, Agreement.__table__.c.id == _ENTRIES.c.agreement_id)
        # The index finds the rows with any reading (and of the countries in scope); the function
        # form of @@ (which no index serves) then keeps those matching in their own language.
        .where(_TSV.op("@@")(loose), func.ts_match_vq(_TSV, exact, type_=Boolean), *where)
        .limit(limit)
    )
    return [Candidate(r[0], r[1], r[2], float(r[3])) for r in conn.execute(statement)]
