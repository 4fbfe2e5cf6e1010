"""What every model of the API shares: bodies that refuse unknown fields and do not coerce, query strings read
as text, responses that serialise as the API always has (timestamps with their UTC offset), and schemas
without pydantic's generated titles."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, RootModel, WithJsonSchema
from pydantic_core import PydanticCustomError

from ...services.numbers import whole_number

# JSON Schema of the values the models and the hand-written rest of the document share.
TEXT = {"type": "string"}
DATE = {"type": "string", "format": "date"}
MOMENT = {"type": "string", "format": "date-time"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
SHA256 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
COUNTRY = {"type": "string", "pattern": "^[A-Za-z]{2}$", "description": "ISO 3166 alpha-2, e.g. RU", "examples": ["RU"]}
COUNTRY_GIVEN = {
    "type": "string",
    "minLength": 1,
    "maxLength": 100,
    "description": "A country by its name or its ISO 3166 alpha-2 code: Russia, RU and ru are the same country.",
    "examples": ["Russia", "RU"],
}
LANGUAGE = {"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "description": "BCP 47, e.g. ru"}


def _tidy(schema: dict[str, Any], cls: Any = None) -> None:
    """Schemas as the document writes them: no generated titles ("Parent Id"), ``{"type": [T, "null"]}`` for
    an optional value rather than an anyOf, and for a query parameter no null at all (absent is not null)."""
    schema.pop("title", None)
    in_query = cls is not None and issubclass(cls, Params)
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)
        if prop.get("default", 0) is None and "anyOf" not in prop and "null" not in (prop.get("type") or ()):
            del prop["default"]  # "not sent" (a field documented as it is checked), not a null the schema refuses
        alternatives = prop.get("anyOf")
        if not alternatives or {"type": "null"} not in alternatives or len(alternatives) != 2:
            continue
        (other,) = [a for a in alternatives if a != {"type": "null"}]
        if in_query:
            del prop["anyOf"]
            prop.update(other)
            if prop.get("default", 0) is None:
                del prop["default"]
        elif set(other) <= {"type", "format", "minimum", "maximum", "minLength", "maxLength", "enum", "pattern"} and (
            isinstance(other.get("type"), str)
        ):
            del prop["anyOf"]
            prop.update(other)
            prop["type"] = [other["type"], "null"]
            if "enum" in prop:
                prop["enum"] = [*prop["enum"], None]


class Body(BaseModel):
    """A JSON request body: unknown fields refused, no coercion ("12" is not 12, true is not 1)."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_tidy)


class RootBody(RootModel):
    """A JSON request body that is not one object of fields: a list, or one of several shapes (a tagged union,
    whose tag the error messages leave out). No coercion, as for ``Body``; what a list's items may hold is the
    items' model's to say."""

    model_config = ConfigDict(strict=True, json_schema_extra=_tidy)


class Params(BaseModel):
    """Parameters (query string, headers): read from text, since they all arrive as text."""

    model_config = ConfigDict(json_schema_extra=_tidy)


class Query(Params):
    """Query parameters. Those the endpoint does not know are ignored, as they always were (a client's cache
    buster, ``?_=123``, must not break a request)."""

    model_config = ConfigDict(extra="ignore")


class Out(BaseModel):
    """A response model: serialises; its schema untitled like the rest of the document."""

    model_config = ConfigDict(json_schema_extra=_tidy)


# Timestamps as the API has always written them: isoformat() ("+00:00"); pydantic alone would write "Z".
Moment = Annotated[
    dt.datetime,
    PlainSerializer(lambda v: v.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Day = Annotated[
    dt.date,
    PlainSerializer(lambda v: v.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date"}),
]


def blank_is_none(value: Any) -> Any:
    """``?version=`` means "not given"."""
    return None if isinstance(value, str) and not value.strip() else value


_TRUTH = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False, "": False}


def true_false(value: Any) -> Any:
    """true/1/yes and false/0/no (or empty) as typed in a URL; anything else is refused by the bool type."""
    return _TRUTH.get(value.strip().lower(), value) if isinstance(value, str) else value


QueryBool = Annotated[bool, BeforeValidator(true_false)]


def whole(low: int, high: int) -> Any:
    """A whole-number query parameter from ``low`` to ``high``, read as every page and endpoint reads one
    (``services.numbers``: ASCII digits only, so "+1", "1.0" and "1_0" are refused); empty is not given."""

    def read(value: Any) -> Any:
        """The number, None when blank; refused naming the range otherwise."""
        if not isinstance(value, str) or not value.strip():
            return blank_is_none(value)
        number = whole_number(value, low, high)
        if number is None:
            raise PydanticCustomError(
                "whole_number", "A whole number from {low} to {high}", {"low": f"{low:,}", "high": f"{high:,}"}
            )
        return number

    return Annotated[
        int | None, BeforeValidator(read), WithJsonSchema({"type": "integer", "minimum": low, "maximum": high})
    ]


def dump(model: BaseModel) -> dict[str, Any]:
    """A response model as the JSON-ready dict the views send."""
    return model.model_dump(mode="json")
