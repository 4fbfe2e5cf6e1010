"""Serving the test app on a free localhost port, and starting the system's Chromium for Playwright.

Plain functions rather than a conftest.py here, so that ``from conftest import …`` elsewhere in the
suite always finds the top-level conftest.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery"  # the password of every user of the ``world`` fixture


@contextlib.contextmanager
def serve(app) -> Iterator[str]:
    """The app served by a threaded WSGI server on a free port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-app", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """The system's Chromium under Playwright; fails (never skips) when it cannot start."""
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: install the Debian package 'chromium' "
            "(make install does) or point CHROMIUM at a Chromium binary."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # the launch error says why (missing libraries, sandbox, …)
            pytest.fail(f"Chromium at {CHROMIUM} could not start: {exc}")
        try:
            yield browser
        finally:
            browser.close()
