"""Review comments through the API: comment on a version's article, answer, resolve, list; who may."""

from __future__ import annotations

from services.lifecycle import bring_to

from .support import assert_problem


def _in_review(api, make_agreement, **fields):
    """An MOU with Russia (version 1, two articles) submitted for legal review."""
    agreement = make_agreement(**fields)
    assert api("pm").fire(agreement.id, "submit_for_review").status_code == 200
    return agreement


def _comment(api, agreement_id, who="la", version=1, **body):
    return api(who).post(f"/agreements/{agreement_id}/versions/{version}/comments", json=body)


def test_a_legal_advisor_comments_an_attache_answers_and_the_comment_is_resolved(api, make_agreement):
    agreement = _in_review(api, make_agreement)
    created = _comment(api, agreement.id, article="2", body="Name the competent authority.")
    assert created.status_code == 201, created.get_json()
    comment = created.get_json()
    assert comment["article"] == "2" and comment["version"] == 1 and comment["body"] == "Name the competent authority."
    assert comment["author"] == "la@agreements.test" and comment["is_resolved"] is False
    assert created.headers["Location"].endswith(f"/api/v1/agreements/{agreement.id}/comments#comment-{comment['id']}")

    answer = _comment(api, agreement.id, "moscow", body="Done in version 2.", parent_id=comment["id"])
    assert answer.status_code == 201 and answer.get_json()["parent_id"] == comment["id"]
    assert answer.get_json()["article"] == "2"

    listed = api("pm").get(f"/agreements/{agreement.id}/comments").get_json()
    assert [c["body"] for c in listed["items"]] == ["Name the competent authority.", "Done in version 2."]
    assert listed["total"] == 2

    resolved = api("la2").post(f"/agreements/{agreement.id}/comments/{comment['id']}/resolve")
    assert resolved.status_code == 200
    assert resolved.get_json()["is_resolved"] is True and resolved.get_json()["resolved_by"] == "la2@agreements.test"
    assert api("pm").get(f"/agreements/{agreement.id}/comments?open=true").get_json()["items"] == []
    assert len(api("pm").get(f"/agreements/{agreement.id}/comments?open=false").get_json()["items"]) == 2
    assert_problem(api("la").post(f"/agreements/{agreement.id}/comments/{comment['id']}/resolve"), 409, "resolved")


def test_clearing_is_refused_with_reasons_while_a_comment_is_open(api, make_agreement):
    agreement = _in_review(api, make_agreement)
    comment = _comment(api, agreement.id, article="1", body="Unclear.").get_json()
    refused = api("la").fire(agreement.id, "clear_for_negotiation")
    body = assert_problem(refused, 422)
    assert any("still open" in reason for reason in body["reasons"])
    api("la").post(f"/agreements/{agreement.id}/comments/{comment['id']}/resolve")
    assert api("la").fire(agreement.id, "clear_for_negotiation").get_json()["state"] == "negotiation"


def test_invalid_comments_are_422_naming_the_field(api, make_agreement):
    agreement = _in_review(api, make_agreement)
    body = assert_problem(_comment(api, agreement.id, article="9", body="No such article."), 422, "no article")
    assert "article" in body["errors"]
    assert "body" in assert_problem(_comment(api, agreement.id, article="1", body=""), 422)["errors"]
    assert "body" in assert_problem(_comment(api, agreement.id, article="1", body="x" * 5001), 422)["errors"]
    assert "color" in assert_problem(_comment(api, agreement.id, article="1", body="Hi", color="red"), 422)["errors"]
    assert_problem(api("pm").get(f"/agreements/{agreement.id}/comments?open=maybe"), 422, "open")


def test_who_may_comment_answer_and_resolve(api, make_agreement):
    agreement = _in_review(api, make_agreement)
    assert_problem(_comment(api, agreement.id, "pm", article="1", body="May I?"), 403, "legal advisors")
    assert_problem(_comment(api, agreement.id, "moscow", article="1", body="May I?"), 403)
    comment = _comment(api, agreement.id, article="1", body="Unclear.").get_json()
    assert_problem(api("pm").post(f"/agreements/{agreement.id}/comments/{comment['id']}/resolve"), 403)
    assert_problem(api(None).get(f"/agreements/{agreement.id}/comments"), 401)


def test_an_attache_of_another_country_gets_404_everywhere(api, make_agreement):
    agreement = _in_review(api, make_agreement)
    comment = _comment(api, agreement.id, article="1", body="Unclear.").get_json()
    mexico = api("mexico")
    assert_problem(mexico.get(f"/agreements/{agreement.id}/comments"), 404)
    assert_problem(_comment(api, agreement.id, "mexico", body="Hi", parent_id=comment["id"]), 404)
    assert_problem(mexico.post(f"/agreements/{agreement.id}/comments/{comment['id']}/resolve"), 404)


def test_unknown_versions_comments_and_agreements_are_404(api, make_agreement):
    agreement = _in_review(api, make_agreement)
    assert_problem(_comment(api, agreement.id, version=5, article="1", body="Hi"), 404, "version 5")
    assert_problem(api("la").post(f"/agreements/{agreement.id}/comments/999/resolve"), 404, "comment 999")
    assert_problem(_comment(api, 424242, article="1", body="Hi"), 404)
    assert_problem(api("la").get(f"/agreements/{agreement.id}/comments?version=7"), 404)


def test_a_comment_sent_twice_with_one_idempotency_key_is_kept_once(api, make_agreement):
    agreement = _in_review(api, make_agreement)
    headers = {"Idempotency-Key": "comment-1"}
    first = api("la").post(
        f"/agreements/{agreement.id}/versions/1/comments", json={"article": "1", "body": "Once."}, headers=headers
    )
    again = api("la").post(
        f"/agreements/{agreement.id}/versions/1/comments", json={"article": "1", "body": "Once."}, headers=headers
    )
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.get_json()["id"] == first.get_json()["id"]
    assert api("la").get(f"/agreements/{agreement.id}/comments").get_json()["total"] == 1


def test_comments_are_plain_text(api, make_agreement):
    agreement = _in_review(api, make_agreement)
    body = "<script>alert(1)</script> & Art. 2 > Art. 1"
    assert _comment(api, agreement.id, article="1", body=body).get_json()["body"] == body


def test_comments_close_after_signature(api, make_agreement, world):
    agreement = bring_to(world, make_agreement(type="loi"), "in_force")
    assert_problem(_comment(api, agreement.id, article="1", body="Late."), 409, "settled")
