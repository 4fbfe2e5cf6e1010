"""The audit key: what signs the trail's checkpoints and seals each event, a key the database does not hold."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from flask import current_app

KEY_FILE = "audit_key"  # the development key, under instance/
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditKey:
    """The key checkpoints are signed and events sealed with; ``development_file`` when it was generated
    under instance/."""

    secret: bytes = field(repr=False)
    development_file: Path | None = None

    @cached_property
    def key_id(self) -> str:
        """A name for the key that gives nothing of it away: which key signed a checkpoint or sealed an event."""
        return hmac.new(self.secret, b"agreements audit key id", hashlib.sha256).hexdigest()[:16]

    def sign(self, body: dict) -> str:
        """The HMAC-SHA256 of the checkpoint's canonical JSON, its signature left out."""
        unsigned = {key: value for key, value in body.items() if key != "signature"}
        canonical = json.dumps(unsigned, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hmac.new(self.secret, canonical.encode(), hashlib.sha256).hexdigest()

    def seal(self, chain_hash: str) -> str:
        """An event's seal: the HMAC-SHA256 of its chain hash (which covers its fields and the hash before it)."""
        return hmac.new(self.secret, chain_hash.encode(), hashlib.sha256).hexdigest()


def audit_key() -> AuditKey:
    """AUDIT_KEY from the configuration; without it, a development key generated once under instance/.

    Loaded once per app (and again only when AUDIT_KEY is changed in its configuration).
    """
    configured = current_app.config.get("AUDIT_KEY", "")
    loaded = current_app.extensions.get("agreements.audit_key")
    if loaded is not None and loaded[0] == configured:
        return loaded[1]
    key = AuditKey(configured.encode()) if configured else _development_key()
    current_app.extensions["agreements.audit_key"] = (configured, key)
    return key


def _development_key() -> AuditKey:
    """The key in instance/audit_key, generated there first if there is none."""
    path = Path(current_app.instance_path) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole to a file of its own, then linked into place: another process starting at the
        # same time reads either no key file or a complete one, never an empty one.
        descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{KEY_FILE}.")
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_hex(32))
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first
        else:
            log.warning("Generated a development audit key in %s; set AUDIT_KEY for production.", path)
        finally:
            os.unlink(draft)
    return AuditKey(path.read_text().strip().encode(), path)
