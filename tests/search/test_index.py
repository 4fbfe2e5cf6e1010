"""The index is never stale: it follows every saved version, every change of facts, state and dates,
in the same transaction, and a rolled-back save leaves no trace in it. On both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from services.lifecycle import bring_to, take

from agreements import search as index
from agreements.db import db
from agreements.errors import InvalidInput
from agreements.services import agreements, search, versions

from .corpus import RUSSIAN_TEXT, open_with_text

TODAY = dt.date(2026, 12, 1)


def refs(user, q, **params):
    return [(h.reference, h.article) for h in search.search(user, {"q": q, **params}, today=TODAY).items]


def with_article(text, number, en, ru):
    changed = {**text, "articles": [dict(a) for a in text["articles"]]}
    changed["articles"].append({"number": number, "heading": {"en": en, "ru": ru}, "body": {"en": en, "ru": ru}})
    return changed


def test_a_saved_version_is_found_at_once_and_the_old_text_no_more(world, make_agreement):
    agreement = open_with_text(make_agreement, world, RUSSIAN_TEXT)
    assert refs(world["pm"], "promptly", state="any") == [(agreement.reference, "2")]
    text = {**RUSSIAN_TEXT, "articles": [dict(a) for a in RUSSIAN_TEXT["articles"][:1]]}
    versions.save_version(world["pm"], agreement, with_article(text, "2", "Extradition of fugitives", "Выдача"))
    db.session.commit()
    assert refs(world["pm"], "promptly", state="any") == []
    assert refs(world["pm"], "fugitive", state="any") == [(agreement.reference, "2")]


def test_a_rolled_back_save_leaves_no_trace(world, make_agreement):
    agreement = open_with_text(make_agreement, world, RUSSIAN_TEXT)
    versions.save_version(world["pm"], agreement, with_article(RUSSIAN_TEXT, "4", "Racketeering", "Рэкет"))
    assert refs(world["pm"], "racketeering", state="any") == [(agreement.reference, "4")]  # inside the transaction
    db.session.rollback()
    assert refs(world["pm"], "racketeering", state="any") == []
    assert refs(world["pm"], "promptly", state="any") == [(agreement.reference, "2")]


def test_a_save_refused_halfway_leaves_the_index_as_it_was(world, make_agreement):
    agreement = open_with_text(make_agreement, world, RUSSIAN_TEXT)
    before = index.count()
    with pytest.raises(InvalidInput):
        versions.save_version(world["pm"], agreement, {"articles": [{"number": "1", "heading": {"xx": "?"}}]})
    db.session.rollback()
    assert index.count() == before
    assert refs(world["pm"], "promptly", state="any") == [(agreement.reference, "2")]


def test_changed_facts_are_found_at_once(world, make_agreement):
    agreement = open_with_text(make_agreement, world, RUSSIAN_TEXT)
    agreements.update_facts(world["pm"], agreement, {"title": "Memorandum on wildlife trafficking"})
    db.session.commit()
    assert refs(world["pm"], "wildlife", state="any") == [(agreement.reference, None)]
    agreements.update_facts(
        world["pm"],
        agreement,
        {"counterpart": "Federal Customs Service", "counterpart_local": "Федеральная таможенная служба"},
    )
    db.session.commit()
    assert refs(world["pm"], "таможенная", state="any") == [(agreement.reference, None)]
    assert refs(world["pm"], "Investigative Committee", state="any") == []


def test_a_country_changed_moves_the_text_to_the_other_attache(world, make_agreement):
    agreement = open_with_text(make_agreement, world, RUSSIAN_TEXT)
    assert refs(world["moscow"], "promptly", state="any") == [(agreement.reference, "2")]
    agreements.update_facts(world["pm"], agreement, {"country": "MX"})
    db.session.commit()
    assert refs(world["moscow"], "promptly", state="any") == []
    assert refs(world["mexico"], "promptly", state="any") == [(agreement.reference, "2")]


def test_every_change_of_state_and_date_counts_at_once(world, make_agreement):
    agreement = open_with_text(make_agreement, world, RUSSIAN_TEXT)
    assert refs(world["pm"], "promptly") == []  # a draft: not in force
    bring_to(world, agreement, "in_force")
    assert refs(world["pm"], "promptly") == [(agreement.reference, "2")]
    take(world, agreement, "give_notice")  # takes effect on 1 September 2026
    assert refs(world["pm"], "promptly") == []  # the termination took effect already, by its date
    assert refs(world["pm"], "promptly", in_force_on="2026-08-31") == [(agreement.reference, "2")]
    take(world, agreement, "terminate")
    assert refs(world["pm"], "promptly", state="terminated") == [(agreement.reference, "2")]


def test_withdrawn_is_never_in_force(world, make_agreement):
    agreement = open_with_text(make_agreement, world, RUSSIAN_TEXT)
    take(world, agreement, "withdraw")
    assert refs(world["pm"], "promptly") == []
    assert refs(world["pm"], "promptly", state="withdrawn") == [(agreement.reference, "2")]


def test_reindex_rebuilds_the_index_and_says_how_much(world, make_agreement, runner):
    agreement = open_with_text(make_agreement, world, RUSSIAN_TEXT)
    from agreements.search import _backend

    _backend().clear(db.session.connection())  # as if the index were lost
    db.session.commit()
    assert refs(world["pm"], "promptly", state="any") == []
    result = runner.invoke(["search", "reindex"])
    assert result.exit_code == 0, result.output
    # 3 articles in 2 languages; with the preamble and final clauses in each, and the agreement itself.
    assert "Indexed 6 articles (11 passages" in result.output
    assert "of 1 agreement in" in result.output
    assert "Indexed 1 of 1 agreements (11 passages)" in result.output  # the progress line
    db.session.remove()
    assert refs(world["pm"], "promptly", state="any") == [(agreement.reference, "2")]


def test_reindex_of_an_empty_database(runner, app):
    result = runner.invoke(["search", "reindex"])
    assert result.exit_code == 0
    assert "Indexed 0 articles" in result.output


def test_a_save_rewrites_only_the_passages_that_changed(world, make_agreement):
    from sqlalchemy import select

    from agreements.models import SearchEntry

    agreement = open_with_text(make_agreement, world, RUSSIAN_TEXT)

    def held():
        rows = db.session.execute(
            select(
                SearchEntry.id, SearchEntry.kind, SearchEntry.article, SearchEntry.language, SearchEntry.position
            ).where(SearchEntry.agreement_id == agreement.id)
        ).all()
        return {(r.kind, r.article, r.language): (r.id, r.position) for r in rows}

    before = held()
    text = {**RUSSIAN_TEXT, "articles": [dict(a) for a in RUSSIAN_TEXT["articles"]]}
    new_first = {
        "number": "0",
        "heading": {"en": "Definitions", "ru": "Определения"},
        "body": {"en": "Terms.", "ru": "Термины."},
    }
    text["articles"] = [
        new_first,
        *text["articles"][:2],
        {**text["articles"][2], "body": {"en": "Hotline 24/7.", "ru": "Круглосуточно."}},
    ]
    versions.save_version(world["pm"], agreement, text)
    db.session.commit()
    after = held()
    # Articles 1 and 2 kept their rows, moved one place down; article 3 was rewritten; article 0 is new.
    for lang in ("en", "ru"):
        assert after[("article", "1", lang)] == (
            before[("article", "1", lang)][0],
            before[("article", "1", lang)][1] + 1,
        )
        assert after[("article", "3", lang)][0] != before[("article", "3", lang)][0]
        assert ("article", "0", lang) in after
    assert refs(world["pm"], "hotline", state="any") == [(agreement.reference, "3")]
    assert refs(world["pm"], "designates", state="any") == []
    assert refs(world["pm"], "promptly", state="any") == [(agreement.reference, "2")]
    found = search.search(world["pm"], {"q": "promptly", "state": "any"}, today=TODAY).items[0]
    assert found.anchor == "article-2"


def test_the_sqlite_index_written_anew_from_what_it_holds_finds_the_same(world, make_agreement):
    """What migration 0013 does to an index in the old form: the stems written anew from the passages."""
    from agreements.db import is_postgresql

    if is_postgresql():
        pytest.skip("the SQLite index's own form")
    from agreements.search import sqlite

    agreement = open_with_text(make_agreement, world, RUSSIAN_TEXT)
    before = refs(world["pm"], "promptly", state="any")
    written = sqlite.restem(db.session.connection(), batch=3)
    assert written == index.count() > 3  # in several batches
    assert refs(world["pm"], "promptly", state="any") == before == [(agreement.reference, "2")]
    assert refs(world["pm"], "информация", state="any") == [(agreement.reference, "2")]


def _segments(name: str) -> int:
    """How many segments an FTS5 table's index is in, read from its structure record (rowid 10 of its
    _data table: a 4-byte cookie, then varints: levels, segments, ...)."""
    from sqlalchemy import text as sql

    record = db.session.execute(sql(f"SELECT block FROM {name}_data WHERE id = 10")).scalar()
    at, values = 4, []
    while len(values) < 2:
        value = 0
        while True:
            byte = record[at]
            at += 1
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                break
        values.append(value)
    return values[1]


def test_a_rebuilt_sqlite_index_is_left_in_one_piece(world, make_agreement):
    """A rebuild writes each FTS5 table in many batches; it leaves each merged, so that the saves
    after it do not pay for merging them."""
    from agreements.db import is_postgresql

    if is_postgresql():
        pytest.skip("the SQLite index's own form")
    from agreements.search import sqlite

    for _ in range(12):
        open_with_text(make_agreement, world, RUSSIAN_TEXT)
    index.rebuild(batch=2)  # six batches: each table written in pieces
    db.session.commit()
    assert max(_segments(part.name) for part in sqlite._PARTS) == 1
    assert len(refs(world["pm"], "promptly", state="any")) == 12
