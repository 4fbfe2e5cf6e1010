"""The API's own cost: p50 and p95 of ``GET /api/v1/agreements/{id}`` and of a transition through the API
(``POST /api/v1/agreements/{id}/transitions``), before and after the API was declared with models, in one run.

"Before" is the app as it stood before ``@operation`` and the pydantic models (the parent of commit 94df522),
checked out in a throwaway ``git worktree`` (removed at the end, also on failure); "after" is this tree. Each
runs in a process of its own (``_api_cost_worker.py``, importing its own tree), one worker, on a SQLite file of
its own (in /dev/shm where there is one: the disk's delays are not the API's), loaded with the same agreements
through the services; requests go through the Flask test client with a bearer token. Batches alternate between
the two (before first in one round, after first in the next), so that a change in the machine's load strikes both
alike; the first batch of each is a warm-up, not counted. Goal: after/before ≤ 1.1 for each p95. With
BENCH_PROFILE=1, the top of a cProfile of one batch of each is printed too (where the time goes).

Run: .venv/bin/python benchmarks/api_cost.py   (BENCH_ROUNDS, BENCH_BATCH, BENCH_AGREEMENTS, BENCH_PROFILE,
BENCH_TMP: where the SQLite files go)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _bench import median, percentile

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).resolve().parent / "_api_cost_worker.py"
PORTED = "94df522"  # the commit that declared the API with models: "before" is its parent
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 12))
BATCH = int(os.environ.get("BENCH_BATCH", 50))  # requests of one kind in one batch
AGREEMENTS = int(os.environ.get("BENCH_AGREEMENTS", 300))
PROFILE = os.environ.get("BENCH_PROFILE", "") not in ("", "0")
# The SQLite files in memory where the machine has it (/dev/shm): the figure is the API's work, not the disk's.
RUN_DIR = os.environ.get("BENCH_TMP") or ("/dev/shm" if os.path.isdir("/dev/shm") else None)
GOAL = 1.1
OPERATIONS = (("get", "GET /api/v1/agreements/{id}"), ("fire", "POST /api/v1/agreements/{id}/transitions"))


def git(*args: str) -> str:
    """Run git in this tree; its output."""
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


class App:
    """One tree's app in its worker process: send a command, read its answer."""

    def __init__(self, name: str, tree: Path, workdir: Path) -> None:
        workdir.mkdir()
        env = {
            **os.environ,
            "PYTHONPATH": str(tree),
            "API_COST_DIR": str(workdir),
            "API_COST_AGREEMENTS": str(AGREEMENTS),
            "SECRET_KEY": "benchmark",
            "MAIL_SERVER": "",
        }
        env.pop("DATABASE_URL", None)
        self.name = name
        self.stderr = (workdir / "stderr.txt").open("w")
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER)],
            cwd=tree,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
        )
        self.workdir = workdir

    def answer(self) -> dict:
        """The worker's next answer (a line of JSON; anything else it prints is passed over)."""
        for line in self.process.stdout:
            if line.startswith("{"):
                return json.loads(line)
        tail = (self.workdir / "stderr.txt").read_text()[-3000:]
        raise RuntimeError(f"the {self.name} app stopped:\n{tail}")

    def ask(self, command: str) -> dict:
        """Send one command, wait for its answer."""
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.answer()

    def close(self) -> None:
        """End the worker."""
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.stderr.close()


def measure(apps: dict[str, App]) -> dict[tuple[str, str], list[float]]:
    """Alternate batches of each operation between the apps; the milliseconds of each request, per app and
    operation (the warm-up round left out)."""
    samples: dict[tuple[str, str], list[float]] = {(a, op): [] for a in apps for op, _ in OPERATIONS}
    statuses: dict[tuple[str, str], dict[str, int]] = {key: {} for key in samples}
    for round_ in range(ROUNDS + 1):
        order = list(apps) if round_ % 2 == 0 else list(reversed(apps))
        for op, _ in OPERATIONS:
            for name in order:
                answer = apps[name].ask(f"{op} {BATCH}")
                if round_:
                    samples[(name, op)] += answer["ms"]
                for status, count in answer["statuses"].items():
                    statuses[(name, op)][status] = statuses[(name, op)].get(status, 0) + count
    for (name, op), seen in statuses.items():
        if set(seen) - {"200"}:
            print(f"  ({name}, {op}: statuses {seen}: not every request succeeded)")
    return samples


def report(samples: dict[tuple[str, str], list[float]]) -> None:
    """p50 and p95 of each operation before and after, the ratio, and the verdict."""
    print(f"  {'operation':<44} {'':<7} {'p50 ms':>7} {'p95 ms':>7}")
    verdicts = []
    for op, label in OPERATIONS:
        p95 = {}
        for name in ("before", "after"):
            values = samples[(name, op)]
            p95[name] = percentile(values, 0.95)
            print(f"  {label:<44} {name:<7} {median(values):>7.2f} {p95[name]:>7.2f}")
        ratio = p95["after"] / p95["before"]
        verdict = "met" if ratio <= GOAL else "NOT met"
        verdicts.append(verdict)
        print(f"  {'':<44} {'ratio':<7} {'':>7} {ratio:>7.2f}  (after/before p95; goal ≤ {GOAL}: {verdict})")
    overall = "met" if all(v == "met" for v in verdicts) else "NOT met"
    print(f"Goal: the API's p95 no worse than {GOAL}x before, for both operations: {overall}.")


def profiles(apps: dict[str, App]) -> None:
    """Where the time of one batch of each operation goes, in each app."""
    for op, label in OPERATIONS:
        for name, app in apps.items():
            print(f"--- cProfile, {BATCH} x {label}, {name} ---")
            print("\n".join(app.ask(f"profile {op} {BATCH}")["profile"].splitlines()[:60]))


def main() -> None:
    """Check out "before", start both apps, measure alternately, print the figures; always clean up."""
    try:
        before_commit = git("rev-parse", f"{PORTED}^")
    except subprocess.CalledProcessError as exc:
        print(f"Cannot find the commit before {PORTED} ({exc.stderr.strip()}): nothing measured.")
        return
    scratch = Path(tempfile.mkdtemp(prefix="api-cost-"))
    runs = Path(tempfile.mkdtemp(prefix="api-cost-", dir=RUN_DIR))
    tree = scratch / "before"
    apps: dict[str, App] = {}
    try:
        git("worktree", "add", "--detach", str(tree), before_commit)
        apps["before"] = App("before", tree, runs / "before")
        apps["after"] = App("after", ROOT, runs / "after")
        for app in apps.values():
            app.answer()  # loaded: {"ready": n}
        print(
            f"The API's own cost, before ({before_commit[:7]}, before the models) and after (this tree): "
            f"{AGREEMENTS} agreements each on SQLite, one worker each, {ROUNDS} rounds of {BATCH} requests per "
            "operation, the two apps alternating batch by batch:"
        )
        report(measure(apps))
        if PROFILE:
            profiles(apps)
    except (RuntimeError, subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", None) or str(exc)
        print(f"Not measured: {str(detail).strip()[-2000:]}")
    finally:
        for app in apps.values():
            app.close()
        if tree.exists():
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(runs, ignore_errors=True)


if __name__ == "__main__":
    main()
