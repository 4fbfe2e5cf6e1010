"""Agreements: international agreements from first draft to signature, and their terms in force."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app: config → extensions → blueprints → errors (the CLI is ``agreements.cli``)."""
    app = Flask(__name__, instance_relative_config=True)
    from . import config

    config.load(app)
    if overrides:
        app.config.update(overrides)

    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from . import models  # noqa: F401  (register the tables)
    from .auth.login import login_manager
    from .db import db, ping_after_idle
    from .extensions import csrf
    from .services import rate_limits

    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            ping_after_idle(engine, app.config["DATABASE_PING_AFTER_IDLE"])
    login_manager.init_app(app)
    from . import outbox

    outbox.init_app(app)  # what a request or command queued leaves after its commit
    csrf.init_app(app)
    rate_limits.init_app(app)  # sign-in, PDF checks, draft renders: counted once, before the work

    from .api import bp as api_bp
    from .web import bp as web_bp

    csrf.exempt(api_bp)
    app.register_blueprint(web_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")

    from .api.errors import register as register_api_errors
    from .web.errors import register as register_web_errors

    register_api_errors(app)
    register_web_errors(app)
    return app
