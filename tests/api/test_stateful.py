"""Random sequences of API calls, as many people at once would make them, and what must hold after every one.

A Hypothesis state machine opens agreements (as any role, for any country), saves texts, comments and answers,
resolves comments, records signatories and signatures, fires any trigger as anyone (most of them refused), and now
and then takes the next step a user would take towards signature and beyond. After each call:

- nothing answers 500, and every refusal is problem+json;
- the agreement's state is the ``to`` of the last event of its trail, and every trail verifies (``audit verify``);
- a refused call (4xx) changed nothing: state, lock version, versions, comments, trail, signatories, authorities;
- a transition that passed is the one its table names, fired by a role it names; a refused one is refused for the
  reason the table gives (404 out of sight, 422 unknown trigger, 409 wrong state or stale lock, 403 wrong role);
- an attaché never sees an agreement of a country their office does not cover: 404, and never in the list.

The database is not emptied between examples (a fresh one for each would cost more than its steps): each example
follows the agreements it opened, and the trail and visibility checks hold for every row there is.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from conftest import counterpart_names, simple_text, translated_titles
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from services.lifecycle import RECIPES, SIGNED_ON, path_to
from services.test_determination import BINDING, NON_BINDING_QNBI

from agreements.db import db
from agreements.services.audit import verify_trails
from agreements.workflows import EDITABLE_STATES, TRACKS, WORKFLOWS, track_for

from .support import assert_problem

SETTINGS = settings(
    max_examples=25,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
PEOPLE = ("pm", "la", "moscow", "mexico", "admin")
ROLE = {"pm": "program_manager", "la": "legal_advisor", "moscow": "attache", "mexico": "attache", "admin": "admin"}
COVERS = {"moscow": {"RU"}, "mexico": {"MX"}}  # the attachés' offices, as the world fixture opens them
LANGUAGES = {"RU": ("en", "ru"), "MX": ("en", "es"), "FR": ("en", "fr")}  # France: no office covers it
OFFICE_OF = {"RU": "moscow", "MX": "mexico"}
TRIGGERS = sorted({step.trigger for track in TRACKS.values() for step in track.steps}) + ["sing"]
SIGNED = SIGNED_ON.isoformat()
MAX_AGREEMENTS = 4
LISTED = 10  # newest first, so an example's own agreements are on the first page of every list
SIGNATORIES = {
    "us": {"name": "John Morton", "title": "Director", "organisation": "ICE"},
    "counterpart": {"name": "Elena Leonenko", "title": "Deputy Chairman", "organisation": "Investigative Committee"},
}


def sees(who: str, country: str) -> bool:
    """Whether this person of the world sees an agreement with that country (SPEC §1)."""
    return who not in COVERS or country in COVERS[who]


def incomplete_text(languages: tuple[str, ...]) -> dict[str, Any]:
    """A text whose second article has no body in the last language."""
    text = simple_text(languages)
    text["articles"][1]["body"][languages[-1]] = ""
    return text


@dataclass(frozen=True)
class Seen:
    """What a refused call must leave as it was."""

    state: str
    lock_version: int
    updated_at: str | None
    state_since: str | None
    is_binding: bool
    current_version: int | None
    comments: tuple[tuple[int, bool], ...]
    events: tuple[tuple[int, str], ...]
    signatories: tuple[tuple, ...]
    authorities: tuple[tuple, ...]
    conformities: tuple[int, ...]


class AgreementsApi(RuleBasedStateMachine):
    """Drives /api/v1 as the people of the world fixture; ``people`` maps each to an ApiClient (set per test)."""

    people: dict[str, Any] = {}
    agreements = Bundle("agreements")
    comments = Bundle("comments")

    def __init__(self) -> None:
        """No agreement opened yet in this example."""
        super().__init__()
        self.seen: dict[int, Seen] = {}
        self.detail: dict[int, dict[str, Any]] = {}
        self.country: dict[int, str] = {}
        self.kind: dict[int, str] = {}
        self.complete: dict[int, bool] = {}  # whether the last text saved is complete in every language
        self.touched: int | None = None

    # --- observing ------------------------------------------------------------------------------------
    def observe(self, aid: int) -> Seen:
        """The agreement as the program manager reads it now; checks its state against its trail."""
        pm = self.people["pm"]
        detail = _ok(pm.get(f"/agreements/{aid}"))
        events = _ok(pm.get(f"/agreements/{aid}/events"))["items"]
        found = _ok(pm.get(f"/agreements/{aid}/comments"))["items"]
        assert events and events[0]["trigger"] == "create"
        assert detail["state"] == events[-1]["to"], (detail["state"], events[-1])
        assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
        self.detail[aid] = detail
        return Seen(
            state=detail["state"],
            lock_version=detail["lock_version"],
            updated_at=detail["updated_at"],
            state_since=detail["state_since"],
            is_binding=detail["is_binding"],
            current_version=detail["current_version"],
            comments=tuple((c["id"], c["is_resolved"]) for c in found),
            events=tuple((e["seq"], e["hash"]) for e in events),
            signatories=tuple(sorted(tuple(sorted(s.items())) for s in detail["signatories"])),
            authorities=tuple((a["id"], a["confirmed_at"] or "") for a in detail["authorities"]),
            conformities=tuple(c["id"] for c in detail["language_conformities"]),
        )

    def write(self, aid: int, who: str, method: str, path: str, **kwargs):
        """One writing call as ``who`` on agreement ``aid``; a refusal must leave it exactly as it was.

        Returns the response and the agreement before and after. Before is as last seen: the invariants
        check after every step that no call on another agreement changed it since.
        """
        before = self.seen[aid]
        response = self.people[who].call(method, f"/agreements/{aid}{path}", **kwargs)
        note(f"{who} {method} /agreements/{aid}{path} {kwargs.get('json')} -> {response.status_code}")
        assert response.status_code < 500, response.get_data(as_text=True)
        after = self.observe(aid)
        if response.status_code >= 400:
            assert_problem(response, response.status_code)
            assert after == before, f"a refused call ({response.status_code}) changed the agreement"
        else:
            assert response.status_code in (200, 201, 204), response.status_code
        self.seen[aid] = after
        self.touched = aid
        return response, before, after

    # --- opening agreements ---------------------------------------------------------------------------
    @initialize(target=agreements, kind=st.sampled_from(sorted(WORKFLOWS)), country=st.sampled_from(["RU", "MX"]))
    def first_agreement(self, kind, country):
        """Every example starts with one agreement, opened by the program manager."""
        return self.open_agreement("pm", kind, country, None)

    @rule(
        target=agreements,
        who=st.sampled_from(PEOPLE),
        kind=st.sampled_from(sorted(WORKFLOWS)),
        country=st.sampled_from(sorted(LANGUAGES)),
        office=st.sampled_from([None, "MOW", "MEX"]),
    )
    def open_agreement(self, who, kind, country, office):
        """Anyone tries to open an agreement; program managers anywhere, attachés for their office's countries."""
        if len(self.seen) >= MAX_AGREEMENTS:
            return multiple()
        languages = list(LANGUAGES[country])
        title = f"{kind.upper()} on cooperation with {country}"
        body = {
            "type": kind,
            "title": title,
            "counterpart": f"The police of {country}",
            "country": country,
            "languages": languages,
            "title_translations": translated_titles(title, languages),
            "party_names": counterpart_names(languages),
            **({"office": office} if office else {}),
        }
        total = self._total()
        response = self.people[who].post("/agreements", json=body)
        note(f"{who} opens a {kind} for {country} (office {office}) -> {response.status_code}")
        assert response.status_code < 500, response.get_data(as_text=True)
        if response.status_code != 201:
            assert_problem(response, response.status_code)
            assert self._total() == total, "a refused opening left an agreement"
            assert ROLE[who] not in ("program_manager", "attache") or not sees(who, country) or office
            return multiple()
        assert ROLE[who] == "program_manager" or (ROLE[who] == "attache" and sees(who, country))
        aid = response.get_json()["id"]
        self.country[aid], self.kind[aid], self.complete[aid] = country, kind, False
        self.seen[aid] = self.observe(aid)
        assert self.seen[aid].state == WORKFLOWS[kind].initial and self._total() == total + 1
        self.touched = aid
        return aid

    def _total(self) -> int:
        """How many agreements there are (the program manager sees every one)."""
        return _ok(self.people["pm"].get("/agreements?per_page=1"))["total"]

    # --- the text and its review ----------------------------------------------------------------------
    @rule(agreement=agreements, who=st.sampled_from(PEOPLE), complete=st.booleans())
    def save_version(self, agreement, who, complete):
        """Anyone tries to save a text; drafters who see it may, while drafting or negotiating."""
        languages = LANGUAGES[self.country[agreement]]
        text = simple_text(languages) if complete else incomplete_text(languages)
        response, before, after = self.write(agreement, who, "POST", "/versions", json=text)
        if not sees(who, self.country[agreement]):
            assert response.status_code == 404
        if response.status_code == 201:
            assert ROLE[who] in ("program_manager", "attache") and before.state in EDITABLE_STATES
            assert after.current_version == (before.current_version or 0) + 1
            self.complete[agreement] = complete

    @rule(
        target=comments,
        agreement=agreements,
        who=st.sampled_from(PEOPLE),
        article=st.sampled_from(["1", "2", "preamble", "9"]),
        later=st.booleans(),
    )
    def comment(self, agreement, who, article, later):
        """Anyone tries to comment on an article of the current version (or of one not saved yet)."""
        number = (self.seen[agreement].current_version or 0) + (1 if later else 0)
        response, before, after = self.write(
            agreement, who, "POST", f"/versions/{number}/comments", json={"article": article, "body": "Reconsider."}
        )
        if not sees(who, self.country[agreement]):
            assert response.status_code == 404
        if response.status_code != 201:
            return multiple()
        assert not later and len(after.comments) == len(before.comments) + 1
        return (agreement, response.get_json()["id"])

    @rule(comment=comments, who=st.sampled_from(PEOPLE))
    def answer(self, comment, who):
        """Anyone tries to answer a comment."""
        agreement, cid = comment
        response, before, after = self.write(
            agreement,
            who,
            "POST",
            f"/versions/{self.seen[agreement].current_version or 1}/comments",
            json={"article": "1", "body": "Done.", "parent_id": cid},
        )
        if response.status_code in (200, 201):
            assert len(after.comments) == len(before.comments) + 1

    @rule(comment=comments, who=st.sampled_from(PEOPLE))
    def resolve(self, comment, who):
        """Anyone tries to resolve a comment; legal advisors may, until signature."""
        agreement, cid = comment
        response, before, after = self.write(agreement, who, "POST", f"/comments/{cid}/resolve")
        if response.status_code == 200:
            assert ROLE[who] == "legal_advisor"
            assert dict(after.comments)[cid] is True and dict(before.comments)[cid] is False

    # --- signatories ----------------------------------------------------------------------------------
    @rule(
        agreement=agreements,
        who=st.sampled_from(PEOPLE),
        party=st.sampled_from(sorted(SIGNATORIES)),
        signed=st.booleans(),
    )
    def record_signatory(self, agreement, who, party, signed):
        """Anyone tries to designate a party's signatory, or to record their signature."""
        when = {"signed_on": SIGNED, "place": "Washington"} if signed else {}
        response, _, _ = self.write(agreement, who, "PUT", f"/signatories/{party}", json={**SIGNATORIES[party], **when})
        if response.status_code == 200:
            assert ROLE[who] == "program_manager"

    @rule(agreement=agreements, binding=st.booleans())
    def determine(self, agreement, binding):
        """The legal advisor determines the text binding or not (possible in legal review only)."""
        body = BINDING if binding else NON_BINDING_QNBI
        response, before, after = self.write(agreement, "la", "POST", "/determination", json=body)
        if response.status_code == 200:
            assert before.state == "legal_review" and after.is_binding is binding

    # --- transitions ----------------------------------------------------------------------------------
    @rule(
        agreement=agreements,
        who=st.sampled_from(PEOPLE),
        trigger=st.sampled_from(TRIGGERS),
        with_recipe=st.booleans(),
        lock=st.sampled_from([None, "current", "stale"]),
        retried=st.booleans(),
    )
    def fire(self, agreement, who, trigger, with_recipe, lock, retried):
        """Anyone fires any trigger; the table decides, and the refusal says why. A client retrying with its
        Idempotency-Key gets the first answer again, and the retry changes nothing."""
        seen = self.seen[agreement]
        body: dict[str, Any] = {"trigger": trigger}
        if with_recipe and trigger in RECIPES:
            recipe = RECIPES[trigger]
            body.update(comment=recipe.comment, data=_data(trigger))
        if lock:
            body["expected_lock_version"] = seen.lock_version - (lock == "stale")
        headers = {"Idempotency-Key": uuid.uuid4().hex} if retried else None
        response, before, after = self.write(agreement, who, "POST", "/transitions", json=body, headers=headers)
        if retried:
            again, _, settled = self.write(agreement, who, "POST", "/transitions", json=body, headers=headers)
            assert again.status_code == response.status_code and settled == after
            if response.status_code == 200:
                assert again.headers.get("Idempotent-Replayed") == "true"
                assert again.get_json() == response.get_json()
        track = track_for(self.kind[agreement], before.is_binding)
        step = track.step(trigger, before.state)
        expected = (
            404
            if not sees(who, self.country[agreement])
            else 422
            if trigger not in track.triggers
            else 409
            if step is None
            else 403
            if ROLE[who] not in step.roles
            else 409
            if lock == "stale"
            else None
        )
        if expected is not None:
            assert response.status_code == expected, (expected, response.get_json())
        else:
            assert response.status_code in (200, 422), response.get_json()
        if response.status_code == 200:
            assert after.state == step.dest and len(after.events) == len(before.events) + 1

    @rule(agreement=agreements, by_attache=st.booleans(), calls=st.integers(1, 12))
    def take_next_steps(self, agreement, by_attache, calls):
        """What users do next on the way to signature and termination, call after call: each call prepares the
        next step (a text, a signatory, an authority, a conformity record…) or takes it, and must pass."""
        for _ in range(calls):
            seen = self.seen[agreement]
            try:
                path = path_to(self.kind[agreement], "terminated", seen.is_binding, start=seen.state)
            except AssertionError:
                return  # withdrawn or expired: there is no way on
            if not path:
                return  # terminated
            trigger = path[0][0]
            who, method, where, body = self._next_call(agreement, trigger, by_attache)
            response, before, after = self.write(agreement, who, method, where, json=body)
            assert response.status_code in (200, 201), response.get_json()
            if where == "/versions":
                self.complete[agreement] = True
            if where == "/transitions":
                step = track_for(self.kind[agreement], before.is_binding).step(trigger, before.state)
                assert after.state == step.dest

    def _next_call(self, agreement: int, trigger: str, by_attache: bool) -> tuple[str, str, str, Any]:
        """The call a user makes next for ``trigger`` to pass: (who, method, path, body)."""
        seen, detail = self.seen[agreement], self.detail[agreement]
        languages = LANGUAGES[self.country[agreement]]
        needs_text = trigger in ("submit_for_review", "agree_text")
        if needs_text and not (seen.current_version and self.complete[agreement]):
            return "pm", "POST", "/versions", simple_text(languages)
        open_comment = next((cid for cid, resolved in seen.comments if not resolved), None)
        if open_comment and trigger in ("clear_for_negotiation", "request_authority", "clear_for_signature"):
            return "la", "POST", f"/comments/{open_comment}/resolve", None
        signatories = {s["party"]: s for s in detail["signatories"]}
        if trigger == "clear_for_signature":
            for party, fields in SIGNATORIES.items():
                if party not in signatories:
                    return "pm", "PUT", f"/signatories/{party}", fields
            conclude = [a for a in detail["authorities"] if a["kind"] == "conclude" and a["covers_current_text"]]
            if seen.is_binding and not conclude:
                return "pm", "POST", "/authorities", _conclude_authority()
            unconfirmed = next((a["id"] for a in detail["authorities"] if not a["confirmed_at"]), None)
            if unconfirmed:
                return "la", "POST", f"/authorities/{unconfirmed}/confirm", None
            if not any(c["text_hash"] == detail["current_sha256"] for c in detail["language_conformities"]):
                return "la", "POST", "/conformity", {"note": "Read side by side."}
        if trigger == "sign":
            for party, fields in SIGNATORIES.items():
                if not (signatories.get(party) or {}).get("signed_on"):
                    return "pm", "PUT", f"/signatories/{party}", {**fields, "signed_on": SIGNED, "place": "Washington"}
        recipe = RECIPES[trigger]
        step = track_for(self.kind[agreement], seen.is_binding).step(trigger, seen.state)
        attache = OFFICE_OF.get(self.country[agreement])
        who = attache if by_attache and attache and "attache" in step.roles else _person(recipe.actor)
        return who, "POST", "/transitions", {"trigger": trigger, "comment": recipe.comment, "data": _data(trigger)}

    # --- after every step -----------------------------------------------------------------------------
    @invariant()
    def trails_verify(self):
        """Every trail in the database verifies, and each ends in its agreement's state."""
        db.session.rollback()  # read what the requests committed
        _agreements, _events, findings = verify_trails()
        db.session.rollback()
        assert findings == [], [str(f) for f in findings]

    @invariant()
    def nothing_else_changed(self):
        """A call on one agreement changed no other: each is in the state and lock version last seen."""
        if not self.seen:
            return
        listed = {a["id"]: a for a in _ok(self.people["pm"].get(f"/agreements?per_page={LISTED}"))["items"]}
        for aid, seen in self.seen.items():
            now = listed[aid]
            assert (now["state"], now["lock_version"], now["updated_at"]) == (
                seen.state,
                seen.lock_version,
                seen.updated_at,
            ), aid

    @invariant()
    def attaches_see_only_their_countries(self):
        """An attaché's list holds only their office's countries; anything else is 404, as if it did not exist."""
        for who, countries in COVERS.items():
            client = self.people[who]
            items = _ok(client.get(f"/agreements?per_page={LISTED}"))["items"]
            assert {a["country"] for a in items} <= countries
            listed = {a["id"] for a in items}
            for aid, country in self.country.items():
                assert (aid in listed) is (country in countries), (who, aid, country)
            if self.touched is not None and self.country[self.touched] not in countries:
                assert_problem(client.get(f"/agreements/{self.touched}"), 404)


def _ok(response) -> dict[str, Any]:
    """The JSON of a read that must succeed."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _person(actor: str | None) -> str:
    """The world's person for a recipe's actor."""
    assert actor is not None, "the system's steps are not on the way"
    return actor


def _data(trigger: str) -> dict[str, Any]:
    """The facts a trigger records, dated as the walks date them (entry into force on the day of signature)."""
    if trigger == "enter_into_force":
        return {"in_force_on": SIGNED}
    return dict(RECIPES[trigger].data)


def _conclude_authority() -> dict[str, str]:
    """The State Department's authority to conclude, granted before the day of signature."""
    return {
        "kind": "conclude",
        "reference": "C175-2026-041",
        "granted_by": "Jordan Example",
        "granted_by_title": "Assistant Secretary of State for International Narcotics and Law Enforcement Affairs",
        "granted_on": (SIGNED_ON - dt.timedelta(days=20)).isoformat(),
    }


def test_random_sequences_of_calls_keep_the_invariants(api):
    class Run(AgreementsApi):
        people = {who: api(who) for who in PEOPLE}

    run_state_machine_as_test(Run, settings=SETTINGS)
