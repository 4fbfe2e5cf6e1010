"""Rate limits on sign-in, PDF checks and draft renders: one attempt taken atomically before the work is done.

Each attempt is counted in the storage RATELIMIT_STORAGE_URI names (Redis: one Lua script; memory: one
lock) *before* the password is checked or the PDF read, so attempts in flight at the same moment, in
any thread, worker or server sharing that storage, are refused once the limit is spent. The window
moves: "10 per minute" means at most 10 in any 60 seconds, not 10 in each clock minute.

While the shared storage cannot be reached, attempts are counted in this process's memory
(RATELIMIT_IN_MEMORY_FALLBACK_ENABLED, on by default), and the storage is tried again after
RETRY_SHARED_AFTER seconds; with the fallback off, attempts are refused until it answers.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass, field

from flask import Flask, current_app
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ..errors import RateLimited

logger = logging.getLogger(__name__)

EXTENSION = "agreements.rate_limits"
RETRY_SHARED_AFTER = 30  # seconds counted in memory before the unreachable shared storage is tried again
# A Redis that does not answer must not hold a sign-in for long: a second to connect, a second to answer.
REDIS_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
UNAVAILABLE = "Attempts cannot be counted at the moment, so none is accepted; try again in {seconds} seconds."


@dataclass
class Counters:
    """One app's counters: the configured storage, and this process's memory while that is unreachable."""

    shared: MovingWindowRateLimiter
    local: MovingWindowRateLimiter | None
    prefix: str
    uri: str
    shared_down_until: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def counter(self) -> MovingWindowRateLimiter | None:
        """The counter to use now: the shared one, unless it failed within RETRY_SHARED_AFTER seconds."""
        if time.monotonic() < self.shared_down_until:
            return self.local
        return self.shared

    def shared_failed(self, error: Exception) -> None:
        """Count in memory for a while, and say so once per outage."""
        with self.lock:
            if time.monotonic() < self.shared_down_until:
                return
            self.shared_down_until = time.monotonic() + RETRY_SHARED_AFTER
        logger.warning(
            "The rate-limit storage %s does not answer (%s); counting in this process's memory for %d seconds",
            self.uri,
            error,
            RETRY_SHARED_AFTER,
        )


def _storage(uri: str, options: dict) -> Storage:
    """The storage a RATELIMIT_STORAGE_URI names, its errors raised as limits' StorageError."""
    if uri.split(":", 1)[0].startswith("redis"):
        options = {**REDIS_OPTIONS, **options}
    return storage_from_string(uri, wrap_exceptions=True, **options)


def init_app(app: Flask) -> None:
    """Create the app's counters once, at start-up (before any thread could create a second set)."""
    uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    # Memory is always reachable: it needs no fallback of its own.
    fallback = app.config.get("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True) and not uri.startswith("memory:")
    app.extensions[EXTENSION] = Counters(
        shared=MovingWindowRateLimiter(_storage(uri, dict(app.config.get("RATELIMIT_STORAGE_OPTIONS") or {}))),
        local=MovingWindowRateLimiter(MemoryStorage()) if fallback else None,
        prefix=app.config.get("RATELIMIT_KEY_PREFIX") or "",
        uri=uri,
    )


def counters() -> Counters:
    """The current app's counters."""
    return current_app.extensions[EXTENSION]


def _seconds_left(counter: MovingWindowRateLimiter, item: RateLimitItem, keys: tuple[str, ...]) -> int:
    """Whole seconds until the oldest attempt in the window leaves it (at least 1)."""
    try:
        reset = counter.get_window_stats(item, *keys).reset_time
    except StorageError:
        return item.get_expiry()
    return max(1, min(item.get_expiry(), math.ceil(reset - time.time())))


def take(setting: str, scope: str, who: str, refusal: str) -> None:
    """Count one attempt by ``who`` at ``scope`` against the limit in config ``setting`` (e.g. "10 per minute").

    Every attempt counts, whatever comes of it. RateLimited when the limit is spent, its detail
    ``refusal`` formatted with ``amount``, ``window`` and ``seconds`` (until the next attempt is
    accepted), and ``retry_after`` the same seconds. RATELIMIT_ENABLED false turns every limit off.
    """
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    item = parse(current_app.config[setting])
    state = counters()
    keys = (state.prefix, scope, who)
    counter = state.counter()
    try:
        if counter is not None and counter.hit(item, *keys):
            return
    except StorageError as error:
        state.shared_failed(error)
        counter = state.local
        if counter is not None and counter.hit(item, *keys):
            return
    if counter is None:
        seconds = RETRY_SHARED_AFTER
        raise RateLimited(UNAVAILABLE.format(seconds=seconds), retry_after=seconds)
    seconds = _seconds_left(counter, item, keys)
    detail = refusal.format(amount=item.amount, window=item.get_expiry(), seconds=seconds)
    raise RateLimited(detail, retry_after=seconds)
