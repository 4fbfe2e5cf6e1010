"""Fixtures for the JSON API: a client per person, carrying that person's bearer token."""

from __future__ import annotations

import pytest

from .support import ApiClient


@pytest.fixture
def api(app, world, token_for):
    """``api("pm")`` calls the API as that person of the world; ``api(None)`` without a token."""
    client = app.test_client()
    made: dict[str, ApiClient] = {}

    def as_(who: str | None) -> ApiClient:
        """A client for one person of the world, or an anonymous one."""
        if who is None:
            return ApiClient(client)
        if who not in made:
            made[who] = ApiClient(client, token_for(world[who]))
        return made[who]

    return as_
