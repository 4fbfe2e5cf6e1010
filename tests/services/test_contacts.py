"""Points of contact: each field checked in the user's words, who may change them, the trail, and rollback."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from agreements.db import db
from agreements.errors import Conflict, InvalidInput, PermissionDenied
from agreements.services import users
from agreements.services.audit import list_events, verify_trails
from agreements.services.contacts import list_contacts, set_contacts, tel_uri

from .lifecycle import bring_to

TODAY = dt.date(2026, 12, 1)
LIAISON = {
    "name": "Pavel Primerov",
    "title": "Liaison Officer",
    "office": "International Cooperation Directorate",
    "email": "p.primerov@icr.example",
    "phone": "+7 495 555-01-23",
    "languages": ["ru", "en"],
    "confirmed_on": "2026-11-03",
}
DEPUTY = {"name": "Olga Obraztsova", "phone": "+7 495 555-01-24 ext. 12", "languages": "Russian"}


def _names(agreement, party):
    return [c.name for c in list_contacts(agreement)[party]]


def _refused(agreement, items, user_key="pm", world=None, party="counterpart") -> dict[str, str]:
    """The errors set_contacts raises for ``items``."""
    with pytest.raises(InvalidInput) as raised:
        set_contacts(world[user_key], agreement, party, items, today=TODAY)
    return raised.value.errors


# --- what is kept --------------------------------------------------------------------------------------
def test_a_party_s_list_is_kept_in_order_with_every_field(world, make_agreement):
    mou = make_agreement()
    listed = set_contacts(world["pm"], mou, "counterpart", [LIAISON, DEPUTY], today=TODAY)
    db.session.commit()
    assert [c.name for c in listed] == ["Pavel Primerov", "Olga Obraztsova"]
    db.session.expire_all()
    first, second = list_contacts(mou)["counterpart"]
    assert (first.title, first.office, first.email, first.phone) == (
        "Liaison Officer",
        "International Cooperation Directorate",
        "p.primerov@icr.example",
        "+7 495 555-01-23",
    )
    assert first.languages == ["ru", "en"] and first.confirmed_on == dt.date(2026, 11, 3)
    assert first.updated_by.email == "pm@agreements.test"
    assert second.languages == ["ru"]  # "Russian" is taken as its code
    assert second.confirmed_on is None
    assert list_contacts(mou)["us"] == []


def test_replacing_one_party_leaves_the_other_alone(world, make_agreement):
    mou = make_agreement()
    set_contacts(world["pm"], mou, "counterpart", [LIAISON], today=TODAY)
    set_contacts(world["pm"], mou, "us", [{"name": "Daniel Sample", "phone": "+1 202 555 0142"}], today=TODAY)
    set_contacts(world["pm"], mou, "counterpart", [DEPUTY, {"name": "pavel primerov"}], today=TODAY)
    db.session.commit()
    db.session.expire_all()
    assert _names(mou, "counterpart") == ["Olga Obraztsova", "pavel primerov"]
    assert _names(mou, "us") == ["Daniel Sample"]
    set_contacts(world["pm"], mou, "counterpart", [], today=TODAY)
    db.session.commit()
    db.session.expire_all()
    assert _names(mou, "counterpart") == [] and _names(mou, "us") == ["Daniel Sample"]


def test_twenty_people_at_most(world, make_agreement):
    mou = make_agreement()
    set_contacts(world["pm"], mou, "us", [{"name": f"Person {n}"} for n in range(20)], today=TODAY)
    errors = _refused(mou, [{"name": f"Person {n}"} for n in range(21)], world=world, party="us")
    assert errors == {"contacts": "At most 20 people."}


# --- what is refused, in the user's words -------------------------------------------------------------
@pytest.mark.parametrize(
    ("person", "field", "words"),
    [
        ({"name": ""}, "name", "Give the person's name."),
        ({"name": "   "}, "name", "Give the person's name."),
        ({"name": "x" * 201}, "name", "Name is 201 characters; the limit is 200."),
        ({"name": 7}, "name", "must be text"),
        ({"name": "A", "title": "t" * 301}, "title", "Title is 301 characters; the limit is 300."),
        ({"name": "A", "office": "o" * 301}, "office", "Office is 301 characters; the limit is 300."),
        ({"name": "A", "email": "liaison(at)icr.example"}, "email", "e-mail address such as name@agency.gov"),
        ({"name": "A", "email": "a@b"}, "email", "e-mail address"),
        ({"name": "A", "email": "a b@icr.example"}, "email", "e-mail address"),
        ({"name": "A", "phone": "call the duty desk"}, "phone", "digits, spaces and + - ( ) ."),
        ({"name": "A", "phone": "+7 495 555-01-23; drop table"}, "phone", "digits"),
        ({"name": "A", "phone": "1" * 65}, "phone", "Phone is 65 characters; the limit is 64."),
        ({"name": "A", "languages": ["Klingon"]}, "languages", "'Klingon' is not a language code"),
        ({"name": "A", "languages": [1]}, "languages", "codes"),
        ({"name": "A", "confirmed_on": "last week"}, "confirmed_on", "YYYY-MM-DD"),
        ({"name": "A", "confirmed_on": "2026-12-02"}, "confirmed_on", "cannot be in the future"),
        ({"name": "A", "colour": "blue"}, "colour", "Unknown field 'colour'"),
        ({"name": "A", "party": "us"}, "party", "listed for our side"),
    ],
)
def test_each_wrong_field_is_named_with_its_person(world, make_agreement, person, field, words):
    mou = make_agreement()
    errors = _refused(mou, [LIAISON, person], world=world)
    assert list(errors) == [f"contacts[2].{field}"]
    assert words in errors[f"contacts[2].{field}"]


def test_every_problem_is_named_at_once_and_the_detail_says_whose(world, make_agreement):
    mou = make_agreement()
    with pytest.raises(InvalidInput) as raised:
        set_contacts(
            world["pm"], mou, "counterpart", [{"name": ""}, {"name": "B", "email": "nope"}, "Olga"], today=TODAY
        )
    assert set(raised.value.errors) == {"contacts[1].name", "contacts[2].email", "contacts[3]"}
    assert "Person 1: Give the person's name." in raised.value.detail
    assert "Person 2: Give an e-mail address" in raised.value.detail


@pytest.mark.parametrize("items", ["Pavel", {"name": "Pavel"}, 3, None])
def test_the_list_must_be_a_list(world, make_agreement, items):
    assert "contacts" in _refused(make_agreement(), items, world=world)


def test_an_unknown_party_is_refused(world, make_agreement):
    with pytest.raises(InvalidInput) as raised:
        set_contacts(world["pm"], make_agreement(), "them", [LIAISON], today=TODAY)
    assert "'us' or 'counterpart'" in raised.value.detail


def test_today_and_the_past_are_fine_and_an_empty_date_is_none(world, make_agreement):
    mou = make_agreement()
    listed = set_contacts(
        world["pm"],
        mou,
        "us",
        [{"name": "A", "confirmed_on": TODAY.isoformat()}, {"name": "B", "confirmed_on": ""}],
        today=TODAY,
    )
    assert [c.confirmed_on for c in listed] == [TODAY, None]


@pytest.mark.parametrize(
    ("phone", "uri"),
    [
        ("+7 495 555-01-23", "tel:+74955550123"),
        ("+1 (202) 555-0142", "tel:+12025550142"),
        ("+1 202 555 0142 ext. 12", "tel:+12025550142;ext=12"),
        ("202.555.0142 x7", "tel:2025550142;ext=7"),
        ("call me", None),
        ("+7 495 <script>", None),
    ],
)
def test_a_phone_number_becomes_a_tap_to_call_link(phone, uri):
    assert tel_uri(phone) == uri


# --- who may change them ------------------------------------------------------------------------------
def test_program_managers_and_the_responsible_office_s_attaches_may(world, make_agreement):
    mou = make_agreement()  # Russia: the Moscow office is responsible
    assert mou.office.code == "MOW"
    set_contacts(world["pm"], mou, "counterpart", [LIAISON], today=TODAY)
    set_contacts(world["moscow"], mou, "us", [{"name": "Daniel Sample"}], today=TODAY)
    db.session.commit()
    assert _names(mou, "us") == ["Daniel Sample"]


@pytest.mark.parametrize("who", ["la", "admin", "mexico"])
def test_nobody_else_may(world, make_agreement, who):
    mou = make_agreement()
    with pytest.raises(PermissionDenied) as raised:
        set_contacts(world[who], mou, "counterpart", [LIAISON], today=TODAY)
    assert "program managers" in raised.value.detail.lower()


def test_an_attache_of_another_office_covering_the_country_may_only_read(world, make_agreement):
    users.create_office("LED", "Attaché Office St Petersburg", ["RU"])
    other = users.create_user("led@agreements.test", "attache", "LED", name="Lena Petersburg", password="x" * 12)
    db.session.commit()
    mou = make_agreement()
    assert mou.office.code == "MOW"
    with pytest.raises(PermissionDenied):
        set_contacts(other, mou, "counterpart", [LIAISON], today=TODAY)


def test_they_change_in_any_state_even_in_force(world, make_agreement):
    mou = make_agreement()
    bring_to(world, mou, "in_force")
    set_contacts(world["moscow"], mou, "counterpart", [LIAISON], today=TODAY)
    db.session.commit()
    assert mou.state == "in_force" and _names(mou, "counterpart") == ["Pavel Primerov"]


# --- the trail ----------------------------------------------------------------------------------------
def test_each_change_is_one_event_of_the_trail_and_the_trail_still_verifies(world, make_agreement):
    mou = make_agreement()
    bring_to(world, mou, "in_force")
    lock = mou.lock_version
    set_contacts(world["moscow"], mou, "counterpart", [LIAISON, DEPUTY], today=TODAY)
    db.session.commit()
    event = list_events(mou)[-1]
    assert event.trigger == "update_contacts"
    assert event.from_state == event.to_state == "in_force"
    assert event.actor == "moscow@agreements.test"
    assert event.data == {"party": "counterpart", "contacts": ["Pavel Primerov", "Olga Obraztsova"]}
    assert mou.lock_version == lock + 1  # a change of the agreement: a concurrent one is caught
    assert verify_trails()[2] == []


def test_saving_the_same_list_again_records_nothing(world, make_agreement):
    mou = make_agreement()
    set_contacts(world["pm"], mou, "counterpart", [LIAISON], today=TODAY)
    db.session.commit()
    count = len(list_events(mou))
    set_contacts(world["pm"], mou, "counterpart", [dict(LIAISON)], today=TODAY)
    db.session.commit()
    assert len(list_events(mou)) == count


def test_removing_everyone_is_recorded_too(world, make_agreement):
    mou = make_agreement()
    set_contacts(world["pm"], mou, "us", [{"name": "Daniel Sample"}], today=TODAY)
    set_contacts(world["pm"], mou, "us", [], today=TODAY)
    db.session.commit()
    assert list_events(mou)[-1].data == {"party": "us", "contacts": []}


# --- a failed save leaves the old list ------------------------------------------------------------------
def test_a_refused_save_changes_nothing(world, make_agreement):
    mou = make_agreement()
    set_contacts(world["pm"], mou, "counterpart", [LIAISON], today=TODAY)
    db.session.commit()
    count = len(list_events(mou))
    _refused(mou, [DEPUTY, {"name": "B", "email": "nope"}], world=world)
    db.session.rollback()
    assert _names(mou, "counterpart") == ["Pavel Primerov"]
    assert len(list_events(mou)) == count


def test_a_save_that_lost_a_race_is_rolled_back_whole(world, make_agreement):
    mou = make_agreement()
    set_contacts(world["pm"], mou, "counterpart", [LIAISON], today=TODAY)
    db.session.commit()
    count = len(list_events(mou))
    # Someone else changed the agreement since it was read: its lock version moved on.
    db.session.connection().execute(
        text("UPDATE agreements SET lock_version = lock_version + 1 WHERE id = :id"), {"id": mou.id}
    )
    with pytest.raises(Conflict):
        set_contacts(world["pm"], mou, "counterpart", [DEPUTY], today=TODAY)
    db.session.rollback()
    db.session.expire_all()
    assert _names(mou, "counterpart") == ["Pavel Primerov"]
    assert len(list_events(mou)) == count
