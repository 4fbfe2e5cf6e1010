"""Every page of the demo world opens for every role: agreements in every state, each type, real texts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from webtools import (
    signed_in,
    visible_text,
)

from agreements.db import db
from agreements.models import Agreement


@pytest.fixture
def demo(app):
    """The demo world, as ``make run`` loads it."""
    from agreements.demo import DEMO_PASSWORD, load_demo

    load_demo()
    db.session.commit()
    return DEMO_PASSWORD


@pytest.mark.parametrize("email", ["pm", "legal", "moscow", "mexico", "admin"])
def test_every_agreement_page_opens_for_every_role(app, demo, email):
    from agreements.models import User

    user = db.session.scalar(db.select(User).where(User.email == f"{email}@demo.agreements"))
    client = signed_in(app, user, demo)
    listed = set(
        re.findall(r'href="/agreements/(\d+)" class="reference"', client.get("/agreements").get_data(as_text=True))
    )
    for agreement in db.session.scalars(db.select(Agreement)):
        response = client.get(f"/agreements/{agreement.id}")
        visible = user.role != "attache" or agreement.country in user.office.countries
        assert response.status_code == (200 if visible else 404), (agreement.reference, agreement.state)
        assert (str(agreement.id) in listed) == visible
        if visible:
            page = visible_text(response)
            assert agreement.reference in page
            assert "Timeline" in page
        if visible and user.role in ("program_manager", "attache"):
            assert client.get(f"/agreements/{agreement.id}/text").status_code == 200
            assert client.get(f"/agreements/{agreement.id}/edit").status_code == 200


def test_the_2010_memorandum_with_the_investigative_committee_reads_as_signed(app, demo):
    from agreements.models import User

    moscow = db.session.scalar(db.select(User).where(User.email == "moscow@demo.agreements"))
    memorandum = db.session.scalar(db.select(Agreement).where(Agreement.signed_on == dt.date(2010, 3, 26)))
    assert memorandum is not None
    page = visible_text(signed_in(app, moscow, demo).get(f"/agreements/{memorandum.id}"))
    assert "State: In effect" in page  # a memorandum is non-binding: in effect, not in force
    assert "Signed on 26 March 2010" in page
    assert "Washington" in page
    assert "missing in Russian" not in page
