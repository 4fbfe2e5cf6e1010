"""The deadlines of every agreement in one list sorted by date: the transmittal 15 days after signature
(22 CFR 181.7), the expiry and the last day to give notice before a renewal, flagged 180, 90 and 30 days
ahead, each with where it stands; only what the person may see, only what the window holds."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event

from agreements.db import db
from agreements.errors import InvalidInput
from agreements.services.deadline_list import MAX_PAGE, deadline_page, list_deadlines, read_window

from .deadline_world import TRANSMITTAL_DUE, binding, give_notice, in_effect, renew, reportable, send_text
from .lifecycle import SIGNED_ON

D = dt.date


def rows(items) -> list[tuple]:
    """What a person reads in each row: the date, the kind, the agreement, the progress."""
    return [(i.due_on, i.kind, i.reference, i.progress_label) for i in items]


def test_one_list_sorted_by_date_across_kinds_and_agreements(world, make_agreement):
    renewing = in_effect(
        world, make_agreement, title="Renews", expires_on="2027-01-31", renewal_years=2, renewal_notice_days=90
    )
    ending = in_effect(world, make_agreement, title="Ends", expires_on="2026-06-30")
    cmaa = binding(world, make_agreement)
    in_effect(world, make_agreement, title="No end")  # no expiry, not reported: no deadline at all

    items = list_deadlines(world["pm"], D(2026, 4, 1), D(2027, 3, 31), today=D(2026, 4, 1))

    assert rows(items) == [
        (TRANSMITTAL_DUE, "transmittal", cmaa.reference, "Open"),
        (D(2026, 6, 30), "expiry", ending.reference, "Open"),
        (D(2026, 11, 2), "renewal_notice", renewing.reference, "Open"),  # 90 days before 31 January 2027
        (D(2027, 1, 31), "expiry", renewing.reference, "Open"),
    ]
    assert [i.when for i in items] == ["in 9 days", "in 90 days", "in 215 days", "in 305 days"]
    assert [i.flag for i in items] == [30, 90, None, None]
    assert items[0].basis == "15 days after signature on 26 March 2026, in every language signed (22 CFR 181.7)"
    assert (
        items[3].detail
        == "Renews automatically for 2 years unless notice of discontinuation is given by 2 November 2026."
    )
    assert items[1].state_label == "In effect"


def test_flags_at_180_90_and_30_days_ahead(world, make_agreement):
    agreement = in_effect(world, make_agreement, expires_on="2026-10-01")
    expiry = D(2026, 10, 1)
    seen = {}
    for days in (0, 1, 30, 31, 90, 91, 180, 181):
        today = expiry - dt.timedelta(days=days)
        (item,) = list_deadlines(world["pm"], today, today + dt.timedelta(days=365), today=today)
        assert item.reference == agreement.reference
        seen[days] = (item.when, item.flag_label)
    assert seen == {
        0: ("today", "within 30 days"),
        1: ("in 1 day", "within 30 days"),
        30: ("in 30 days", "within 30 days"),
        31: ("in 31 days", "within 90 days"),
        90: ("in 90 days", "within 90 days"),
        91: ("in 91 days", "within 180 days"),
        180: ("in 180 days", "within 180 days"),
        181: ("in 181 days", ""),
    }


def test_a_transmittal_is_open_then_overdue_or_done_on_time_or_late(world, make_agreement):
    on_time = binding(world, make_agreement, title="On time")
    late = reportable(world, make_agreement, title="Late")  # a qualifying non-binding instrument is sent too
    unsent = binding(world, make_agreement, title="Unsent")
    send_text(world, on_time, D(2026, 4, 3))
    send_text(world, late, D(2026, 4, 20))

    before = {i.reference: i for i in list_deadlines(world["pm"], SIGNED_ON, D(2026, 12, 31), today=D(2026, 4, 5))}
    assert (before[unsent.reference].progress_label, before[unsent.reference].detail) == ("Open", "Not sent yet.")

    after = {i.reference: i for i in list_deadlines(world["pm"], SIGNED_ON, D(2026, 12, 31), today=D(2026, 4, 25))}
    assert {ref: (i.due_on, i.progress_label, i.detail) for ref, i in after.items()} == {
        on_time.reference: (TRANSMITTAL_DUE, "Done on time", "Sent on 3 April 2026, on time."),
        late.reference: (TRANSMITTAL_DUE, "Done late", "Sent on 20 April 2026, 10 days late."),
        unsent.reference: (TRANSMITTAL_DUE, "Overdue", "Not sent: 15 days overdue."),
    }
    assert after[unsent.reference].when == "15 days ago"
    assert after[late.reference].done_on == D(2026, 4, 20)
    assert [i.flag for i in after.values()] == [None, None, None]  # only open deadlines are flagged


def test_instruments_that_are_not_reported_have_no_transmittal(world, make_agreement):
    in_effect(world, make_agreement)
    assert list_deadlines(world["pm"], SIGNED_ON, D(2026, 12, 31), today=D(2026, 4, 1)) == []


def test_overdue_open_deadlines_come_first_when_asked_for(world, make_agreement):
    unsent = binding(world, make_agreement, title="Unsent")
    sent = binding(world, make_agreement, title="Sent")
    send_text(world, sent, D(2026, 4, 3))
    ending = in_effect(world, make_agreement, expires_on="2026-08-01")
    today = D(2026, 6, 1)

    with_overdue = list_deadlines(world["pm"], today, today + dt.timedelta(days=180), today=today, overdue=True)
    assert rows(with_overdue) == [
        (TRANSMITTAL_DUE, "transmittal", unsent.reference, "Overdue"),  # the one sent on time is not repeated
        (D(2026, 8, 1), "expiry", ending.reference, "Open"),
    ]
    window_only = list_deadlines(world["pm"], today, today + dt.timedelta(days=180), today=today)
    assert rows(window_only) == [(D(2026, 8, 1), "expiry", ending.reference, "Open")]


def test_the_kind_filter_keeps_one_kind(world, make_agreement):
    binding(world, make_agreement)
    ending = in_effect(world, make_agreement, expires_on="2026-08-01", renewal_years=1, renewal_notice_days=30)
    items = list_deadlines(world["pm"], SIGNED_ON, D(2026, 12, 31), "renewal_notice", today=D(2026, 4, 1))
    assert rows(items) == [(D(2026, 7, 2), "renewal_notice", ending.reference, "Open")]


def test_notice_given_before_the_last_day_is_done_on_time_and_after_it_late(world, make_agreement):
    facts = dict(expires_on="2027-01-31", renewal_years=2, renewal_notice_days=90)  # last day: 2 November 2026
    in_time = in_effect(world, make_agreement, title="In time", **facts)
    too_late = in_effect(world, make_agreement, title="Too late", **facts)
    give_notice(world, in_time, D(2026, 10, 15), D(2027, 1, 31))
    give_notice(world, too_late, D(2026, 11, 12), D(2027, 1, 31))

    items = list_deadlines(world["pm"], D(2026, 11, 1), D(2026, 11, 30), "renewal_notice", today=D(2026, 12, 1))
    assert {i.reference: (i.due_on, i.progress_label, i.detail) for i in items} == {
        in_time.reference: (
            D(2026, 11, 2),
            "Done on time",
            "Notice of discontinuation given on 15 October 2026, in time; it ends on 31 January 2027.",
        ),
        too_late.reference: (
            D(2026, 11, 2),
            "Done late",
            "Notice of discontinuation given on 12 November 2026, 10 days late; it ends on 31 January 2027.",
        ),
    }


def test_a_last_day_gone_by_without_notice_passes_and_the_renewal_is_shown_once_it_happened(world, make_agreement):
    agreement = in_effect(world, make_agreement, expires_on="2027-01-31", renewal_years=2, renewal_notice_days=90)

    (passed,) = list_deadlines(world["pm"], D(2026, 11, 1), D(2026, 11, 30), today=D(2026, 11, 10))
    assert (passed.kind, passed.progress_label, passed.flag) == ("renewal_notice", "Passed", None)
    assert passed.detail == (
        "No notice of discontinuation was given: it renews automatically on 31 January 2027 for 2 years."
    )

    renew(agreement, D(2027, 1, 31))
    items = list_deadlines(world["pm"], D(2026, 10, 1), D(2027, 3, 1), today=D(2027, 2, 15))
    assert rows(items) == [
        (D(2026, 11, 2), "renewal_notice", agreement.reference, "Renewed"),
        (D(2027, 1, 31), "expiry", agreement.reference, "Renewed"),
    ]
    assert items[1].detail == "Renewed for 2 years: it now expires on 31 January 2029."
    assert items[1].derived == "derived from the expiry now recorded (31 January 2029) less one renewal for 2 years"
    past = (D(2026, 10, 1), D(2027, 3, 1))
    assert rows(list_deadlines(world["pm"], *past, "expiry", today=D(2027, 2, 15))) == [rows(items)[1]]
    assert rows(list_deadlines(world["pm"], *past, "renewal_notice", today=D(2027, 2, 15))) == [rows(items)[0]]
    assert list_deadlines(world["pm"], *past, "transmittal", today=D(2027, 2, 15)) == []
    # the new term's own deadlines follow from the date now recorded
    ahead = list_deadlines(world["pm"], D(2027, 2, 15), D(2029, 12, 31), today=D(2027, 2, 15))
    assert rows(ahead) == [
        (D(2028, 11, 2), "renewal_notice", agreement.reference, "Open"),
        (D(2029, 1, 31), "expiry", agreement.reference, "Open"),
    ]


def test_an_expiry_reached_is_passed(world, make_agreement):
    agreement = in_effect(world, make_agreement, state="expired")  # the walk expires it on 1 October 2026
    (item,) = list_deadlines(world["pm"], D(2026, 9, 1), D(2026, 10, 31), today=D(2026, 12, 1))
    assert (item.reference, item.due_on, item.progress_label, item.detail) == (
        agreement.reference,
        D(2026, 10, 1),
        "Passed",
        "Expired on 1 October 2026.",
    )


def test_what_is_not_recorded_is_derived_and_the_item_says_so(world, make_agreement):
    no_days = in_effect(world, make_agreement, title="No days", expires_on="2027-01-31", renewal_years=1)
    undated = reportable(world, make_agreement, title="Undated")
    undated.signed_on = None  # recorded without its date of signature; in effect since 26 March 2026
    db.session.commit()

    items = {(i.reference, i.kind): i for i in list_deadlines(world["pm"], SIGNED_ON, D(2027, 12, 31), today=SIGNED_ON)}
    notice = items[(no_days.reference, "renewal_notice")]
    assert notice.due_on == D(2027, 1, 31)
    assert notice.derived == "derived from the expiry date (31 January 2027): no days of notice are recorded"
    sent = items[(undated.reference, "transmittal")]
    assert sent.due_on == TRANSMITTAL_DUE
    assert sent.derived == "derived from the date it came into effect (26 March 2026): no date of signature is recorded"
    assert items[(no_days.reference, "expiry")].derived == ""


def test_an_attache_sees_the_deadlines_of_their_countries_only(world, make_agreement):
    moscow = binding(world, make_agreement, title="Russia")
    mexico = binding(
        world,
        make_agreement,
        title="Mexico",
        country="MX",
        counterpart="Servicio de Administración Tributaria",
        languages=["en", "es"],
    )
    window = (SIGNED_ON, D(2026, 12, 31))
    seen = {who: [i.reference for i in list_deadlines(world[who], *window, today=SIGNED_ON)] for who in world}
    assert seen["moscow"] == [moscow.reference]
    assert seen["mexico"] == [mexico.reference]
    assert (
        sorted(seen["pm"])
        == sorted(seen["la"])
        == sorted(seen["admin"])
        == sorted([moscow.reference, mexico.reference])
    )


def test_only_the_agreements_the_window_holds_are_read(app, world, make_agreement):
    inside = in_effect(world, make_agreement, title="Inside", expires_on="2026-06-30")
    for n in range(5):
        in_effect(world, make_agreement, title=f"Outside {n}", expires_on=f"203{n}-06-30")
    person = world["pm"]
    assert person.role == "program_manager"  # loaded before counting
    statements = []

    def record(_conn, _cursor, statement, _parameters, _context, _many):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        items = list_deadlines(person, D(2026, 6, 1), D(2026, 7, 31), today=D(2026, 6, 1))
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert [i.reference for i in items] == [inside.reference]
    # one query chooses the deadlines by their dates, sorts them and reads what the items say of their agreements
    (statement,) = statements
    assert "agreements.expires_on BETWEEN" in statement and "agreements.signed_on BETWEEN" in statement
    assert "ORDER BY deadlines.due_on" in statement


@pytest.mark.parametrize(
    ("given", "field", "words"),
    [
        ({"start": "2026-13-01"}, "from", "YYYY-MM-DD"),
        ({"end": "tomorrow"}, "to", "YYYY-MM-DD"),
        ({"start": "2026-06-01", "end": "2026-05-01"}, "to", "before its start"),
        ({"kind": "birthday"}, "kind", "transmittal"),
        ({"start": "1800-01-01"}, "from", "between 1900 and 2199"),
    ],
)
def test_a_window_that_cannot_be_read_names_the_field(given, field, words):
    asked = {"start": None, "end": None, "kind": None, "overdue": None, **given}
    with pytest.raises(InvalidInput) as refused:
        read_window(asked["start"], asked["end"], asked["kind"], asked["overdue"], today=D(2026, 4, 1))
    assert set(refused.value.errors) == {field}
    assert words in refused.value.errors[field]


def test_the_default_window_is_today_to_180_days_with_the_overdue():
    window = read_window(None, None, None, None, today=D(2026, 4, 1))
    assert (window.start, window.end, window.overdue, window.is_default) == (D(2026, 4, 1), D(2026, 9, 28), True, True)
    chosen = read_window("2026-05-01", None, "expiry", None, today=D(2026, 4, 1))
    assert (chosen.start, chosen.end, chosen.kind, chosen.overdue) == (D(2026, 5, 1), D(2026, 9, 28), "expiry", False)
    assert read_window("2026-05-01", None, None, ["0", "1"], today=D(2026, 4, 1)).overdue is True


@pytest.mark.parametrize("page", [MAX_PAGE + 1, 2**62, 10**20])
def test_a_page_beyond_any_list_is_empty_and_no_such_number_reaches_the_database(world, make_agreement, page):
    in_effect(world, make_agreement, state="expired")  # the walk expires it on 1 October 2026
    window = read_window("2026-09-01", "2026-10-31", None, None, today=D(2026, 12, 1))
    shown = deadline_page(world["pm"], window, page=page)
    assert shown.items == () and shown.total == deadline_page(world["pm"], window).total > 0
    assert shown.page == MAX_PAGE
