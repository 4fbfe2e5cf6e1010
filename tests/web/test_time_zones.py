"""Times in the reader's terms: an attaché reads every time in their office's time zone, headquarters in
the app's TIME_ZONE, and every page says which; calendar dates are never converted."""

from __future__ import annotations

import datetime as dt

import pytest
from webtools import signed_in, visible_text

from agreements.config import time_zone
from agreements.db import db
from agreements.services import users, zones

LATE_EVENING = dt.datetime(2026, 11, 30, 22, 30, tzinfo=dt.UTC)  # already 1 December in Moscow


@pytest.fixture
def changed_late(world, make_agreement):
    agreement = make_agreement()
    agreement.updated_at = LATE_EVENING
    db.session.commit()
    return agreement


def test_an_attache_reads_times_in_their_office_s_zone(app, world, changed_late):
    users.set_office_time_zone("MOW", "Europe/Moscow")
    db.session.commit()
    page = visible_text(signed_in(app, world["moscow"]).get("/agreements"))
    assert "1 December 2026, 01:30 UTC+3" in page  # the list's "Last change", the day after in Moscow
    assert "22:30 UTC" not in page
    assert "Times are shown in Moscow time (UTC+3)." in page


def test_headquarters_reads_times_in_the_app_s_zone_and_utc_by_default(app, world, changed_late):
    page = visible_text(signed_in(app, world["pm"]).get("/agreements"))
    assert "30 November 2026, 22:30 UTC" in page
    assert "Times are shown in UTC." in page
    app.config["TIME_ZONE"] = "America/New_York"
    page = visible_text(signed_in(app, world["pm"]).get("/agreements"))
    assert "30 November 2026, 17:30 UTC-5" in page
    assert "Times are shown in New York time (UTC-" in page  # -5 in winter, -4 in summer: as it is now
    # An office without a zone of its own reads the app's too.
    page = visible_text(signed_in(app, world["moscow"]).get("/agreements"))
    assert "30 November 2026, 17:30 UTC-5" in page


def test_offsets_as_people_write_them():
    summer = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
    assert zones.offset(summer.astimezone(zones.zone("America/New_York"))) == "UTC-4"
    assert zones.offset(summer.astimezone(zones.zone("Asia/Kolkata"))) == "UTC+5:30"
    assert zones.offset(summer.astimezone(zones.zone("Europe/London"))) == "UTC+1"
    assert zones.offset(summer) == "UTC"
    assert zones.described("America/Mexico_City", summer) == "Mexico City time (UTC-6)"


def test_the_command_line_sets_an_office_s_zone_and_refuses_an_unknown_one(runner, world):
    result = runner.invoke(["offices", "time-zone", "MOW", "Europe/Moscow"])
    assert result.exit_code == 0, result.output
    assert "Office MOW (Attaché Office Moscow) covers RU; region: No region set. Times read in Europe/Moscow." in (
        result.output
    )
    result = runner.invoke(["offices", "time-zone", "MOW", "Mars/Olympus_Mons"])
    assert result.exit_code != 0
    assert "'Mars/Olympus_Mons' is not a time zone this server knows" in result.output
    assert "Traceback" not in result.output
    db.session.expire_all()
    assert {o.code: o.time_zone for o in users.list_offices()}["MOW"] == "Europe/Moscow"  # kept as it was
    result = runner.invoke(["offices", "time-zone", "MOW", "none"])
    assert "Times read in UTC (the app's TIME_ZONE)." in result.output
    result = runner.invoke(
        ["offices", "create", "BOG", "--name", "Attaché Office Bogotá", "--covers", "CO", "--time-zone", "Bogota"]
    )
    assert result.exit_code != 0 and "'Bogota' is not a time zone" in result.output
    result = runner.invoke(
        [
            "offices",
            "create",
            "BOG",
            "--name",
            "Attaché Office Bogotá",
            "--covers",
            "CO",
            "--time-zone",
            "America/Bogota",
        ]
    )
    assert result.exit_code == 0 and "Times read in America/Bogota." in result.output
    result = runner.invoke(["offices", "time-zone", "XYZ", "Europe/Rome"])
    assert result.exit_code != 0 and "No office has the code 'XYZ'." in result.output


def test_a_wrong_time_zone_setting_says_so_at_start():
    assert time_zone("") == "UTC"
    assert time_zone("Europe/Rome") == "Europe/Rome"
    with pytest.raises(RuntimeError, match="TIME_ZONE: 'Europe/Atlantis' is not a time zone"):
        time_zone("Europe/Atlantis")
