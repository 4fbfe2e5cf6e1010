"""Draft PDFs kept on disk: rendered once per snapshot and renderer, bounded in size, oldest evicted first.

A draft depends on its snapshot (the version's text and SHA-256, and the agreement's facts it shows)
and on how it is rendered (templates, stylesheet, fonts, the rendering code, WeasyPrint). The key
covers all of it, so a changed fact or a new release of the renderer never serves a stale draft.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path

from flask import current_app

from ..documents import render
from ..documents.fetcher import ASSETS
from ..documents.snapshot import Snapshot
from ..errors import InvalidInput
from . import rate_limits

SUFFIX = ".pdf"


@cache
def renderer_fingerprint() -> str:
    """SHA-256 of everything besides the snapshot that shapes a draft's bytes (computed once per process)."""
    import weasyprint

    digest = hashlib.sha256(f"weasyprint {weasyprint.__version__} {render.PDF_VARIANT}\n".encode())
    documents_code = Path(render.__file__).resolve().parent
    for folder in (render.TEMPLATES, ASSETS, documents_code):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(folder)}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def draft_key(snapshot: Snapshot) -> str:
    """The cache key of a draft: the renderer's fingerprint, the version's SHA-256 and every other snapshot value.

    The text itself (preamble, articles, final clauses) is stood for by the version's SHA-256, which is
    taken over exactly that text when the version is saved: reading and serialising a megabyte of text
    on every download would cost more than reading the kept file. ``snapshot`` may come without its text.
    """
    facts = replace(snapshot, preamble={}, articles=(), final_clauses={})
    digest = hashlib.sha256(renderer_fingerprint().encode())
    digest.update(snapshot.text_sha256.encode())
    digest.update(facts.to_json().encode())
    return digest.hexdigest()


def cache_dir() -> Path:
    """DRAFT_CACHE_DIR, or ``draft-cache`` under the instance folder."""
    configured = current_app.config.get("DRAFT_CACHE_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "draft-cache"


def text_length(snapshot: Snapshot) -> int:
    """How many characters of text a draft carries: preamble, articles and final clauses, every language."""
    texts = [*snapshot.preamble.values(), *snapshot.final_clauses.values()]
    for article in snapshot.articles:
        texts += [article.number, *article.heading.values(), *article.body.values()]
    return sum(len(t or "") for t in texts)


def check_length(snapshot: Snapshot) -> None:
    """InvalidInput, in words, for a draft whose text is longer than DRAFT_MAX_CHARS."""
    limit = int(current_app.config["DRAFT_MAX_CHARS"])
    length = text_length(snapshot)
    if length > limit:
        raise InvalidInput(
            f"Version {snapshot.version_number} of {snapshot.reference} is {length:,} characters long; drafts "
            f"are made of texts up to {limit:,} characters. Shorten the text to have its draft PDF.",
            {"version": f"{length:,} characters; the limit is {limit:,}."},
        )


def check_render_limit(user_id: int) -> None:
    """RateLimited when this person has asked for too many fresh renders (DRAFT_RENDER_RATE_LIMIT)."""
    rate_limits.take(
        "DRAFT_RENDER_RATE_LIMIT",
        "draft-render",
        str(user_id),
        "You asked for {amount} new draft PDFs within {window} seconds, the most allowed. Drafts already made "
        "still download; wait {seconds} seconds before asking for another new one.",
    )


def cached_draft(facts: Snapshot, user_id: int, full: Callable[[], Snapshot]) -> bytes:
    """The draft PDF: from the cache, else checked for length and the person's render limit, rendered once and kept.

    ``facts`` is the draft's snapshot, with or without its text; ``full()`` gives it with its text.
    """
    path = cache_dir() / f"{draft_key(facts)}{SUFFIX}"
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        content = None
    if content is not None:
        try:
            os.utime(path)  # eviction is least recently used first
        except FileNotFoundError:  # evicted meanwhile by another worker: the bytes read are still right
            pass
        return content
    snapshot = full()
    check_length(snapshot)
    check_render_limit(user_id)
    content = render.render(snapshot)
    keep(path, content)
    return content


def keep(path: Path, content: bytes) -> None:
    """Write the file atomically (a reader sees all of it or none), then trim the cache to its bound."""
    bound = int(float(current_app.config["DRAFT_CACHE_MB"]) * 2**20)
    if len(content) > bound:  # it would push every other draft out and still not fit
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    trim(path.parent, bound, keep_path=path)


def trim(folder: Path, bound: int, keep_path: Path | None = None) -> None:
    """Remove the least recently used drafts until the folder holds at most ``bound`` bytes."""
    entries = []
    for path in folder.glob(f"*{SUFFIX}"):
        try:
            stat = path.stat()
        except FileNotFoundError:  # removed meanwhile by another worker
            continue
        entries.append((stat.st_mtime, path, stat.st_size))
    total = sum(size for _, _, size in entries)
    for _, path, size in sorted(entries, key=lambda e: (e[0], e[1] == keep_path)):
        if total <= bound:
            break
        if path == keep_path:
            continue
        path.unlink(missing_ok=True)
        total -= size
