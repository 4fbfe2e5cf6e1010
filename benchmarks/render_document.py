"""Time to render an agreement's PDF/A-3b document, against WeasyPrint alone on the same HTML.

Measured, warm, in one process:

* a 4-page bilingual (English/Russian) agreement, rendered through ``documents.render.render``
  (snapshot → HTML → locked fetcher → PDF), alternating with a bare WeasyPrint render of the same
  HTML with the same stylesheet and options (``HTML(string=html, base_url=...).write_pdf(...)``).
  The bare render must make the very same bytes, so both do the same work. Goals: p50 < 300 ms, and
  the product's p50 within 1.2× of the bare one (its own overhead stays small);
* a 40-article English/Arabic agreement: time and milliseconds per page (reported, no goal);
* whether the same snapshot renders to the same bytes, twice here and once in a fresh process
  (a signed document is rendered once and sealed; re-rendering its snapshot must give it back).

No database is needed: documents are rendered from plain snapshots, as the services do.

Run: .venv/bin/python benchmarks/render_document.py   (BENCH_RUNS, BENCH_LONG_RUNS)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

from _bench import median, percentile
from compare_versions import EN, RU
from pypdf import PdfReader
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from agreements.documents import render
from agreements.documents.fetcher import ASSETS
from agreements.documents.snapshot import Article, Language, SignatureBlock, Snapshot

RUNS = int(os.environ.get("BENCH_RUNS", 30))
LONG_RUNS = int(os.environ.get("BENCH_LONG_RUNS", 5))
GOAL_MS = 300
GOAL_RATIO = 1.2
PAGES = 4
AR = (
    "يتبادل المشاركون، في حدود قوانينهم الوطنية والموارد المتاحة لهم، المعلومات المتعلقة {topic}، بما في ذلك "
    "هوية الأشخاص المشتبه في تورطهم وتنقلاتهم، والأساليب التي يستخدمونها وعائدات أنشطتهم. وتُقدَّم الطلبات "
    "كتابةً عن طريق جهات الاتصال المعيَّنة بموجب هذه المذكرة، ويُرَدّ عليها في أقرب وقت ممكن."
)
# What differs between the two languages of the bench agreements beside the article text.
SECOND = {
    "ru": {
        "language": Language("ru", "Russian"),
        "text": RU,
        "topic": "вопросе номер {n}",
        "heading": "Сотрудничество по вопросу {n}",
        "preamble": "Участники, желая укрепить сотрудничество,",
        "final": "Совершено в двух экземплярах, каждый на английском и русском языках, оба текста имеют равную силу.",
        "country": "RU",
        "counterpart": ("Federal Customs Service of the Russian Federation", "Федеральная таможенная служба"),
        "signer": ("Ivan Petrov", "Deputy Head", "Moscow"),
    },
    "ar": {
        "language": Language("ar", "Arabic", "rtl"),
        "text": AR,
        "topic": "بالمسألة رقم {n}",
        "heading": "التعاون في المسألة رقم {n}",
        "preamble": "إن المشاركين، رغبةً منهم في تعزيز التعاون،",
        "final": "حُرِّرت من نسختين باللغتين الإنكليزية والعربية، ولكلا النصين الحجية ذاتها.",
        "country": "AE",
        "counterpart": ("Federal Authority for Customs of the United Arab Emirates", "الهيئة الاتحادية للجمارك"),
        "signer": ("Omar Al Hashimi", "Director General", "Abu Dhabi"),
    },
}


def bilingual_snapshot(articles: int, second: str = "ru", *, number: int = 1) -> Snapshot:
    """A signed English/<second> agreement of ``articles`` distinct articles; ``number`` varies every value."""
    other = SECOND[second]
    code = other["language"].code
    saved = dt.datetime(2026, 3, 2, 9, 30) + dt.timedelta(minutes=number)
    return Snapshot(
        agreement_id=number,
        reference=f"MOU-2026-{number:04d}",
        type_name="Memorandum of Understanding",
        title=f"Memorandum of Understanding on Customs Cooperation no. {number}",
        is_binding=False,
        our_agency="Office of International Affairs",
        counterpart=other["counterpart"][0],
        counterpart_local=other["counterpart"][1],
        country=other["country"],
        languages=(Language("en", "English"), other["language"]),
        version_number=3,
        version_saved_at=saved,
        text_sha256=hashlib.sha256(f"{number}/{articles}/{second}".encode()).hexdigest(),
        preamble={"en": "The Participants, desiring to strengthen cooperation,", code: other["preamble"]},
        articles=tuple(
            Article(
                str(n),
                {"en": f"Cooperation in matter {n}", code: other["heading"].format(n=n)},
                {
                    "en": EN.format(topic=f"matter number {n}.{number}"),
                    code: other["text"].format(topic=other["topic"].format(n=f"{n}.{number}")),
                },
            )
            for n in range(1, articles + 1)
        ),
        final_clauses={
            "en": "Done in duplicate in English and the other language, both texts equally authentic.",
            code: other["final"],
        },
        signatures=(
            SignatureBlock(
                "us", "Office of International Affairs", "Pat Manager", "Director", saved.date(), "Washington"
            ),
            SignatureBlock(
                "counterpart", other["counterpart"][0], *other["signer"][:2], saved.date(), other["signer"][2]
            ),
        ),
        signed_on=saved.date(),
        is_draft=False,
    )


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF, read back with pypdf."""
    return len(PdfReader(io.BytesIO(pdf)).pages)


def four_page_snapshot(second: str = "ru", *, number: int = 1) -> Snapshot:
    """The bilingual agreement with as many articles as fill exactly four pages (title page included).

    The count is found by rendering, so a change of layout keeps the figure about four pages.
    """
    articles = 10
    for _ in range(20):
        pages = page_count(render.render(bilingual_snapshot(articles, second, number=number)))
        if pages == PAGES:
            return bilingual_snapshot(articles, second, number=number)
        articles += 1 if pages < PAGES else -1
        if articles < 1:
            break
    raise SystemExit(f"No article count gives a {PAGES}-page document (last: {articles} articles, {pages} pages).")


def _bare_stylesheet() -> CSS:
    """The product's stylesheet, read straight from disk (parsed once, as the product does)."""
    return CSS(filename=str(ASSETS / "document.css"))


def bare_render(html: str, pdf_identifier: bytes, stylesheet: CSS, **extra) -> bytes:
    """WeasyPrint alone on the same HTML, with the options the product needs for the same output."""
    return HTML(string=html, base_url=ASSETS.as_uri() + "/").write_pdf(
        stylesheets=[stylesheet],
        presentational_hints=False,
        pdf_variant=render.PDF_VARIANT,
        pdf_identifier=pdf_identifier,
        custom_metadata=True,
        **extra,
    )


def timed(action) -> tuple[float, float]:
    """Milliseconds one call of ``action`` takes: on the clock, and of this process's CPU time.

    The CPU time is printed too because it does not grow when other programs share the machine.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def fresh_process_sha256() -> str:
    """The SHA-256 of the 4-page document rendered in a new Python process."""
    code = (
        "import hashlib, render_document as b; "
        "print(hashlib.sha256(b.render.render(b.four_page_snapshot())).hexdigest())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parent, capture_output=True, text=True
    )
    if out.returncode:
        sys.exit(f"The fresh rendering process failed:\n{out.stderr}")
    return out.stdout.strip().splitlines()[-1]


def main() -> None:
    """Render, check, time, and print the figures with their verdicts."""
    snapshot = four_page_snapshot()
    html, pdf_identifier = render.to_html(snapshot), render.identifier(snapshot)
    stylesheet = _bare_stylesheet()
    product_pdf = render.render(snapshot)
    bare_pdf = bare_render(html, pdf_identifier, stylesheet)
    pages = page_count(product_pdf)
    if pages != PAGES:
        sys.exit(f"The bench document has {pages} pages, not {PAGES}.")
    # Both sides must make the same document, or the comparison would not be fair.
    if bare_pdf != product_pdf:
        sys.exit("The bare WeasyPrint render does not give the product's bytes: the comparison would not be fair.")

    kept_fonts = FontConfiguration()
    contenders = {
        "product: render.render(snapshot)": lambda: render.render(snapshot),
        "bare WeasyPrint, same HTML": lambda: bare_render(html, pdf_identifier, stylesheet),
        "bare WeasyPrint, fonts kept": lambda: bare_render(html, pdf_identifier, stylesheet, font_config=kept_fonts),
    }
    for action in contenders.values():  # warm: templates, fonts, stylesheet
        for _ in range(3):
            action()
    timings: dict[str, list[float]] = {name: [] for name in contenders}
    cpu: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for run in range(RUNS):
        # Alternate the order, so that a busy moment of the machine falls on every side alike.
        for name in names[run % len(names) :] + names[: run % len(names)]:
            wall, used = timed(contenders[name])
            timings[name].append(wall)
            cpu[name].append(used)

    product, bare = names[0], names[1]
    bare_p50 = median(timings[bare])
    print(f"Render a {pages}-page English/Russian agreement ({len(snapshot.articles)} articles), {RUNS} runs, warm:")
    print(f"  {'':34} {'p50 ms':>8} {'p95 ms':>8} {'p50 / bare':>11} {'CPU p50 ms':>11}")
    for name in names:
        values = timings[name]
        ratio = median(values) / bare_p50
        print(
            f"  {name:34} {median(values):8.1f} {percentile(values, 0.95):8.1f} {ratio:11.2f} {median(cpu[name]):11.1f}"
        )
    product_p50 = median(timings[product])
    ratio = product_p50 / bare_p50
    print(f"  p50 {product_p50:.1f} ms: {'meets' if product_p50 < GOAL_MS else 'MISSES'} the goal of < {GOAL_MS} ms")
    print(f"  ratio {ratio:.2f}: {'meets' if ratio <= GOAL_RATIO else 'MISSES'} the goal of ≤ {GOAL_RATIO}× bare")
    print("  (the product keeps its fonts loaded between renders; the last row is WeasyPrint doing the same)")

    again = render.render(snapshot)
    render.render(bilingual_snapshot(5, "ar", number=2))  # something else in between
    third = render.render(snapshot)
    elsewhere = fresh_process_sha256()
    same = product_pdf == again == third and hashlib.sha256(product_pdf).hexdigest() == elsewhere
    print(f"Same snapshot, same bytes (3 renders here, 1 in a fresh process): {'yes' if same else 'NO'}")

    long = bilingual_snapshot(40, "ar")
    long_pdf = render.render(long)
    long_pages = page_count(long_pdf)
    long_timings = [timed(lambda: render.render(long))[0] for _ in range(LONG_RUNS)]
    long_p50 = median(long_timings)
    print(f"Render a 40-article English/Arabic agreement, {LONG_RUNS} runs, warm:")
    print(f"  {long_pages} pages, p50 {long_p50:.0f} ms, {long_p50 / long_pages:.1f} ms per page")


if __name__ == "__main__":
    main()
