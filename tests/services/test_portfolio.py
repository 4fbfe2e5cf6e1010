"""The portfolio: counts by state, type and region that add up, scoped to what each person sees, and the
agreements overdue in their state, the most overdue first, with who must act next."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from sqlalchemy import event

from agreements.db import db
from agreements.errors import InvalidInput, NotFound
from agreements.services import portfolio, users

from .aging import TODAY, age
from .aging import portfolio as build


@pytest.fixture
def made(world, make_agreement):
    """The test portfolio (see ``aging.portfolio``)."""
    return build(world, make_agreement)


def _counts(counts) -> dict[str, int]:
    return {c.key: c.count for c in counts if c.count}


@contextlib.contextmanager
def statements():
    """The SQL statements run inside the block."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


# --- counts ------------------------------------------------------------------------------------------
def test_the_counts_by_state_type_and_region_add_up_to_the_total(world, made):
    board = portfolio.dashboard(world["pm"], TODAY)
    assert board.total == len(made) == 7
    assert _counts(board.by_state) == {"drafting": 3, "legal_review": 3, "withdrawn": 1}
    assert _counts(board.by_type) == {"mou": 5, "loi": 1, "moc": 1}
    assert _counts(board.by_region) == {"europe": 4, "north_america": 2, "none": 1}
    for counts in (board.by_state, board.by_type, board.by_region):
        assert sum(c.count for c in counts) == board.total
    assert board.open == 6  # the withdrawn one is closed


def test_every_state_type_and_region_is_listed_in_order_with_the_filters_of_its_list(world, made):
    board = portfolio.dashboard(world["pm"], TODAY)
    assert [c.key for c in board.by_state][:4] == ["drafting", "legal_review", "clearance", "negotiation"]
    assert len(board.by_state) == 12 and [c.key for c in board.by_type] == ["mou", "moc", "loi", "cmaa"]
    assert [c.key for c in board.by_region] == [*portfolio.REGIONS, "none"]
    assert [c.name for c in board.by_region][-1] == "No region set"
    assert board.by_region[2].name == "Europe" and board.by_region[2].filters == {"region": "europe"}
    assert board.by_state[1].filters == {"state": "legal_review"} and board.by_type[2].filters == {"type": "loi"}


def test_no_region_set_is_listed_only_when_something_has_none(world, make_agreement):
    users.set_office_region("MOW", "europe")
    make_agreement()
    board = portfolio.dashboard(world["pm"], TODAY)
    assert [c.key for c in board.by_region] == list(portfolio.REGIONS)


def test_an_office_without_a_region_counts_under_no_region_set(world, make_agreement):
    make_agreement()  # Moscow's office, whose region nobody set
    board = portfolio.dashboard(world["pm"], TODAY)
    assert _counts(board.by_region) == {"none": 1}


def test_an_attache_counts_only_the_agreements_of_the_countries_of_their_office(world, made):
    moscow = portfolio.dashboard(world["moscow"], TODAY)
    assert moscow.total == 4 and moscow.countries == ["RU"]
    assert _counts(moscow.by_state) == {"drafting": 1, "legal_review": 2, "withdrawn": 1}
    assert _counts(moscow.by_region) == {"europe": 4}
    assert [a.reference for a in moscow.aging] == [made["ru_draft"].reference, made["ru_review"].reference]
    mexico = portfolio.dashboard(world["mexico"], TODAY)
    assert mexico.total == 2 and _counts(mexico.by_type) == {"mou": 1, "loi": 1}
    assert [a.reference for a in mexico.aging] == [made["mx_review"].reference] and mexico.overdue == 1


@pytest.mark.parametrize("role", ["la", "admin"])
def test_legal_advisors_and_administrators_count_everything(world, made, role):
    assert portfolio.dashboard(world[role], TODAY).total == 7


def test_an_empty_portfolio_counts_nothing(world):
    board = portfolio.dashboard(world["pm"], TODAY)
    assert board.total == board.open == board.overdue == 0 and board.aging == []
    assert all(c.count == 0 for c in board.by_state + board.by_type + board.by_region)


# --- aging -------------------------------------------------------------------------------------------
def test_aging_lists_the_overdue_most_overdue_first_with_days_threshold_and_who_acts_next(world, made):
    board = portfolio.dashboard(world["pm"], TODAY)
    assert board.overdue == 3
    rows = [(a.reference, a.state, a.days_in_state, a.threshold_days, a.days_overdue) for a in board.aging]
    assert rows == [
        (made["ru_draft"].reference, "drafting", 100, 60, 40),
        (made["ru_review"].reference, "legal_review", 40, 14, 26),
        (made["mx_review"].reference, "legal_review", 15, 14, 1),
    ]
    draft, review, mexico = board.aging
    assert draft.next_roles == ("program_manager", "attache") and review.next_roles == ("legal_advisor",)
    assert (draft.office_code, mexico.office_code, mexico.office_name) == ("MOW", "MEX", "Attaché Office Mexico City")


def test_an_agreement_exactly_at_its_limit_is_not_overdue_and_one_day_more_is(world, made):
    assert made["ru_fresh"].id not in {a.id for a in portfolio.dashboard(world["pm"], TODAY).aging}
    tomorrow = portfolio.dashboard(world["pm"], TODAY + dt.timedelta(days=1))
    fresh = next(a for a in tomorrow.aging if a.id == made["ru_fresh"].id)
    assert (fresh.days_in_state, fresh.days_overdue) == (15, 1)


def test_days_in_state_count_whole_days_in_utc(world, make_agreement):
    late = make_agreement()
    age(late, 61)  # entered drafting 61 days before TODAY at 09:00 UTC
    board = portfolio.dashboard(world["pm"], TODAY)
    assert [(a.days_in_state, a.days_overdue) for a in board.aging] == [(61, 1)]
    assert board.aging[0].state_since == dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)


def test_closed_agreements_and_states_without_a_limit_never_age(world, made):
    ids = {a.id for a in portfolio.dashboard(world["pm"], TODAY + dt.timedelta(days=5000)).aging}
    assert made["ru_withdrawn"].id not in ids
    assert "in_force" not in portfolio.thresholds() and "withdrawn" not in portfolio.thresholds()


def test_the_thresholds_come_from_the_configuration(app, world, made):
    app.config["AGING_DAYS"] = {**app.config["AGING_DAYS"], "legal_review": 30, "drafting": 200}
    board = portfolio.dashboard(world["pm"], TODAY)
    assert [(a.reference, a.threshold_days, a.days_overdue) for a in board.aging] == [
        (made["ru_review"].reference, 30, 10)
    ]


def test_the_list_is_limited_but_the_count_is_of_all_overdue(world, made):
    board = portfolio.dashboard(world["pm"], TODAY, limit=2)
    assert len(board.aging) == 2 and board.overdue == 3 and board.all_overdue == 3
    assert board.aging[0].id == made["ru_draft"].id


def test_the_overdue_of_one_state_and_the_count_of_each(world, made):
    board = portfolio.dashboard(world["pm"], TODAY, overdue_state="legal_review")
    assert [a.id for a in board.aging] == [made["ru_review"].id, made["mx_review"].id]
    assert board.overdue == 2 and board.all_overdue == 3
    overdue = {c.key: c.overdue for c in board.by_state if c.overdue}
    assert overdue == {"drafting": 1, "legal_review": 2}


@pytest.mark.parametrize("state", ["in_force", "withdrawn", "bogus"])
def test_the_overdue_of_a_state_without_a_limit_is_refused(world, state):
    with pytest.raises(InvalidInput) as refused:
        portfolio.dashboard(world["pm"], TODAY, overdue_state=state)
    assert "overdue" in refused.value.errors


def test_the_dashboard_takes_two_queries_however_many_agreements(world, made, make_agreement):
    portfolio.dashboard(world["pm"], TODAY)  # the user loaded
    with statements() as few:
        portfolio.dashboard(world["pm"], TODAY)
    for n in range(5):
        age(make_agreement(country="MX", title=f"Overdue draft {n}", **{"counterpart": "Aduanas"}), 70 + n)
    portfolio.dashboard(world["pm"], TODAY)
    with statements() as more:
        board = portfolio.dashboard(world["pm"], TODAY)
    assert len(board.aging) == 8
    assert len(few) == len(more) == 2, more  # the counts in one pass, the most overdue in another


# --- regions of offices ------------------------------------------------------------------------------
def test_an_office_is_created_with_its_region_and_keeps_it_when_updated_without_one(world):
    office = users.create_office("ROM", "Attaché Office Rome", ["IT"], region="europe")
    assert office.region == "europe"
    assert users.create_office("ROM", "Attaché Office Rome and Valletta", ["IT", "MT"]).region == "europe"
    assert users.create_office("ROM", "Attaché Office Rome", ["IT"], region="").region == ""


def test_a_region_must_be_one_of_the_desks(world):
    with pytest.raises(InvalidInput) as refused:
        users.create_office("ROM", "Attaché Office Rome", ["IT"], region="mars")
    assert "region" in refused.value.errors
    with pytest.raises(InvalidInput):
        users.set_office_region("MOW", "Europe")
    with pytest.raises(NotFound):
        users.set_office_region("XYZ", "europe")
    assert users.set_office_region("MOW", "none").region == ""
    assert portfolio.region_name("") == "No region set"
    assert portfolio.region_name("asia_pacific") == "Asia and the Pacific"
