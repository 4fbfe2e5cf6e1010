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


def _refs(node) -> set[str]:
    """Every ``$ref`` under ``node``."""
    if isinstance(node, dict):
        return {node["$ref"]} if isinstance(node.get("$ref"), str) else set().union(*map(_refs, node.values()))
    if isinstance(node, list):
        return set().union(*map(_refs, node))
    return set()


def test_every_shared_component_is_used(client):
    """Each shared parameter, schema and response is reached from an operation (directly, or through another
    component so reached): nothing is left behind that no client could meet."""
    document = _document(client)
    components = document["components"]
    reached: set[str] = set()
    todo = _refs({k: v for k, v in document.items() if k != "components"})
    while todo:
        ref = todo.pop()
        if ref in reached:
            continue
        reached.add(ref)
        _, _, kind, name = ref.split("/", 3)
        todo |= _refs(components[kind][name])
    unused = [
        f"#/components/{kind}/{name}"
        for kind in ("parameters", "schemas", "responses")
        for name in components.get(kind, {})
        if f"#/components/{kind}/{name}" not in reached
    ]
    assert not unused, f"components nothing references: {unused}"


def test_every_operation_of_the_document_is_declared_on_its_view(app, client):
    """Nothing in the paths is written by hand: each path and method of the document is a view's ``@operation``
    (with its operationId), and each view so declared is in the document."""
    declared = {}
    for rule in app.url_map.iter_rules():
        op = getattr(app.view_functions[rule.endpoint], "operation", None)
        if op is not None:
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            declared |= {(path, m.lower()): op.operation_id for m in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {
        (path, key): entry.get("operationId") if isinstance(entry, dict) else None
        for path, item in _document(client)["paths"].items()
        for key, entry in item.items()
    }
    assert documented == declared


def test_files_are_described_as_bytes_with_their_types_and_headers(client):
    paths = _document(client)["paths"]
    binary = {"schema": {"type": "string", "format": "binary"}}
    pdf = paths["/api/v1/agreements/{agreement_id}/document.pdf"]["get"]["responses"]
    assert pdf["200"]["content"] == {"application/pdf": binary}
    assert {"ETag", "Content-Disposition"} <= set(pdf["200"]["headers"]) and "content" not in pdf["304"]
    stored = paths["/api/v1/agreements/{agreement_id}/documents/{document_id}"]["get"]["responses"]["200"]
    assert set(stored["content"]) == {"application/pdf", "image/jpeg", "image/png", "image/tiff"}
    verify = paths["/api/v1/verify"]["post"]["requestBody"]
    assert verify["required"] and verify["content"] == {"application/pdf": binary}
    scan = paths["/api/v1/agreements/{agreement_id}/scans"]["post"]
    assert {"application/pdf", "image/png", "multipart/form-data"} <= set(scan["requestBody"]["content"])
    form_ref = scan["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    form = _document(client)["components"]["schemas"][form_ref.rsplit("/", 1)[-1]]
    assert form["required"] == ["file"] and form["properties"]["file"] == binary["schema"]
    assert {"Location", "Idempotent-Replayed"} <= set(scan["responses"]["201"]["headers"])
    assert {"$ref": "#/components/parameters/IdempotencyKey"} in scan["parameters"]
    assert {p.get("name") for p in scan["parameters"]} >= {"filename", "note"}
