"""The ``agreements`` command line: the commands of SPEC §8, their output, and their errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from clitools import ok, refused
from conftest import PASSWORD
from sqlalchemy import select

from agreements.db import db
from agreements.models import Agreement, ApiToken, Office, User
from agreements.services.conformity import record_conformity
from agreements.services.parties import set_signatory
from agreements.services.transitions import fire_transition
from agreements.services.users import user_for_token
from agreements.workflows import FINAL_STATES, WORKFLOWS


# --- help ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "group, commands",
    [
        ((), ("db", "demo", "offices", "users", "workflows", "audit", "daily")),
        (("db",), ("upgrade",)),
        (("offices",), ("create",)),
        (("users",), ("create", "token", "list")),
        (("workflows",), ("show", "diagram")),
        (("audit",), ("verify",)),
    ],
)
def test_help_lists_the_commands_of_the_spec(runner, group, commands):
    output = ok(runner.invoke([*group, "--help"]))
    listed = re.findall(r"^  (\S+)", output.split("Commands:")[1], re.M)
    for command in commands:
        assert command in listed


def test_help_of_users_create_names_its_arguments(runner):
    output = ok(runner.invoke(["users", "create", "--help"]))
    for option in ("EMAIL", "--role", "--office", "--name", "--password"):
        assert option in output


# --- offices and users -----------------------------------------------------------------------------
def test_offices_create_records_the_countries_covered(runner):
    output = ok(runner.invoke(["offices", "create", "ROM", "--name", "Attaché Office Rome", "--covers", "IT,sm"]))
    assert "ROM" in output and "IT" in output
    office = db.session.scalar(select(Office).where(Office.code == "ROM"))
    assert office.name == "Attaché Office Rome"
    assert office.countries == ["IT", "SM"]


def test_offices_create_refuses_countries_that_are_not_codes(runner):
    refused(runner.invoke(["offices", "create", "ROM", "--name", "Rome", "--covers", "Italy"]), "two-letter")
    assert db.session.scalar(select(Office).where(Office.code == "ROM")) is None


def test_an_office_s_region_is_set_with_the_office_kept_and_changed(runner):
    create = ["offices", "create", "ROM", "--name", "Attaché Office Rome", "--covers", "IT"]
    assert "region: Europe." in ok(runner.invoke([*create, "--region", "europe"]))
    assert "region: Europe." in ok(runner.invoke(create))  # kept when not given
    assert "region: No region set." in ok(runner.invoke(["offices", "region", "ROM", "none"]))
    ok(runner.invoke(["offices", "region", "rom", "middle_east_africa"]))
    assert db.session.scalar(select(Office.region).where(Office.code == "ROM")) == "middle_east_africa"
    listing = ok(runner.invoke(["offices", "list"]))
    assert "Office ROM (Attaché Office Rome) covers IT; region: Middle East and Africa." in listing


def test_an_unknown_region_or_office_is_refused(runner):
    europe = runner.invoke(["offices", "create", "ROM", "--name", "Rome", "--covers", "IT", "--region", "Europe"])
    refused(europe, "'Europe' is not one of", "europe")
    refused(runner.invoke(["offices", "region", "XYZ", "europe"]), "No office has the code 'XYZ'")
    assert "offices create" in ok(runner.invoke(["offices", "list"]))


def test_users_create_then_list(runner):
    ok(runner.invoke(["offices", "create", "ROM", "--name", "Attaché Office Rome", "--covers", "IT"]))
    output = ok(
        runner.invoke(
            [
                "users",
                "create",
                "Rita@Example.org",
                "--role",
                "attache",
                "--office",
                "ROM",
                "--name",
                "Rita Rossi",
                "--password",
                PASSWORD,
            ]
        )
    )
    assert "rita@example.org" in output
    listing = ok(runner.invoke(["users", "list"]))
    line = next(line for line in listing.splitlines() if "rita@example.org" in line)
    assert "attache" in line and "ROM" in line and "Rita Rossi" in line


def test_users_list_says_how_to_start_when_empty(runner):
    assert "users create" in ok(runner.invoke(["users", "list"]))


@pytest.mark.parametrize(
    "args, message",
    [
        (["--role", "consul"], "'consul' is not one of"),
        (["--role", "attache", "--office", "XYZ"], "No office has the code 'XYZ'"),
        (["--role", "attache"], "An attaché belongs to an office"),
        (["--role", "legal_advisor", "--password", "short"], "at least 10 characters"),
    ],
)
def test_users_create_refuses_bad_input_clearly(runner, args, message):
    refused(runner.invoke(["users", "create", "someone@example.org", *args]), message)
    assert db.session.scalar(select(User).where(User.email == "someone@example.org")) is None


@pytest.mark.parametrize(
    "name, message",
    [
        ("Rita\x00 Rossi", "Full name contains a NUL character (U+0000)"),
        ("Rita \u202eissoR", "Full name contains the invisible direction control U+202E"),
    ],
)
def test_users_create_refuses_a_name_as_the_page_does(runner, name, message):
    args = ["users", "create", "someone@example.org", "--role", "program_manager", "--name", name]
    refused(runner.invoke(args), message)
    assert db.session.scalar(select(User).where(User.email == "someone@example.org")) is None


def test_offices_create_refuses_a_country_code_that_is_no_country(runner):
    refused(runner.invoke(["offices", "create", "ROM", "--name", "Rome", "--covers", "IT,ZZ"]), 'country code "ZZ"')
    assert db.session.scalar(select(Office).where(Office.code == "ROM")) is None


def test_users_create_refuses_an_email_taken(runner, world):
    refused(
        runner.invoke(["users", "create", world["pm"].email, "--role", "program_manager", "--password", PASSWORD]),
        "exists already",
    )


def test_users_token_prints_a_token_alone_on_the_last_line(runner, world):
    output = ok(runner.invoke(["users", "token", world["la"].email]))
    token = output.strip().splitlines()[-1]
    assert re.fullmatch(r"\S{20,}", token)
    assert user_for_token(token).email == world["la"].email
    stored = list(db.session.scalars(select(ApiToken.token_hash)))
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in stored


def test_users_token_for_an_unknown_email_is_refused(runner, world):
    refused(runner.invoke(["users", "token", "nobody@example.org"]), "No user has the email nobody@example.org")


def test_users_revoke_tokens_stops_the_token_at_once(runner, world):
    token = ok(runner.invoke(["users", "token", world["pm"].email])).strip().splitlines()[-1]
    assert "Revoked 1" in ok(runner.invoke(["users", "revoke-tokens", world["pm"].email]))
    assert user_for_token(token) is None


# --- workflows -------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", list(WORKFLOWS))
def test_workflows_show_prints_every_transition(runner, key):
    output = ok(runner.invoke(["workflows", "show", key]))
    workflow = WORKFLOWS[key]
    assert workflow.name in output
    lines = output.splitlines()
    for step in workflow.steps:
        row = next((line for line in lines if line.split()[:1] == [step.trigger] and step.dest in line), None)
        assert row is not None, step.trigger
        for source in step.source:
            assert source in row


def test_workflows_show_and_diagram_give_the_binding_track_of_a_type_ruled_binding(runner):
    output = ok(runner.invoke(["workflows", "show", "mou", "--binding"]))
    assert "Memorandum of Understanding (mou) — binding" in output
    assert "request_authority" in output and "enter_into_force" in output
    assert "clear_for_negotiation" not in output
    diagram = ok(runner.invoke(["workflows", "diagram", "moc", "--binding"]))
    assert "signed --> in_force: enter_into_force" in diagram
    cmaa = runner.invoke(["workflows", "show", "cmaa", "--non-binding"])
    assert cmaa.exit_code != 0 and "a CMAA is always binding" in cmaa.output


def test_workflows_show_accepts_the_type_in_capitals(runner):
    assert "Customs Mutual Assistance Agreement" in ok(runner.invoke(["workflows", "show", "CMAA"]))


@pytest.mark.parametrize("key", list(WORKFLOWS))
def test_workflows_diagram_is_a_mermaid_state_diagram_with_every_transition(runner, key):
    output = ok(runner.invoke(["workflows", "diagram", key]))
    lines = [line.strip() for line in output.strip().splitlines()]
    assert lines[0] == "stateDiagram-v2"
    edges = set()
    for line in lines[1:]:
        match = re.fullmatch(r"(\[\*\]|\w+) --> (\[\*\]|\w+)(?:: (\w+))?", line)
        assert match, f"not a Mermaid transition: {line!r}"
        edges.add(match.groups())
    workflow = WORKFLOWS[key]
    for step in workflow.steps:
        for source in step.source:
            assert (source, step.dest, step.trigger) in edges
    assert ("[*]", workflow.initial, None) in edges
    assert {e[0] for e in edges if e[1] == "[*]"} == {s for s in workflow.states if s in FINAL_STATES}


@pytest.mark.parametrize("command", ["show", "diagram"])
def test_workflows_of_an_unknown_type_are_refused(runner, command):
    output = refused(runner.invoke(["workflows", command, "treaty"]), "unknown type 'treaty'")
    for key in WORKFLOWS:
        assert key in output


# --- database and audit ----------------------------------------------------------------------------
def test_db_upgrade_on_a_current_database_changes_nothing(runner, world):
    assert "Database upgraded to head" in ok(runner.invoke(["db", "upgrade"]))
    assert db.session.scalar(select(User).where(User.email == world["pm"].email)) is not None


def test_audit_verify_reports_intact_trails(runner, world, make_agreement):
    agreement = make_agreement()
    fire_transition(world["pm"], agreement.id, "submit_for_review")
    db.session.commit()
    output = ok(runner.invoke(["audit", "verify"]))
    assert output.startswith("OK: 2 events of 1 agreements")


# --- daily -----------------------------------------------------------------------------------------
def _in_force(world, make_agreement, country: str = "RU") -> Agreement:
    """An MOU walked from draft to signature the way the people named for each step would."""
    agreement = make_agreement(country=country)
    pm, la = world["pm"], world["la"]
    fire_transition(pm, agreement.id, "submit_for_review")
    fire_transition(la, agreement.id, "clear_for_negotiation")
    fire_transition(pm, agreement.id, "agree_text")
    for party in ("us", "counterpart"):
        set_signatory(pm, agreement, party, {"name": f"Signer {party}", "title": "Director"})
    record_conformity(la, agreement, "The English and Russian texts read against each other.")
    fire_transition(la, agreement.id, "clear_for_signature")
    for party in ("us", "counterpart"):
        set_signatory(
            pm,
            agreement,
            party,
            {"name": f"Signer {party}", "title": "Director", "signed_on": "2024-03-01", "place": "Washington"},
        )
    fire_transition(pm, agreement.id, "sign", today=dt.date(2024, 3, 1))
    db.session.commit()
    assert agreement.state == "in_force"
    return agreement


def test_daily_expires_and_terminates_what_is_due(runner, world, make_agreement):
    expiring = _in_force(world, make_agreement)
    # No service records an expiry date yet: set it as the signed text would.
    expiring.expires_on = dt.date(2025, 2, 28)
    ending = _in_force(world, make_agreement)
    fire_transition(
        world["pm"], ending.id, "give_notice", data={"notice_on": "2024-12-01", "effective_on": "2025-03-01"}
    )
    lasting = _in_force(world, make_agreement)
    lasting.expires_on = dt.date(2030, 1, 1)
    db.session.commit()

    output = ok(runner.invoke(["daily", "--today", "2025-03-01"]))

    assert f"{expiring.reference}: expire" in output
    assert f"{ending.reference}: terminate" in output
    assert lasting.reference not in output
    assert "Daily run for 2025-03-01: 2 agreement(s) moved." in output
    db.session.expire_all()
    assert db.session.get(Agreement, expiring.id).state == "expired"
    assert db.session.get(Agreement, ending.id).state == "terminated"
    assert db.session.get(Agreement, ending.id).terminated_on == dt.date(2025, 3, 1)
    assert db.session.get(Agreement, lasting.id).state == "in_force"
    assert ok(runner.invoke(["audit", "verify"])).startswith("OK:")


def test_daily_before_the_dates_moves_nothing(runner, world, make_agreement):
    agreement = _in_force(world, make_agreement)
    agreement.expires_on = dt.date(2025, 2, 28)
    db.session.commit()
    assert "0 agreement(s) moved" in ok(runner.invoke(["daily", "--today", "2025-02-27"]))
    db.session.expire_all()
    assert db.session.get(Agreement, agreement.id).state == "in_force"


def test_daily_refuses_a_date_it_cannot_read(runner):
    refused(runner.invoke(["daily", "--today", "next tuesday"]), "--today")


def test_daily_forgets_idempotent_answers_older_than_a_week(app, world, runner):
    """A retry comes within minutes: stored answers older than seven days are forgotten, newer ones kept."""
    from agreements.db import utcnow
    from agreements.models import IdempotencyRecord

    pm = world["pm"]
    for key, age in (("old", dt.timedelta(days=8)), ("recent", dt.timedelta(hours=2))):
        db.session.add(
            IdempotencyRecord(
                user_id=pm.id, key=key, fingerprint="f" * 64, status=200, body={}, created_at=utcnow() - age
            )
        )
    db.session.commit()

    output = ok(runner.invoke(["daily"]))

    assert "Forgot 1 stored API answer(s) older than 7 days." in output
    db.session.expire_all()
    assert db.session.scalars(select(IdempotencyRecord.key)).all() == ["recent"]
