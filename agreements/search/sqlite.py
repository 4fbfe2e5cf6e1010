"""The SQLite backend: FTS5 over the Snowball stems of each passage, in the passage's language.

The FTS5 tables ``search_fts_0`` … ``_7`` (made by the migrations; an agreement's passages in the
table of its id modulo 8) hold, for each row of ``search_entries`` (same rowid), the
stems of its heading and body, each stem marked with its language's stemmer (``marked``:
one private-use character per stemmer, which no text holds and the tokenizer keeps as a letter),
and, in column ``scope``, its country (``ctryru``). A query is asked in the form each language's
stemmer gives it, each of its stems marked with that language, so the rows of each language are
matched in their own language's form, as PostgreSQL matches each row in its own configuration,
and no term stands for a whole language (BM25 reads every row of each term it ranks by). An
attaché's search asks for their countries together with the words. Every word is quoted: what a
user types is never FTS5 syntax.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    Select,
    bindparam,
    column,
    delete,
    func,
    literal_column,
    select,
    table,
    union_all,
    update,
)
from sqlalchemy import insert as sa_insert
from sqlalchemy import text as sql
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..models import Agreement, SearchEntry, SearchLanguage
from . import languages_indexed
from .text import ALGORITHMS, SIMPLE, Part, Query, algorithm, content_words, stem_all, terms

_ENTRIES = SearchEntry.__table__
# The FTS5 tables search_fts_0 … search_fts_7: an agreement's passages are in the table of its id modulo
# 8. BM25 reads every row holding each word it ranks by, once per query and table: a broad search has
# its page (and its "1,000+") from the first table, at an eighth of that reading; a rare one asks all.
PARTITIONS = 8
_PARTS = [
    table(f"search_fts_{n}", column("rowid"), column("scope"), column("heading"), column("body"))
    for n in range(PARTITIONS)
]


def _part_of(agreement_id: int):
    return _PARTS[agreement_id % PARTITIONS]


def _rank(part) -> ColumnElement[float]:
    """BM25 of a table's match, higher is better; a heading's words weigh four times the body's."""
    return -literal_column(f"bm25({part.name}, 0.0, 4.0, 1.0)", type_=Float)


def clear(conn: Connection) -> None:
    """Empty the index."""
    for part in _PARTS:
        conn.execute(delete(part))
    conn.execute(delete(_ENTRIES))
    conn.execute(delete(SearchLanguage.__table__))


def tidy(conn: Connection) -> None:
    """After a rebuild: each FTS5 table merged into one piece. A rebuild writes a table in dozens of
    batches, each a segment of the index; left so, the saves that follow would pay for merging them
    (FTS5 merges a little with every write: with 200,000 articles, one save in eight took 20 ms more)."""
    for part in _PARTS:
        conn.execute(sql(f"INSERT INTO {part.name} ({part.name}) VALUES ('optimize')"))


def write(
    conn: Connection, agreement_id: int, fresh: list[dict[str, Any]], stale: list[int], moved: list[dict]
) -> None:
    """Add ``fresh``; of the agreement's passages, remove those ``stale`` and move those ``moved``."""
    if stale:
        part = _part_of(agreement_id)
        conn.execute(delete(part).where(part.c.rowid.in_(stale)))
        conn.execute(delete(_ENTRIES).where(_ENTRIES.c.id.in_(stale)))
    if moved:
        e = _ENTRIES
        conn.execute(update(e).where(e.c.id == bindparam("entry_id")).values(position=bindparam("new_position")), moved)
    insert(conn, fresh)


def insert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add passages: the rows, and their stems in the FTS5 table under the same rowid."""
    if not rows:
        return
    # This transaction holds SQLite's one write lock (it wrote before), so the new rows' ids follow
    # the largest one there is, in the order given.
    last = conn.execute(select(func.max(_ENTRIES.c.id))).scalar() or 0
    conn.execute(sa_insert(_ENTRIES), rows)
    ids = conn.execute(select(_ENTRIES.c.id).where(_ENTRIES.c.id > last).order_by(_ENTRIES.c.id)).scalars().all()
    if len(ids) != len(rows):
        raise RuntimeError("search index: another writer added passages in this transaction")
    _write_stems(conn, [{**row, "id": entry_id} for entry_id, row in zip(ids, rows, strict=True)])
    used = sorted({algorithm(row["language"]) for row in rows})
    conn.execute(sqlite_insert(SearchLanguage.__table__).values([{"name": n} for n in used]).on_conflict_do_nothing())


# The mark of each stemmer's terms: one private-use character (``text.clean`` takes them out of every
# text, so no text can make one; the tokenizer keeps them as letters). Fixed once given: a mark
# changed would need the index rebuilt. A stemmer added later takes the next free character.
_STEMMERS_MARKED = (
    "simple arabic armenian basque catalan czech danish dutch english esperanto estonian finnish french german "
    "greek hindi hungarian indonesian irish italian lithuanian nepali norwegian persian polish portuguese romanian "
    "russian serbian sesotho spanish swedish tamil turkish yiddish"
).split()
MARKS = {name: chr(0xE001 + i) for i, name in enumerate(_STEMMERS_MARKED)}


def _mark(name: str) -> str:
    """The mark of a stemmer's terms."""
    return MARKS[name]


def marked(language: str, text: str) -> str:
    """What the index holds for a text: its stems (``terms``), each marked with its language's stemmer."""
    mark = _mark(algorithm(language))
    return " ".join(mark + stem for stem in terms(language, text).split())


def _quoted(words: tuple[str, ...]) -> str:
    # Stems are letters, digits and marks only, so they never hold a double quote.
    return '"' + " ".join(words) + '"'


def _part(part: Part, name: str) -> str | None:
    kept = content_words(name, part.words)  # the index holds no stop words, in phrases neither
    mark = _mark(name)
    return _quoted(tuple(mark + stem for stem in stem_all(name, kept))) if kept else None


def expression(query: Query, name: str) -> str | None:
    """The query as FTS5 reads it for the rows of one stemmer: each word stemmed by it and marked
    with it, its stop words left out (as ``websearch_to_tsquery`` reads it in that configuration);
    None when nothing is left."""
    alternatives = []
    for alternative in query.alternatives:
        wanted = [e for p in alternative if not p.excluded and (e := _part(p, name))]
        unwanted = [e for p in alternative if p.excluded and (e := _part(p, name))]
        if not wanted:
            continue
        clause = " AND ".join(wanted)
        if unwanted:
            clause = f"({clause}) NOT ({' OR '.join(unwanted)})"
        alternatives.append(f"({clause})")
    return " OR ".join(alternatives) or None


def _country(code: str) -> str:
    return "ctry" + code.lower()


def match(
    query: Query, countries: list[str] | None, indexed: list[str] | tuple[str, ...] = (*ALGORITHMS, SIMPLE)
) -> str | None:
    """The whole MATCH: the query in the form of each language indexed, and the countries in scope
    when given."""
    forms = [form for name in indexed if (form := expression(query, name))]
    if not forms:
        return None
    found = "{heading body} : (" + " OR ".join(f"({form})" for form in forms) + ")"
    if countries is not None:
        found = f"({found}) AND scope : ({' OR '.join(_quoted((_country(c),)) for c in countries)})"
    return found


def candidates(
    conn: Connection, query: Query, where: list[ColumnElement[bool]], countries: list[str] | None, limit: int
) -> Select | None:
    """The matching passages of agreements meeting ``where``, at most ``limit``, each ranked by BM25
    (``entry_id``, ``agreement_id``, ``position``, ``rank``, higher is better); None when nothing is
    asked."""
    asked = match(query, countries, languages_indexed(conn))
    if asked is None:
        return None
    found = [
        select(_ENTRIES.c.id.label("entry_id"), _ENTRIES.c.agreement_id, _ENTRIES.c.position, _rank(part).label("rank"))
        .select_from(part)
        .join(_ENTRIES, _ENTRIES.c.id == part.c.rowid)
        .join(Agreement.__table__, Agreement.__table__.c.id == _ENTRIES.c.agreement_id)
        .where(sql(f"{part.name} MATCH :match_{n}").bindparams(**{f"match_{n}": asked}), *where)
        for n, part in enumerate(_PARTS)
    ]
    # The tables are read one after the other, and no further than the first ``limit`` rows.
    return select(union_all(*found).subquery("found_in_parts")).limit(limit)


def restem(conn: Connection, batch: int = 2000) -> int:
    """Write the FTS5 tables anew from the passages held in ``search_entries``, in this backend's form
    (after the form changed: the texts need not be read again). Returns how many passages it wrote."""
    for part in _PARTS:
        conn.execute(delete(part))
    e, last, done = _ENTRIES.c, 0, 0
    while True:
        rows = conn.execute(
            select(e.id, e.agreement_id, e.country, e.language, e.heading, e.body)
            .where(e.id > last)
            .order_by(e.id)
            .limit(batch)
        ).all()
        if not rows:
            return done
        _write_stems(conn, [r._asdict() for r in rows])
        last, done = rows[-1].id, done + len(rows)


def _write_stems(conn: Connection, passages: list[dict[str, Any]]) -> None:
    """Write the stems of passages (``id``, ``agreement_id``, ``country``, ``language``, ``heading``,
    ``body``) in the FTS5 table of each one's agreement, under the passage's id."""
    parts: dict[int, list[dict[str, Any]]] = {}
    for p in passages:
        parts.setdefault(p["agreement_id"] % PARTITIONS, []).append(
            {
                "rowid": p["id"],
                "scope": _country(p["country"]),
                "heading": marked(p["language"], p["heading"]),
                "body": marked(p["language"], p["body"]),
            }
        )
    for n, stems in parts.items():
        conn.execute(sa_insert(_PARTS[n]), stems)
