"""Reading PDFs back the way a person checking one would: poppler's tools, pypdf, and plain snapshots.

Every helper shells out to the same programs a reader would run (``pdftotext``, ``pdffonts``,
``pdfinfo``, ``pdfdetach``, ``pdfimages``) or opens the file with pypdf; nothing here trusts the
renderer's own idea of what it wrote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import re
import subprocess
import tempfile
import threading
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from agreements.documents.snapshot import Article, Language, SignatureBlock, Snapshot

# Bidirectional control characters pdftotext puts around right-to-left runs; a reader does not see them.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _run(tool: str, pdf: bytes, *args: str) -> str:
    """Run a poppler tool on the PDF (through a file, as a person would) and return its output."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        done = subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])], capture_output=True)
    assert done.returncode == 0, f"{tool} failed: {done.stderr.decode(errors='replace')[:500]}"
    return done.stdout.decode("utf-8")


def text(pdf: bytes, *, mode: str = "") -> str:
    """The PDF's text from pdftotext (``mode`` "-layout" or "-raw"), bidi controls removed."""
    return BIDI_CONTROLS.sub("", _run("pdftotext", pdf, *([mode] if mode else [])))


def page_texts(pdf: bytes, *, mode: str = "") -> list[str]:
    """The text of each page (pdftotext ends every page with a form feed)."""
    pages = text(pdf, mode=mode).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squeeze(value: str) -> str:
    """Text with all whitespace removed: line breaks fall where the layout puts them."""
    return re.sub(r"\s+", "", value)


def words(value: str) -> str:
    """Text with every run of whitespace made one space."""
    return re.sub(r"\s+", " ", value).strip()


def fonts(pdf: bytes) -> list[dict[str, str]]:
    """pdffonts' table: one dict per font (name, type, encoding, emb)."""
    rows = []
    for line in _run("pdffonts", pdf).splitlines()[2:]:
        # The name has no spaces; the type may ("CID TrueType"); the last six columns are fixed.
        parts = line.split()
        if len(parts) < 7:
            continue
        emb, sub, uni, _obj, _gen = parts[-5:]
        encoding = parts[-6]
        rows.append({"name": parts[0], "type": " ".join(parts[1:-6]), "encoding": encoding, "emb": emb, "uni": uni})
    return rows


def info(pdf: bytes) -> dict[str, str]:
    """pdfinfo's fields (Title, Author, Subject, Keywords, Pages…)."""
    found = {}
    for line in _run("pdfinfo", pdf).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            found[key.strip()] = value.strip()
    return found


def attachment_count(pdf: bytes) -> int:
    """How many embedded files pdfdetach lists."""
    first = _run("pdfdetach", pdf, "-list").splitlines()[0]
    match = re.match(r"(\d+) embedded files", first)
    assert match, first
    return int(match.group(1))


def image_rows(pdf: bytes) -> list[str]:
    """The images pdfimages lists (one row per image; none means no image at all)."""
    return _run("pdfimages", pdf, "-list").splitlines()[2:]


def page_count(pdf: bytes) -> int:
    """The number of pages, as pypdf reads it."""
    return len(PdfReader(BytesIO(pdf)).pages)


def xmp(pdf: bytes) -> str:
    """The document's XMP metadata packet as text."""
    reader = PdfReader(BytesIO(pdf))
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def link_uris(pdf: bytes) -> list[str]:
    """Every URI a link annotation on any page points at."""
    found = []
    for page in PdfReader(BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if annotation.get("/Subtype") == "/Link" or action is not None:
                action = action.get_object() if action is not None else {}
                found.append(str(action.get("/URI", annotation.get("/Dest", ""))))
    return found


def embedded_file_names(pdf: bytes) -> list[str]:
    """Names in the catalogue's /EmbeddedFiles tree and file attachment annotations (pypdf's view)."""
    reader = PdfReader(BytesIO(pdf))
    names = list(reader.attachments)
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                names.append("annotation")
    return names


def sha(value: str) -> str:
    """A made-up but well-formed text hash (64 hex digits) from a seed."""
    return hashlib.sha256(value.encode()).hexdigest()


def snapshot(
    languages: tuple[tuple[str, str, str], ...] = (("en", "English", "ltr"), ("ru", "Russian", "ltr")),
    *,
    texts: dict[str, dict[str, str]] | None = None,
    articles: int = 3,
    is_draft: bool = False,
    **overrides,
) -> Snapshot:
    """A snapshot built in the test: ``texts[lang]`` gives preamble, heading, body and final words."""
    langs = tuple(Language(code, name, direction) for code, name, direction in languages)
    texts = texts or {}

    def say(code: str, part: str, n: int = 0) -> str:
        words_ = texts.get(code, {})
        base = words_.get(part, f"{part} {code}")
        return base.format(n=n)

    fields = {
        "agreement_id": 7,
        "reference": "MOU-2026-0007",
        "type_name": "Memorandum of Understanding",
        "title": "Memorandum on customs cooperation",
        "is_binding": False,
        "our_agency": "U.S. Immigration and Customs Enforcement",
        "counterpart": "Federal Customs Service",
        "counterpart_local": "",
        "country": "RU",
        "languages": langs,
        "version_number": 4,
        "version_saved_at": dt.datetime(2026, 3, 2, 9, 30),
        "text_sha256": sha("text"),
        "preamble": {lang.code: say(lang.code, "preamble") for lang in langs},
        "articles": tuple(
            Article(
                str(n),
                {lang.code: say(lang.code, "heading", n) for lang in langs},
                {lang.code: say(lang.code, "body", n) for lang in langs},
            )
            for n in range(1, articles + 1)
        ),
        "final_clauses": {lang.code: say(lang.code, "final") for lang in langs},
        "signatures": (
            SignatureBlock("us", "ICE", "John Morton", "Director", dt.date(2026, 3, 26), "Washington"),
            SignatureBlock(
                "counterpart",
                "Federal Customs Service",
                "Elena Leonenko",
                "Deputy Head",
                dt.date(2026, 3, 27),
                "Moscow",
            ),
        ),
        "signed_on": None if is_draft else dt.date(2026, 3, 27),
        "is_draft": is_draft,
    }
    fields.update(overrides)
    return Snapshot(**fields)


class CountingServer:
    """A real HTTP server on a free local port that counts every request; every answer is a redirect
    to ``file:///etc/passwd`` (so following it would be the second mistake, not the first)."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                outer.requests.append(f"{self.command} {self.path}")
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()

            do_GET = do_POST = do_HEAD = _answer  # noqa: N815 - the handler's protocol

            def log_message(self, *args) -> None:
                """Quiet."""

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> CountingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def bbox_words(pdf: bytes) -> list[tuple[int, str, float, float, float]]:
    """Every word pdftotext places on a page: (page number, text as drawn left to right, xMin, yMin, xMax)."""
    html = _run("pdftotext", pdf, "-bbox")
    found = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for match in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page
        ):
            x_min, y_min, x_max, word = match.groups()
            found.append((number, BIDI_CONTROLS.sub("", word), float(x_min), float(y_min), float(x_max)))
    return found
