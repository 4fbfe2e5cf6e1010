"""Configuration from the environment, with safe defaults for the embedded SQLite set-up."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path


def _secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once and kept under instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'agreements.db'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def load(app) -> None:
    """Fill ``app.config`` from the environment."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    env = os.environ
    app.config.update(
        SECRET_KEY=_secret_key(app.instance_path),
        SQLALCHEMY_DATABASE_URI=_database_url(app.instance_path),
        # A pooled connection is pinged on checkout when it sat idle this many seconds or more, and
        # replaced if the ping fails (db.ping_after_idle). 0, the default, pings every reused connection
        # (SQLAlchemy's pool_pre_ping: one round trip per request), so a database restart or failover
        # never fails a request that arrives after it. A higher value saves the round trip at the cost
        # that a connection dropped within that time fails one request before the pool discards it.
        SQLALCHEMY_ENGINE_OPTIONS={},
        DATABASE_PING_AFTER_IDLE=float(env.get("DATABASE_PING_AFTER_IDLE", 0)),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=env.get("SESSION_COOKIE_SECURE", "").lower() in ("1", "true", "yes"),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=int(env.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)),
        # Where sign-in attempts and PDF checks are counted per client. memory:// counts in each process
        # alone; storage that every worker and server shares (redis://…) counts each attempt once for all.
        RATELIMIT_STORAGE_URI=limit_storage_uri(env),
        # The keys' prefix in shared storage, so that other apps (or test runs) on the same Redis count apart.
        RATELIMIT_KEY_PREFIX=env.get("RATELIMIT_KEY_PREFIX", "agreements"),
        # While the shared storage cannot be reached, the limits count in each process's memory until it is
        # back: sign-in goes on, still limited, never an error page.
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        LOGIN_RATE_LIMIT=env.get("LOGIN_RATE_LIMIT", "10 per minute"),
        PAGE_SIZE=int(env.get("PAGE_SIZE", 25)),
        PASSWORD_HASHING="default",
        # How many reverse proxies / load balancers stand in front of the app and set X-Forwarded-*.
        TRUSTED_PROXIES=int(env.get("TRUSTED_PROXIES", 0)),
        WTF_CSRF_TIME_LIMIT=None,
        # Documents: who we are on the documents, the seal's certificate (by path; a development
        # certificate is generated under instance/seal/ when none is set), and upload limits.
        AGENCY_NAME=env.get("AGENCY_NAME", "U.S. Immigration and Customs Enforcement"),
        OFFICE_NAME=env.get("OFFICE_NAME", "Office of International Affairs"),
        SEAL_CERT=env.get("SEAL_CERT", ""),
        SEAL_KEY=env.get("SEAL_KEY", ""),
        SEAL_KEY_PASSWORD=env.get("SEAL_KEY_PASSWORD", ""),
        SEAL_PKCS12=env.get("SEAL_PKCS12", ""),
        SEAL_CHAIN=env.get("SEAL_CHAIN", ""),
        SEAL_TRUST_ROOTS=env.get("SEAL_TRUST_ROOTS", ""),
        SEAL_LOCATION=env.get("SEAL_LOCATION", "Washington, DC"),
        SCAN_MAX_BYTES=int(env.get("SCAN_MAX_BYTES", 20 * 1024 * 1024)),
        VERIFY_MAX_BYTES=int(env.get("VERIFY_MAX_BYTES", 20 * 1024 * 1024)),
        # /verify needs no sign-in and checking a seal costs work: checks allowed per client address.
        VERIFY_RATE_LIMIT=env.get("VERIFY_RATE_LIMIT", "30 per minute"),
        # Draft PDFs: kept on disk once rendered (DRAFT_CACHE_DIR, default instance/draft-cache/, at most
        # DRAFT_CACHE_MB, least recently used removed first); texts longer than DRAFT_MAX_CHARS are not
        # rendered (the longest model text is about 5,000 characters); fresh renders per person.
        DRAFT_CACHE_DIR=env.get("DRAFT_CACHE_DIR", ""),
        DRAFT_CACHE_MB=float(env.get("DRAFT_CACHE_MB", 500)),
        DRAFT_MAX_CHARS=int(env.get("DRAFT_MAX_CHARS", 400_000)),
        DRAFT_RENDER_RATE_LIMIT=env.get("DRAFT_RENDER_RATE_LIMIT", "30 per minute"),
        # The portfolio: how many days an agreement may stay in a state before it is overdue there
        # (AGING_DAYS="legal_review=14,negotiation=180,…" overrides any of them).
        AGING_DAYS=aging_days(env.get("AGING_DAYS", "")),
        # Mail (the names Flask-Mail uses): without MAIL_SERVER mail is written to instance/outbox/ as .eml.
        MAIL_SERVER=env.get("MAIL_SERVER", ""),
        MAIL_PORT=int(env.get("MAIL_PORT", 25)),
        MAIL_USERNAME=env.get("MAIL_USERNAME", ""),
        MAIL_PASSWORD=env.get("MAIL_PASSWORD", ""),
        MAIL_USE_TLS=env.get("MAIL_USE_TLS", "").lower() in ("1", "true", "yes"),
        MAIL_DEFAULT_SENDER=env.get("MAIL_DEFAULT_SENDER", "agreements@localhost"),
        # Links in mail: where people open the app (e.g. https://agreements.example.gov).
        BASE_URL=env.get("BASE_URL", "http://localhost:5000"),
        # Checkpoints of the audit trail: signed with a key the database never holds (a development key
        # is generated under instance/ when none is set), written outside it, optionally mailed.
        AUDIT_KEY=env.get("AUDIT_KEY", ""),
        AUDIT_CHECKPOINT_DIR=env.get("AUDIT_CHECKPOINT_DIR", ""),
        AUDIT_CHECKPOINT_MAIL=env.get("AUDIT_CHECKPOINT_MAIL", ""),
        # The time zone (IANA name) in which people whose office has none set read times: UTC by default.
        TIME_ZONE=time_zone(env.get("TIME_ZONE", "UTC")),
    )


def time_zone(name: str) -> str:
    """A time zone the server knows (an IANA name such as America/New_York), or a clear error at start."""
    from .services.zones import zone_problem

    name = (name or "").strip() or "UTC"
    problem = zone_problem(name)
    if problem:
        raise RuntimeError(f"TIME_ZONE: {problem}")
    return name


def limit_storage_uri(env: Mapping[str, str] = os.environ) -> str:
    """RATELIMIT_STORAGE_URI: where the rate limits count; memory:// (this process alone) unless set."""
    return env.get("RATELIMIT_STORAGE_URI") or "memory://"


def limit_storage_warning(workers: int, storage_uri: str) -> str | None:
    """The warning due when several worker processes would each count attempts in memory of their own, else None.

    Only the worker processes of one server can be seen from here: several servers behind a load
    balancer multiply the limits too, each with one worker, and no check at start-up can tell.
    """
    if workers <= 1 or not storage_uri.startswith("memory://"):
        return None
    return (
        f"RATELIMIT_STORAGE_URI is {storage_uri}: each of the {workers} worker processes counts sign-in attempts "
        f"and PDF checks on its own, so a client gets up to {workers} times LOGIN_RATE_LIMIT and VERIFY_RATE_LIMIT. "
        "Point RATELIMIT_STORAGE_URI at storage every worker and server shares, e.g. redis://127.0.0.1:6379/0."
    )


# Days an agreement may stay in each open state before it is overdue there (the legal office's and the
# program managers' working norms; each can be changed with AGING_DAYS).
AGING_DEFAULTS = {
    "drafting": 60,
    "legal_review": 14,
    "clearance": 60,
    "negotiation": 180,
    "final_review": 14,
    "awaiting_signature": 30,
    "signed": 90,
    "termination_pending": 365,
}


def aging_days(setting: str) -> dict[str, int]:
    """AGING_DAYS="legal_review=10,negotiation=120" over the defaults; a bad entry stops the start, named."""
    days = dict(AGING_DEFAULTS)
    for item in filter(None, (part.strip() for part in setting.split(","))):
        state, _, value = item.partition("=")
        if state.strip() not in AGING_DEFAULTS or not value.strip().isdigit():
            raise ValueError(f"AGING_DAYS: {item!r} is not state=days for an open state ({', '.join(AGING_DEFAULTS)}).")
        days[state.strip()] = int(value)
    return days
