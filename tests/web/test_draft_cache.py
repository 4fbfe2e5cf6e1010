"""Draft downloads from the pages: a refused draft says why on the agreement page, too many renders on a 429 page."""

from __future__ import annotations

import pytest
from conftest import simple_text
from webtools import signed_in, visible_text

from agreements.db import db
from agreements.documents import render
from agreements.services import versions


@pytest.fixture
def renders(monkeypatch):
    """Count the renders, each one a small stand-in PDF."""
    calls: list[int] = []

    def fake(snapshot, **_kwargs):
        calls.append(snapshot.version_number)
        return b"%%PDF-1.7 version %d" % snapshot.version_number

    monkeypatch.setattr(render, "render", fake)
    return calls


def test_the_second_download_on_the_page_is_the_kept_draft(app, world, make_agreement, renders):
    agreement = make_agreement()
    client = signed_in(app, world["moscow"])
    first = client.get(f"/agreements/{agreement.id}/document.pdf")
    second = client.get(f"/agreements/{agreement.id}/document.pdf")
    assert first.status_code == second.status_code == 200
    assert second.data == first.data and renders == [1]


def test_an_over_long_draft_is_refused_with_a_message_on_the_agreement_page(app, world, make_agreement, renders):
    app.config["DRAFT_MAX_CHARS"] = 100
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    response = client.get(f"/agreements/{agreement.id}/document.pdf", follow_redirects=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "drafts are made of texts up to 100 characters" in visible_text(response)
    assert renders == []


def test_too_many_fresh_renders_answer_429_in_words(app, world, make_agreement, renders):
    app.config["DRAFT_RENDER_RATE_LIMIT"] = "1 per minute"
    agreement = make_agreement()
    versions.save_version(world["pm"], agreement, simple_text(articles=3))
    db.session.commit()
    client = signed_in(app, world["pm"])
    assert client.get(f"/agreements/{agreement.id}/document.pdf?version=1").status_code == 200
    refused = client.get(f"/agreements/{agreement.id}/document.pdf?version=2")
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert "new draft PDFs" in visible_text(refused)
    assert client.get(f"/agreements/{agreement.id}/document.pdf?version=1").status_code == 200
