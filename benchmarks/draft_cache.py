"""Time to download a draft PDF of about 1 MB of text: the first download (rendered) against the second (cached).

Each draft is one version of an English agreement of BENCH_DRAFT_CHARS characters (default 1,000,000)
in 200 articles, fetched through the Flask test client with a bearer token on SQLite in a temporary
directory. The first download of a version renders it (the baseline, as every download did before the
cache); every later download of it is read from the draft cache. Goal: second download p95 < 50 ms.
The limits on text size and renders are raised here so that the large draft may be rendered at all.

Run: .venv/bin/python benchmarks/draft_cache.py   (BENCH_DRAFT_CHARS, BENCH_RENDERS, BENCH_CACHED)
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agreements import create_app  # noqa: E402
from agreements.db import db  # noqa: E402

CHARS = int(os.environ.get("BENCH_DRAFT_CHARS", 1_000_000))
RENDERS = int(os.environ.get("BENCH_RENDERS", 1))
CACHED = int(os.environ.get("BENCH_CACHED", 100))
ARTICLES = 200
GOAL_MS = 50
SENTENCE = (
    "The Participants shall exchange information on matters within the scope of this Memorandum, in accordance "
    "with their domestic laws and within the limits of their available resources. "
)


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the (sorted) values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def text(number: int) -> dict:
    """One version's text of about CHARS characters, different for each ``number``."""
    per_article = CHARS // ARTICLES
    body = (SENTENCE * (per_article // len(SENTENCE) + 1))[: per_article - 20]
    return {
        "preamble": {"en": f"The Participants, in version {number},"},
        "articles": [
            {"number": str(n), "heading": {"en": f"Article {n}"}, "body": {"en": f"{body} (v{number}, a{n})"}}
            for n in range(1, ARTICLES + 1)
        ],
        "final_clauses": {"en": "Done in duplicate."},
    }


def world(app) -> tuple[int, dict[str, str], list[int]]:
    """An agreement with RENDERS versions of the large text, and a program manager's API headers."""
    from agreements.migrate import upgrade
    from agreements.services import agreements, users, versions

    upgrade()
    pm = users.create_user("pm@bench.test", "program_manager", name="Pat Manager", password="bench-password-1")
    agreement = agreements.create_agreement(
        pm,
        {
            "type": "mou",
            "title": "MOU on cooperation",
            "counterpart": "Federal Customs Service",
            "country": "RU",
            "languages": ["en"],
        },
    )
    numbers = [versions.save_version(pm, agreement, text(n)).number for n in range(1, RENDERS + 1)]
    token = users.issue_token(pm)
    db.session.commit()
    return agreement.id, {"Authorization": f"Bearer {token}"}, numbers


def timed(client, url: str, headers: dict[str, str]) -> tuple[float, bytes]:
    """Milliseconds for one download, and its bytes."""
    started = time.perf_counter()
    response = client.get(url, headers=headers)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return elapsed, response.data


def main() -> None:
    """Render each version once, download it again CACHED times, print both."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                "DRAFT_CACHE_DIR": f"{folder}/draft-cache",
                "DRAFT_MAX_CHARS": CHARS * 2,
                "DRAFT_RENDER_RATE_LIMIT": "1000 per minute",
                "MAX_CONTENT_LENGTH": 64 * 2**20,
            }
        )
        with app.app_context():
            agreement_id, headers, numbers = world(app)
            client = app.test_client()
            first, second, size = [], [], 0
            for number in numbers:
                url = f"/api/v1/agreements/{agreement_id}/document.pdf?version={number}"
                elapsed, rendered = timed(client, url, headers)
                first.append(elapsed)
                for _ in range(CACHED // len(numbers)):
                    elapsed, cached = timed(client, url, headers)
                    assert hashlib.sha256(cached).digest() == hashlib.sha256(rendered).digest()
                    second.append(elapsed)
                size = len(rendered)
            db.session.remove()
            db.engine.dispose()
    print(f"draft of {CHARS:,} characters in {ARTICLES} articles; PDF {size / 2**20:.1f} MB")
    for label, values in (("first download (render)", first), ("second download (cached)", second)):
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        print(f"{label:26} n={len(values):4}  p50 {p50:9.1f} ms  p95 {p95:9.1f} ms")
    p95 = percentile(second, 0.95)
    print(f"goal: second download p95 < {GOAL_MS} ms: {'met' if p95 < GOAL_MS else 'NOT met'} ({p95:.1f} ms)")


if __name__ == "__main__":
    main()
