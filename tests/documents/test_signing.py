"""The signed document an agreement gets at signature, read back from its stored row, and the drafts
anyone may download of any version."""

from __future__ import annotations

import hashlib
import json
from io import BytesIO

from pyhanko.pdf_utils.reader import PdfFileReader
from services.lifecycle import SIGNED_ON, bring_to

from agreements.services import documents

from .support import info, page_count, page_texts, squeeze, text, words


def test_signed_document_row_holds_the_whole_cleared_text(app, world, make_agreement):
    agreement = make_agreement()  # an MOU with Russia, in English and Russian
    bring_to(world, agreement, "in_force")
    version = agreement.current_version
    row = documents.signed_document(agreement)

    # The row describes its bytes truly.
    pdf = row.content
    assert row.kind == "signed" and row.content_type == "application/pdf"
    assert row.sha256 == hashlib.sha256(pdf).hexdigest() and row.size == len(pdf)
    assert row.filename == f"{agreement.reference}-signed.pdf"
    assert (row.version_number, row.text_sha256) == (version.number, version.sha256)
    assert json.loads(row.snapshot)["text_sha256"] == version.sha256
    assert "Agreements development seal" in row.sealed_by

    flat = squeeze(text(pdf))
    for lang in ("en", "ru"):
        assert f"Preamblein{lang}." in flat
        assert f"Doneinduplicate({lang})." in flat
        for n in (1, 2):
            assert f"Heading{n}({lang})" in flat and f"Bodyofarticle{n}in{lang}." in flat
    assert "Article1Heading1(en)" in flat and "Статья1Heading1(ru)" in flat

    pages = page_texts(pdf)
    total = page_count(pdf)
    assert len(pages) == total >= 2
    for number, page in enumerate(pages, start=1):
        assert f"{agreement.reference} · Page {number} of {total}" in words(page)
        assert f"SHA-256 of the text: {version.sha256}" in words(page)
    title_page = words(pages[0])
    assert (
        "between U.S. Immigration and Customs Enforcement and Investigative Committee of the Russian Federation"
        in title_page
    )
    assert f"Signed {SIGNED_ON.day} March 2026" in title_page
    signatures = words(pages[-1])
    for expected in (
        "For U.S. Immigration and Customs Enforcement:",
        "For Investigative Committee of the Russian Federation:",
        "ICE",
        "Investigative Committee",
        "John Morton",
        "Director",
        "Elena Leonenko",
        "Deputy Chairman",
        "26 March 2026, Washington",
    ):
        assert expected in signatures, expected
    assert signatures.count("26 March 2026, Washington") == 2  # each party's own date and place
    meta = info(pdf)
    assert meta["Title"] == f"{agreement.reference}: {agreement.title}"
    assert meta["Author"] == "U.S. Immigration and Customs Enforcement"
    assert agreement.reference in meta["Keywords"] and meta["Keywords"].endswith("signed")
    assert "DRAFT" not in text(pdf)

    # Downloads serve the stored bytes; nothing renders the signed document again.
    download = documents.document_pdf(world["pm"], agreement.id)
    assert download.is_signed and download.content == pdf


def test_draft_of_a_version_is_marked_on_every_page_and_unsealed(app, world, make_agreement):
    agreement = make_agreement()
    bring_to(world, agreement, "in_force")
    draft = documents.document_pdf(world["moscow"], agreement.id, version_number=1)
    assert not draft.is_signed and draft.filename == f"{agreement.reference}-v1-draft.pdf"
    pdf = draft.content
    for number, page in enumerate(page_texts(pdf), start=1):
        assert "DRAFT · version 1 of" in words(page) and "not for signature" in words(page), number
    assert PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures == []
    assert "/s/" not in text(pdf)
    result = documents.verify_pdf(pdf)
    assert not result.matches and not result.seal_valid
    assert result.kind == "draft" and "draft" in result.detail
