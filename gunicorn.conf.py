"""gunicorn's settings for this app; gunicorn reads this file when started in this directory.

Started elsewhere, pass it with `gunicorn -c /path/to/gunicorn.conf.py …`. The command line still
wins: workers, threads and the address are given there (`gunicorn -w 2 --threads 4 -b … wsgi:app`).

Slow clients: a gthread worker waits for requests on kept-alive connections in its event loop, not
in a thread, but it reads a request's headers and body in the thread that serves it, and gunicorn
has no timeout for that read. A client that sends part of a request and stalls holds a thread until
it goes away, and as many such clients as there are threads stop the server. No setting here can
change that, which is why production puts nginx in front (deploy/nginx.conf): it reads every
request in full, with short timeouts, before gunicorn sees it.
"""

from agreements.config import limit_storage_uri, limit_storage_warning

# Threads in each worker process; the pages and the API spend much of their time in the database.
worker_class = "gthread"
threads = 4
# A worker whose event loop has not reported for this long is killed and replaced (a hung worker,
# not a slow request: in gthread the loop reports while the threads work).
timeout = 30
# On a restart or stop, requests in progress get this long to finish.
graceful_timeout = 20
# Seconds an idle kept-alive connection stays open; it waits in the event loop, holding no thread.
keepalive = 5


def on_starting(server) -> None:
    """Warn, before any worker starts, when each worker would count sign-in attempts on its own."""
    warning = limit_storage_warning(server.cfg.workers, limit_storage_uri())
    if warning:
        server.log.warning(warning)
