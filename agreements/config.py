"""Configuration from the environment, with safe defaults for the embedded SQLite set-up."""

from __future__ import annotations

import os
import secrets
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
        # No pre-ping on every checkout (a round trip each time): a pooled connection is pinged only
        # when it sat idle this many seconds or more, and replaced if the ping fails (db.ping_after_idle).
        # The trade-off: a connection dropped within that time (a database restart mid-traffic) fails
        # one request before the pool discards it; idle connections, the usual victims, never do.
        SQLALCHEMY_ENGINE_OPTIONS={},
        DATABASE_PING_AFTER_IDLE=float(env.get("DATABASE_PING_AFTER_IDLE", 5)),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=env.get("SESSION_COOKIE_SECURE", "").lower() in ("1", "true", "yes"),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=int(env.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)),
        RATELIMIT_STORAGE_URI=env.get("RATELIMIT_STORAGE_URI", "memory://"),
        RATELIMIT_HEADERS_ENABLED=True,
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
