"""Version numbers in query strings: the range a refusal names is the range accepted, and no number beyond the
database's integers (PostgreSQL int4) ever reaches SQL."""

from __future__ import annotations

import re

import pytest
from conftest import simple_text

from .support import assert_problem

INT4_MAX = 2**31 - 1
# Each endpoint taking a version in its query string, as a path with {v} for the number and the parameter's name.
ENDPOINTS = [
    ("document.pdf?version={v}", "version"),
    ("comments?version={v}", "version"),
    ("compare?from={v}&to=1", "from"),
    ("compare?from=1&to={v}", "to"),
]
TOO_LARGE = [str(INT4_MAX + 1), "9999999999", "9" * 40, "9" * 5000]
NOT_VERSIONS = ["0", "-1", "00", "x", "1e3", "%C2%B2"]


@pytest.fixture
def agreement_id(make_agreement) -> int:
    """An agreement with one version of its text."""
    return make_agreement().id


@pytest.mark.parametrize(("path", "name"), ENDPOINTS)
def test_the_largest_database_integer_is_a_version_that_does_not_exist(api, agreement_id, path, name):
    response = api("pm").get(f"/agreements/{agreement_id}/" + path.format(v=INT4_MAX))
    assert_problem(response, 404, f"version {INT4_MAX}")


@pytest.mark.parametrize(("path", "name"), ENDPOINTS)
@pytest.mark.parametrize("raw", TOO_LARGE + NOT_VERSIONS)
def test_a_version_out_of_range_is_refused_naming_the_parameter(api, agreement_id, path, name, raw):
    body = assert_problem(api("pm").get(f"/agreements/{agreement_id}/" + path.format(v=raw)), 422, name)
    assert set(body["errors"]) == {name}


def _bounds_named(detail: str, raw: str) -> set[int]:
    """The numbers a refusal's message names, but for the value refused, which it may quote."""
    return {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*\d|\d", detail.replace(repr(raw), ""))}


@pytest.mark.parametrize(("path", "name"), ENDPOINTS)
def test_the_range_a_refusal_names_is_the_range_accepted(api, agreement_id, path, name):
    pm = api("pm")
    for outside, bound, answer in ((INT4_MAX + 1, INT4_MAX, 404), (0, 1, 200)):
        url = f"/agreements/{agreement_id}/" + path.format(v=outside)
        named = _bounds_named(assert_problem(pm.get(url), 422, name)["detail"], str(outside))
        assert bound in named and max(named) <= INT4_MAX, named
        assert pm.get(f"/agreements/{agreement_id}/" + path.format(v=bound)).status_code == answer


@pytest.mark.parametrize(("path", "name"), ENDPOINTS)
def test_leading_zeros_do_not_change_a_number(api, agreement_id, path, name):
    assert api("pm").get(f"/agreements/{agreement_id}/" + path.format(v="0001")).status_code == 200
    assert_problem(api("pm").get(f"/agreements/{agreement_id}/" + path.format(v=f"000{INT4_MAX}")), 404)


@pytest.mark.parametrize(
    "path",
    ["/agreements/{v}", "/agreements/{a}/versions/{v}", "/agreements/{a}/documents/{v}", "/agreements/{v}/events"],
)
@pytest.mark.parametrize("number", [INT4_MAX, INT4_MAX + 1, 10**40])
def test_numbers_in_paths_beyond_the_database_are_not_found(api, agreement_id, path, number):
    assert_problem(api("pm").get(path.format(a=agreement_id, v=number)), 404)


@pytest.mark.parametrize("number", [INT4_MAX + 1, 10**40])
def test_version_numbers_in_bodies_beyond_the_database_are_refused(api, agreement_id, number):
    pm, legal = api("pm"), api("la")
    comment = {"article": "1", "body": "Reconsider."}
    assert_problem(legal.post(f"/agreements/{agreement_id}/versions/{number}/comments", json=comment), 404)
    assert_problem(
        legal.post(f"/agreements/{agreement_id}/versions/1/comments", json={**comment, "parent_id": number}), 422
    )
    assert_problem(pm.post(f"/agreements/{agreement_id}/versions", json={**simple_text(), "base_version": number}), 409)
    assert_problem(pm.fire(agreement_id, "submit_for_review", expected_lock_version=number), 409)
    assert pm.fire(agreement_id, "submit_for_review").status_code == 200
    assert legal.fire(agreement_id, "clear_for_negotiation").status_code == 200
    held = {"held_on": "2026-10-14", "format": "video", "participants": "Both", "summary": "Met.", "version": number}
    assert_problem(pm.post(f"/agreements/{agreement_id}/rounds", json=held), 422, f"no version {number}")
