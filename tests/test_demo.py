"""The demo world: loaded once through the services, in every state, with the 2010 ICE–Investigative Committee MOU."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from agreements.db import db
from agreements.demo import DEMO_PASSWORD, USERS
from agreements.models import Agreement, Event
from agreements.services.agreements import list_agreements
from agreements.services.audit import list_events
from agreements.services.users import authenticate
from agreements.workflows import STATES, WORKFLOWS

ICE_IC_TITLE = (
    "Memorandum of Understanding between U.S. Immigration and Customs Enforcement and the Investigative Committee "
    "at the Public Prosecutor's Office of the Russian Federation"
)
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@pytest.fixture
def demo(app, runner):
    """The demo, loaded through ``agreements demo`` (the test app hashes passwords cheaply)."""
    result = runner.invoke(["demo"])
    assert result.exit_code == 0, result.output
    return result


def _table_counts() -> dict[str, int]:
    """How many rows each table holds."""
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table)) for table in db.metadata.sorted_tables
    }


def _ice_ic() -> Agreement:
    """The 2010 ICE–Investigative Committee memorandum."""
    return db.session.scalar(select(Agreement).where(Agreement.title == ICE_IC_TITLE))


def test_demo_says_what_it_loaded_and_prints_the_logins(demo):
    assert "15 agreements added" in demo.output
    for _key, email, *_ in USERS:
        assert email in demo.output
    assert DEMO_PASSWORD in demo.output


def test_a_second_run_adds_nothing_and_says_so(demo, runner):
    before = _table_counts()
    again = runner.invoke(["demo"])
    assert again.exit_code == 0, again.output
    assert "already loaded: nothing added" in again.output
    assert _table_counts() == before
    assert before["agreements"] == 15


def test_every_state_and_every_type_is_present(demo):
    states = set(db.session.scalars(select(Agreement.state)))
    assert states == set(STATES)
    assert set(db.session.scalars(select(Agreement.type))) == set(WORKFLOWS)


def test_every_state_was_reached_through_the_trail(demo):
    for agreement in db.session.scalars(select(Agreement)):
        events = list_events(agreement)
        assert events[0].trigger == "create"
        assert events[-1].to_state == agreement.state, agreement.reference
        if agreement.state != "drafting":
            assert len(events) > 1, agreement.reference


def test_the_ice_investigative_committee_mou_is_in_force_since_march_2010(demo):
    mou = _ice_ic()
    assert mou.type == "mou" and mou.state == "in_force"
    assert not mou.is_binding
    assert mou.country == "RU" and mou.office.code == "MOW"
    assert mou.languages == ["en", "ru"]
    assert mou.signed_on == dt.date(2010, 3, 26)
    assert mou.in_force_on == dt.date(2010, 3, 26)
    assert mou.reference == "MOU-2010-0001"
    assert set(mou.areas) >= {"child_exploitation", "alien_smuggling", "money_laundering", "cyber_crime"}
    signers = {s.party: s for s in mou.signatories}
    assert signers["us"].name == "John Morton"
    assert signers["counterpart"].name == "Elena Leonenko"
    assert {s.signed_on for s in signers.values()} == {dt.date(2010, 3, 26)}
    assert all("Washington" in s.place for s in signers.values())


def test_the_ice_investigative_committee_mou_has_russian_text_in_every_article(demo):
    text = _ice_ic().current_version
    assert 6 <= len(text.articles) <= 12
    for article in text.articles:
        for part in ("heading", "body"):
            assert CYRILLIC.search(article[part]["ru"]), (article["number"], part)
            assert article[part]["en"].strip(), (article["number"], part)
    assert CYRILLIC.search(text.preamble["ru"]) and CYRILLIC.search(text.final_clauses["ru"])
    english = " ".join(a["body"]["en"] for a in text.articles)
    assert "Participants" in english and "will" in english and "come into effect" in english
    assert " shall " not in english
    assert "equally valid" in text.final_clauses["en"]


def test_the_mou_was_signed_by_the_program_manager_after_legal_clearance(demo):
    triggers = [(e.trigger, e.actor) for e in list_events(_ice_ic())]
    assert ("clear_for_signature", "legal@demo.agreements") in triggers
    assert triggers[-1] == ("sign", "pm@demo.agreements")
    assert ("return_for_revision", "legal@demo.agreements") in triggers


def test_a_binding_cmaa_with_mexico_is_in_negotiation_under_authority(demo):
    cmaa = db.session.scalar(select(Agreement).where(Agreement.type == "cmaa", Agreement.country == "MX"))
    assert cmaa.state == "negotiation" and cmaa.is_binding
    assert [a.kind for a in cmaa.authorities] == ["negotiate"]


def test_demo_logins_work_with_one_user_per_role(demo):
    roles = {}
    for _key, email, role, *_ in USERS:
        user = authenticate(email, DEMO_PASSWORD)
        assert user is not None, email
        roles.setdefault(role, []).append(user)
    assert set(roles) == {"program_manager", "legal_advisor", "attache", "admin"}
    offices = {u.office.code: u.office.countries for u in roles["attache"]}
    assert offices == {"MOW": ["RU"], "MEX": ["MX"]}


def test_attaches_see_only_their_countries_agreements(demo):
    moscow = authenticate("moscow@demo.agreements", DEMO_PASSWORD)
    mexico = authenticate("mexico@demo.agreements", DEMO_PASSWORD)
    seen_in_moscow = list_agreements(moscow, per_page=100).items
    seen_in_mexico = list_agreements(mexico, per_page=100).items
    assert {a.country for a in seen_in_moscow} == {"RU"}
    assert {a.country for a in seen_in_mexico} == {"MX"}
    assert ICE_IC_TITLE in {a.title for a in seen_in_moscow}


def test_audit_verify_passes_after_the_demo(demo, runner):
    result = runner.invoke(["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK:")
    assert f"{db.session.scalar(select(func.count()).select_from(Event))} events" in result.output


def test_the_moscow_attache_finds_whom_to_ask_about_bank_records(demo):
    """The question that started it all: may we share bank records, and through whom?"""
    from agreements.models import User
    from agreements.services.search import search

    moscow = db.session.scalar(select(User).where(User.email == "moscow@demo.agreements"))
    found = search(moscow, {"q": "bank records"})
    mou = _ice_ic()
    assert [(h.reference, h.kind) for h in found.items][:1] == [(mou.reference, "article")]
    assert "<mark>bank</mark> <mark>records</mark>" in found.items[0].snippet
    assert any(c.party == "counterpart" and c.phone for c in mou.contacts)
    assert search(moscow, {"q": "банковских счетах"}).items[0].reference == mou.reference
    mexico = db.session.scalar(select(User).where(User.email == "mexico@demo.agreements"))
    assert all(h.reference != mou.reference for h in search(mexico, {"q": "bank records", "state": "any"}).items)


def test_the_italy_cmaa_entered_into_force_on_the_later_note_and_went_to_the_treaty_office_on_time(demo):
    from agreements.services.clauses import parties
    from agreements.services.deadlines import deadlines_for
    from agreements.services.documents import signed_document

    cmaa = db.session.scalar(select(Agreement).where(Agreement.type == "cmaa", Agreement.country == "IT"))
    assert cmaa.state == "in_force" and cmaa.is_binding and cmaa.entry_rule == "later_note"
    later = max(dt.date.fromisoformat(note["dated_on"]) for note in cmaa.diplomatic_notes)
    assert len(cmaa.diplomatic_notes) == 2 and cmaa.in_force_on == later > cmaa.signed_on
    assert parties(cmaa)["counterpart"] == {
        "en": "the Government of the Italian Republic",
        "it": "il Governo della Repubblica Italiana",
    }
    text, notice = cmaa.transmittals
    assert (text.kind, text.languages, notice.kind) == ("text", ["en", "it"], "entry_into_force")
    assert [d["id"] for d in text.documents] == [signed_document(cmaa).id]
    transmittal, publication = deadlines_for(cmaa)
    assert transmittal.status == "done_on_time" and transmittal.summary.endswith(", on time")
    assert publication.key == "publication" and "State publishes" in publication.summary
    mou = _ice_ic()
    assert mou.transmittals == [] and deadlines_for(mou) == []


def test_the_uk_cmaa_is_signed_and_waits_for_the_notes(demo):
    cmaa = db.session.scalar(select(Agreement).where(Agreement.type == "cmaa", Agreement.country == "GB"))
    assert (cmaa.state, cmaa.entry_rule, cmaa.in_force_on, cmaa.diplomatic_notes) == (
        "signed",
        "later_note",
        None,
        [],
    )


def test_every_non_binding_text_of_the_demo_reads_as_non_binding(demo):
    """The wording check finds nothing in any version of the demo's MOUs, MOCs and LOIs, in any language."""
    from agreements.services.lint import lint_text

    nonbinding = db.session.scalars(select(Agreement).where(Agreement.is_binding.is_(False))).all()
    assert {a.type for a in nonbinding} == {"mou", "moc", "loi"}
    found = {(a.reference, v.number): lint_text(a, v) for a in nonbinding for v in a.versions}
    assert {key: findings for key, findings in found.items() if findings} == {}
    assert {lang for a in nonbinding for lang in a.languages} >= {"en", "ru", "es", "it", "fr"}


def test_the_program_managers_dashboard_shows_something_overdue_and_who_acts(demo):
    from agreements.services import portfolio
    from agreements.services.users import find_user

    board = portfolio.dashboard(find_user("pm@demo.agreements"))
    late = [(i.reference, i.state, i.next_roles) for i in board.aging]
    assert board.overdue == len(late) >= 1, "the demo shows nothing overdue"
    assert any(state == "legal_review" and roles == ("legal_advisor",) for _ref, state, roles in late), late
