"""The JSON API under /api/v1 (SPEC §8): bearer tokens, problem+json errors, an OpenAPI document."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from . import auth, errors, views  # noqa: E402,F401
