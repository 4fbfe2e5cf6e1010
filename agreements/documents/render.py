"""Snapshot → HTML → PDF/A-3: autoescaped templates, the locked fetcher, no presentational hints."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import threading
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from . import phrases
from .fetcher import ASSETS, BASE_URL, AssetsOnly
from .snapshot import Snapshot

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "pdf"
PDF_VARIANT = "pdf/a-3b"


def paragraphs(text: str | None) -> Markup:
    """Plain text as escaped paragraphs: a blank line starts a paragraph, a newline breaks a line."""
    if not text:
        return Markup("")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", str(text).replace("\r\n", "\n")) if b.strip()]
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in block.split("\n"))) for block in blocks
    )


def long_date(value: dt.date | dt.datetime | None) -> str:
    """26 March 2010 (the form used on signature pages)."""
    return phrases.english_date(value)


_CSS_SAFE = re.compile(r"^[A-Za-z0-9 .:\-]*$")


def css_string(value: object) -> str:
    """A value for a CSS string in the page header or footer; only system-made values may go there."""
    text = str(value)
    if not _CSS_SAFE.match(text):
        raise ValueError(f"Not a value for a running header or footer: {text[:40]!r}")
    return text


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["paragraphs"] = paragraphs
    env.filters["long_date"] = long_date
    env.filters["css_string"] = css_string
    env.filters["fill_blanks"] = phrases.fill_blanks
    env.filters["for_side"] = phrases.for_side
    env.filters["date_in"] = phrases.date_in
    env.filters["date_place_labels"] = phrases.date_place_labels
    return env


@cache
def _stylesheet() -> CSS:
    # Parsed once per process; served through the same locked fetcher as everything else.
    return CSS(url=BASE_URL + "document.css", url_fetcher=AssetsOnly())


_fonts = threading.local()


def _font_config() -> FontConfiguration:
    # Loading fontconfig's configuration and opening the fonts again for every document costs a
    # sixth of a render; the same fonts give the same bytes, so they are kept. Pango's font map is
    # not safe to share between threads, hence one per thread (and per process, should a worker be
    # forked after a render). Our documents declare no @font-face: one would be added to the kept
    # configuration on every render.
    if getattr(_fonts, "pid", None) != os.getpid():
        _fonts.config, _fonts.pid = FontConfiguration(), os.getpid()
    return _fonts.config


def to_html(snapshot: Snapshot) -> str:
    """The document as HTML; every value from the snapshot is escaped by the template engine."""
    return _environment().get_template("agreement.html").render(s=snapshot)


def identifier(snapshot: Snapshot) -> bytes:
    """The PDF's /ID: derived from the snapshot, so the same snapshot gives the same bytes."""
    return hashlib.sha256(snapshot.to_json().encode()).hexdigest()[:32].encode()


def render(snapshot: Snapshot, *, fetcher: AssetsOnly | None = None) -> bytes:
    """The snapshot as a PDF/A-3b document (not sealed)."""
    return html_to_pdf(to_html(snapshot), identifier(snapshot), fetcher=fetcher)


def html_to_pdf(html: str, pdf_identifier: bytes, *, fetcher: AssetsOnly | None = None) -> bytes:
    """Render our HTML with the locked fetcher and the product's fixed options."""
    fetcher = fetcher or AssetsOnly()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[_stylesheet()],
        presentational_hints=False,
        pdf_variant=PDF_VARIANT,
        pdf_identifier=pdf_identifier,
        custom_metadata=True,
        font_config=_font_config(),
    )


__all__ = ["ASSETS", "html_to_pdf", "long_date", "paragraphs", "render", "to_html"]
