"""The JSON API under /api/v1 (SPEC §8): bearer tokens, problem+json errors, an OpenAPI document."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from . import (  # noqa: E402,F401
    auth,
    authorities,
    comments,
    compare,
    conformity,
    contacts,
    dashboard,
    deadlines,
    documents,
    errors,
    reports,
    rounds,
    search,
    texttools,
    transmittals,
    views,
)
