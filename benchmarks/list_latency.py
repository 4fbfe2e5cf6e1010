"""Latency of ``GET /api/v1/agreements`` with 100,000 agreements on PostgreSQL, p50 and p95.

The agreements are bulk-inserted with core SQL (once; a later run reuses them), spread over 47
countries, the four types and every state, with one or two areas each. Requests go through the Flask
test client with a bearer token, as a program manager (sees everything) and as the attaché in Moscow
(sees Russia only), unfiltered and filtered; each agreement in its state for (id × 37 mod 400) days. The goal
figure is the first page of every open agreement sorted by days in state (p95 < 50 ms); the plain first page
(newest first) is the baseline in the same run, since the machine's speed varies from day to day. The list reads
no events, so the trail's rows are not loaded here (the deadline benchmark has them).

Run: .venv/bin/python benchmarks/list_latency.py   (BENCH_REQUESTS, BENCH_AGREEMENTS, BENCH_DATABASE_URL)
"""

from __future__ import annotations

import os
import random
import time

import psycopg
from _bench import bench_app, empty_tables, libpq_url, median, percentile
from sqlalchemy import func, insert, select, text

from agreements.db import db, utcnow
from agreements.models import Agreement, AgreementArea, Counterpart, User
from agreements.services import users
from agreements.services.taxonomy import AREAS
from agreements.workflows import STATES, WORKFLOWS

AGREEMENTS = int(os.environ.get("BENCH_AGREEMENTS", 100_000))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 200))
GOAL_MS = 50
COUNTRIES = (
    "RU MX GB CO TH IT CA DE FR ES NL BE PL UA TR IL AE SA EG MA NG KE ZA BR AR CL PE EC PA GT HN SV DO JM CN JP "
    "KR PH VN ID IN PK AU NZ SG MY"
).split()
SECOND_LANGUAGE = {"RU": "ru", "MX": "es", "CO": "es", "IT": "it", "CA": "fr", "CN": "zh", "JP": "ja", "FR": "fr"}
# Most agreements of a long-running office are in force or finished; a few are being worked on.
STATE_WEIGHTS = {"in_force": 40, "terminated": 10, "expired": 10, "withdrawn": 6, "drafting": 8}
BATCH = 5_000


def _agreement_rows(rng: random.Random, offices: dict[str, int], counterparts: dict[str, int]):
    """Rows of the agreements table, varied but the same on every run."""
    now = utcnow()
    states = list(STATES)
    weights = [STATE_WEIGHTS.get(s, 3) for s in states]
    kinds = list(WORKFLOWS)
    for n in range(1, AGREEMENTS + 1):
        kind = rng.choice(kinds)
        country = rng.choice(COUNTRIES)
        year = 1995 + n % 31
        yield {
            "id": n,
            "reference": f"{kind.upper()}-{year}-{n:06d}",
            "type": kind,
            "title": f"{WORKFLOWS[kind].name} on law-enforcement cooperation with {country}, no. {n}",
            "is_binding": kind == "cmaa",
            "is_reportable": kind == "cmaa",
            "state": rng.choices(states, weights)[0],
            "lock_version": 1,
            "country": country,
            "languages": ["en", SECOND_LANGUAGE[country]] if country in SECOND_LANGUAGE else ["en"],
            "counterpart_id": counterparts[country],
            "office_id": offices[country],
            "current_version_number": 0,
            "created_at": now,
            "updated_at": now,
        }


def load(app) -> None:
    """Fill the database with AGREEMENTS agreements unless it holds them already."""
    with app.app_context():
        have = db.session.scalar(select(func.count()).select_from(Agreement))
        if have == AGREEMENTS and db.session.scalar(select(User.id).where(User.email == "moscow@bench.example")):
            print(f"Reusing the {have:,} agreements already loaded.")
            return
        print(f"Loading {AGREEMENTS:,} agreements …", flush=True)
        began = time.perf_counter()
        empty_tables()
        offices = {c: users.create_office(f"A-{c}", f"Attaché Office {c}", [c]).id for c in COUNTRIES}
        users.create_user("pm@bench.example", "program_manager", name="Program Manager")
        users.create_user("moscow@bench.example", "attache", "A-RU", name="Attaché Moscow")
        db.session.flush()
        counterparts = {}
        for country in COUNTRIES:
            agency = Counterpart(name=f"Agency of {country}", country=country)
            db.session.add(agency)
            db.session.flush()
            counterparts[country] = agency.id
        rng = random.Random(2010)
        batch, areas = [], list(AREAS)
        for row in _agreement_rows(rng, offices, counterparts):
            batch.append(row)
            if len(batch) == BATCH:
                db.session.execute(insert(Agreement.__table__), batch)
                batch = []
        if batch:
            db.session.execute(insert(Agreement.__table__), batch)
        area_rows = [
            {"agreement_id": n, "area": area} for n in range(1, AGREEMENTS + 1) for area in rng.sample(areas, 1 + n % 2)
        ]
        for start in range(0, len(area_rows), BATCH):
            db.session.execute(insert(AgreementArea.__table__), area_rows[start : start + BATCH])
        db.session.execute(text("SELECT setval('agreements_id_seq', :n)"), {"n": AGREEMENTS})
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        print(f"Loaded in {time.perf_counter() - began:.1f} s.")


def timed(call, times: int) -> list[float]:
    """Milliseconds of each of ``times`` calls, after a short warm-up."""
    for _ in range(10):
        call()
    samples = []
    for _ in range(times):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


REGION_OF = {
    "north_america": "MX CA",
    "south_america": "CO BR AR CL PE EC PA GT HN SV DO JM",
    "europe": "RU GB IT DE FR ES NL BE PL UA",
    "middle_east_africa": "TR IL AE SA EG MA NG KE ZA",
    "asia_pacific": "TH CN JP KR PH VN ID IN PK AU NZ SG MY",
}


def place_and_age() -> None:
    """Each office under its region; each agreement in its state for (id × 37 mod 400) days, the same every run."""
    for region, countries in REGION_OF.items():
        db.session.execute(
            text("UPDATE offices SET region = :region WHERE code = ANY(:codes)"),
            {"region": region, "codes": [f"A-{c}" for c in countries.split()]},
        )
    db.session.execute(
        text("UPDATE agreements SET state_since = now() - make_interval(days => (id * 37) % 400) - interval '1 hour'")
    )
    db.session.commit()
    # Updating every row left a dead copy of each: vacuum them away, as autovacuum would before long.
    with psycopg.connect(libpq_url(), autocommit=True, connect_timeout=5) as conn:
        conn.execute("VACUUM ANALYZE agreements")


BASELINE = "program manager, first page"
GOAL = "program manager, open, days in state"
SCENARIOS = (
    (BASELINE, "pm@bench.example", {}),
    (GOAL, "pm@bench.example", {"state": "open", "sort": "-days_in_state"}),
    ("program manager, open, next deadline", "pm@bench.example", {"state": "open", "sort": "next_deadline"}),
    ("program manager, page 100", "pm@bench.example", {"page": 100}),
    ("program manager, in force CMAAs", "pm@bench.example", {"state": "in_force", "type": "cmaa"}),
    ("program manager, country MX", "pm@bench.example", {"country": "MX"}),
    ("attaché Moscow, first page", "moscow@bench.example", {}),
    ("attaché Moscow, in force", "moscow@bench.example", {"state": "in_force"}),
)


def main() -> None:
    """Load, measure each scenario and print p50/p95."""
    app = bench_app()
    load(app)
    with app.app_context():
        place_and_age()
        tokens = {}
        for email in ("pm@bench.example", "moscow@bench.example"):
            tokens[email] = users.issue_token(users.find_user(email))
        db.session.commit()
        client = app.test_client()
        probe = client.get("/api/v1/agreements", headers={"Authorization": f"Bearer {tokens['pm@bench.example']}"})
        through_api = probe.status_code == 200
        if not through_api:
            print(f"GET /api/v1/agreements answered {probe.status_code}: measuring the service list_agreements.")
        print(f"GET /api/v1/agreements, {REQUESTS} requests each, {AGREEMENTS:,} agreements on PostgreSQL:")
        print(f"  {'who, what':<40} {'visible':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
        figures = {}
        for label, email, params in SCENARIOS:
            headers = {"Authorization": f"Bearer {tokens[email]}"}
            if through_api:
                first = client.get("/api/v1/agreements", query_string=params, headers=headers)
                assert first.status_code == 200, first.get_data(as_text=True)[:300]
                total = first.get_json()["total"]
                samples = timed(
                    lambda p=params, h=headers: client.get("/api/v1/agreements", query_string=p, headers=h), REQUESTS
                )
            else:
                from agreements.services.agreements import list_agreements

                person = users.find_user(email)
                total = list_agreements(person, **params).total
                samples = timed(lambda p=params, u=person: list_agreements(u, **p).items, REQUESTS)
            p95 = figures[label] = percentile(samples, 0.95)
            print(f"  {label:<40} {total:>8,} {median(samples):>7.1f} {p95:>7.1f} {max(samples):>7.1f}")
        goal, baseline = figures[GOAL], figures[BASELINE]
        verdict = "met" if goal < GOAL_MS else "NOT met"
        print(
            f"Goal p95 < {GOAL_MS} ms for the open agreements by days in state: {verdict} ({goal:.1f} ms; the plain "
            f"first page in this run: {baseline:.1f} ms, ratio {goal / baseline:.2f}; worst of all "
            f"{max(figures.values()):.1f} ms)."
        )


if __name__ == "__main__":
    main()
