"""Real servers for the slow-client checks: gunicorn as the README runs it, nginx with deploy/nginx.conf.

Shared by tests/deploy/test_slow_clients.py and benchmarks/slow_clients.py, so it needs no pytest:
a server that does not start raises ``ServerError`` with its log.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

ROOT = Path(__file__).resolve().parents[2]  # where wsgi.py, gunicorn.conf.py and deploy/ are
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
START_TIMEOUT = 120  # seconds for a server to answer (loading the app takes seconds on a busy machine)
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
BOOTED = re.compile(r"Booting worker with pid: (\d+)")
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
EMAIL = "pm@agreements.test"


class ServerError(RuntimeError):
    """A server did not start or stopped; the message carries the end of its log."""


def find_nginx() -> str | None:
    """The nginx binary: $NGINX, else nginx on the PATH or in /usr/sbin; None when there is none."""
    for candidate in (os.environ.get("NGINX"), shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def require_nginx() -> str:
    """The nginx binary, for a test: without one the test fails in CI (CI=true) and is skipped elsewhere."""
    import pytest

    binary = find_nginx()
    if binary:
        return binary
    message = "nginx is not installed: install the Debian package 'nginx' (make install does) or set NGINX"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def render_nginx_conf(directory: Path, port: int, upstream_port: int) -> Path:
    """deploy/nginx.conf as it is, but listening on ``port`` of 127.0.0.1, passing requests to
    ``upstream_port``, and with its pid, logs and temporary files under ``directory``.

    Each line replaced must be in the file, so a change to it that this does not follow fails loudly.
    """
    text = NGINX_CONF.read_text()
    user = "user root;" if os.geteuid() == 0 else ""  # the tests' folders are not open to www-data
    replacements = [
        (r"^user www-data;$", user),
        (r"^(\s*)listen 80;$", rf"\1listen 127.0.0.1:{port};"),
        (r"^(\s*)server 127\.0\.0\.1:8000;$", rf"\1server 127.0.0.1:{upstream_port};"),
        (r"^pid /run/nginx\.pid;$", f"pid {directory / 'nginx.pid'};"),
        (r"/var/log/nginx/", f"{directory}/"),
        (r"/var/lib/nginx/", f"{directory}/"),
    ]
    for pattern, replacement in replacements:
        text, count = re.subn(pattern, replacement, text, flags=re.M)
        if not count:
            raise ServerError(f"deploy/nginx.conf has no line matching {pattern!r} any more")
    path = directory / "nginx.conf"
    path.write_text(text)
    return path


@contextlib.contextmanager
def nginx(directory: Path, upstream_port: int, binary: str | None = None) -> Iterator[int]:
    """nginx on a free port with deploy/nginx.conf in front of ``upstream_port``; yields its port."""
    binary = binary or find_nginx()
    if not binary:
        raise ServerError("nginx is not installed: install the Debian package 'nginx' (make install does)")
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = render_nginx_conf(directory, port, upstream_port)
    log = directory / "nginx-stderr.log"
    command = [binary, "-p", f"{directory}/", "-c", str(conf), "-g", "daemon off;"]
    with open(log, "wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=output, start_new_session=True)
    try:
        _wait_for_port(port, process, log)
        yield port
    finally:
        _stop(process, signal.SIGTERM)


@contextlib.contextmanager
def gunicorn(directory: Path, env: dict[str, str], workers: int = 2, threads: int = 4) -> Iterator[int]:
    """``gunicorn -w 2 --threads 4 wsgi:app``, the README's production shape, on a free port of 127.0.0.1;
    yields the port once every worker answers."""
    directory.mkdir(parents=True, exist_ok=True)
    log, access = directory / "gunicorn.log", directory / "gunicorn-access.log"
    command = [
        *(sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads)),
        *("--bind", "127.0.0.1:0", "--error-logfile", str(log)),
        *("--access-logfile", str(access), "--access-logformat", "%(p)s %(m)s %(s)s"),
        *_control_socket_off(),
        "wsgi:app",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        port = _wait_until_listening(process, log, workers, deadline)
        _wait_until_every_worker_answers(process, port, log, access, deadline)
        yield port
    finally:
        _stop(process, signal.SIGQUIT)  # gunicorn's quick shutdown: no waiting for stalled connections


def server_env(database_url: str, **settings: str) -> dict[str, str]:
    """The environment of an app server on ``database_url``, with ``settings`` over it."""
    drop = ("GUNICORN_CMD_ARGS", "WEB_CONCURRENCY", "FLASK_DEBUG", "MAIL_SERVER")
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.update(DATABASE_URL=database_url, SECRET_KEY="slow-clients-secret", RATELIMIT_STORAGE_URI="memory://")
    env.update(settings)
    return env


def prepare_database(directory: Path, password: str) -> str:
    """A SQLite database under ``directory``, upgraded, with one program manager (EMAIL, ``password``),
    made with the command line as an operator would; returns its URL."""
    url = f"sqlite:///{directory / 'agreements.db'}"
    env = server_env(url)
    beside = Path(sys.executable).with_name("agreements")  # the command installed with the app, in its venv
    cli = [str(beside) if beside.exists() else "agreements"]
    for args in (
        ["db", "upgrade"],
        ["users", "create", EMAIL, "--role", "program_manager", "--name", "Pat Manager", "--password", password],
    ):
        done = subprocess.run([*cli, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        if done.returncode:
            raise ServerError(f"agreements {' '.join(args[:2])} failed:\n{done.stdout}{done.stderr}")
    return url


@dataclass
class Answer:
    """One ordinary request: what was asked, the status (None when no answer came in time) and how long it took."""

    what: str
    status: int | None
    seconds: float
    body: str = ""
    error: str = ""


class _NoRedirect(HTTPRedirectHandler):
    """Keep a redirect as the answer (a sign-in's 303), rather than follow it."""

    def redirect_request(self, *args, **kwargs):
        return None


def ask(
    opener, what: str, url: str, data: dict[str, str] | None, timeout: float, headers: dict[str, str] | None = None
) -> Answer:
    """One request, timed, whatever its status; a timeout or refused connection is an answer of None."""
    request = Request(url, urlencode(data).encode() if data else None, headers=headers or {})
    started = time.monotonic()
    try:
        with opener.open(request, timeout=timeout) as response:
            return Answer(what, response.status, time.monotonic() - started, response.read().decode())
    except HTTPError as error:
        with error:
            return Answer(what, error.code, time.monotonic() - started, error.read().decode())
    except (URLError, OSError) as error:  # timed out, refused, reset
        return Answer(what, None, time.monotonic() - started, error=str(getattr(error, "reason", error)))


def sign_in_round(base: str, password: str, timeout: float) -> list[Answer]:
    """What a person does: open the sign-in page, then sign in with its CSRF token; two answers."""
    opener = build_opener(HTTPCookieProcessor(CookieJar()), _NoRedirect())
    page = ask(opener, "GET /login", f"{base}/login", None, timeout)
    token = TOKEN.search(page.body)
    if page.status != 200 or not token:
        return [page]
    form = {"email": EMAIL, "password": password, "csrf_token": token[1]}
    return [page, ask(opener, "POST /login", f"{base}/login", form, timeout)]


def page_requests(base: str, count: int, timeout: float) -> list[Answer]:
    """``count`` requests for the sign-in page, all at once, each on a connection of its own."""
    opener = build_opener()
    answers: list[Answer] = []
    threads = [
        threading.Thread(target=lambda: answers.append(ask(opener, "GET /login", f"{base}/login", None, timeout)))
        for _ in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@dataclass
class Stallers:
    """``count`` clients that each send the headers of ``POST /login`` and part of its body, then nothing.

    Each says its body is longer than what it sends. A connection the server closes (nginx does, after
    its client_body_timeout) is opened again at once, as an attacker would, so ``count`` stay stalled
    for as long as this runs; ``closed_by_server`` counts how often the server gave up on one.
    """

    port: int
    count: int
    closed_by_server: int = 0
    _sockets: list[socket.socket] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> Stallers:
        self._sockets = [self._stall() for _ in range(self.count)]
        self._thread = threading.Thread(target=self._keep_stalling, daemon=True)
        self._thread.start()
        time.sleep(0.5)  # let the server take them in before anyone else asks
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()
        for sock in self._sockets:
            sock.close()

    def stalled_now(self) -> int:
        """How many of the connections are open and still unanswered at this moment."""
        with self._lock:
            sockets = list(self._sockets)
        poller = select.poll()
        for sock in sockets:
            poller.register(sock.fileno(), select.POLLIN)
        return len(sockets) - len(poller.poll(0))

    def add(self, count: int) -> None:
        """``count`` more stalled clients."""
        more = [self._stall() for _ in range(count)]
        with self._lock:
            self._sockets.extend(more)
            self.count += count
        time.sleep(0.5)

    def _stall(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        body = f"email={EMAIL}&password=a".encode()
        head = (
            f"POST /login HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body) + 4096}\r\n\r\n"
        ).encode()
        sock.sendall(head + body)
        return sock

    def _keep_stalling(self) -> None:
        """Replace each connection the server closed (or answered) with a new stalled one."""
        while not self._stop.is_set():
            with self._lock:
                sockets = {sock.fileno(): sock for sock in self._sockets}
            poller = select.poll()  # not select(): the process may hold descriptors past 1024
            for fileno in sockets:
                poller.register(fileno, select.POLLIN)
            for fileno, _ in poller.poll(200):
                sock = sockets[fileno]
                self.closed_by_server += 1
                sock.close()
                with self._lock:
                    self._sockets.remove(sock)
                with contextlib.suppress(OSError):
                    replacement = self._stall()
                    with self._lock:
                        self._sockets.append(replacement)


def _control_socket_off() -> list[str]:
    """gunicorn's option against its control socket, where it has one (several servers would share its path)."""
    from gunicorn.config import KNOWN_SETTINGS

    return ["--no-control-socket"] if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS) else []


def _wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        _check_alive(process, log, deadline)
        time.sleep(0.05)


def _wait_until_listening(process: subprocess.Popen, log: Path, workers: int, deadline: float) -> int:
    while True:
        text = log.read_text() if log.exists() else ""
        port = LISTENING.search(text)
        if port and len(BOOTED.findall(text)) >= workers:
            return int(port[1])
        _check_alive(process, log, deadline)
        time.sleep(0.1)


def _wait_until_every_worker_answers(process, port: int, log: Path, access: Path, deadline: float) -> None:
    """Ask for the sign-in page, as many at once as there are workers, until each worker answered once:
    a worker takes requests only once it loaded the app."""
    pids = set(BOOTED.findall(log.read_text()))
    while not pids <= _pids_in(access):
        _check_alive(process, log, deadline)
        page_requests(f"http://127.0.0.1:{port}", len(pids), timeout=30)


def _pids_in(access: Path) -> set[str]:
    lines = access.read_text().splitlines() if access.exists() else []
    return {line.split()[0].strip("<>") for line in lines if line.strip()}


def _check_alive(process: subprocess.Popen, log: Path, deadline: float) -> None:
    if process.poll() is not None or time.monotonic() > deadline:
        text = log.read_text(errors="replace") if log.exists() else ""
        raise ServerError(f"{log.stem.split('-')[0]} did not get ready (exit code {process.poll()}):\n{text[-3000:]}")


def _stop(process: subprocess.Popen, sig: int) -> None:
    """Stop a server and its workers; a KILL to its process group if it lingers."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
