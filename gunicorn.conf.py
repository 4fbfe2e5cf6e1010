"""gunicorn's start-up check for this app; gunicorn reads this file when started in this directory.

It sets nothing: workers, threads and the address stay on the command line (`gunicorn -w 2 wsgi:app`).
Started elsewhere, pass it with `gunicorn -c /path/to/gunicorn.conf.py …` to keep the check.
"""

from agreements.config import limit_storage_uri, limit_storage_warning


def on_starting(server) -> None:
    """Warn, before any worker starts, when each worker would count sign-in attempts on its own."""
    warning = limit_storage_warning(server.cfg.workers, limit_storage_uri())
    if warning:
        server.log.warning(warning)
