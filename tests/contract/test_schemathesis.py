"""The API as its OpenAPI document describes it: schemathesis runs every operation against a live app.

A real gunicorn server on a free port of 127.0.0.1, on a fresh database of the backend the suite runs on
(a SQLite file, or a PostgreSQL database of its own), loaded with the demo so that ids exist, is called with
a program manager's bearer token. Every check (``--checks all``: no server error, answers as documented,
valid requests accepted, invalid ones refused) must pass; schemathesis.toml says where the services refuse
well-shaped data for its meaning. The run's numbers are printed in the test output.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest
from conftest import BACKEND, PG_URL, _admin_execute, _with_database

import agreements

ROOT = Path(agreements.__file__).resolve().parent.parent  # wsgi.py, gunicorn.conf.py, schemathesis.toml
BIN = Path(sys.executable).parent
MAX_EXAMPLES = 50  # cases per operation: about a minute of fuzzing per backend on a quiet machine
SEED = 20261202  # the same cases every run, so that a failure is reproducible
START_TIMEOUT = 120  # seconds for the server to answer (a busy machine is slow)
RUN_TIMEOUT = 900  # seconds for the whole schemathesis run
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
TOKEN_LINE = re.compile(r"^agr_\S+$")


def _env(database_url: str, tmp_path: Path, seal_files: dict[str, Path]) -> dict[str, str]:
    """The server's (and the command line's) environment: the database, a seal and caches of the test's own."""
    env = {k: v for k, v in os.environ.items() if k not in ("GUNICORN_CMD_ARGS", "WEB_CONCURRENCY", "FLASK_DEBUG")}
    env.pop("MAIL_SERVER", None)
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="test-secret",
        SEAL_CERT=str(seal_files["cert"]),
        SEAL_KEY=str(seal_files["key"]),
        SEAL_TRUST_ROOTS=str(seal_files["root"]),
        DRAFT_CACHE_DIR=str(tmp_path / "drafts"),
        TRUSTED_PROXIES="0",
    )
    return env


def _agreements(env: dict[str, str], *args: str) -> str:
    """Run the ``agreements`` command line; its output."""
    done = subprocess.run(
        [str(BIN / "agreements"), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"agreements {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture
def fresh_database(tmp_path) -> Iterator[str]:
    """An empty database of the suite's backend: a file in tmp, or a PostgreSQL database dropped afterwards."""
    if BACKEND != "postgresql":
        yield f"sqlite:///{tmp_path / 'contract.db'}"
        return
    name = f"agreements_contract_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    _admin_execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(PG_URL, name)
    finally:
        _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def live_app(fresh_database, tmp_path, seal_files) -> Iterator[tuple[str, str]]:
    """The demo served by gunicorn on a free port: its base URL and a program manager's bearer token."""
    env = _env(fresh_database, tmp_path, seal_files)
    _agreements(env, "db", "upgrade")
    _agreements(env, "demo")
    token = [line for line in _agreements(env, "users", "token", "pm@demo.agreements").splitlines() if line][-1]
    assert TOKEN_LINE.match(token), token
    log = tmp_path / "gunicorn.log"
    command = [
        *(sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "4", "--bind", "127.0.0.1:0"),
        *("--timeout", "120", "--error-logfile", str(log)),
        "wsgi:app",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        yield _wait_until_answering(process, log), token
    finally:
        _stop(process)
    assert "Traceback" not in log.read_text(), log.read_text()[-5000:]


def _wait_until_answering(process: subprocess.Popen, log: Path) -> str:
    """The server's URL, once it serves the OpenAPI document."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        text = log.read_text() if log.exists() else ""
        if port := LISTENING.search(text):
            base = f"http://127.0.0.1:{port[1]}"
            try:
                with urlopen(f"{base}/api/v1/openapi.json", timeout=30) as response:
                    if response.status == 200:
                        return base
            except (URLError, OSError):
                pass
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"gunicorn did not get ready (exit code {process.poll()}):\n{text[-3000:]}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    """Stop the server: TERM to the master, a KILL to its process group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def test_every_operation_answers_as_documented(live_app, tmp_path, capsys):
    base, token = live_app
    command = [
        *(str(BIN / "schemathesis"), "--config-file", str(ROOT / "schemathesis.toml"), "run"),
        f"{base}/api/v1/openapi.json",
        *("-H", f"Authorization: Bearer {token}", "--checks", "all"),
        *("--phases", "examples,fuzzing", "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED)),
        *("--workers", "2", "--request-timeout", "60", "--no-color", "--warnings", "off"),
    ]
    started = time.monotonic()
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    elapsed = time.monotonic() - started
    output = done.stdout + done.stderr
    summary = output.find("== SUMMARY ==")
    tail = output[output.rfind("\n", 0, summary) + 1 :] if summary >= 0 else output[-3000:]
    with capsys.disabled():
        print(f"\nschemathesis on {BACKEND}, {elapsed:.0f} s:\n{tail.strip()}")
    assert done.returncode == 0, output[-20000:]
    assert "Failures:" not in tail and "Errors:" not in tail, tail
