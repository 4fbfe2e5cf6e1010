"""Requests served while 50 slow clients stall, behind nginx: all of them, and their p95 against no stall.

gunicorn as the README runs it (`-w 2 --threads 4`, on a SQLite file made with the command line)
with nginx and deploy/nginx.conf in front, on free ports of 127.0.0.1. Ordinary traffic is what a
person does: open the sign-in page, sign in (BENCH_ROUNDS times, two requests each). It runs first
with no stalled client (the baseline), then while BENCH_STALLED clients (default 50) each hold a
`POST /login` whose body never finishes, reopened at once whenever nginx gives up on one. Last, the
same stall straight at gunicorn, for contrast: how many of a few requests it answers within 3 s.

Run: .venv/bin/python benchmarks/slow_clients.py   (BENCH_ROUNDS, BENCH_STALLED; needs nginx, no PostgreSQL)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from _bench import median, percentile

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "deploy"))

import proxytools  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", 50))
STALLED = int(os.environ.get("BENCH_STALLED", 50))
PASSWORD = "bench-password-1"
TIMEOUT = 10  # seconds a request may take before it counts as not served
DIRECT_PROBES, DIRECT_TIMEOUT = 4, 3


def traffic(base: str) -> tuple[list[proxytools.Answer], float]:
    """ROUNDS sign-ins as a person does them, and the seconds they took in all."""
    started = time.monotonic()
    answers = [answer for _ in range(ROUNDS) for answer in proxytools.sign_in_round(base, PASSWORD, TIMEOUT)]
    return answers, time.monotonic() - started


def served(answers: list[proxytools.Answer]) -> int:
    """Answers that are what a person expects: the page (200) or the signed-in redirect (303), in time."""
    return sum(1 for a in answers if (a.what, a.status) in (("GET /login", 200), ("POST /login", 303)))


def report(label: str, answers: list[proxytools.Answer], elapsed: float) -> float:
    """Print one line of figures; the p95 in milliseconds."""
    ms = [a.seconds * 1000 for a in answers]
    p95 = percentile(ms, 0.95)
    print(
        f"{label:34} served {served(answers):3} of {ROUNDS * 2:3}  p50 {median(ms):7.1f} ms  p95 {p95:7.1f} ms  "
        f"max {max(ms):7.1f} ms  ({elapsed:.1f} s)"
    )
    return p95


def main() -> None:
    """Baseline, the stall behind nginx, the stall straight at gunicorn; print the figures."""
    if not proxytools.find_nginx():
        sys.exit("This benchmark needs nginx: install the Debian package 'nginx' (make install does).")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        url = proxytools.prepare_database(folder, PASSWORD)
        env = proxytools.server_env(url, TRUSTED_PROXIES="1", LOGIN_RATE_LIMIT="100000 per minute")
        with proxytools.gunicorn(folder / "gunicorn", env) as upstream:
            with proxytools.nginx(folder / "nginx", upstream) as port:
                base = f"http://127.0.0.1:{port}"
                proxytools.sign_in_round(base, PASSWORD, TIMEOUT)  # warm both workers' first sign-in
                print(f"gunicorn -w 2 --threads 4 behind nginx (deploy/nginx.conf); {ROUNDS * 2} ordinary requests")
                baseline, baseline_elapsed = traffic(base)
                with proxytools.Stallers(port, STALLED) as stallers:
                    stalled, stalled_elapsed = traffic(base)
                    reopened = stallers.closed_by_server
            base_p95 = report("no stalled client (baseline)", baseline, baseline_elapsed)
            stall_p95 = report(f"{STALLED} stalled clients", stalled, stalled_elapsed)
            print(f"p95 with {STALLED} stalled clients: {stall_p95:.1f} ms against {base_p95:.1f} ms without")
            print(f"stalled requests nginx timed out and the clients reopened meanwhile: {reopened}")

            direct = f"http://127.0.0.1:{upstream}"
            with proxytools.Stallers(upstream, STALLED):
                probes = proxytools.page_requests(direct, DIRECT_PROBES, DIRECT_TIMEOUT)
            answered = sum(1 for a in probes if a.status == 200)
            print(
                f"the same {STALLED} stalled clients straight at gunicorn: "
                f"{answered} of {DIRECT_PROBES} requests answered within {DIRECT_TIMEOUT} s"
            )


if __name__ == "__main__":
    main()
