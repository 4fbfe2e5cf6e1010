"""Draft PDFs are rendered once per version and kept: cached on disk, bounded, and limited per person."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import simple_text

from agreements.db import db
from agreements.documents import render
from agreements.services import draft_cache, versions

from .support import assert_problem


@pytest.fixture
def renders(monkeypatch):
    """Count the renders; the real renderer still makes each PDF."""
    calls: list[int] = []
    real = render.render

    def counted(snapshot, **kwargs):
        calls.append(snapshot.version_number)
        return real(snapshot, **kwargs)

    monkeypatch.setattr(render, "render", counted)
    return calls


@pytest.fixture
def fake_renders(monkeypatch):
    """A renderer of 100 kB stand-ins, for tests about counting and bounds rather than PDFs."""
    calls: list[int] = []

    def fake(snapshot, **_kwargs):
        calls.append(snapshot.version_number)
        return b"%PDF-" + hashlib.sha256(snapshot.to_json().encode()).hexdigest().encode().ljust(100 * 1024 - 5)

    monkeypatch.setattr(render, "render", fake)
    return calls


def _cached_files(app) -> list[Path]:
    return sorted((Path(app.instance_path) / "draft-cache").glob("*.pdf"))


def test_the_second_download_of_a_version_comes_from_the_cache_byte_for_byte(api, make_agreement, renders, app):
    agreement = make_agreement()
    first = api("moscow").get(f"/agreements/{agreement.id}/document.pdf")
    second = api("pm").get(f"/agreements/{agreement.id}/document.pdf?version=1")
    assert first.status_code == second.status_code == 200
    assert first.data.startswith(b"%PDF-") and second.data == first.data
    assert renders == [1]
    assert len(_cached_files(app)) == 1


def test_a_new_version_is_rendered_afresh_and_the_old_one_stays_cached(api, world, make_agreement, fake_renders):
    agreement = make_agreement()
    v1 = api("pm").get(f"/agreements/{agreement.id}/document.pdf").data
    versions.save_version(world["pm"], agreement, simple_text(articles=3))
    db.session.commit()
    v2 = api("pm").get(f"/agreements/{agreement.id}/document.pdf").data
    assert api("pm").get(f"/agreements/{agreement.id}/document.pdf?version=1").data == v1
    assert v2 != v1 and fake_renders == [1, 2]


def test_a_changed_fact_shown_on_the_draft_gives_a_new_render(api, app, make_agreement, fake_renders):
    agreement = make_agreement()
    url = f"/agreements/{agreement.id}/document.pdf"
    before = api("pm").get(url).data
    agreement.title = "A title changed after the text was saved"
    db.session.commit()
    after_title = api("pm").get(url).data
    app.config["AGENCY_NAME"] = "Another agency"
    after_agency = api("pm").get(url).data
    assert len({before, after_title, after_agency}) == 3 and fake_renders == [1, 1, 1]


def test_a_new_renderer_never_serves_the_old_draft(api, make_agreement, fake_renders, monkeypatch):
    agreement = make_agreement()
    api("pm").get(f"/agreements/{agreement.id}/document.pdf")
    monkeypatch.setattr(draft_cache, "renderer_fingerprint", lambda: "a template changed")
    api("pm").get(f"/agreements/{agreement.id}/document.pdf")
    assert fake_renders == [1, 1]


def test_the_fingerprint_covers_the_templates_and_the_stylesheet():
    assert draft_cache.renderer_fingerprint() == draft_cache.renderer_fingerprint()
    folders = {render.TEMPLATES, draft_cache.ASSETS}
    assert all(any(p.is_file() for p in folder.rglob("*")) for folder in folders)


def test_a_draft_longer_than_the_limit_is_refused_in_words(api, app, make_agreement, fake_renders):
    app.config["DRAFT_MAX_CHARS"] = 100
    agreement = make_agreement()
    body = assert_problem(
        api("pm").get(f"/agreements/{agreement.id}/document.pdf"), 422, "230 characters", "up to 100 characters"
    )
    assert "version" in body["errors"]
    assert fake_renders == []


def test_the_cache_stays_under_its_bound_evicting_the_oldest(api, app, world, make_agreement, fake_renders):
    app.config["DRAFT_CACHE_MB"] = 0.25  # room for two 100 kB drafts
    agreement = make_agreement()
    for n in range(2, 5):
        versions.save_version(world["pm"], agreement, simple_text(articles=n))
    db.session.commit()
    for n in range(1, 5):
        assert api("pm").get(f"/agreements/{agreement.id}/document.pdf?version={n}").status_code == 200
    kept = _cached_files(app)
    assert sum(p.stat().st_size for p in kept) <= 0.25 * 2**20 and len(kept) == 2
    api("pm").get(f"/agreements/{agreement.id}/document.pdf?version=4")
    api("pm").get(f"/agreements/{agreement.id}/document.pdf?version=1")
    assert fake_renders == [1, 2, 3, 4, 1]
    assert not list((Path(app.instance_path) / "draft-cache").glob("*.tmp"))


def test_fresh_renders_are_limited_per_person_but_cached_drafts_still_download(
    api, app, world, make_agreement, fake_renders
):
    app.config["DRAFT_RENDER_RATE_LIMIT"] = "2 per minute"
    agreement = make_agreement()
    for n in range(2, 4):
        versions.save_version(world["pm"], agreement, simple_text(articles=n))
    db.session.commit()
    url = f"/agreements/{agreement.id}/document.pdf?version="
    assert api("pm").get(url + "1").status_code == 200
    assert api("pm").get(url + "2").status_code == 200
    refused = api("pm").get(url + "3")
    assert_problem(refused, 429, "new draft PDFs", "wait")
    assert refused.headers["Retry-After"]
    assert api("pm").get(url + "1").status_code == 200  # already made: no render, no count
    assert api("moscow").get(url + "3").status_code == 200  # another person counts apart
