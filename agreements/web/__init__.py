"""The HTML pages: sign-in, the agreements and their workflows, and user administration."""

from flask import Blueprint

bp = Blueprint("web", __name__)

from . import account, admin, errors, filters, views  # noqa: E402,F401
