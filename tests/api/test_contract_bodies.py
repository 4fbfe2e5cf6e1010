"""The operation machinery reads a body that is not one object of fields: a list, or a tagged union of shapes;
a body of another JSON type is malformed (400), and each wrong field is named by its place (422)."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import Discriminator, Tag, ValidationError
from werkzeug.exceptions import BadRequest

from agreements.api.contract import body_types, invalid_input, read_body
from agreements.api.models.base import Body, RootBody


class Item(Body):
    """One item of a list."""

    label: str
    count: int = 0


class Items(RootBody):
    """A bare list."""

    root: list[Item]


class Wrapped(Body):
    """The list as an object's only field."""

    items: list[Item]


class Either(RootBody):
    """A bare list, or wrapped."""

    root: Annotated[
        Annotated[list[Item], Tag("list")] | Annotated[Wrapped, Tag("object")],
        Discriminator(lambda value: "list" if isinstance(value, list) else "object"),
    ]


def _read(app, model, raw: str):
    with app.test_request_context(method="PUT", data=raw, content_type="application/json"):
        try:
            return read_body(model)
        except ValidationError as error:
            return invalid_input(error)


def test_the_json_types_a_body_takes_come_from_its_model():
    assert body_types(Item) == ("object",)
    assert body_types(Items) == ("array",)
    assert body_types(Either) == ("array", "object")


def test_a_list_body_is_read_as_a_list(app):
    assert _read(app, Items, '[{"label": "a"}, {"label": "b", "count": 2}]').root == [
        Item(label="a"),
        Item(label="b", count=2),
    ]
    assert _read(app, Items, "[]").root == []


def test_an_object_sent_for_a_list_is_malformed(app):
    with pytest.raises(BadRequest, match="The body must be a JSON array, not an object."):
        _read(app, Items, '{"label": "a"}')


def test_a_wrong_item_is_named_by_its_place_without_coercion(app):
    error = _read(app, Items, '[{"label": "a"}, {"label": "b", "count": "2", "colour": "red"}]')
    assert error.errors == {"[1].count": "Input should be a valid integer, not '2'.", "[1].colour": "Unknown field."}


def test_a_union_names_the_field_of_the_shape_sent_without_its_tag(app):
    error = _read(app, Either, '{"items": [], "extra": 1}')
    assert error.errors == {"extra": "Unknown field."}
    assert error.detail == "Unknown field 'extra'; the fields are items."
    assert _read(app, Either, '[{"label": 5}]').errors == {"[0].label": "Input should be a valid string, not 5."}
    assert _read(app, Either, '{"items": [{"label": "x"}]}').root == Wrapped(items=[Item(label="x")])
