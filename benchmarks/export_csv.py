"""The CSV export of 100,000 agreements (``GET /api/v1/agreements.csv``) on PostgreSQL: time and memory.

The agreements are those of ``list_latency.py`` (loaded once, reused). The export goes through the Flask test
client as a program manager (sees everything), read a chunk at a time as a client downloading it would; a
thread samples the process's resident memory (VmRSS) every 20 ms, so the peak during the export is reported
against the memory before it (a streamed export stays flat). The baseline in the same run: the same rows read
with a plain psycopg cursor and written by the csv module, the least any export could cost on this machine
today. Goals: under 10 s, memory flat.

Run: .venv/bin/python benchmarks/export_csv.py   (BENCH_AGREEMENTS, BENCH_DATABASE_URL)
"""

from __future__ import annotations

import csv
import io
import threading
import time

import psycopg
from _bench import bench_app, libpq_url, settle_server
from list_latency import AGREEMENTS, load, place_and_age

from agreements.db import db
from agreements.services import users

GOAL_S = 10


def rss_mib() -> float:
    """The process's resident memory now, in MiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class PeakMemory:
    """The highest resident memory seen while the block runs, sampled every 20 ms."""

    def __enter__(self):
        self.before = self.peak = rss_mib()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_mib())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mib())


def baseline() -> tuple[int, float]:
    """The same rows through a server-side psycopg cursor and the csv module: (rows, seconds)."""
    began = time.perf_counter()
    out, rows = io.StringIO(), 0
    with psycopg.connect(libpq_url()) as conn, conn.cursor(name="export") as cursor:
        cursor.itersize = 500
        cursor.execute(
            "SELECT a.reference, a.title, a.type, c.name, a.country, o.code, a.state, a.state_since, a.is_binding, "
            "a.signed_on, a.in_force_on, a.expires_on, a.created_at, a.updated_at FROM agreements a "
            "LEFT JOIN counterparts c ON c.id = a.counterpart_id LEFT JOIN offices o ON o.id = a.office_id "
            "ORDER BY a.id DESC"
        )
        writer = csv.writer(out)
        for row in cursor:
            writer.writerow(row)
            rows += 1
            if out.tell() > 1 << 20:
                out.seek(0)
                out.truncate()
    return rows, time.perf_counter() - began


def main() -> None:
    """Load, export once as the program manager, and print the time, the size and the memory."""
    app = bench_app()
    load(app)
    with app.app_context():
        place_and_age()
        token = users.issue_token(users.find_user("pm@bench.example"))
        db.session.commit()
    settle_server()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    with PeakMemory() as memory:
        began = time.perf_counter()
        response = client.get("/api/v1/agreements.csv", headers=headers, buffered=False)
        assert response.status_code == 200, response.status_code
        size, lines, first_byte = 0, 0, None
        for chunk in response.response:
            if first_byte is None:
                first_byte = time.perf_counter() - began
            size += len(chunk)
            lines += chunk.count(b"\n") if isinstance(chunk, bytes) else chunk.count("\n")
        response.close()
        took = time.perf_counter() - began
    rows, plain = baseline()
    print(f"GET /api/v1/agreements.csv as the program manager, {AGREEMENTS:,} agreements on PostgreSQL:")
    print(f"  rows {lines - 1:,}, {size / 2**20:.1f} MiB, first bytes after {first_byte * 1000:.0f} ms")
    print(
        f"  time {took:.2f} s; baseline (psycopg + csv, {rows:,} rows, same run) {plain:.2f} s, "
        f"ratio {took / plain:.1f}"
    )
    print(
        f"  memory: {memory.before:.0f} MiB before, peak {memory.peak:.0f} MiB during "
        f"(+{memory.peak - memory.before:.0f} MiB for {size / 2**20:.0f} MiB of CSV)"
    )
    verdict = "met" if took < GOAL_S else "NOT met"
    print(f"Goal < {GOAL_S} s: {verdict} ({took:.2f} s).")


if __name__ == "__main__":
    main()
