"""Search on PostgreSQL and on SQLite with 10,000 agreements and 200,000 bilingual articles.

For each database (PostgreSQL: the benchmark database; SQLite: a fresh file in a temporary
directory) the agreements of ``_search_data`` are bulk-loaded, then indexed by
``services.search.reindex`` (timed: goal < 5 minutes), and these are measured, p50 and p95:

- searches through ``services.search.search``, each as a request makes it (a fresh session, the
  person loaded, the search, commit): a rare word, two words, a quoted phrase, a filtered search
  (country and in force on a date), a word in every article (goal p95 < 150 ms; the others < 50 ms),
  and the attaché in Mexico City looking for a word found only in agreements with Russia next to a
  word found nowhere (they must take alike: what the index holds for other countries must not
  show). Each search alternates with opening one agreement through ``services.agreements`` (the
  baseline: the same request's cost without the search);
- saving a 40-article English/Russian text through ``services.versions.save_version`` (each save
  rewording a quarter of the articles) with its indexing and with the index call made a no-op, in
  alternating runs; what indexing adds (goal p95 < 10 ms);
- the attaché in Moscow's terms page (goal p95 < 50 ms) and search page rendered in full (goal p95 <
  80 ms) through the Flask test client, alternating with the change-password page (the baseline: a
  signed-in page that reads nothing but the person).

It prints every figure with its goal and "met" or "NOT met", and exits 0 whatever they are (1 only
when a database could not be measured at all, after measuring the other).

Run: .venv/bin/python benchmarks/search.py
  BENCH_SEARCH_AGREEMENTS (10000), BENCH_SEARCH_ARTICLES (20 per agreement), BENCH_SEARCH_RUNS (40),
  BENCH_SEARCH_SECONDS (25: at most this long per measurement, once 10 runs are in),
  BENCH_SEARCH_BACKENDS ("postgresql,sqlite"), BENCH_DATABASE_URL
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg
from _bench import bench_app, empty_tables, libpq_url, median, percentile, settle_server
from _search_data import (
    AGREEMENTS,
    ARTICLES,
    EVERYWHERE,
    NOWHERE,
    PASSWORD,
    PHRASE,
    RARE,
    RUSSIA_ONLY,
    TWO_WORDS,
    load,
    save_texts,
)

from agreements import create_app
from agreements.db import db
from agreements.models import User
from agreements.services import agreements, search, versions

RUNS = int(os.environ.get("BENCH_SEARCH_RUNS", 40))
WARM_UP = 5
# A measurement stops early (after at least MIN_RUNS rounds) once it has taken this long, so that a
# search gone slow (seconds each) does not hold `make bench` for many minutes; the count is printed.
BUDGET_S = float(os.environ.get("BENCH_SEARCH_SECONDS", 25))
MIN_RUNS = 10
BACKENDS = [b.strip() for b in os.environ.get("BENCH_SEARCH_BACKENDS", "postgresql,sqlite").split(",") if b.strip()]
BUILD_GOAL_S = 300
SEARCH_GOAL_MS, BROAD_GOAL_MS = 50, 150
SAVE_GOAL_MS = 10
TERMS_GOAL_MS, SEARCH_PAGE_GOAL_MS = 50, 80
# The attaché's two searches are alike when their medians differ by at most this much (or 1 ms).
ALIKE_SHARE = 0.25

SEARCHES = (
    # (label, who, params, goal)
    (f"rare word ({RARE})", "pm", {"q": RARE}, SEARCH_GOAL_MS),
    (f"two words ({TWO_WORDS})", "pm", {"q": TWO_WORDS}, SEARCH_GOAL_MS),
    (f'phrase ("{PHRASE}")', "pm", {"q": f'"{PHRASE}"'}, SEARCH_GOAL_MS),
    (
        "filtered (information, RU, in force 2015-06-30)",
        "pm",
        {"q": "information", "country": "RU", "in_force_on": "2015-06-30"},
        SEARCH_GOAL_MS,
    ),
    (f"word in every article ({EVERYWHERE})", "pm", {"q": EVERYWHERE}, BROAD_GOAL_MS),
    ("attaché Moscow, two words", "moscow", {"q": TWO_WORDS}, SEARCH_GOAL_MS),
)


@dataclass
class Figure:
    """One measured figure: p50 and p95 in milliseconds (seconds for the index build), its goal on
    p95 and the baseline measured beside it."""

    label: str
    p50: float
    p95: float
    goal: float | None
    baseline: tuple[float, float] | None = None
    note: str = ""
    unit: str = "ms"
    verdict: str | None = None  # when the goal is not "p95 below"

    @property
    def met(self) -> str:
        """Whether the goal is met, as printed."""
        if self.verdict is not None:
            return self.verdict
        if self.goal is None:
            return ""
        return "met" if self.p95 < self.goal else "NOT met"

    def line(self) -> str:
        """The figure as one printed line."""
        unit = self.unit
        if unit == "s":  # measured once
            out = f"  {self.label:<52} took {self.p95:.1f} s  goal < {self.goal:g} s: {self.met}"
        else:
            out = f"  {self.label:<52} p50 {self.p50:8.1f} {unit:<2} p95 {self.p95:8.1f} {unit:<2}"
        if self.goal is not None and unit != "s":
            out += f"  goal p95 < {self.goal:g} {unit}: {self.met}"
        elif self.verdict:
            out += f"  {self.verdict}"
        if self.baseline:
            out += f"  | baseline p50 {self.baseline[0]:.1f}, p95 {self.baseline[1]:.1f} {unit}"
        if self.note:
            out += f"  ({self.note})"
        return out


def _stats(samples: list[float]) -> tuple[float, float]:
    """p50 and p95."""
    return median(samples), percentile(samples, 0.95)


def alternate(calls: list[Callable[[], float]], runs: int = RUNS) -> list[list[float]]:
    """Milliseconds of each call, the calls taking turns (their order reversed every other round) so
    that a change in the machine's load strikes them all alike; the first WARM_UP rounds are dropped.
    Stops after BUDGET_S seconds once MIN_RUNS rounds are measured."""
    samples: list[list[float]] = [[] for _ in calls]
    began = time.perf_counter()
    for n in range(WARM_UP + runs):
        order = list(range(len(calls)))
        if n % 2:
            order.reverse()
        for i in order:
            elapsed = calls[i]()
            if n >= WARM_UP:
                samples[i].append(elapsed)
        if n >= WARM_UP + MIN_RUNS - 1 and time.perf_counter() - began > BUDGET_S:
            break
    return samples


def _runs(samples: list[float]) -> str:
    """A note when a measurement stopped early."""
    return "" if len(samples) >= RUNS else f"; only {len(samples)} runs in {BUDGET_S:g} s"


# --- the databases ------------------------------------------------------------------------------------
def postgresql_app():
    """The app on the benchmark PostgreSQL database, emptied."""
    app = bench_app()
    with app.app_context():
        empty_tables()
    return app


def sqlite_app(directory: str):
    """The app on a new SQLite file, migrated."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(directory) / 'search.db'}", "TESTING": False})
    with app.app_context():
        from agreements.migrate import upgrade

        upgrade()
    return app


def build(app, backend: str) -> tuple[object, Figure, str]:
    """Load the agreements, then index them with ``reindex``; the load report, the build's figure
    and a line saying what was indexed."""
    with app.app_context():
        loaded = load()
        print(
            f"  loaded {loaded.agreements:,} agreements, {loaded.articles:,} articles (each in two languages) "
            f"in {loaded.seconds:.1f} s",
            flush=True,
        )
        began = time.perf_counter()
        marks = iter((0.25, 0.5, 0.75))
        next_mark = [next(marks)]

        def progress(done: int, total: int, passages: int) -> None:
            """A line at each quarter, so that a long build shows it is alive."""
            if next_mark[0] is not None and done >= next_mark[0] * total:
                took = time.perf_counter() - began
                print(f"    indexed {done:,}/{total:,} agreements, {passages:,} passages, {took:.0f} s", flush=True)
                next_mark[0] = next(marks, None)

        indexed, passages, articles = search.reindex(progress)
        db.session.commit()
        seconds = time.perf_counter() - began
        db.session.remove()
    if backend == "postgresql":
        # What autovacuum does soon after a bulk insert: statistics for the planner, and the GIN
        # index's pending list merged, so that every run is measured in the same state.
        with psycopg.connect(libpq_url(), autocommit=True) as conn:
            conn.execute("VACUUM (ANALYZE) search_entries")
            conn.execute("ANALYZE")
        settle_server()
    figure = Figure(
        "index build (services.search.reindex)",
        seconds,
        seconds,
        BUILD_GOAL_S,
        unit="s",
        note=f"bulk load of the same texts took {loaded.seconds:.0f} s",
    )
    what = (
        f"  indexed {indexed:,} agreements: {passages:,} passages, {articles:,} of them articles "
        f"({passages / seconds:,.0f} passages/s)"
    )
    return loaded, figure, what


# --- searching ----------------------------------------------------------------------------------------
def _searching(app, user_id: int, params: dict, found: list) -> Callable[[], float]:
    """One search as a request makes it, timed; ``found`` gets the count it showed."""

    def run() -> float:
        with app.app_context():
            user = db.session.get(User, user_id)  # what the sign-in does before the view runs
            began = time.perf_counter()
            results = search.search(user, params)
            db.session.commit()
            took = (time.perf_counter() - began) * 1000
            found[:] = [results.total_label]
            db.session.remove()
        return took

    return run


def _opening(app, user_id: int, agreement_id: int) -> Callable[[], float]:
    """Opening one agreement as a request does, timed: the baseline of the searches."""

    def run() -> float:
        with app.app_context():
            user = db.session.get(User, user_id)
            began = time.perf_counter()
            agreements.get_agreement(user, agreement_id)
            db.session.commit()
            took = (time.perf_counter() - began) * 1000
            db.session.remove()
        return took

    return run


def searches(app, loaded) -> list[Figure]:
    """Each search, alternating with opening an agreement; then the attaché in Mexico City's two."""
    people = loaded.user_ids
    figures = []
    for label, who, params, goal in SEARCHES:
        found: list = []
        timed, baseline = alternate(
            [_searching(app, people[who], params, found), _opening(app, people[who], loaded.longest_russian)]
        )
        note = f"{found[0]} passages{_runs(timed)}"
        figures.append(Figure(label, *_stats(timed), goal, _stats(baseline), note=note))
        print(figures[-1].line(), flush=True)
    russian, nowhere, exists = [], [], []
    pair = alternate(
        [
            _searching(app, people["mexico"], {"q": RUSSIA_ONLY}, russian),
            _searching(app, people["mexico"], {"q": NOWHERE}, nowhere),
        ]
    )
    _searching(app, people["pm"], {"q": RUSSIA_ONLY}, exists)()
    (a50, a95), (b50, b95) = _stats(pair[0]), _stats(pair[1])
    alike = abs(a50 - b50) <= max(1.0, ALIKE_SHARE * max(a50, b50))
    figures.append(
        Figure(
            f"attaché Mexico: {RUSSIA_ONLY} (only in RU texts)",
            a50,
            a95,
            SEARCH_GOAL_MS,
            note=f"{russian[0]} passages; the program manager finds {exists[0]}{_runs(pair[0])}",
        )
    )
    figures.append(
        Figure(f"attaché Mexico: {NOWHERE} (nowhere)", b50, b95, SEARCH_GOAL_MS, note=f"{nowhere[0]} passages")
    )
    figures.append(
        Figure(
            "  the two Mexico searches (difference of p50, p95)",
            a50 - b50,
            a95 - b95,
            None,
            verdict="alike" if alike else "NOT alike",
            note=f"alike: p50s within {ALIKE_SHARE:.0%} of each other or 1 ms",
        )
    )
    for figure in figures[-3:]:
        print(figure.line(), flush=True)
    return figures


# --- saving -------------------------------------------------------------------------------------------
def saves(app, loaded) -> list[Figure]:
    """Saving a 40-article English/Russian text with its indexing and with the index call a no-op, alternating."""
    with app.app_context():
        pm = db.session.get(User, loaded.user_ids["pm"])
        opened = agreements.create_agreement(
            pm,
            {
                "type": "mou",
                "title": "Memorandum of Understanding on the saving of texts",
                "counterpart": "Federal Customs Service of the Russian Federation",
                "country": "RU",
                "languages": ["en", "ru"],
            },
        )
        db.session.commit()
        agreement_id = opened.id
        db.session.remove()
    texts = save_texts(40)
    indexing = versions.index_agreement
    turn = [0]

    def saving(indexed: bool) -> Callable[[], float]:
        """One save, as the edge makes it, with or without the index call."""

        def run() -> float:
            versions.index_agreement = indexing if indexed else (lambda *args, **kwargs: None)
            try:
                with app.app_context():
                    user = db.session.get(User, loaded.user_ids["pm"])
                    began = time.perf_counter()
                    agreement = agreements.get_agreement(user, agreement_id)
                    payload = {**texts[turn[0] % 2], "base_version": agreement.current_version_number}
                    versions.save_version(user, agreement, payload)
                    db.session.commit()
                    took = (time.perf_counter() - began) * 1000
                    db.session.remove()
            finally:
                versions.index_agreement = indexing
            turn[0] += 1
            return took

        return run

    with_index, without = alternate([saving(True), saving(False)])
    (w50, w95), (o50, o95) = _stats(with_index), _stats(without)
    paired = [a - b for a, b in zip(with_index, without, strict=True)]
    figures = [
        Figure("save 40-article en/ru text, indexed", w50, w95, None),
        Figure("save 40-article en/ru text, index call a no-op", o50, o95, None),
        Figure(
            "  added by indexing (p50 − p50, p95 − p95)",
            w50 - o50,
            w95 - o95,
            SAVE_GOAL_MS,
            note=f"run by run: median {statistics.median(paired):.1f} ms, p95 {percentile(paired, 0.95):.1f} ms",
        ),
    ]
    for figure in figures:
        print(figure.line(), flush=True)
    return figures


# --- pages --------------------------------------------------------------------------------------------
def _signed_in(app, email: str):
    """A test client signed in through the sign-in form (with its CSRF token)."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    if answer.status_code not in (302, 303):
        raise RuntimeError(f"signing in as {email} answered {answer.status_code}")
    return client


def _getting(client, url: str, sizes: list) -> Callable[[], float]:
    """One GET through the test client, timed; ``sizes`` gets the page's size."""

    def run() -> float:
        began = time.perf_counter()
        answer = client.get(url)
        took = (time.perf_counter() - began) * 1000
        if answer.status_code != 200:
            raise RuntimeError(f"GET {url} answered {answer.status_code}: {answer.get_data(as_text=True)[:300]}")
        sizes[:] = [len(answer.data)]
        return took

    return run


def pages(app, loaded) -> list[Figure]:
    """The attaché in Moscow's terms page and search page, each alternating with the password page."""
    from _search_data import MOSCOW

    client = _signed_in(app, MOSCOW)
    baseline_url = "/account/password"
    wanted = (
        (
            f"terms page (/agreements/{loaded.longest_russian}/terms?lang=ru)",
            f"/agreements/{loaded.longest_russian}/terms?lang=ru",
            TERMS_GOAL_MS,
        ),
        ("search page (/search?q=информация), in full", "/search?q=информация", SEARCH_PAGE_GOAL_MS),
        (
            f"search page (/search?q={TWO_WORDS}), in full",
            f"/search?q={TWO_WORDS.replace(' ', '+')}",
            SEARCH_PAGE_GOAL_MS,
        ),
    )
    figures = []
    for label, url, goal in wanted:
        sizes: list = []
        try:
            page, baseline = alternate([_getting(client, url, sizes), _getting(client, baseline_url, [])])
        except RuntimeError as failure:
            figures.append(Figure(label, float("nan"), float("nan"), goal, verdict="NOT measured", note=str(failure)))
        else:
            note = f"{sizes[0] // 1024} KB{_runs(page)}"
            figures.append(Figure(label, *_stats(page), goal, _stats(baseline), note=note))
        print(figures[-1].line(), flush=True)
    return figures


# --- the whole --------------------------------------------------------------------------------------
def run_backend(backend: str, directory: str) -> list[Figure]:
    """Load, index and measure on one database."""
    began = time.perf_counter()
    print(f"--- {backend} ---", flush=True)
    app = postgresql_app() if backend == "postgresql" else sqlite_app(directory)
    loaded, built, what = build(app, backend)
    print(built.line())
    print(what, flush=True)
    print(
        f"  searches through services.search.search, {RUNS} runs each after {WARM_UP} warm-up "
        "(baseline: opening one agreement, alternating):"
    )
    figures = [built, *searches(app, loaded)]
    print(f"  saving a version, {RUNS} runs each, alternating:")
    figures += saves(app, loaded)
    print(
        f"  pages through the test client as the attaché in Moscow, {RUNS} runs each "
        "(baseline: /account/password, alternating):"
    )
    figures += pages(app, loaded)
    with app.app_context():
        db.engine.dispose()
    print(f"  ({backend} took {time.perf_counter() - began:.0f} s in all)", flush=True)
    return figures


def main() -> None:
    """Every figure on each database, then all of them side by side."""
    began = time.perf_counter()
    print(f"Search with {AGREEMENTS:,} agreements and {ARTICLES:,} articles in English and a second language.")
    results, failed = {}, []
    with tempfile.TemporaryDirectory(prefix="search-bench-") as directory:
        for backend in BACKENDS:
            try:
                results[backend] = run_backend(backend, directory)
            except Exception:  # the other database is still measured; the run then fails
                traceback.print_exc()
                print(f"  {backend}: NOT measured (the error above)", flush=True)
                failed.append(backend)
    if not results:
        sys.exit(1)
    print()
    print("Summary (p95; goal; met or not):")
    labels = [f.label for f in next(iter(results.values()))]
    print(f"  {'':<52} " + " ".join(f"{b:<24}" for b in results))
    for n, label in enumerate(labels):
        cells = []
        for figures in results.values():
            figure = figures[n]
            cells.append(f"{figure.p95:8.1f} {figure.unit:<2} {figure.met:<9}")
        print(f"  {label:<52} " + " ".join(f"{c:<24}" for c in cells))
    print(f"(all took {time.perf_counter() - began:.0f} s)")
    if failed:
        sys.exit(f"Not measured because of an error: {', '.join(failed)}.")


if __name__ == "__main__":
    main()
