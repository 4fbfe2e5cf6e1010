"""The agreement page: its facts, the buttons each person may press, firing steps, the timeline, the text."""

from __future__ import annotations

import re

from services.lifecycle import record_languages_conform
from webtools import (
    fire,
    fresh,
    post_form,
    signed_in,
    visible_text,
)

from agreements.db import db
from agreements.services import audit, parties


def _buttons(response) -> dict[str, bool]:
    """The step buttons on the page: label → enabled."""
    html = response.get_data(as_text=True)
    found = re.findall(r'<button type="submit" id="step-(\w+)-button"([^>]*)>', html)
    return {trigger: " disabled" not in attributes for trigger, attributes in found}


def _words(html: str) -> str:
    """The words of an HTML fragment, tags removed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _step(client, agreement, trigger, **fields):
    """Send the step's form from a page loaded now."""
    data = {"trigger": trigger, "expected_lock_version": str(fresh(agreement).lock_version), **fields}
    return post_form(client, f"/agreements/{agreement.id}/transitions", data)


def test_the_page_shows_facts_state_text_and_workflow(app, world, make_agreement):
    agreement = make_agreement(areas=["child_exploitation", "cyber_crime"])
    response = signed_in(app, world["moscow"]).get(f"/agreements/{agreement.id}")
    assert response.status_code == 200
    page = visible_text(response)
    for expected in (
        agreement.reference,
        "Memorandum of Understanding",
        "Russian Federation (RU)",
        "English, Russian",
        "Child exploitation",
        "Cyber crime",
        "Attaché Office Moscow",
        "Version 1",
        agreement.current_version.sha256,
        "Heading 1 (en)",
        "Body of article 1 in ru.",
        "Opened",
    ):
        assert expected in page, expected
    html = response.get_data(as_text=True)
    assert '<li class="workflow__state workflow__state--current workflow__state--visited" aria-current="step">' in html
    assert "stateDiagram-v2" in html and "drafting --&gt; legal_review: submit_for_review" in html
    assert 'lang="ru" dir="ltr"' in html


def test_right_to_left_languages_are_marked(app, world, make_agreement):
    agreement = make_agreement(country="AE", counterpart="Federal Customs Authority", languages=["en", "ar"])
    html = signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in html
    assert "Body of article 2 in ar." in html


def test_a_legal_advisor_gets_no_submit_button(app, world, make_agreement):
    agreement = make_agreement()
    legal = _buttons(signed_in(app, world["la"]).get(f"/agreements/{agreement.id}"))
    manager = _buttons(signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}"))
    assert "submit_for_review" not in legal
    assert manager == {"submit_for_review": True, "withdraw": True}


def test_a_blocked_step_is_greyed_out_with_its_reason(app, world, make_agreement):
    agreement = make_agreement(with_text=False)
    response = signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}")
    assert _buttons(response)["submit_for_review"] is False
    html = response.get_data(as_text=True)
    assert 'disabled aria-describedby="step-submit_for_review-reasons"' in html
    reasons = re.search(r'id="step-submit_for_review-reasons">(.*?)</div>', html, re.S).group(1)
    assert "The text has no article yet: save a version with at least one article." in _words(reasons)


def test_submitting_through_the_form_moves_the_agreement_and_adds_to_the_timeline(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["moscow"])
    response = _step(client, agreement, "submit_for_review", comment="Ready for the legal office.")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/agreements/{agreement.id}#timeline")
    page = visible_text(client.get(f"/agreements/{agreement.id}"))
    assert f"{agreement.reference} is now in legal review" in page
    assert "State: Legal review" in page
    assert "Submit for review · Drafting → Legal review" in page
    assert "moscow@agreements.test" in page
    assert "Ready for the legal office." in page
    events = audit.list_events(fresh(agreement))
    assert [(e.trigger, e.from_state, e.to_state, e.comment) for e in events][-1] == (
        "submit_for_review",
        "drafting",
        "legal_review",
        "Ready for the legal office.",
    )


def test_a_step_that_needs_a_comment_says_so_and_keeps_the_page(app, world, make_agreement):
    agreement = make_agreement()
    fire(world["pm"], agreement, "submit_for_review")
    client = signed_in(app, world["la"])
    html = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert re.search(r'id="step-return_for_revision-comment" name="comment" rows="3" required', html)

    refused = _step(client, agreement, "return_for_revision", comment="   ")
    assert refused.status_code == 422
    assert "A comment is required: say why." in visible_text(refused)
    assert fresh(agreement).state == "legal_review"

    done = _step(client, agreement, "return_for_revision", comment="Article 2 must name the contact points.")
    assert done.status_code == 303
    assert fresh(agreement).state == "drafting"


def test_a_failed_guard_keeps_what_was_typed(app, world, make_agreement):
    agreement = make_agreement(type="loi", languages=["en", "ru"])
    fire(world["pm"], agreement, "submit_for_review")
    for party in ("us", "counterpart"):
        parties.set_signatory(
            world["pm"], agreement, party, {"name": "N", "title": "T", "signed_on": "2026-01-05", "place": "Washington"}
        )
    record_languages_conform(world, agreement)
    db.session.commit()
    fire(world["la"], agreement, "clear_for_signature")
    fire(world["pm"], agreement, "sign", today=None)
    client = signed_in(app, world["pm"])
    refused = _step(
        client,
        agreement,
        "give_notice",
        **{
            "comment": "Counterpart asked to end it.",
            "data.notice_on": "2026-05-01",
            "data.effective_on": "2026-04-01",
        },
    )
    assert refused.status_code == 422
    page = visible_text(refused)
    assert "The effective date cannot precede the notice date." in page
    html = refused.get_data(as_text=True)
    assert 'value="2026-05-01"' in html and 'value="2026-04-01"' in html
    assert "Counterpart asked to end it." in html
    assert fresh(agreement).state == "in_force"

    done = _step(
        client,
        agreement,
        "give_notice",
        **{
            "comment": "Counterpart asked to end it.",
            "data.notice_on": "2026-05-01",
            "data.effective_on": "2026-08-01",
        },
    )
    assert done.status_code == 303
    assert fresh(agreement).state == "termination_pending"
    latest = visible_text(client.get(f"/agreements/{agreement.id}")).split("Timeline")[-1]
    # A memorandum is non-binding: notice of discontinuation, from in effect.
    assert "Give notice of discontinuation · In effect → Discontinuation pending" in latest
    assert "Notice on 1 May 2026 Effective on 1 August 2026" in latest


def test_irreversible_steps_ask_for_a_confirmation(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    html = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    withdraw_form = re.search(r'<input type="hidden" name="trigger" value="withdraw">(.*?)</form>', html, re.S).group(1)
    assert "I confirm: this step cannot be undone." in withdraw_form
    submit_form = re.search(r'<input type="hidden" name="trigger" value="submit_for_review">(.*?)</form>', html, re.S)
    assert "I confirm" not in submit_form.group(1)

    unconfirmed = _step(client, agreement, "withdraw", comment="Superseded.", confirmation_required="1")
    assert unconfirmed.status_code == 422
    assert "Tick “I confirm” first" in visible_text(unconfirmed)
    assert fresh(agreement).state == "drafting"

    confirmed = _step(client, agreement, "withdraw", comment="Superseded.", confirmation_required="1", confirm="1")
    assert confirmed.status_code == 303
    assert fresh(agreement).state == "withdrawn"
    page = visible_text(client.get(f"/agreements/{agreement.id}"))
    assert "Nothing is waiting for you at this stage" in page
    assert "The agreement has ended" in page


def test_a_role_not_named_for_the_step_gets_the_403_page(app, world, make_agreement):
    agreement = make_agreement()
    response = _step(signed_in(app, world["la"]), agreement, "submit_for_review")
    assert response.status_code == 403
    assert "Only program managers and attachés may submit for review." in visible_text(response)
    assert fresh(agreement).state == "drafting"


def test_a_step_from_the_wrong_state_is_reported_on_the_page(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    response = _step(client, agreement, "sign")
    assert response.status_code == 303
    page = visible_text(client.get(f"/agreements/{agreement.id}"))
    assert "Sign cannot be taken now: the agreement is in drafting." in page


def test_a_page_loaded_before_someone_else_moved_reports_the_conflict(app, world, make_agreement):
    agreement = make_agreement()
    stale = fresh(agreement).lock_version
    client = signed_in(app, world["pm"])
    fire(world["moscow"], agreement, "submit_for_review")
    response = post_form(
        client,
        f"/agreements/{agreement.id}/transitions",
        {"trigger": "withdraw", "comment": "No longer needed.", "expected_lock_version": str(stale), "confirm": "1"},
    )
    assert response.status_code == 303
    page = visible_text(client.get(f"/agreements/{agreement.id}"))
    assert "The agreement changed since you loaded it" in page
    assert "it is now in legal review." in page
    assert fresh(agreement).state == "legal_review"
    assert len(audit.list_events(agreement)) == 2


def test_an_attache_of_another_country_gets_the_same_404_as_for_no_agreement(app, world, make_agreement):
    agreement = make_agreement(country="RU")
    client = signed_in(app, world["mexico"])
    foreign = client.get(f"/agreements/{agreement.id}")
    missing = client.get("/agreements/987654")
    assert foreign.status_code == missing.status_code == 404
    assert visible_text(foreign).replace(str(agreement.id), "N") == visible_text(missing).replace("987654", "N")
    assert agreement.title not in visible_text(foreign)
    for url in (f"/agreements/{agreement.id}/edit", f"/agreements/{agreement.id}/text"):
        assert client.get(url).status_code == 404
    posted = _step(client, agreement, "submit_for_review")
    assert posted.status_code == 404
    assert fresh(agreement).state == "drafting"
    assert client.get(f"/agreements/{2**63}").status_code == 404
    assert client.get(f"/agreements/{2**64 + 1}").status_code == 404


def test_titles_and_comments_are_shown_as_text_never_run(app, world, make_agreement):
    agreement = make_agreement(title="<script>alert(1)</script>", counterpart='"><img src=x onerror=alert(2)>')
    fire(world["pm"], agreement, "submit_for_review", comment="<b>bold</b>")
    client = signed_in(app, world["pm"])
    for url in ("/agreements", f"/agreements/{agreement.id}"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<img src=x" not in html
    html = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    headers = client.get(f"/agreements/{agreement.id}").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_signatories_are_designated_from_the_page(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    refused = post_form(client, f"/agreements/{agreement.id}/signatories/us", {"name": "", "title": "Director"})
    assert refused.status_code == 422
    assert "Give the name." in visible_text(refused)
    assert 'value="Director"' in refused.get_data(as_text=True)

    saved = post_form(
        client,
        f"/agreements/{agreement.id}/signatories/counterpart",
        {"name": "Elena Leonenko", "title": "Deputy Head", "signed_on": "2010-03-26", "place": "Washington"},
    )
    assert saved.status_code == 303
    page = visible_text(client.get(f"/agreements/{agreement.id}"))
    assert "Elena Leonenko" in page
    assert "26 March 2010 in Washington" in page
    legal = signed_in(app, world["la"]).get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert "/signatories/" not in legal


def test_authorities_are_recorded_for_binding_agreements(app, world, make_agreement):
    agreement = make_agreement(
        type="cmaa", country="MX", counterpart="Agencia Nacional de Aduanas", languages=["en", "es"]
    )
    client = signed_in(app, world["pm"])
    html = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert "Authorities (Circular 175)" in html
    response = post_form(
        client,
        f"/agreements/{agreement.id}/authorities",
        {
            "kind": "conclude",
            "reference": "C175-2026-14",
            "granted_by": "Jordan Example",
            "granted_by_title": "Assistant Secretary of State for International Narcotics and Law Enforcement Affairs",
            "granted_on": "2026-02-03",
        },
    )
    assert response.status_code == 303
    page = visible_text(client.get(f"/agreements/{agreement.id}"))
    assert "C175-2026-14" in page
    assert "3 February 2026" in page
    assert "the current text" in page
    bad = post_form(client, f"/agreements/{agreement.id}/authorities", {"kind": "conclude", "reference": "X"})
    assert bad.status_code == 422
    assert "Granted on must be a date" in visible_text(bad)  # as the form labels it, not granted_on
