"""Non-binding words for non-binding instruments: a memorandum comes into effect, is in effect and is
discontinued; a binding agreement enters into force, is in force and is terminated. The states and the
steps keep their keys (``in_force``, ``give_notice``); only the words people read differ."""

from __future__ import annotations

import re
from html import unescape

import pytest
from services.lifecycle import EFFECTIVE_ON, NOTICE_ON, SIGNED_ON, TODAY, bring_to
from webtools import fire, signed_in

from agreements.documents import terms_card
from agreements.services import terms
from agreements.web.filters import state_label
from agreements.workflows import STATES
from agreements.workflows.words import (
    BINDING_WORDS,
    EITHER_WORDS,
    NON_BINDING_WORDS,
    state_name,
    state_phrase,
    step_label,
    words,
)

SIGNED = f"{SIGNED_ON.day} {SIGNED_ON:%B %Y}"  # 26 March 2026


def text_of(html: str) -> str:
    """Visible text of a piece of a page: tags removed, entities decoded, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def part(html: str, start: str, end: str = "</section>") -> str:
    """The visible text from the tag holding ``start`` to the first ``end`` after it."""
    begin = html.index(">", html.index(start)) + 1
    return text_of(html[begin : html.index(end, begin)])


def head_state(html: str) -> str:
    """What the agreement page's head says of the state: "State: In effect"."""
    return part(html, 'class="agreement-head__state"', "</p>")


def agreement_page(app, user, agreement) -> str:
    return signed_in(app, user).get(f"/agreements/{agreement.id}").get_data(as_text=True)


def terms_page(app, user, agreement) -> str:
    return signed_in(app, user).get(f"/agreements/{agreement.id}/terms").get_data(as_text=True)


@pytest.fixture
def memorandum(world, make_agreement):
    """A memorandum of understanding with Russia (non-binding), signed on 26 March 2026 and so in effect."""
    return bring_to(world, make_agreement(title="Memorandum on cyber crime"), "in_force")


@pytest.fixture
def customs_agreement(world, make_agreement):
    """A customs mutual assistance agreement (binding), entered into force on the day it was signed."""
    agreement = bring_to(world, make_agreement(type="cmaa", title="Customs agreement"), "signed")
    fire(world["pm"], agreement, "enter_into_force", data={"in_force_on": SIGNED_ON.isoformat()}, today=TODAY)
    return agreement


# --- one memorandum ----------------------------------------------------------------------------------------
def test_a_memorandum_signed_is_in_effect_on_its_page_and_came_into_effect(app, world, memorandum):
    html = agreement_page(app, world["pm"], memorandum)
    assert head_state(html) == "State: In effect"
    facts = part(html, 'id="facts"')
    assert f"Came into effect on {SIGNED}" in facts
    assert "In force" not in facts and "entered into force" not in facts.lower()


def test_the_timeline_says_the_memorandum_came_into_effect_with_its_signature(app, world, memorandum):
    timeline = part(agreement_page(app, world["pm"], memorandum), 'id="timeline"')
    assert "Sign · Awaiting signature → In effect" in timeline
    assert f"Came into effect on {SIGNED}." in timeline
    assert "In force" not in timeline and "entered into force" not in timeline.lower()


def test_the_steps_of_a_memorandum_in_effect_speak_of_discontinuation(app, world, memorandum):
    html = agreement_page(app, world["pm"], memorandum)
    actions = part(html, 'id="actions"')
    assert "Give notice of discontinuation → Discontinuation pending" in actions
    assert "Discontinuation takes effect on" in actions  # the date the step asks for
    assert "ermination" not in actions
    assert '<input type="hidden" name="trigger" value="give_notice">' in html  # the trigger stays
    workflow = part(html, 'id="workflow"')
    assert "In effect" in workflow and "Discontinued" in workflow
    assert "In force" not in workflow and "Terminated" not in workflow


def test_the_memorandum_s_terms_page_says_in_effect_since_it_came_into_effect(app, world, memorandum):
    html = terms_page(app, world["moscow"], memorandum)
    assert part(html, 'class="terms-head__ref"', "</p>").endswith("In effect")
    facts = part(html, 'id="facts-title"')
    assert f"In effect since {SIGNED} · no expiry" in facts
    assert f"Came into effect {SIGNED}" in facts
    assert "In force" not in facts and "entered into force" not in facts.lower()


def test_a_discontinued_memorandum_reads_discontinued_everywhere(app, world, memorandum):
    notice = {"notice_on": NOTICE_ON.isoformat(), "effective_on": EFFECTIVE_ON.isoformat()}
    fire(world["pm"], memorandum, "give_notice", comment="The counterpart asked.", data=notice, today=TODAY)
    fire(world["pm"], memorandum, "terminate", comment="The date came.", today=TODAY)
    assert memorandum.state == "terminated"  # the state's key is the same for both kinds

    html = agreement_page(app, world["pm"], memorandum)
    assert head_state(html) == "State: Discontinued"
    facts = part(html, 'id="facts"')
    assert "Notice of discontinuation given on 1 June 2026" in facts
    assert "Discontinuation takes effect on 1 September 2026" in facts
    assert "Discontinued on 1 September 2026" in facts
    timeline = part(html, 'id="timeline"')
    assert "Give notice of discontinuation · In effect → Discontinuation pending" in timeline
    assert "Discontinue · Discontinuation pending → Discontinued" in timeline
    assert "erminat" not in facts + timeline

    on_terms = part(terms_page(app, world["moscow"], memorandum), 'id="facts-title"')
    assert "Discontinued: not in effect" in on_terms
    assert "Notice of discontinuation given on 1 June 2026" in on_terms and "Discontinued on" in on_terms
    assert "erminat" not in on_terms


# --- one binding agreement ---------------------------------------------------------------------------------
def test_a_binding_agreement_keeps_in_force_and_entered_into_force(app, world, customs_agreement):
    html = agreement_page(app, world["pm"], customs_agreement)
    assert head_state(html) == "State: In force"
    assert f"Entered into force on {SIGNED}" in part(html, 'id="facts"')
    assert "Enter into force · Signed → In force" in part(html, 'id="timeline"')
    actions = part(html, 'id="actions"')
    assert "Give notice → Termination pending" in actions and "Termination takes effect on" in actions
    assert "discontinu" not in html.lower() and "In effect" not in html

    facts = part(terms_page(app, world["moscow"], customs_agreement), 'id="facts-title"')
    assert f"In force since {SIGNED}" in facts and f"Entered into force {SIGNED}" in facts
    assert "In effect" not in facts


# --- lists of both kinds -----------------------------------------------------------------------------------
def _options(html: str, select_id: str) -> dict[str, str]:
    """Each option of a select, value → label."""
    select = html[html.index(f'<select id="{select_id}"') : html.index("</select>", html.index(f'id="{select_id}"'))]
    return {
        value: text_of(label) for value, label in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select)
    }


def _checkboxes(html: str, name: str) -> dict[str, str]:
    """Each checkbox of a group (the list's states), value → label."""
    found = re.findall(rf'<label[^>]*><input type="checkbox" name="{name}" value="([^"]*)"[^>]*>(.*?)</label>', html)
    return {value: text_of(label) for value, label in found}


def _row(html: str, reference: str) -> str:
    """The visible text of the list's row of one agreement."""
    begin = html.index(f">{reference}</a>")
    return text_of(html[begin : html.index("</tr>", begin)])


def test_the_list_s_state_filter_is_true_of_both_and_each_row_has_its_own_words(
    app, world, memorandum, customs_agreement
):
    browser = signed_in(app, world["pm"])
    html = browser.get("/agreements").get_data(as_text=True)
    options = _checkboxes(html, "state")
    assert options["in_force"] == "In force or in effect"  # the value asked for stays in_force
    assert options["termination_pending"] == "Termination or discontinuation pending"
    assert options["terminated"] == "Terminated or discontinued"
    assert options["legal_review"] == "Legal review"
    assert "In effect" in _row(html, memorandum.reference) and "In force" not in _row(html, memorandum.reference)
    assert "In force" in _row(html, customs_agreement.reference)

    filtered = browser.get("/?state=in_force").get_data(as_text=True)
    assert memorandum.reference in filtered and customs_agreement.reference in filtered
    assert 'value="in_force" checked' in filtered


def test_the_search_page_words_its_filters_for_both_and_each_hit_for_its_kind(
    app, world, memorandum, customs_agreement
):
    html = signed_in(app, world["pm"]).get("/search?q=body").get_data(as_text=True)
    options = _options(html, "search-state")
    assert options[""] == "In force or in effect (today, or on the date below)"
    assert options["in_force"] == "Only: In force or in effect"
    assert '<label for="search-in-force-on">In force or in effect on</label>' in html
    hits = {
        ref: text_of(line)
        for ref, line in re.findall(r'hit__agreement"><span class="reference">([^<]+)</span>(.*?)</p>', html)
    }
    assert hits[memorandum.reference].endswith("In effect")
    assert hits[customs_agreement.reference].endswith("In force")
    assert "passages in force or in effect today" in text_of(html)


# --- the terms card ----------------------------------------------------------------------------------------
def test_the_terms_card_of_each_kind_has_its_own_words(app, world, memorandum, customs_agreement):
    card = text_of(terms_card.to_html(terms.card_of(memorandum)))
    assert "In effect" in card and f"Came into effect {SIGNED}" in card
    assert "In force" not in card and "Entered into force" not in card
    binding = text_of(terms_card.to_html(terms.card_of(customs_agreement)))
    assert "In force" in binding and f"Entered into force {SIGNED}" in binding and "In effect" not in binding


# --- the vocabulary ----------------------------------------------------------------------------------------
def test_each_kind_has_every_phrase():
    assert set(BINDING_WORDS) == set(NON_BINDING_WORDS) == set(EITHER_WORDS)
    assert words(True)["parties"] == "Parties" and words(False)["parties"] == "Participants"
    assert words(False)["entered_on"] == "Came into effect on" and words(True)["entered_on"] == "Entered into force on"


@pytest.mark.parametrize(
    ("state", "binding", "non_binding", "either"),
    [
        ("in_force", "In force", "In effect", "In force or in effect"),
        (
            "termination_pending",
            "Termination pending",
            "Discontinuation pending",
            "Termination or discontinuation pending",
        ),
        ("terminated", "Terminated", "Discontinued", "Terminated or discontinued"),
        ("expired", "Expired", "Expired", "Expired"),
        ("legal_review", "Legal review", "Legal review", "Legal review"),
    ],
)
def test_a_state_s_name_for_each_kind(state, binding, non_binding, either):
    assert (state_name(state, True), state_name(state, False), state_name(state, None)) == (
        binding,
        non_binding,
        either,
    )
    assert state_label(state) == binding  # one argument: the words as they always were
    assert state_label(state, False) == non_binding


def test_every_state_reads_after_is_now_without_a_double_in():
    assert state_phrase("in_force", True) == "in force" and state_phrase("in_force", False) == "in effect"
    assert state_phrase("legal_review") == "in legal review"
    assert [state_phrase(s) for s in ("signed", "awaiting_signature", "expired", "withdrawn")] == [
        "signed",
        "awaiting signature",
        "expired",
        "withdrawn",
    ]
    assert state_phrase("termination_pending", False) == "pending discontinuation"
    assert state_phrase("terminated", False) == "discontinued"
    assert not any(state_phrase(s, b).startswith("in in ") for s in STATES for b in (True, False, None))


def test_step_labels_for_each_kind():
    assert step_label("give_notice", False) == "Give notice of discontinuation"
    assert step_label("terminate", False) == "Discontinue"
    assert step_label("give_notice", True) == "Give notice" and step_label("terminate") == "Terminate"
    assert step_label("submit_for_review", False) == "Submit for review"
