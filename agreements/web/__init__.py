"""The HTML pages: sign-in, the agreements and their workflows, and user administration."""

from flask import Blueprint

bp = Blueprint("web", __name__)

from . import (  # noqa: E402,F401
    account,
    admin,
    compare,  # noqa: E402,F401
    conformity,  # noqa: E402,F401
    contacts,
    countries,  # noqa: E402,F401
    dashboard,  # noqa: E402,F401
    deadlines,  # noqa: E402,F401
    documents,  # noqa: E402,F401
    errors,
    filters,
    lint,  # noqa: E402,F401
    listing,  # noqa: E402,F401
    reports,  # noqa: E402,F401
    review,  # noqa: E402,F401
    rounds,  # noqa: E402,F401
    search,  # noqa: E402,F401
    terms,  # noqa: E402,F401
    transmittals,
    views,
)
