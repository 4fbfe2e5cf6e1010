"""The contract does not move: every path, method, parameter, request field, response status and response field
of the OpenAPI document as it stood on 2 December 2026 (``fixtures/openapi-2026-12-02.json``, before it was
generated from the models) is still in the document served now, with a compatible schema: a request accepts at
least what it accepted, a response field has no type it did not have, and nothing optional became required."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "openapi-2026-12-02.json"
METHODS = ("get", "put", "post", "delete", "patch")
BEFORE = json.loads(FIXTURE.read_text())


def _operations(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [(path, m) for path, item in document["paths"].items() for m in METHODS if m in item]


@pytest.fixture(scope="module")
def now(app_module) -> dict[str, Any]:
    response = app_module.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


@pytest.fixture(scope="module")
def app_module():
    from agreements import create_app

    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def resolve(document: dict[str, Any], node: Any, seen: frozenset = frozenset()) -> Any:
    """``node`` with its ``$ref`` followed (once per reference on the way, so recursion ends)."""
    while isinstance(node, dict) and "$ref" in node and node["$ref"] not in seen:
        seen = seen | {node["$ref"]}
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def types(document: dict[str, Any], schema: Any) -> set[str]:
    """The JSON types a schema allows (through anyOf/oneOf); empty when it says nothing (anything goes)."""
    schema = resolve(document, schema)
    if not isinstance(schema, dict):
        return set()
    found: set[str] = set()
    kind = schema.get("type")
    if isinstance(kind, str):
        found.add(kind)
    elif isinstance(kind, list):
        found.update(kind)
    for key in ("anyOf", "oneOf"):
        for option in schema.get(key, ()):
            more = types(document, option)
            if not more:
                return set()
            found |= more
    if "const" in schema and schema["const"] is None or None in schema.get("enum", ()):
        found.add("null")
    if "integer" in found:
        found.add("number")
    return found


def properties(document: dict[str, Any], schema: Any) -> tuple[dict[str, Any], set[str]]:
    """The properties of an object schema (through allOf/anyOf), and those required."""
    schema = resolve(document, schema)
    if not isinstance(schema, dict):
        return {}, set()
    props = dict(schema.get("properties", {}))
    required = set(schema.get("required", ()))
    for key in ("allOf", "anyOf", "oneOf"):
        for part in schema.get(key, ()):
            more, needed = properties(document, part)
            props.update(more)
            if key == "allOf":
                required |= needed
    return props, required


def _parameters(document, path: str, method: str) -> dict[tuple[str, str], dict[str, Any]]:
    item = document["paths"][path]
    out = {}
    for param in [*item.get("parameters", ()), *item[method].get("parameters", ())]:
        param = resolve(document, param)
        out[(param["name"], param["in"])] = param
    return out


def _compare_request(before_schema, after_schema, where: str, problems: list[str], depth: int = 0) -> None:
    before_types, after_types = types(BEFORE, before_schema), types(NOW, after_schema)
    if before_types and after_types and not before_types <= after_types:
        problems.append(f"{where}: accepted {sorted(before_types)}, now {sorted(after_types)}")
    if depth > 4:
        return
    old_props, old_required = properties(BEFORE, before_schema)
    new_props, new_required = properties(NOW, after_schema)
    for name, schema in old_props.items():
        if name not in new_props:
            problems.append(f"{where}.{name}: gone")
        else:
            _compare_request(schema, new_props[name], f"{where}.{name}", problems, depth + 1)
    for name in sorted(new_required - old_required):
        problems.append(f"{where}.{name}: now required")
    old_items, new_items = resolve(BEFORE, before_schema), resolve(NOW, after_schema)
    if isinstance(old_items, dict) and isinstance(new_items, dict) and "items" in old_items and "items" in new_items:
        _compare_request(old_items["items"], new_items["items"], f"{where}[]", problems, depth + 1)


def _compare_response(before_schema, after_schema, where: str, problems: list[str], depth: int = 0) -> None:
    before_types, after_types = types(BEFORE, before_schema), types(NOW, after_schema)
    if before_types and after_types and not after_types <= before_types:
        problems.append(f"{where}: was {sorted(before_types)}, now {sorted(after_types)}")
    if depth > 4:
        return
    old_props, _ = properties(BEFORE, before_schema)
    new_props, _ = properties(NOW, after_schema)
    for name, schema in old_props.items():
        if name not in new_props:
            problems.append(f"{where}.{name}: gone")
        else:
            _compare_response(schema, new_props[name], f"{where}.{name}", problems, depth + 1)
    old_items, new_items = resolve(BEFORE, before_schema), resolve(NOW, after_schema)
    if isinstance(old_items, dict) and isinstance(new_items, dict) and "items" in old_items and "items" in new_items:
        _compare_response(old_items["items"], new_items["items"], f"{where}[]", problems, depth + 1)


NOW: dict[str, Any] = {}


@pytest.mark.parametrize(("path", "method"), _operations(BEFORE), ids=lambda v: v)
def test_every_operation_is_kept_with_a_compatible_contract(now, path, method):
    NOW.clear()
    NOW.update(now)
    assert path in now["paths"] and method in now["paths"][path], f"{method.upper()} {path} is gone"
    problems: list[str] = []
    old_op, new_op = BEFORE["paths"][path][method], now["paths"][path][method]
    old_params, new_params = _parameters(BEFORE, path, method), _parameters(now, path, method)
    for key, param in old_params.items():
        name = f"parameter {key[1]} {key[0]}"
        if key not in new_params:
            problems.append(f"{name}: gone")
            continue
        if new_params[key].get("required") and not param.get("required"):
            problems.append(f"{name}: now required")
        _compare_request(param.get("schema"), new_params[key].get("schema"), name, problems)
    for key, param in new_params.items():
        if key not in old_params and param.get("required"):
            problems.append(f"parameter {key[1]} {key[0]}: new and required")
    old_body = resolve(BEFORE, old_op.get("requestBody", {})).get("content", {})
    new_body = resolve(now, new_op.get("requestBody", {})).get("content", {})
    for media, content in old_body.items():
        if media not in new_body:
            problems.append(f"request {media}: gone")
        else:
            _compare_request(content.get("schema"), new_body[media].get("schema"), f"request {media}", problems)
    for status, answer in old_op.get("responses", {}).items():
        if status not in new_op.get("responses", {}):
            problems.append(f"response {status}: gone")
            continue
        old_content = resolve(BEFORE, answer).get("content", {})
        new_content = resolve(now, new_op["responses"][status]).get("content", {})
        for media, content in old_content.items():
            if media not in new_content:
                problems.append(f"response {status} {media}: gone")
            else:
                where = f"response {status} {media}"
                _compare_response(content.get("schema"), new_content[media].get("schema"), where, problems)
    assert not problems, f"{method.upper()} {path}:\n" + "\n".join(problems)


def test_the_fixture_is_the_whole_document_of_that_day():
    assert len(_operations(BEFORE)) == 48 and BEFORE["openapi"] == "3.1.0"


def test_the_check_catches_a_field_gone_a_type_changed_and_a_new_requirement(now):
    import copy

    NOW.clear()
    NOW.update(copy.deepcopy(BEFORE))
    schemas = NOW["components"]["schemas"]
    del schemas["AgreementSummary"]["properties"]["reference"]
    schemas["AgreementSummary"]["properties"]["lock_version"] = {"type": "string"}
    schemas["AgreementCreate"]["required"] = [*schemas["AgreementCreate"]["required"], "languages"]
    problems: list[str] = []
    _compare_response(
        {"$ref": "#/components/schemas/AgreementSummary"},
        {"$ref": "#/components/schemas/AgreementSummary"},
        "summary",
        problems,
    )
    _compare_request(
        {"$ref": "#/components/schemas/AgreementCreate"},
        {"$ref": "#/components/schemas/AgreementCreate"},
        "create",
        problems,
    )
    assert set(problems) == {
        "summary.reference: gone",
        "summary.lock_version: was ['integer', 'number'], now ['string']",
        "create.languages: now required",
    }
