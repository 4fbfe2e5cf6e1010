"""Reading requests: a JSON object body with known fields, and whole-number query parameters."""

from __future__ import annotations

import json
from typing import Any

from flask import request
from werkzeug.exceptions import BadRequest

from ..errors import InvalidInput
from ..services.characters import text_problem
from ..services.numbers import whole_number

MAX_DEPTH = 32


def _reject_constant(name: str) -> Any:
    """NaN and Infinity are not JSON: refuse them rather than store them."""
    raise ValueError(f"{name} is not a JSON number")


def _check_text(value: Any, depth: int = 0) -> None:
    """Refuse what no database stores: NUL characters and unpaired surrogates; and absurd nesting."""
    if depth > MAX_DEPTH:
        raise BadRequest(f"The JSON body is nested more than {MAX_DEPTH} levels deep.")
    if isinstance(value, str):
        if problem := text_problem("Text in the body", value):  # the services name the field; this guards them all
            raise BadRequest(problem)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadRequest("Text in the body contains an unpaired surrogate (\\ud800–\\udfff).") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, depth + 1)
            _check_text(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_text(item, depth + 1)


def json_body() -> Any:
    """The request body as any JSON value, checked as every body is; 400 when it is not JSON."""
    if request.mimetype != "application/json" and not request.mimetype.endswith("+json"):
        raise BadRequest(
            f"Send the body as JSON with 'Content-Type: application/json' (got {request.mimetype or 'none'!r})."
        )
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise BadRequest("The body is empty: send a JSON object.")
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise BadRequest("The body is not UTF-8 encoded.") from None
    except json.JSONDecodeError as exc:
        raise BadRequest(f"The body is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from None
    except (ValueError, RecursionError) as exc:
        raise BadRequest(f"The body is not valid JSON: {exc}.") from None
    _check_text(body)
    return body


def json_object(allowed: frozenset[str] | set[str], body: Any = None) -> dict[str, Any]:
    """The request body (or ``body``, already read) as a JSON object; 400 when it is not JSON or not an
    object, 422 for unknown fields."""
    body = json_body() if body is None else body
    if not isinstance(body, dict):
        raise BadRequest(f"The body must be a JSON object, not {_json_kind(body)}.")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise InvalidInput(
            f"Unknown field{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"the fields are {', '.join(sorted(allowed))}.",
            {name: "Unknown field." for name in unknown},
        )
    return body


def _json_kind(value: Any) -> str:
    """'an array', 'a string' … for messages."""
    kinds = {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
    }
    return "null" if value is None else kinds.get(type(value), "a value")


def query_int(name: str, default: int, low: int, high: int) -> int:
    """A whole-number query parameter within [low, high], read as everywhere (``services.numbers``); InvalidInput
    naming it otherwise."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    number = whole_number(raw, low, high)
    if number is None:
        raise InvalidInput(
            f"The query parameter {name} must be a whole number from {low} to {high:,}, not {raw[:20]!r}.",
            {name: f"A whole number from {low} to {high:,}."},
        )
    return number


def query_text(name: str) -> str | None:
    """A text query parameter, None when absent or empty."""
    value = request.args.get(name, "").strip()
    return value or None
