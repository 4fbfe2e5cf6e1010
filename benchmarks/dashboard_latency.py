"""Latency of ``GET /api/v1/dashboard`` with 100,000 agreements on PostgreSQL, p50 and p95.

The agreements are those of ``list_latency.py`` (loaded once, reused), their offices put under the
regions and their days in state spread over 0–399 days, so that thousands are overdue. Requests go
through the Flask test client with a bearer token, as a program manager (sees everything) and as the
attaché in Moscow (sees Russia only). Goal: p95 < 200 ms.

Run: .venv/bin/python benchmarks/dashboard_latency.py   (BENCH_REQUESTS, BENCH_AGREEMENTS, BENCH_DATABASE_URL)
"""

from __future__ import annotations

import os

from _bench import bench_app, median, percentile, settle_server
from list_latency import load, place_and_age, timed

from agreements.db import db
from agreements.services import users

REQUESTS = int(os.environ.get("BENCH_REQUESTS", 200))
GOAL_MS = 200
SCENARIOS = (
    ("program manager", "pm@bench.example", {}),
    ("program manager, overdue in review", "pm@bench.example", {"overdue": "legal_review"}),
    ("attaché Moscow", "moscow@bench.example", {}),
)


def main() -> None:
    """Load, measure each scenario and print p50/p95."""
    app = bench_app()
    load(app)
    with app.app_context():
        place_and_age()
        tokens = {email: users.issue_token(users.find_user(email)) for _l, email, _p in SCENARIOS}
        db.session.commit()
        settle_server()
        client = app.test_client()
        print(f"GET /api/v1/dashboard, {REQUESTS} requests each, on PostgreSQL:")
        print(f"  {'who, what':<36} {'total':>8} {'overdue':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
        worst = 0.0
        for label, email, params in SCENARIOS:
            headers = {"Authorization": f"Bearer {tokens[email]}"}
            first = client.get("/api/v1/dashboard", query_string=params, headers=headers)
            assert first.status_code == 200, first.get_data(as_text=True)[:300]
            body = first.get_json()
            samples = timed(
                lambda p=params, h=headers: client.get("/api/v1/dashboard", query_string=p, headers=h), REQUESTS
            )
            p95 = percentile(samples, 0.95)
            worst = max(worst, p95)
            print(
                f"  {label:<36} {body['total']:>8,} {body['aging']['count']:>8,} "
                f"{median(samples):>7.1f} {p95:>7.1f} {max(samples):>7.1f}"
            )
        verdict = "met" if worst < GOAL_MS else "NOT met"
        print(f"Goal p95 < {GOAL_MS} ms: {verdict} (worst p95 {worst:.1f} ms).")


if __name__ == "__main__":
    main()
