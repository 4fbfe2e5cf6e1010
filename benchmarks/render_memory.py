"""Memory of a rendering process over 100 renders: RSS after 1, 10, 50 and 100 documents.

A fresh Python process renders 100 documents one after the other, as a long-running worker does:
each a different signed agreement (its own reference, text and dates), alternating English/Russian
and English/Arabic, about four pages each, through ``documents.render.render``. Its resident set
size is read from /proc after the 1st, 10th, 50th and 100th render (without forcing a garbage
collection). The first renders load fonts, templates and code; after them, memory must stay flat.
Goal: RSS after 100 renders at most 20% above RSS after 10.

Run: .venv/bin/python benchmarks/render_memory.py   (BENCH_RENDERS, default 100)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

RENDERS = int(os.environ.get("BENCH_RENDERS", 100))
CHECKPOINTS = sorted({n for n in (1, 10, 50, 100) if n <= RENDERS} | {RENDERS})
GOAL_GROWTH = 0.20


def rss_kib() -> int:
    """This process's resident set size now, in KiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("VmRSS is not in /proc/self/status: the memory figure needs Linux")


def child() -> None:
    """Render RENDERS documents and print the RSS at each checkpoint as JSON (runs in the subprocess)."""
    from render_document import bilingual_snapshot

    from agreements.documents import render

    figures = {"before": rss_kib()}
    for n in range(1, RENDERS + 1):
        # Four pages each: 7 articles in English/Russian, 6 in English/Arabic.
        snapshot = bilingual_snapshot(7, "ru", number=n) if n % 2 else bilingual_snapshot(6, "ar", number=n)
        pdf = render.render(snapshot)
        if not pdf.startswith(b"%PDF-"):
            sys.exit(f"Render {n} did not give a PDF.")
        if n in CHECKPOINTS:
            figures[str(n)] = rss_kib()
    print(json.dumps(figures))


def main() -> None:
    """Run the renders in a fresh process, so that the figure is the renderer's own, and print the table."""
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child"],
        cwd=Path(__file__).resolve().parent,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        sys.exit(f"The rendering process failed:\n{out.stderr}")
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"RSS of a fresh rendering process over {RENDERS} renders of different ~4-page agreements:")
    print(f"  {'after':>12} {'RSS MiB':>8}")
    print(f"  {'(imports)':>12} {figures['before'] / 1024:8.1f}")
    for n in CHECKPOINTS:
        print(f"  {f'{n} render' + ('s' if n > 1 else ''):>12} {figures[str(n)] / 1024:8.1f}")
    if "10" in figures:
        last = str(CHECKPOINTS[-1])
        growth = figures[last] / figures["10"] - 1
        verdict = "meets" if growth <= GOAL_GROWTH else "MISSES"
        print(f"  growth from 10 to {last} renders: {growth:+.1%}: {verdict} the goal of ≤ {GOAL_GROWTH:.0%}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        child()
    else:
        main()
