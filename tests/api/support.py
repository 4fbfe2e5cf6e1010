"""Helpers for the API tests: a client carrying a bearer token, and the problem+json check."""

from __future__ import annotations

BASE = "/api/v1"


class ApiClient:
    """Calls /api/v1 as one person (or anonymously), returning the test client's responses."""

    def __init__(self, client, headers: dict[str, str] | None = None) -> None:
        """A client sending ``headers`` (e.g. the Authorization header) with every request."""
        self.client = client
        self.headers = headers or {}

    def call(self, method: str, path: str, *, headers: dict[str, str] | None = None, **kwargs):
        """One request; ``path`` is relative to /api/v1 unless it starts with /api."""
        url = path if path.startswith("/api") else BASE + path
        return self.client.open(url, method=method, headers={**self.headers, **(headers or {})}, **kwargs)

    def get(self, path, **kwargs):
        """GET."""
        return self.call("GET", path, **kwargs)

    def post(self, path, **kwargs):
        """POST."""
        return self.call("POST", path, **kwargs)

    def patch(self, path, **kwargs):
        """PATCH."""
        return self.call("PATCH", path, **kwargs)

    def put(self, path, **kwargs):
        """PUT."""
        return self.call("PUT", path, **kwargs)

    def fire(self, agreement_id: int, trigger: str, headers: dict[str, str] | None = None, **fields):
        """POST a transition; ``fields`` are the body's other fields (comment, data, expected_lock_version)."""
        return self.post(
            f"/agreements/{agreement_id}/transitions", json={"trigger": trigger, **fields}, headers=headers
        )


def assert_problem(response, status: int, *words: str) -> dict:
    """The response is problem+json with this status, and its detail names each of ``words``."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json", response.mimetype
    body = response.get_json(force=True)
    assert body["status"] == status
    assert body["title"] and body["type"]
    text = response.get_data(as_text=True)
    assert "Traceback" not in text
    for word in words:
        assert word.lower() in body["detail"].lower(), (word, body["detail"])
    return body
