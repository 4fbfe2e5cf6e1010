"""Time to save a version of a 40-article bilingual (en/ru) agreement on PostgreSQL, p50 and p95.

Each run is what the edge does for one save: load the agreement for the person, save the next
version through ``services.versions.save_version`` (validation, hash, insert, version check) and
commit. Goal: p95 < 50 ms.

Run: .venv/bin/python benchmarks/save_version.py   (BENCH_RUNS, BENCH_DATABASE_URL)
"""

from __future__ import annotations

import os
import time

from _bench import bench_app, median, percentile
from compare_versions import bilingual_agreement, bilingual_text, proposal

from agreements.db import db
from agreements.services import agreements, versions

RUNS = int(os.environ.get("BENCH_RUNS", 50))
GOAL_MS = 50


def main() -> None:
    """Open the agreement, then time saving alternating versions of its text."""
    app = bench_app()
    with app.app_context():
        pm, agreement = bilingual_agreement()
        db.session.commit()
        agreement_id, user_id = agreement.id, pm.id
        texts = [bilingual_text(), proposal(bilingual_text())]
        timings = []
        for n in range(RUNS + 5):
            db.session.remove()
            user = db.session.get(type(pm), user_id)
            started = time.perf_counter()
            loaded = agreements.get_agreement(user, agreement_id)
            versions.save_version(user, loaded, {**texts[n % 2], "base_version": loaded.current_version_number})
            db.session.commit()
            if n >= 5:  # the first few warm the connection pool and caches
                timings.append((time.perf_counter() - started) * 1000)
    print(f"save a version of a 40-article en/ru agreement on PostgreSQL, {RUNS} runs:")
    print(f"  p50 {median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms (goal: p95 < {GOAL_MS} ms)")


if __name__ == "__main__":
    main()
