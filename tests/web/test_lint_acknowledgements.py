"""The wording check on the agreement page: the legal advisor acknowledges a finding with a reason, and the
page shows who and why; clearance for signature waits for it."""

from __future__ import annotations

import re
from html import unescape

from services.lifecycle import bring_to, designate_signatories
from webtools import fresh, post_form, signed_in, visible_text

from agreements.db import db
from agreements.services import versions

SHALL = "shall|Art. 1|en|shall"


def _agreed_mou(world, make_agreement):
    """An MOU in English in final review whose Art. 1 says "shall" and whose preamble "Have agreed as follows"."""
    mou = make_agreement(with_text=False, languages=["en"])
    versions.save_version(
        world["pm"],
        mou,
        {
            "preamble": {"en": "The Participants have agreed as follows:"},
            "articles": [{"number": "1", "heading": {"en": "Contacts"}, "body": {"en": "Each Participant shall act."}}],
        },
    )
    db.session.commit()
    bring_to(world, mou, "final_review")
    designate_signatories(world, mou)
    db.session.commit()
    return mou


def _lint_panel(response) -> str:
    """The visible words of the wording check's panel."""
    html = response.get_data(as_text=True)
    panel = re.search(r'<section class="card lint" id="lint".*?</section>', html, re.S)
    assert panel, "no wording check on the page"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", panel.group(0))).split())


def test_a_legal_advisor_acknowledges_a_finding_and_the_page_says_who_and_why(app, world, make_agreement):
    mou = _agreed_mou(world, make_agreement)
    browser = signed_in(app, world["la"])
    url = f"/agreements/{mou.id}"
    panel = _lint_panel(browser.get(url))
    assert "2 unacknowledged findings on version 1" in panel
    assert panel.count("Acknowledge “") == 2  # one form a finding, each button naming its words
    assert "“shall” “will”" in panel and "“have agreed as follows” “have decided as follows”" in panel

    response = post_form(
        browser, f"{url}/lint/acknowledgements", {"finding": SHALL, "reason": "The counterpart's wording."}, url
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("#lint")
    page = browser.get(response.headers["Location"])
    assert "Finding acknowledged for this version of the text." in visible_text(page)
    panel = _lint_panel(page)
    assert "1 unacknowledged finding on version 1" in panel
    assert "Acknowledged by Lee Advisor" in panel and "The counterpart's wording." in panel
    assert panel.count("Acknowledge “") == 1
    assert "Acknowledge wording" in visible_text(page)  # the timeline's event


def test_clearance_from_the_page_names_the_unacknowledged_findings_then_passes(app, world, make_agreement):
    mou = _agreed_mou(world, make_agreement)
    browser = signed_in(app, world["la"])
    url = f"/agreements/{mou.id}"
    refused = post_form(browser, f"{url}/transitions", {"trigger": "clear_for_signature"}, url)
    assert refused.status_code == 422
    assert (
        "The wording check has 2 unacknowledged findings (Preamble (en): “have agreed as follows”; Art. 1 (en): "
        in (visible_text(refused))
    )
    for finding in ("agreed_as_follows|Preamble|en|have agreed as follows", SHALL):
        post_form(browser, f"{url}/lint/acknowledgements", {"finding": finding, "reason": "Accepted."}, url)
    assert "Every finding is acknowledged for version 1." in _lint_panel(browser.get(url))
    cleared = post_form(browser, f"{url}/transitions", {"trigger": "clear_for_signature"}, url)
    assert cleared.status_code == 303 and fresh(mou).state == "awaiting_signature"


def test_an_acknowledgement_without_a_reason_is_refused_on_its_form(app, world, make_agreement):
    mou = _agreed_mou(world, make_agreement)
    browser = signed_in(app, world["la"])
    url = f"/agreements/{mou.id}"
    refused = post_form(browser, f"{url}/lint/acknowledgements", {"finding": SHALL, "reason": "   "}, url)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert re.search(r'<details class="party-form lint__form" open>', html)
    assert "Say why the wording may stay" in _lint_panel(refused)
    assert fresh(mou).lint_acknowledgements == []


def test_program_managers_see_the_findings_but_no_form_and_may_not_post_one(app, world, make_agreement):
    mou = _agreed_mou(world, make_agreement)
    browser = signed_in(app, world["pm"])
    url = f"/agreements/{mou.id}"
    panel = _lint_panel(browser.get(url))
    assert "2 unacknowledged findings" in panel and "Not acknowledged" in panel
    assert "Acknowledge “" not in panel
    refused = post_form(browser, f"{url}/lint/acknowledgements", {"finding": SHALL, "reason": "Mine."}, url)
    assert refused.status_code == 403
    assert fresh(mou).lint_acknowledgements == []


def test_a_new_version_shows_its_findings_unacknowledged_again(app, world, make_agreement):
    mou = make_agreement(with_text=False, languages=["en"])
    text = {"articles": [{"number": "1", "heading": {"en": "Contacts"}, "body": {"en": "Each Participant shall."}}]}
    versions.save_version(world["pm"], mou, text)
    db.session.commit()
    bring_to(world, mou, "negotiation")
    browser = signed_in(app, world["la"])
    url = f"/agreements/{mou.id}"
    post_form(browser, f"{url}/lint/acknowledgements", {"finding": SHALL, "reason": "Fine here."}, url)
    assert "Every finding is acknowledged for version 1." in _lint_panel(browser.get(url))
    versions.save_version(world["pm"], fresh(mou), text)
    db.session.commit()
    panel = _lint_panel(browser.get(url))
    assert "1 unacknowledged finding on version 2" in panel and "Fine here." not in panel


def test_a_reason_over_the_limit_says_by_how_much_and_is_kept(app, world, make_agreement):
    mou = _agreed_mou(world, make_agreement)
    url = f"/agreements/{mou.id}"
    reason = "x" * 5012
    refused = post_form(
        signed_in(app, world["la"]), f"{url}/lint/acknowledgements", {"finding": SHALL, "reason": reason}
    )
    assert refused.status_code == 422
    assert "“Why the wording may stay” is 5,012 characters; the limit is 5,000." in _lint_panel(refused)
    assert f">{reason}</textarea>" in refused.get_data(as_text=True)
    assert fresh(mou).lint_acknowledgements == []
