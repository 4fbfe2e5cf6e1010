"""Refusals on the pages name each field as its form labels it ("Signed on"), never by its key (``signed_on``);
the API keeps the keys in ``errors``."""

from __future__ import annotations

import re
from html import unescape

import pytest
from webtools import fire, post_form, signed_in

from agreements.db import db
from agreements.services import versions

KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")  # how a field is named in the code and the API: signed_on, is_binding


def _refusals(response) -> list[str]:
    """The text of every message of refusal on the page: the alerts and the messages beside the fields."""
    html = response.get_data(as_text=True)
    found = re.findall(r'<(p|div) class="(?:field-error|alert alert--error)"[^>]*>(.*?)</\1>', html, flags=re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split()) for _tag, text in found]


def _in_review(world, make_agreement, **fields):
    agreement = make_agreement(**fields)
    fire(world["pm"], agreement, "submit_for_review")
    return agreement


def _signatory(app, world, make_agreement):
    agreement = make_agreement()
    form = {"name": "John Morton", "title": "Director", "signed_on": "next Tuesday"}
    return post_form(signed_in(app, world["pm"]), f"/agreements/{agreement.id}/signatories/us", form)


def _authority(app, world, make_agreement):
    cmaa = make_agreement(type="cmaa", country="MX", counterpart="Agencia Nacional de Aduanas", languages=["en", "es"])
    form = {"kind": "conclude", "reference": "X", "granted_by": "Jordan Example", "granted_by_title": ""}
    return post_form(signed_in(app, world["pm"]), f"/agreements/{cmaa.id}/authorities", form)


def _determination(app, world, make_agreement):
    agreement = _in_review(world, make_agreement)
    return post_form(signed_in(app, world["la"]), f"/agreements/{agreement.id}/determination", {"note": "Why."})


def _entry_rule(app, world, make_agreement):
    cmaa = make_agreement(type="cmaa", country="IT", languages=["en", "it"])
    form = {
        "title": cmaa.title,
        "counterpart": cmaa.counterpart,
        "country": cmaa.country,
        "languages": ["it"],
        "entry_rule": "days_after_later_note",
        "entry_rule_days": "",
    }
    return post_form(signed_in(app, world["pm"]), f"/agreements/{cmaa.id}/edit", form)


def _compare(app, world, make_agreement):
    agreement = make_agreement()
    versions.save_version(world["pm"], agreement, {"articles": [{"number": "1", "body": {"en": "Changed."}}]})
    db.session.commit()
    return signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}/compare?from=first&to=2")


# What is sent wrong, and what the page then says, in the form's words.
CASES = {
    "signatory": (_signatory, "Signed on must be a date (YYYY-MM-DD)."),
    "authority": (_authority, "Granted on must be a date (YYYY-MM-DD)."),
    "authority-title": (_authority, "Give the granting official's title (Their title), e.g. Assistant Secretary."),
    "determination": (_determination, "Say whether the text is binding or non-binding."),
    "entry-rule": (_entry_rule, "Give how many days after the later note it enters into force."),
    "compare": (_compare, "Earlier version must be a version number"),
}


@pytest.mark.parametrize(("send", "said"), CASES.values(), ids=CASES.keys())
def test_a_refusal_names_the_field_as_the_form_labels_it(app, world, make_agreement, send, said):
    response = send(app, world, make_agreement)
    assert response.status_code == 422
    refusals = _refusals(response)
    assert any(said in text for text in refusals), refusals
    assert [key for text in refusals for key in KEY.findall(text)] == [], refusals
