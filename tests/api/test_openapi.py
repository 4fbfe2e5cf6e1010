"""The OpenAPI document is valid and describes every endpoint the API serves."""

from __future__ import annotations

import re

from openapi_spec_validator import validate


def _document(client) -> dict:
    """The OpenAPI document as served."""
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200 and r.mimetype == "application/json"
    return r.get_json()


def test_the_document_is_valid_openapi(client):
    document = _document(client)
    validate(document)
    assert document["openapi"].startswith("3.")


def test_every_api_route_and_method_is_described(app, client):
    paths = _document(client)["paths"]
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        assert path in paths, path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in paths[path], f"{method} {path}"


def test_every_described_path_is_served(app, client):
    served = {re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", r.rule) for r in app.url_map.iter_rules()}
    assert set(_document(client)["paths"]) <= served


def test_bearer_tokens_problems_and_idempotency_are_described(client):
    document = _document(client)
    assert document["components"]["securitySchemes"]["bearer"] == {
        **document["components"]["securitySchemes"]["bearer"],
        "type": "http",
        "scheme": "bearer",
    }
    assert document["security"] == [{"bearer": []}]
    problem = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "reasons", "errors", "current_state"} <= set(problem["properties"])
    assert "application/problem+json" in document["components"]["responses"]["422"]["content"]
    transition = document["paths"]["/api/v1/agreements/{agreement_id}/transitions"]["post"]
    assert {"$ref": "#/components/parameters/IdempotencyKey"} in transition["parameters"]
    assert set(transition["responses"]) >= {"200", "401", "403", "404", "409", "422"}
    create = document["components"]["schemas"]["AgreementCreate"]
    assert create["required"] == ["type", "title", "counterpart", "country"]
    assert {"office", "areas", "languages"} <= set(create["properties"])
