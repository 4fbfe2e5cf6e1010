"""Latency of the deadline list (``GET /api/v1/deadlines`` and the ``/deadlines`` page) with 100,000 agreements
and 1,000,000 events on PostgreSQL, p50 and p95.

The agreements are bulk-inserted with core SQL (once; a later run reuses them) in a database of their own
(``BENCH_DEADLINES_DATABASE_URL``, by default ``agreements_bench_deadlines`` on the benchmark server), spread
over 47 countries, the four types and every state; those signed have signature and entry-into-force dates
over thirty years, most an expiry, a third of those an automatic renewal (some renewed already, the trail
says so), and nearly every transmitted one a transmittal of its text (the others stay overdue). Ten events
each fill the trail to 1,000,000 rows. Requests go through the Flask test client, as a program manager (sees
everything) and as the attaché in Moscow, for the default window (today to 180 days, with what is overdue)
and others. Goal: p95 < 100 ms.

Run: .venv/bin/python benchmarks/deadlines_latency.py   (BENCH_REQUESTS, BENCH_AGREEMENTS)
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import time

import psycopg
from _bench import BENCH_URL, ensure_database, libpq_url, median, percentile, truncate_tables
from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import make_url

from agreements import create_app
from agreements.db import db, utcnow
from agreements.models import Agreement, Counterpart, Transmittal, User
from agreements.services import users
from agreements.workflows import WORKFLOWS

URL = os.environ.get(
    "BENCH_DEADLINES_DATABASE_URL",
    make_url(BENCH_URL).set(database="agreements_bench_deadlines").render_as_string(hide_password=False),
)
AGREEMENTS = int(os.environ.get("BENCH_AGREEMENTS", 100_000))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 200))
EVENTS_EACH = 10
GOAL_MS = 100
BATCH = 5_000
TODAY = utcnow().date()
PASSWORD = "bench deadlines password"
PM, MOSCOW = "pm@deadlines.bench", "moscow@deadlines.bench"
COUNTRIES = (
    "RU MX GB CO TH IT CA DE FR ES NL BE PL UA TR IL AE SA EG MA NG KE ZA BR AR CL PE EC PA GT HN SV DO JM CN JP "
    "KR PH VN ID IN PK AU NZ SG MY"
).split()
STATE_WEIGHTS = {
    "in_force": 50,
    "termination_pending": 2,
    "terminated": 8,
    "expired": 10,
    "withdrawn": 5,
    "signed": 3,
    "drafting": 8,
}
SIGNED = ("signed", "in_force", "termination_pending", "terminated", "expired")


def app_on_its_database():
    """The app on the benchmark's own database, its schema upgraded through the migrations."""
    ensure_database(URL)
    app = create_app({"SQLALCHEMY_DATABASE_URI": URL, "TESTING": False})
    with app.app_context():
        from agreements.migrate import upgrade

        upgrade()
    return app


def _years_on(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _rows(rng: random.Random, offices: dict[str, int], counterparts: dict[str, int]):
    """Rows of the agreements table and of the transmittals, and the ids renewed already; the same every run."""
    now = utcnow()
    states, weights = list(STATE_WEIGHTS), list(STATE_WEIGHTS.values())
    kinds = list(WORKFLOWS)
    for n in range(1, AGREEMENTS + 1):
        kind = rng.choice(kinds)
        country = rng.choice(COUNTRIES)
        state = rng.choices(states, weights)[0]
        binding = kind == "cmaa"
        row = {
            "id": n,
            "reference": f"{kind.upper()}-{1995 + n % 31}-{n:06d}",
            "type": kind,
            "title": f"{WORKFLOWS[kind].name} with {country}, no. {n}",
            "is_binding": binding,
            "is_reportable": binding or rng.random() < 0.1,
            "state": state,
            "state_since": now,
            "lock_version": 1,
            "country": country,
            "languages": ["en"],
            "counterpart_id": counterparts[country],
            "office_id": offices[country],
            "current_version_number": 0,
            "created_at": now,
            "updated_at": now,
            "signed_on": None,
            "in_force_on": None,
            "expires_on": None,
            "renewal_years": None,
            "renewal_notice_days": None,
            "notice_on": None,
            "termination_effective_on": None,
        }
        sent, renewed = None, False
        if state in SIGNED:
            signed = TODAY - dt.timedelta(days=rng.randint(0, 30 * 365))
            row["signed_on"] = signed
            if state != "signed":
                row["in_force_on"] = signed + dt.timedelta(days=rng.randint(0, 60) if binding else 0)
            if rng.random() < 0.7:
                expires = _years_on(signed, rng.randint(3, 20))
                if state in ("in_force", "signed", "termination_pending") and expires <= TODAY:
                    expires = TODAY + dt.timedelta(days=rng.randint(1, 3650))
                if state == "expired" and expires > TODAY:
                    expires = TODAY - dt.timedelta(days=rng.randint(1, 3650))
                row["expires_on"] = expires
                if state != "expired" and rng.random() < 0.33:
                    row["renewal_years"] = rng.randint(1, 5)
                    row["renewal_notice_days"] = rng.choice([None, 30, 60, 90, 90, 180])
                    renewed = state == "in_force" and rng.random() < 0.5
            if state in ("termination_pending", "terminated"):
                row["notice_on"] = signed + dt.timedelta(days=rng.randint(30, 900))
                row["termination_effective_on"] = row["notice_on"] + dt.timedelta(days=90)
            if (row["is_binding"] or row["is_reportable"]) and rng.random() < 0.95:
                sent = signed + dt.timedelta(days=rng.randint(1, 25))
        row["text_sent_on"] = sent  # as services.transmittals keeps it
        yield row, sent, renewed


def _transmittal(agreement_id: int, sent_on: dt.date) -> dict:
    """A transmittal of the concluded text, sent on ``sent_on``."""
    return {
        "agreement_id": agreement_id,
        "kind": "text",
        "sent_on": sent_on,
        "reference": f"L/T {agreement_id}",
        "languages": ["en"],
        "documents": [],
        "created_at": utcnow(),
    }


def load(app) -> None:
    """Fill the database with AGREEMENTS agreements and their events unless it holds them already."""
    with app.app_context():
        have = db.session.scalar(select(func.count()).select_from(Agreement))
        if have == AGREEMENTS and db.session.scalar(select(User.id).where(User.email == MOSCOW)):
            print(f"Reusing the {have:,} agreements already loaded.")
            return
        print(f"Loading {AGREEMENTS:,} agreements and {AGREEMENTS * EVENTS_EACH:,} events …", flush=True)
        began = time.perf_counter()
        truncate_tables()
        offices = {c: users.create_office(f"A-{c}", f"Attaché Office {c}", [c]).id for c in COUNTRIES}
        users.create_user(PM, "program_manager", name="Program Manager", password=PASSWORD)
        users.create_user(MOSCOW, "attache", "A-RU", name="Attaché Moscow", password=PASSWORD)
        db.session.flush()
        counterparts = {}
        for country in COUNTRIES:
            agency = Counterpart(name=f"Agency of {country}", country=country)
            db.session.add(agency)
            db.session.flush()
            counterparts[country] = agency.id
        rng = random.Random(181)
        batch, sent_rows, renewed_ids = [], [], []
        for row, sent, renewed in _rows(rng, offices, counterparts):
            batch.append(row)
            if sent:
                sent_rows.append(_transmittal(row["id"], sent))
            if renewed:
                renewed_ids.append(row["id"])
            if len(batch) == BATCH:
                db.session.execute(insert(Agreement.__table__), batch)
                batch = []
        if batch:
            db.session.execute(insert(Agreement.__table__), batch)
        for start in range(0, len(sent_rows), BATCH):
            db.session.execute(insert(Transmittal.__table__), sent_rows[start : start + BATCH])
        # The trail: ten events each, the last a renewal for those renewed already.
        db.session.execute(
            text(
                "INSERT INTO events (agreement_id, seq, trigger, from_state, to_state, actor, created_at, comment, "
                "data, hash) SELECT a.id, s, CASE WHEN s = 1 THEN 'create' ELSE 'save_version' END, a.state, a.state, "
                "'bench', now(), '', '{}'::jsonb, md5(a.id::text || '-' || s::text) "
                "FROM agreements a CROSS JOIN generate_series(1, :each) AS s"
            ),
            {"each": EVENTS_EACH - 1},
        )
        db.session.execute(
            text(
                "INSERT INTO events (agreement_id, seq, trigger, from_state, to_state, actor, created_at, comment, "
                "data, hash) SELECT a.id, :seq, CASE WHEN a.id = ANY(:renewed) THEN 'renew' ELSE 'record_transmittal' "
                "END, a.state, a.state, 'bench', now(), '', '{}'::jsonb, md5(a.id::text || '-last') FROM agreements a"
            ),
            {"seq": EVENTS_EACH, "renewed": renewed_ids},
        )
        db.session.execute(text("SELECT setval('agreements_id_seq', :n)"), {"n": AGREEMENTS})
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        print(f"Loaded in {time.perf_counter() - began:.1f} s ({len(renewed_ids):,} renewed already).")


def settle_server() -> None:
    """CHECKPOINT the benchmark's database, so that the load's writes are not flushed while measuring."""
    try:
        with psycopg.connect(libpq_url(URL), autocommit=True, connect_timeout=5) as conn:
            conn.execute("CHECKPOINT")
    except psycopg.Error as exc:
        print(f"(no CHECKPOINT before measuring: {str(exc).strip()})")


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


def _signed_in_page(app):
    """A browser signed in as the program manager through the login form."""
    client = app.test_client()
    form = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
    data = {"email": PM, "password": PASSWORD, **({"csrf_token": token.group(1)} if token else {})}
    response = client.post("/login", data=data)
    return client if response.status_code in (302, 303) else None


def scenarios():
    """(label, who, path) of each measurement."""
    past = (TODAY - dt.timedelta(days=365)).isoformat(), (TODAY - dt.timedelta(days=1)).isoformat()
    soon = TODAY.isoformat(), (TODAY + dt.timedelta(days=30)).isoformat()
    return (
        ("program manager, default window", PM, "/api/v1/deadlines"),
        ("program manager, page 3", PM, "/api/v1/deadlines?page=3"),
        ("program manager, transmittals", PM, "/api/v1/deadlines?kind=transmittal"),
        ("program manager, next 30 days", PM, f"/api/v1/deadlines?from={soon[0]}&to={soon[1]}"),
        ("program manager, the past year", PM, f"/api/v1/deadlines?from={past[0]}&to={past[1]}"),
        ("attaché Moscow, default window", MOSCOW, "/api/v1/deadlines"),
    )


def main() -> None:
    """Load, measure each scenario and print p50/p95."""
    app = app_on_its_database()
    load(app)
    settle_server()
    with app.app_context():
        tokens = {email: users.issue_token(users.find_user(email)) for email in (PM, MOSCOW)}
        db.session.commit()
    client = app.test_client()
    print(f"Deadlines, {REQUESTS} requests each, {AGREEMENTS:,} agreements on PostgreSQL (today {TODAY}):")
    print(f"  {'who, what':<36} {'total':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    worst = 0.0
    for label, email, path in scenarios():
        headers = {"Authorization": f"Bearer {tokens[email]}"}
        first = client.get(path, headers=headers)
        assert first.status_code == 200, first.get_data(as_text=True)[:300]
        total = first.get_json()["total"]
        samples = timed(lambda p=path, h=headers: client.get(p, headers=h), REQUESTS)
        p95 = percentile(samples, 0.95)
        worst = max(worst, p95)
        print(f"  {label:<36} {total:>7,} {median(samples):>7.1f} {p95:>7.1f} {max(samples):>7.1f}")
    browser = _signed_in_page(app)
    if browser is None:
        print("  (the /deadlines page was not measured: the sign-in form did not accept the bench user)")
    else:
        samples = timed(lambda: browser.get("/deadlines"), REQUESTS)
        p95 = percentile(samples, 0.95)
        worst = max(worst, p95)
        label = "program manager, the /deadlines page"
        print(f"  {label:<36} {'':>7} {median(samples):>7.1f} {p95:>7.1f} {max(samples):>7.1f}")
    verdict = "met" if worst < GOAL_MS else "NOT met"
    print(f"Goal p95 < {GOAL_MS} ms: {verdict} (worst p95 {worst:.1f} ms).")


if __name__ == "__main__":
    main()
