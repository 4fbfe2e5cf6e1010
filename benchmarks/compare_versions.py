"""Time to compare two versions of a 40-article bilingual (en/ru) agreement, p50 and p95 over 50 runs.

The later version rewords a quarter of the articles in both languages, adds one, removes one and
moves one, as a counterpart proposal does. Only the comparison is timed (both versions loaded once
from PostgreSQL beforehand; loading is a primary-key read). Goal: p95 < 100 ms.

Run: .venv/bin/python benchmarks/compare_versions.py   (BENCH_RUNS, BENCH_DATABASE_URL)
"""

from __future__ import annotations

import copy
import os
import time

from _bench import bench_app, empty_tables, median, percentile

from agreements.db import db
from agreements.services import agreements, users, versions
from agreements.services.compare import compare_texts, compare_versions

RUNS = int(os.environ.get("BENCH_RUNS", 50))
ARTICLES = 40
GOAL_MS = 100
EN = (
    "The Participants will, within the limits of their domestic law and available resources, exchange "
    "information on {topic}, including the identity and movements of persons suspected of involvement, "
    "the methods they use and the proceeds of their activities. Requests will be made in writing through "
    "the points of contact designated under this Memorandum and answered as promptly as possible."
)
RU = (
    "Участники в пределах своего внутреннего законодательства и имеющихся ресурсов обмениваются "
    "информацией о {topic}, включая сведения о личности и перемещениях лиц, подозреваемых в причастности, "
    "используемых ими методах и доходах от их деятельности. Запросы направляются в письменной форме через "
    "контактные лица, назначенные в соответствии с настоящим Меморандумом, и исполняются в кратчайшие сроки."
)


def bilingual_text(articles: int = ARTICLES) -> dict:
    """A 40-article text in English and Russian, each article distinct."""
    return {
        "preamble": {
            "en": "The Participants, desiring to strengthen cooperation,",
            "ru": "Участники, желая укрепить сотрудничество,",
        },
        "articles": [
            {
                "number": str(n),
                "heading": {"en": f"Cooperation in matter {n}", "ru": f"Сотрудничество по вопросу {n}"},
                "body": {"en": EN.format(topic=f"matter number {n}"), "ru": RU.format(topic=f"вопросе номер {n}")},
            }
            for n in range(1, articles + 1)
        ],
        "final_clauses": {"en": "Done in duplicate in English and Russian.", "ru": "Совершено в двух экземплярах."},
    }


def proposal(text: dict) -> dict:
    """The counterpart's proposal: every fourth article reworded, one added, one removed, one moved."""
    new = copy.deepcopy(text)
    for article in new["articles"][::4]:
        article["body"]["en"] = article["body"]["en"].replace("as promptly as possible", "within thirty days")
        article["body"]["ru"] = article["body"]["ru"].replace("в кратчайшие сроки", "в течение тридцати дней")
    moved = new["articles"].pop(5)
    new["articles"].insert(30, moved)
    del new["articles"][12]
    new["articles"].append(
        {
            "number": "99",
            "heading": {"en": "Settlement", "ru": "Урегулирование"},
            "body": {"en": "By consultation.", "ru": "Путём консультаций."},
        }
    )
    for n, article in enumerate(new["articles"], start=1):
        article["number"] = str(n)
    return new


def bilingual_agreement():
    """Empty tables, then a program manager and an English/Russian MOU without text, flushed."""
    empty_tables()
    users.create_office("MOW", "Attaché Office Moscow", ["RU"])
    pm = users.create_user("pm@bench.test", "program_manager", name="Pat Manager", password="bench bench bench")
    agreement = agreements.create_agreement(
        pm,
        {"type": "mou", "title": "Bench MOU", "counterpart": "Bench", "country": "RU", "languages": ["en", "ru"]},
    )
    return pm, agreement


def main() -> None:
    """Save the two versions, then time the comparison."""
    app = bench_app()
    with app.app_context():
        pm, agreement = bilingual_agreement()
        text = bilingual_text()
        versions.save_version(pm, agreement, text)
        versions.save_version(pm, agreement, {**proposal(text), "origin": "counterpart"})
        db.session.commit()
        result = compare_versions(agreement, 1, 2)
        print(f"summary: {len(result.summary)} sentences, e.g. {result.summary[:3]}")
        old, new = versions.get_version(agreement, 1), versions.get_version(agreement, 2)
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            compare_texts(old, new, ["en", "ru"])
            timings.append((time.perf_counter() - started) * 1000)
        full = []
        for _ in range(RUNS):
            started = time.perf_counter()
            compare_versions(agreement, 1, 2)
            full.append((time.perf_counter() - started) * 1000)
            db.session.expire_all()
        db.session.rollback()
    print(f"compare 40-article en/ru versions, {RUNS} runs:")
    print(f"  comparison alone:             p50 {median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms")
    print(f"  with both versions read (PG): p50 {median(full):.1f} ms, p95 {percentile(full, 0.95):.1f} ms")
    print(f"goal: p95 < {GOAL_MS} ms")


if __name__ == "__main__":
    main()
