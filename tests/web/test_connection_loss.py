"""A step sent from the agreement page whose database connection is lost: the page says truthfully whether
it may have been saved, and keeps what the person typed."""

from __future__ import annotations

import pytest
from conftest import BACKEND
from dbfaults import connection_lost_at_commit, lose_the_connection
from markupsafe import escape
from webtools import fresh, signed_in, token, visible_text

from agreements.db import db
from agreements.services import audit, transitions
from agreements.services.audit import verify_trails

LOST = "The database connection was lost; nothing was changed. Try again."
LOST_WHILE_SAVING = (
    "The database connection was lost while saving; the change may or may not have been saved. "
    "Reload the agreement to see whether it was, before trying again."
)
COMMENT = "Ready for review: Article 4 follows the Ministry's wording <of 3 May>."


def _step_form(client, agreement) -> dict:
    """The form of 'Submit for review' as the page gives it, with a comment typed in."""
    return {
        "trigger": "submit_for_review",
        "comment": COMMENT,
        "expected_lock_version": str(fresh(agreement).lock_version),
        "csrf_token": token(client, f"/agreements/{agreement.id}"),
    }


def _keeps_the_comment(response) -> bool:
    """The comment is back in the step's box, as typed."""
    return f">{escape(COMMENT)}</textarea>" in response.get_data(as_text=True)


def _trail_verifies() -> bool:
    db.session.rollback()
    return verify_trails()[2] == []


def test_a_step_whose_connection_drops_before_the_commit_says_nothing_was_saved(
    app, world, make_agreement, monkeypatch
):
    agreement = make_agreement()
    client = signed_in(app, world["moscow"])
    form = _step_form(client, agreement)
    write_the_event = transitions.record_event

    def cut_then_write(row, *args, **kwargs):
        # The row is locked and moved in memory; the connection goes before its event is written.
        lose_the_connection()
        return write_the_event(row, *args, **kwargs)

    monkeypatch.setattr(transitions, "record_event", cut_then_write)
    response = client.post(f"/agreements/{agreement.id}/transitions", data=form)
    monkeypatch.undo()

    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    page = visible_text(response)
    assert f"Not done: {LOST}" in page
    assert "may or may not" not in page and "Traceback" not in page
    assert _keeps_the_comment(response)
    assert fresh(agreement).state == "drafting" and len(audit.list_events(agreement)) == 1
    assert _trail_verifies()
    # Sent again as kept, it goes through.
    form["csrf_token"] = token(client, f"/agreements/{agreement.id}")
    assert client.post(f"/agreements/{agreement.id}/transitions", data=form).status_code == 303
    assert fresh(agreement).state == "legal_review"


@pytest.mark.skipif(
    BACKEND != "postgresql",
    reason="SQLite commits inside the app's own process: no server can commit while the connection to it is lost",
)
@pytest.mark.parametrize("server_committed", [False, True], ids=["before-the-server-committed", "after"])
def test_a_step_whose_connection_drops_during_the_commit_says_it_may_have_been_saved(
    app, world, make_agreement, server_committed
):
    agreement = make_agreement()
    client = signed_in(app, world["moscow"])
    form = _step_form(client, agreement)
    with connection_lost_at_commit(after_the_server_committed=server_committed) as terminated:
        response = client.post(f"/agreements/{agreement.id}/transitions", data=form)
    assert len(terminated) == 1

    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    page = visible_text(response)
    assert LOST_WHILE_SAVING in page
    assert "nothing was changed" not in page and "Traceback" not in page
    assert _keeps_the_comment(response) is not server_committed  # the step's form is there only if not taken
    # The page shows the agreement as it now stands: the step taken once, or not at all.
    assert f"State: {'Legal review' if server_committed else 'Drafting'}" in page
    assert fresh(agreement).state == ("legal_review" if server_committed else "drafting")
    assert len(audit.list_events(agreement)) == (2 if server_committed else 1)
    assert _trail_verifies()
    if not server_committed:
        assert f"Not known whether done: {LOST_WHILE_SAVING}" in page


@pytest.mark.skipif(
    BACKEND != "postgresql",
    reason="SQLite commits inside the app's own process: no server can commit while the connection to it is lost",
)
def test_a_button_whose_connection_drops_during_the_commit_says_so_on_its_page(app, world, make_agreement):
    agreement = make_agreement(with_text=False)
    client = signed_in(app, world["pm"])
    form = {"csrf_token": token(client, f"/agreements/{agreement.id}")}
    with connection_lost_at_commit():
        response = client.post(f"/agreements/{agreement.id}/text/model", data=form)
    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    page = visible_text(response)
    assert "Connection lost while saving" in page and LOST_WHILE_SAVING in page
    assert "nothing was changed" not in page and "Traceback" not in page
    assert f'href="/agreements/{agreement.id}">Open the agreement</a>' in response.get_data(as_text=True)
