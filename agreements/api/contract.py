"""The API's contract, written once: ``@operation`` declares a view's request models and its answers; it
checks the query string and the JSON body before the view runs (not JSON at all: 400, as always; the wrong
shape: InvalidInput, our problem+json 422 naming each field) and hands the view ``query=`` and ``body=``
models; a body of files (``Upload``: raw bytes, or a multipart form) is only declared: the view reads it.
``paths(app)`` writes the OpenAPI operations of every view so declared, from the URL map and the models;
``openapi.document()`` puts them in the document, whose hand-written rest is the description, the problem types,
the shared responses and parameters, and the security scheme.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, wraps
from typing import Any, get_args, get_origin

from flask import Flask, request
from pydantic import BaseModel, RootModel, Tag, ValidationError
from werkzeug.exceptions import BadRequest

from ..errors import InvalidInput
from .body import _json_kind, json_body
from .models.base import Body, Query, RootBody
from .openapi import LOCATION, REPLAYED, SERVER_LIMITS  # noqa: F401 (LOCATION, REPLAYED: for the views)

REF = "#/components/schemas/{model}"
# Path parameters the shared components describe: referenced, not repeated.
PATH_PARAMETERS = {"agreement_id": "AgreementId", "number": "VersionNumber", "party": "Party", "key": "TypeKey"}
CONVERTERS = {"int": {"type": "integer", "minimum": 1}, "default": {"type": "string"}, "string": {"type": "string"}}
RULE_PART = re.compile(r"<(?:([a-z]+)(?:\([^)]*\))?:)?([a-z_]+)>")


BINARY = {"type": "string", "format": "binary"}
DOWNLOAD_HEADERS = {"Content-Disposition": {"description": "attachment; filename=…", "schema": {"type": "string"}}}
ETAG = {"ETag": {"description": "The stored file's SHA-256.", "schema": {"type": "string"}}}


def files(*media_types: str) -> dict[str, Any]:
    """Content of raw bytes, of each media type given: a file as it is sent or served."""
    return {kind: {"schema": dict(BINARY)} for kind in media_types}


@dataclass
class Answer:
    """One response: a model (JSON) or a shared schema by name, other media types, headers."""

    description: str
    model: type[BaseModel] | None = None
    schema: str | None = None
    content: dict[str, Any] = field(default_factory=dict)  # e.g. {"text/csv": {"schema": {"type": "string"}}}
    headers: dict[str, Any] = field(default_factory=dict)


def download(description: str, *media_types: str) -> Answer:
    """A file served as an attachment, of one of ``media_types``, with the stored file's SHA-256 as ETag."""
    return Answer(description, content=files(*media_types), headers={**DOWNLOAD_HEADERS, **ETAG})


@dataclass
class Upload:
    """A request body that is not JSON, which the view reads itself: a file as the raw body, of one of
    ``media_types``, and/or a multipart/form-data ``form`` whose model names the fields (a file as ``bytes``)."""

    media_types: tuple[str, ...] = ()
    form: type[BaseModel] | None = None
    description: str | None = None

    def request_body(self, schemas: dict[str, Any]) -> dict[str, Any]:
        """The OpenAPI request body: each media type's bytes, then the form by reference to its schema."""
        content = files(*self.media_types)
        if self.form is not None:
            content["multipart/form-data"] = {"schema": _schema(self.form, "validation", schemas)}
        return {"required": True, **({"description": self.description} if self.description else {}), "content": content}


@dataclass
class Operation:
    """What ``@operation`` declares of one endpoint."""

    summary: str
    operation_id: str
    tags: list[str]
    answers: dict[int, Answer]
    problems: tuple[int, ...] = ()
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    upload: Upload | None = None  # a body of files, not JSON; not read before the view
    idempotent: bool = False  # takes an Idempotency-Key header
    description: str | None = None
    parameters: tuple[dict[str, Any], ...] = ()  # more, by reference to the shared ones (If-Match, …)
    body_required: bool = True
    public: bool = False  # served without a token: ``security: []``, and no 401


def _is_list(annotation: Any) -> bool:
    """Whether a field takes a repeatable query parameter (list[...] or list[...] | None)."""
    return get_origin(annotation) is list or any(get_origin(a) is list for a in get_args(annotation))


def read_query(model: type[BaseModel]) -> BaseModel:
    """The query string as ``model``: repeatable parameters as lists."""
    lists = {f.alias or name for name, f in model.model_fields.items() if _is_list(f.annotation)}
    data = {key: request.args.getlist(key) if key in lists else request.args.get(key) for key in request.args}
    return model.model_validate(data)


JSON_TYPES = {"object": dict, "array": list}


@cache
def body_types(model: type[BaseModel]) -> tuple[str, ...]:
    """The JSON types a body model takes at its top: an object for a model of fields; for a ``RootBody``, what
    its schema says (an array, or either of a union's shapes)."""
    if not issubclass(model, RootModel):
        return ("object",)
    schema = model.model_json_schema()
    found: set[str] = set()
    for option in schema.get("oneOf") or schema.get("anyOf") or [schema]:
        if "$ref" in option:
            option = schema["$defs"][option["$ref"].rsplit("/", 1)[-1]]
        kind = option.get("type")
        found.update(kind if isinstance(kind, list) else [kind])
    return tuple(sorted(found & set(JSON_TYPES)))


def read_body(model: type[BaseModel]) -> BaseModel:
    """The JSON body as ``model``: 400 for what is not JSON, or not of the model's JSON type (an object, or
    for a ``RootBody`` e.g. an array; json_body's checks: NaN, NUL, depth), then pydantic on the raw bytes, in
    JSON mode (strict models still read dates from ISO strings)."""
    value = json_body()
    kinds = body_types(model)
    if not isinstance(value, tuple(JSON_TYPES[k] for k in kinds)):
        raise BadRequest(f"The body must be a JSON {' or '.join(kinds)}, not {_json_kind(value)}.")
    return model.model_validate_json(request.get_data(cache=True))


def operation(**declared: Any) -> Callable:
    """Declare (and, for the query string and the body, check) one endpoint: ``@bp.post(...)`` then this."""
    op = Operation(**declared)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(**path: Any):
            given: dict[str, Any] = {}
            try:
                if op.query:
                    given["query"] = read_query(op.query)
                if op.body:
                    given["body"] = read_body(op.body)
            except ValidationError as error:
                raise invalid_input(error) from None
            return view(**path, **given)

        wrapper.operation = op  # type: ignore[attr-defined]
        return wrapper

    return decorate


# --- validation errors as the API's problem+json ---------------------------------------------------------
MESSAGES = {"extra_forbidden": "Unknown field.", "missing": "Required."}


def field_name(loc: tuple[Any, ...]) -> str:
    """('contacts', 0, 'x') → 'contacts[0].x'; ('body',) → 'body'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def _model_named(title: str) -> type[BaseModel] | None:
    """The request model a ValidationError is about (its ``title`` is the model's name)."""
    todo: list[type[BaseModel]] = [Body, Query, RootBody]
    while todo:
        cls = todo.pop()
        if cls.__name__ == title:
            return cls
        todo.extend(cls.__subclasses__())
    return None


@cache
def _branches(model: type[BaseModel]) -> dict[str, Any]:
    """A ``RootBody`` of a tagged union: each tag and the type it stands for; empty for any other model."""
    if not issubclass(model, RootBody):
        return {}
    options = get_args(model.model_fields["root"].annotation)
    return {m.tag: get_args(o)[0] for o in options for m in getattr(o, "__metadata__", ()) if isinstance(m, Tag)}


def _unwrapped(model: type[BaseModel] | None, items: list[Any]) -> tuple[type[BaseModel] | None, list[Any]]:
    """Errors of a tagged union's branch as errors of that branch: without the tag in their place, and with its
    model (if it is one) to name the fields allowed."""
    branches = _branches(model) if model else {}
    tags = {item["loc"][0] if item["loc"] else None for item in items}
    if not branches or len(tags) != 1 or (tag := tags.pop()) not in branches:
        return model, items
    branch = branches[tag]
    inner = branch if isinstance(branch, type) and issubclass(branch, BaseModel) else None
    return inner, [{**item, "loc": item["loc"][1:]} for item in items]


def invalid_input(error: ValidationError) -> InvalidInput:
    """A pydantic ValidationError as InvalidInput: ``errors`` maps each field to a message (422)."""
    model, items = _unwrapped(_model_named(error.title), error.errors(include_url=False))
    where = "query parameter" if model and issubclass(model, Query) else "field"
    fields = model.model_fields if model and not issubclass(model, RootModel) else None  # a list's: no names
    allowed = [f.alias or name for name, f in fields.items()] if fields else None
    errors: dict[str, str] = {}
    for item in items:
        # A query parameter is named alone ("state", not "state[1]": the URL has no index).
        name = str(item["loc"][0]) if where == "query parameter" and item["loc"] else field_name(item["loc"])
        message = MESSAGES.get(item["type"], item["msg"])
        value = item.get("input")
        if item["type"] not in MESSAGES and isinstance(value, str | int | float) and not isinstance(value, bool):
            message += f", not {str(value)[:40]!r}" if isinstance(value, str) else f", not {value}"
        errors.setdefault(name, message + ("" if message.endswith(".") else "."))
    unknown = sorted(k for k, m in errors.items() if m == "Unknown field.")
    if unknown and len(unknown) == len(errors) and allowed:
        detail = (
            f"Unknown {where}{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"the {where}s are {', '.join(sorted(allowed))}."
        )
    else:
        detail = "; ".join(f"{name}: {message}" for name, message in errors.items())
    return InvalidInput(detail, errors)


# --- the generator ---------------------------------------------------------------------------------------
def _schema(model: type[BaseModel], mode: str, schemas: dict[str, Any]) -> dict[str, str]:
    """Put ``model`` (and the models it uses) in ``schemas``; a reference to it."""
    schema = model.model_json_schema(ref_template=REF, mode=mode)
    schemas.update(schema.pop("$defs", {}))
    schemas[model.__name__] = schema
    return {"$ref": REF.format(model=model.__name__)}


def _parameters(rule: str, op: Operation) -> list[dict[str, Any]]:
    """Path parameters from the rule, query parameters from the query model, Idempotency-Key, the rest."""
    out: list[dict[str, Any]] = []
    for converter, name in RULE_PART.findall(rule):
        if name in PATH_PARAMETERS:
            out.append({"$ref": f"#/components/parameters/{PATH_PARAMETERS[name]}"})
        else:
            schema = CONVERTERS.get(converter or "default", {"type": "string"})
            out.append({"name": name, "in": "path", "required": True, "schema": schema})
    if op.query:
        schema = op.query.model_json_schema(ref_template=REF)
        for name, prop in schema.get("properties", {}).items():
            param: dict[str, Any] = {"name": name, "in": "query", "schema": prop}
            if "description" in prop:
                param["description"] = prop.pop("description")
            if name in schema.get("required", ()):
                param["required"] = True
            else:  # empty is as not given (``month=`` as a form sends it): the query models read it so
                param["allowEmptyValue"] = True
            if prop.get("type") == "array":
                param["style"], param["explode"] = "form", True
            out.append(param)
    if op.idempotent:
        out.append({"$ref": "#/components/parameters/IdempotencyKey"})
    out.extend(op.parameters)
    return out


def _responses(op: Operation, schemas: dict[str, Any]) -> dict[str, Any]:
    """The answers, then every problem by reference to the shared problem+json responses."""
    out: dict[str, Any] = {}
    for status, answer in op.answers.items():
        content = dict(answer.content)
        if answer.model is not None:
            content = {"application/json": {"schema": _schema(answer.model, "serialization", schemas)}, **content}
        elif answer.schema:
            content = {"application/json": {"schema": {"$ref": REF.format(model=answer.schema)}}, **content}
        out[str(status)] = {"description": answer.description}
        if content:
            out[str(status)]["content"] = content
        if answer.headers:
            out[str(status)]["headers"] = answer.headers
    problems = {
        *(() if op.public else (401,)),
        500,
        *SERVER_LIMITS,
        *op.problems,
        *((400, 413, 422) if op.body else ()),
        *((422,) if op.query else ()),
        *((422,) if op.idempotent else ()),  # a malformed Idempotency-Key, or one reused for another request
    }
    out.update({str(c): {"$ref": f"#/components/responses/{c}"} for c in sorted(problems)})
    return out


def paths(app: Flask, prefix: str = "/api/v1") -> tuple[dict[str, Any], dict[str, Any]]:
    """The OpenAPI paths of every view declared with ``@operation``, and the schemas they use."""
    found: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for rule in app.url_map.iter_rules():
        op: Operation | None = getattr(app.view_functions[rule.endpoint], "operation", None)
        if op is None or not rule.rule.startswith(prefix):
            continue
        entry: dict[str, Any] = {"summary": op.summary, "operationId": op.operation_id, "tags": op.tags}
        if op.description:
            entry["description"] = op.description
        if op.public:
            entry["security"] = []
        if parameters := _parameters(rule.rule, op):
            entry["parameters"] = parameters
        if op.body:
            entry["requestBody"] = {
                "required": op.body_required,
                "content": {"application/json": {"schema": _schema(op.body, "validation", schemas)}},
            }
        elif op.upload:
            entry["requestBody"] = op.upload.request_body(schemas)
        entry["responses"] = _responses(op, schemas)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.setdefault(RULE_PART.sub(r"{\2}", rule.rule), {})[method.lower()] = entry
    return found, schemas


def merge(document: dict[str, Any], generated_paths: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """The hand-written document (description, problem types, shared parameters and responses, security) with
    the generated operations as its only paths, and the schemas they use among its own."""
    components = {**document["components"], "schemas": {**document["components"]["schemas"], **schemas}}
    return {**document, "paths": generated_paths, "components": components}
