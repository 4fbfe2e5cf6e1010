"""Nothing outside the app's own assets is ever read while a document is made.

Hostile markup and URLs typed into every field that reaches a document come out as plain text, and
nothing is fetched: a real HTTP server counts zero requests, the fetcher is never even asked, the PDF
embeds no file, no image and no link. The fetcher itself, handed hostile HTML directly (escaping
bypassed), refuses and records every foreign URL while serving the app's own stylesheet.
"""

from __future__ import annotations

import urllib.request
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from services.lifecycle import bring_to, take
from weasyprint import HTML

from agreements.db import db
from agreements.documents import fetcher as fetcher_module
from agreements.documents import render
from agreements.documents.fetcher import BASE_URL, AssetsOnly, Refused
from agreements.services import documents, parties, versions

from .support import (
    CountingServer,
    attachment_count,
    embedded_file_names,
    image_rows,
    link_uris,
    squeeze,
    text,
)

PASSWD = Path("/etc/passwd").read_text().splitlines()[0] if Path("/etc/passwd").exists() else "root:x:0:0"


@pytest.fixture
def server():
    """A local HTTP server that counts requests (checked to be counting before the test starts)."""
    with CountingServer() as running:
        try:
            urllib.request.urlopen(running.url + "/probe", timeout=5)  # noqa: S310 - our own local server
        except Exception:  # noqa: BLE001 - the redirect to file: is refused by urllib; the request still arrived
            pass
        assert running.requests == ["GET /probe"], "the counting server does not count"
        running.requests.clear()
        yield running


def hostile_pieces(url: str) -> list[str]:
    """Everything a hostile field could ask a renderer to fetch, attach, link or embed."""
    return [
        "file:///etc/passwd",
        f"{url}/plain",
        f'<img src="{url}/img">',
        '<img src="file:///etc/passwd">',
        f'<link rel="stylesheet" href="{url}/css">',
        f'<style>@import url("{url}/import");</style>',
        '<link rel="attachment" href="file:///etc/passwd">',
        f'<a href="{url}/a">link</a>',
        f'<iframe src="{url}/iframe"></iframe>',
        '<object data="file:///etc/passwd"></object>',
        f'<p style="background:url({url}/bg)">x</p>',
        f"{url}/redirect",
    ]


def fill(pieces: list[str], limit: int, start: int) -> str:
    """As many pieces as fit in ``limit`` characters, starting at a different piece for each field."""
    out = []
    for i in range(len(pieces)):
        piece = pieces[(start + i) % len(pieces)]
        if len(" ".join([*out, piece])) > limit:
            continue
        out.append(piece)
    return " ".join(out)


@pytest.fixture
def recorded(monkeypatch):
    """Every fetcher the renderer makes during the test (the service passes none of its own)."""
    made: list[AssetsOnly] = []

    class Recording(AssetsOnly):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(render, "AssetsOnly", Recording)
    return made


def assert_nothing_fetched_or_embedded(pdf: bytes, server: CountingServer, fetchers: list[AssetsOnly]) -> str:
    """The checks a wary reader makes on a PDF made from hostile text; returns its text."""
    assert server.requests == []
    assert fetchers, "the render did not go through a fetcher of ours"
    for used in fetchers:
        # Not refused: never asked. Escaped text is text; the renderer had no URL to ask about.
        assert used.refused == []
        assert all(url == BASE_URL + "document.css" for url in used.served), used.served
    assert attachment_count(pdf) == 0
    assert embedded_file_names(pdf) == []
    assert image_rows(pdf) == []
    assert link_uris(pdf) == []
    extracted = text(pdf, mode="-raw")
    assert "root:x:0:0" not in extracted and PASSWD not in extracted
    assert b"root:x:0:0" not in pdf
    return extracted


def test_hostile_text_in_every_field_is_printed_not_fetched(world, make_agreement, server, recorded):
    pieces = hostile_pieces(server.url)
    everything = "\n".join(pieces)
    pm = world["pm"]
    fields = {
        "title": fill(pieces, 500, 0),
        "counterpart": fill(pieces, 300, 1),
        "counterpart_local": fill(pieces, 300, 2),
        "preamble": everything,
        "number": "<img src=a.png>",
        "heading": fill(pieces, 2000, 3).replace("\n", " "),
        "body": everything,
        "final": everything,
        "us_name": fill(pieces, 200, 4),
        "us_title": fill(pieces, 300, 5),
        "us_organisation": fill(pieces, 300, 6),
        "us_place": fill(pieces, 200, 7),
        "their_name": fill(pieces, 200, 8),
        "their_title": fill(pieces, 300, 9),
        "their_organisation": fill(pieces, 300, 10),
        "their_place": fill(pieces, 200, 11),
    }
    agreement = make_agreement(
        title=fields["title"], counterpart=fields["counterpart"], languages=["en"], with_text=False
    )
    agreement.counterpart_agency.name_local = fields["counterpart_local"]
    versions.save_version(
        pm,
        agreement,
        {
            "preamble": {"en": fields["preamble"]},
            "articles": [
                {"number": fields["number"], "heading": {"en": fields["heading"]}, "body": {"en": fields["body"]}},
                {"number": "2", "heading": {"en": pieces[2]}, "body": {"en": pieces[5]}},
            ],
            "final_clauses": {"en": fields["final"]},
        },
    )
    db.session.commit()
    bring_to(world, agreement, "awaiting_signature")
    for party, prefix in (("us", "us_"), ("counterpart", "their_")):
        parties.set_signatory(
            pm,
            agreement,
            party,
            {
                "name": fields[prefix + "name"],
                "title": fields[prefix + "title"],
                "organisation": fields[prefix + "organisation"],
                "place": fields[prefix + "place"],
                "signed_on": "2026-03-26",
            },
        )
    db.session.commit()

    draft = documents.draft_pdf(pm, agreement).content
    take(world, agreement, "sign", prepared=True)
    signed = documents.signed_document(agreement).content
    assert len(recorded) >= 2  # one render for the draft, one at signature

    for pdf in (draft, signed):
        extracted = squeeze(assert_nothing_fetched_or_embedded(pdf, server, recorded))
        # Every field is there, as the literal characters that were typed.
        for name, value in fields.items():
            assert squeeze(value) in extracted, name
    # The title, with its markup as text, is the document's title too.
    assert fields["title"] in PdfReader(BytesIO(signed)).metadata["/Title"]


# ---------------------------------------------------------------- the fetcher, against raw HTML


def _raw_cases(url: str) -> dict[str, tuple[str, str | None]]:
    """Hostile markup written straight into the HTML (no escaping) → the URL the fetcher must refuse."""
    return {
        "img file:": ('<img src="file:///etc/passwd">', "file:///etc/passwd"),
        "img http:": (f'<img src="{url}/img">', f"{url}/img"),
        "img data:": ('<img src="data:image/png;base64,iVBORw0KGgo=">', "data:image/png;base64,iVBORw0KGgo="),
        "stylesheet http:": (f'<link rel="stylesheet" href="{url}/css">', f"{url}/css"),
        "@import http:": (f'<style>@import url("{url}/import");</style>', f"{url}/import"),
        "@import file:": ('<style>@import url("file:///etc/passwd");</style>', "file:///etc/passwd"),
        "attachment file:": ('<link rel="attachment" href="file:///etc/passwd">', "file:///etc/passwd"),
        "attachment anchor": ('<a rel="attachment" href="file:///etc/passwd">x</a>', "file:///etc/passwd"),
        "object file:": ('<object data="file:///etc/passwd"></object>', "file:///etc/passwd"),
        "embed file:": ('<embed src="file:///etc/passwd">', "file:///etc/passwd"),
        "style attribute": (f'<p style="background:url({url}/bg)">x</p>', f"{url}/bg"),
        "font-face": (
            f"<style>@font-face{{font-family:X;src:url({url}/font)}} p{{font-family:X}}</style>",
            f"{url}/font",
        ),
        "redirect to file:": (f'<img src="{url}/redirect">', f"{url}/redirect"),
        "relative ../": ('<img src="../../../../etc/passwd">', "https://assets.agreements.invalid/etc/passwd"),
        "encoded %2e%2e": (
            '<img src="%2e%2e/%2e%2e/%2e%2e/etc/passwd">',
            "https://assets.agreements.invalid/pdf/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        ),
        "absolute path": ('<img src="/etc/passwd">', "https://assets.agreements.invalid/etc/passwd"),
        "base element": ('<base href="file:///etc/"><img src="passwd">', "file:///etc/passwd"),
        "svg image": (
            '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
            '<image href="file:///etc/passwd" width="10" height="10"/></svg>',
            "file:///etc/passwd",
        ),
        "iframe": (f'<iframe src="{url}/iframe"></iframe>', None),  # WeasyPrint has no frames: never asked
    }


CASES = list(_raw_cases("http://x"))


@pytest.mark.parametrize("case", CASES)
def test_fetcher_refuses_and_records_every_foreign_url(case, server):
    markup, refused = _raw_cases(server.url)[case]
    fetcher = AssetsOnly()
    html = f"<!doctype html><html><body><p>Before</p>{markup}<p>After</p></body></html>"
    try:
        pdf = render.html_to_pdf(html, b"0" * 32, fetcher=fetcher)
    except Refused:
        pdf = None  # a refusal stops the render: a document that asked for something foreign is not made
    assert server.requests == []
    assert fetcher.refused == ([refused] if refused else [])
    assert fetcher.served == []
    if pdf is not None:
        # (An SVG image's failure is contained by the renderer: the page is made, without the image.)
        assert "root:x:0:0" not in text(pdf) and PASSWD not in text(pdf)
        assert image_rows(pdf) == [] and attachment_count(pdf) == 0


def test_fetcher_serves_the_app_own_stylesheet_and_nothing_next_to_it(server):
    fetcher = AssetsOnly()
    pdf = render.html_to_pdf(
        '<!doctype html><link rel="stylesheet" href="document.css"><p>Styled</p>', b"0" * 32, fetcher=fetcher
    )
    assert fetcher.served == [BASE_URL + "document.css"] and fetcher.refused == []
    assert "Styled" in text(pdf)
    asset = (fetcher_module.ASSETS / "document.css").read_bytes()
    assert AssetsOnly().fetch(BASE_URL + "document.css").read() == asset
    for url in (
        BASE_URL,
        BASE_URL + "missing.css",
        BASE_URL + "../pdf/document.css",
        BASE_URL + "%2e%2e/seal.py",
        BASE_URL + "sub/document.css",
        BASE_URL + ".hidden",
        BASE_URL.replace("https:", "http:") + "document.css",
        "https://assets.agreements.invalid.example.com/pdf/document.css",
        "file://" + str(fetcher_module.ASSETS / "document.css"),
        str(fetcher_module.ASSETS / "document.css"),
        server.url + "/document.css",
    ):
        refusing = AssetsOnly()
        with pytest.raises(Refused):
            refusing.fetch(url)
        assert refusing.refused == [url] and refusing.served == []
    assert server.requests == []


def _content(pdf: bytes) -> bytes:
    return b"".join(page.get_contents().get_data() for page in PdfReader(BytesIO(pdf)).pages)


def test_presentational_hints_never_apply():
    html = (
        '<!doctype html><table><tr><td bgcolor="red">cell</td></tr></table>'
        '<p><font color="red">words</font></p><body bgcolor="red"></body>'
    )
    red_fill = b"1 0 0 rg"
    # The same HTML with hints on paints red (so the check below could fail)…
    with_hints = HTML(string=html, base_url=BASE_URL, url_fetcher=AssetsOnly()).write_pdf(presentational_hints=True)
    assert red_fill in _content(with_hints)
    # …ours never does: the hints are markup, and the documents take no orders from markup.
    ours = render.html_to_pdf(html, b"0" * 32, fetcher=AssetsOnly())
    assert red_fill not in _content(ours)
    assert "cell" in text(ours) and "words" in text(ours)
