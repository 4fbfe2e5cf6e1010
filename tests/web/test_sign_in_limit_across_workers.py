"""The sign-in limit counts per client across every thread, worker process and server, with storage they share.

Real gunicorn servers on free ports of 127.0.0.1, on the test's database file: one with two worker
processes and one with a single worker, both in front of the same Redis. Failed sign-ins sent to
each in turn, with the login form's CSRF token as a browser sends it, are counted once for all; so
are 40 sent at the same moment to workers of 4 threads each, which are counted before any password
is checked. The last prints the figure of the issue: failed sign-ins accepted per minute.
Redis (TEST_REDIS_URL, by default redis://127.0.0.1:6379/0) is required in CI (CI=true); elsewhere
the test that needs it is skipped, saying why, when it does not answer.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, OpenerDirector, build_opener

import pytest
from webtools import PASSWORD

import agreements

ROOT = Path(agreements.__file__).resolve().parent.parent  # where wsgi.py and gunicorn.conf.py are
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
LIMIT = 10  # LOGIN_RATE_LIMIT, per minute
ATTEMPTS = 2 * LIMIT
PARALLEL = 4 * LIMIT  # attempts sent at the same moment
THREADS = 4  # per worker process, as in the README's deployment
EMAIL = "pm@agreements.test"
REFUSED = "Too many sign-in attempts from this address"
WINDOW = 60  # seconds the limit counts over
START_TIMEOUT = 120  # seconds for a server to have every worker loaded and answering (a busy machine is slow)
REQUEST_TIMEOUT = 60  # seconds for any one request
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
BOOTED = re.compile(r"Booting worker with pid: (\d+)")
WARNING = "each of the 2 worker processes counts sign-in attempts"


@pytest.fixture
def redis_url() -> str:
    """TEST_REDIS_URL once Redis answers there; without it the test fails in CI (CI=true) and is skipped elsewhere."""
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
        return REDIS_URL
    except ImportError:
        message = "the redis package is not installed: pip install 'limits[redis]'"
    except Exception as exc:  # refused, timed out, wrong password …: the reason is in the message
        message = f"Redis does not answer at {REDIS_URL} (set TEST_REDIS_URL): {exc}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _forget(redis_url: str, prefix: str) -> None:
    """Remove this test's counters from Redis (they would expire within the minute anyway)."""
    import redis

    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2)
    for key in client.scan_iter(match=f"*{prefix}*", count=100):
        client.delete(key)
    client.close()


def _server_env(database_url: str, storage_uri: str, prefix: str) -> dict[str, str]:
    """The environment of a server: the test's database, the storage and a key prefix of this test's own."""
    env = {k: v for k, v in os.environ.items() if k not in ("GUNICORN_CMD_ARGS", "WEB_CONCURRENCY", "FLASK_DEBUG")}
    env.pop("MAIL_SERVER", None)
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="test-secret",  # the same on every server, as in production
        RATELIMIT_STORAGE_URI=storage_uri,
        RATELIMIT_KEY_PREFIX=prefix,
        LOGIN_RATE_LIMIT=f"{LIMIT} per minute",
        TRUSTED_PROXIES="0",
    )
    return env


def _control_socket_off() -> list[str]:
    """gunicorn's option against its control socket, where it has one (several servers would share its path)."""
    from gunicorn.config import KNOWN_SETTINGS

    return ["--no-control-socket"] if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS) else []


@contextlib.contextmanager
def gunicorns(
    tmp_path: Path, env: dict[str, str], threads: int = 1, **workers: int
) -> Iterator[dict[str, tuple[str, Path]]]:
    """One ``gunicorn -w N --threads T wsgi:app`` per name, each on a free port, started together; yields each
    one's URL and log once every worker of each answers; all stopped on leaving."""
    processes = {}
    try:
        for name, count in workers.items():
            command = [
                *(sys.executable, "-m", "gunicorn", "--workers", str(count), "--threads", str(threads)),
                *("--bind", "127.0.0.1:0"),
                *("--error-logfile", str(tmp_path / f"{name}.log")),
                *("--access-logfile", str(tmp_path / f"{name}-access.log"), "--access-logformat", "%(p)s %(m)s %(s)s"),
                *_control_socket_off(),
                "wsgi:app",
            ]
            processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        servers = {}
        for name, process in processes.items():
            log, access = tmp_path / f"{name}.log", tmp_path / f"{name}-access.log"
            base = _wait_until_listening(process, log, workers[name], deadline)
            _wait_until_every_worker_answers(process, base, log, access, deadline)
            servers[name] = (base, log)
        yield servers
    finally:
        for process in processes.values():
            _stop(process)


def _wait_until_listening(process: subprocess.Popen, log: Path, workers: int, deadline: float) -> str:
    """The server's URL, once it listens and has started every worker."""
    while True:
        text = log.read_text() if log.exists() else ""
        port = LISTENING.search(text)
        if port and len(BOOTED.findall(text)) >= workers:
            return f"http://127.0.0.1:{port[1]}"
        _check_alive(process, log, deadline)
        time.sleep(0.1)


def _wait_until_every_worker_answers(
    process: subprocess.Popen, base: str, log: Path, access: Path, deadline: float
) -> None:
    """Ask for the login page, as many at once as there are workers, until each worker answered once.

    A worker takes requests only once it loaded the app, which takes seconds on a busy machine;
    asking at once reaches the idle ones while the others are busy.
    """
    pids = set(BOOTED.findall(log.read_text()))
    opener = build_opener()
    with ThreadPoolExecutor(max_workers=len(pids)) as pool:
        while not pids <= _pids_in(access, "GET"):
            _check_alive(process, log, deadline)
            list(pool.map(lambda _: _open(opener, f"{base}/login"), range(len(pids))))


def _check_alive(process: subprocess.Popen, log: Path, deadline: float) -> None:
    """Fail, with the server's log, when it died or did not get ready in time."""
    if process.poll() is not None or time.monotonic() > deadline:
        text = log.read_text() if log.exists() else ""
        pytest.fail(f"gunicorn did not get ready (exit code {process.poll()}):\n{text[-3000:]}")


def _pids_in(access: Path, method: str) -> set[str]:
    """The worker processes that answered a request of ``method``, from an access log."""
    lines = access.read_text().splitlines() if access.exists() else []
    return {line.split()[0].strip("<>") for line in lines if f" {method} " in line}


def _stop(process: subprocess.Popen) -> None:
    """Stop a server and its workers: TERM to the master, a KILL to its process group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def _open(opener: OpenerDirector, url: str, data: dict[str, str] | None = None) -> tuple[int, str, dict]:
    """One request: status, body and headers, whatever the status."""
    try:
        with opener.open(url, urlencode(data).encode() if data else None, timeout=REQUEST_TIMEOUT) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except HTTPError as error:
        with error:
            return error.code, error.read().decode(), dict(error.headers)


def _sign_in(opener: OpenerDirector, base: str, password: str = "wrong password") -> tuple[int, str, dict]:
    """Send the login form of the server at ``base`` with its CSRF token, as a browser does."""
    status, page, _ = _open(opener, f"{base}/login")
    assert status == 200, page[:300]
    token = TOKEN.search(page)
    assert token, "no CSRF token on the login form"
    return _open(opener, f"{base}/login", {"email": "pm@agreements.test", "password": password, "csrf_token": token[1]})


def _attack(servers: list[str]) -> list[tuple[int, str, dict]]:
    """ATTEMPTS failed sign-ins from one client, sent to each server in turn, all within the limit's window."""
    opener = build_opener(HTTPCookieProcessor(CookieJar()))
    started = time.monotonic()
    answers = [_sign_in(opener, servers[n % len(servers)]) for n in range(ATTEMPTS)]
    elapsed = time.monotonic() - started
    assert elapsed < WINDOW, (
        f"the attempts took {elapsed:.0f} s, longer than the window: the machine is too slow to judge"
    )
    return answers


def _filled_form(base: str) -> tuple[OpenerDirector, str, str]:
    """A browser of its own that has the login form of the server at ``base``: its opener, the server, the token."""
    opener = build_opener(HTTPCookieProcessor(CookieJar()))
    status, page, _ = _open(opener, f"{base}/login")
    assert status == 200, page[:300]
    token = TOKEN.search(page)
    assert token, "no CSRF token on the login form"
    return opener, base, token[1]


def _parallel_attack(servers: list[str], attempts: int) -> list[tuple[int, str, dict]]:
    """``attempts`` failed sign-ins from one client address, each from a browser of its own, the servers in
    turn, all sent at the same moment (a barrier holds every thread until the last has its form)."""
    forms = [_filled_form(servers[n % len(servers)]) for n in range(attempts)]
    barrier = threading.Barrier(attempts)

    def attempt(form: tuple[OpenerDirector, str, str]) -> tuple[int, str, dict]:
        opener, base, token = form
        barrier.wait(timeout=REQUEST_TIMEOUT)
        return _open(opener, f"{base}/login", {"email": EMAIL, "password": "wrong password", "csrf_token": token})

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=attempts) as pool:
        answers = list(pool.map(attempt, forms))
    elapsed = time.monotonic() - started
    assert elapsed < WINDOW, f"the attempts took {elapsed:.0f} s, longer than the window: too slow to judge"
    return answers


def test_parallel_failed_sign_ins_are_checked_at_most_limit_times_across_threads_workers_and_servers(
    redis_url, database_url, world, tmp_path
):
    """40 wrong passwords at once, to 2 workers x 4 threads and a second server on the same Redis: 10 are checked."""
    prefix = f"agreements-test-{uuid.uuid4().hex}"
    env = _server_env(database_url, redis_url, prefix)
    try:
        with gunicorns(tmp_path, env, threads=THREADS, two=2, one=1) as servers:
            answers = _parallel_attack([servers["two"][0], servers["one"][0]], PARALLEL)
    finally:
        _forget(redis_url, prefix)

    statuses = [status for status, _, _ in answers]
    checked = [body for status, body, _ in answers if status == 200 and "Wrong email or password" in body]
    refused = [(body, headers) for status, body, headers in answers if status == 429]
    print(
        f"\nfailed sign-ins accepted per minute across 2 workers x {THREADS} threads: "
        f"{len(checked)} of {PARALLEL} (limit {LIMIT})"
    )
    assert len(checked) <= LIMIT, statuses
    assert len(checked) == LIMIT, f"the limit refused attempts it should have let through: {statuses}"
    assert len(refused) == PARALLEL - LIMIT, statuses
    for body, headers in refused:
        assert REFUSED in body and "Traceback" not in body
        assert f'value="{EMAIL}"' in body and 'name="password"' in body, "the form, with the email kept"
        assert 0 < int(headers["Retry-After"]) <= WINDOW
    posts = _pids_in(tmp_path / "two-access.log", "POST") | _pids_in(tmp_path / "one-access.log", "POST")
    assert len(posts) == 3, "every worker of both servers took some of the attempts"


def test_failed_sign_ins_are_counted_once_across_workers_and_servers(redis_url, database_url, world, tmp_path):
    prefix = f"agreements-test-{uuid.uuid4().hex}"
    env = _server_env(database_url, redis_url, prefix)
    try:
        with gunicorns(tmp_path, env, two=2, one=1) as servers:
            (two, two_log), (one, _) = servers["two"], servers["one"]
            answers = _attack([two, one])
            after = _sign_in(build_opener(HTTPCookieProcessor(CookieJar())), two, PASSWORD)
    finally:
        _forget(redis_url, prefix)

    processed = [body for status, body, _ in answers if status == 200]
    refused = [(body, headers) for status, body, headers in answers if status == 429]
    assert len(processed) == LIMIT, [status for status, _, _ in answers]
    assert all("Wrong email or password" in body for body in processed)
    assert len(refused) == ATTEMPTS - LIMIT
    assert all(REFUSED in body and "Traceback" not in body for body, _ in refused)
    assert all(int(headers["Retry-After"]) > 0 for _, headers in refused)
    assert after[0] == 429, "even the right password waits until the minute is over"
    assert len(_pids_in(tmp_path / "two-access.log", "POST") | _pids_in(tmp_path / "one-access.log", "POST")) >= 2
    assert WARNING not in two_log.read_text()


def test_with_memory_storage_each_worker_counts_alone_and_gunicorn_warns(database_url, world, tmp_path):
    """What the shared storage prevents: the same attempts, counted in each process's memory, all get through."""
    env = _server_env(database_url, "memory://", f"agreements-test-{uuid.uuid4().hex}")
    with gunicorns(tmp_path, env, two=2, one=1) as servers:
        (two, two_log), (one, one_log) = servers["two"], servers["one"]
        answers = _attack([two, one])
    assert [status for status, _, _ in answers].count(200) > LIMIT
    assert WARNING in two_log.read_text()
    assert "RATELIMIT_STORAGE_URI" not in one_log.read_text()
