"""The dashboard page: charts with their numbers beside them, every count a link to exactly those agreements,
what is overdue with who acts next, scoped for attachés, and empty states that say what to do."""

from __future__ import annotations

import re
from html import unescape

import pytest
from services.aging import NOW, TODAY, portfolio
from webtools import browser, signed_in, visible_text


@pytest.fixture
def clock(monkeypatch):
    """The pages' "now" is NOW: the dashboard's and the list's (which filters what is overdue)."""
    monkeypatch.setattr("agreements.services.portfolio.utcnow", lambda: NOW)
    monkeypatch.setattr("agreements.services.listing.utcnow", lambda: NOW)
    return NOW


@pytest.fixture
def made(world, make_agreement, clock):
    """The test portfolio (see ``services.aging.portfolio``), on the day the pages think it is."""
    return portfolio(world, make_agreement)


def _html(response) -> str:
    assert response.status_code == 200, visible_text(response)[:400]
    return response.get_data(as_text=True)


def _table(html: str, key: str) -> str:
    match = re.search(rf'<table class="counts" id="table-{key}">(.*?)</table>', html, re.S)
    assert match, f"no table of counts by {key}"
    return match.group(1)


def _rows(table: str) -> list[tuple[str, int, list[str]]]:
    """Each row of a table of counts: its name, its count, and the links of its counts (in order)."""
    rows = []
    body = table.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    for name, cells in re.findall(r'<tr>\s*<th scope="row">(.*?)</th>(.*?)</tr>', body, re.S):
        count = re.search(r'<td class="counts__n">(?:<a class="count-link" href="[^"]+">)?(\d+)', cells)
        rows.append((unescape(name), int(count.group(1)), [unescape(h) for h in re.findall(r'href="([^"]+)"', cells)]))
    return rows


def visible_text_of(html: str) -> str:
    """The text of a piece of a page, tags removed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _listed(client, url: str) -> set[int]:
    """The ids of the agreements the list at ``url`` shows."""
    html = _html(client.get(url))
    body = re.search(r'<table class="table table--agreements">.*?<tbody>(.*?)</tbody>', html, re.S)
    return {int(i) for i in re.findall(r'href="/agreements/(\d+)"', body.group(1))} if body else set()


# --- counts and the lists they link to ---------------------------------------------------------------
@pytest.mark.parametrize("key", ["state", "type", "region"])
def test_every_count_links_to_the_list_of_exactly_those_agreements(app, world, made, key):
    client = signed_in(app, world["pm"])
    rows = _rows(_table(_html(client.get("/dashboard")), key))
    counted = [(name, count, links) for name, count, links in rows if count]
    assert counted, rows
    seen: set[int] = set()
    for name, count, links in counted:
        listed = _listed(client, links[0])
        assert len(listed) == count, f"{name}: {count} counted, {len(listed)} listed at {links[0]}"
        assert not listed & seen  # no agreement is counted twice
        seen |= listed
    assert seen == {a.id for a in made.values()}  # and every agreement once: the counts add up


def test_the_counts_add_up_to_the_total_in_each_table(app, world, made):
    html = _html(signed_in(app, world["pm"]).get("/dashboard"))
    for key in ("state", "type", "region"):
        table = _table(html, key)
        total = re.search(r"<tfoot>.*?<td class=\"counts__n\"><a[^>]*>(\d+)", table, re.S)
        assert int(total.group(1)) == sum(count for _n, count, _l in _rows(table)) == 7
    assert dict((n, c) for n, c, _l in _rows(_table(html, "region"))) == {
        "Canada and Mexico": 2,
        "South America and the Caribbean": 0,
        "Europe": 4,
        "Middle East and Africa": 0,
        "Asia and the Pacific": 0,
        "No region set": 1,
    }


def test_each_overdue_count_links_to_the_list_of_exactly_the_overdue(app, world, made):
    client = signed_in(app, world["pm"])
    rows = {name: (count, links) for name, count, links in _rows(_table(_html(client.get("/dashboard")), "state"))}
    overdue = {name: links[1] for name, (_count, links) in rows.items() if len(links) > 1}
    assert set(overdue) == {"Drafting", "Legal review"}
    assert _listed(client, overdue["Legal review"]) == {made["ru_review"].id, made["mx_review"].id}
    assert _listed(client, overdue["Drafting"]) == {made["ru_draft"].id}


def test_the_bars_are_links_to_the_same_lists_and_the_charts_say_what_they_show(app, world, made):
    html = _html(signed_in(app, world["pm"]).get("/dashboard"))
    for key in ("state", "type", "region"):
        figure = re.search(rf'<figure class="chart" id="chart-{key}">(.*?)</figure>', html, re.S).group(1)
        caption = re.search(rf'<figcaption id="chart-{key}-caption"[^>]*>(.*?)</figcaption>', figure).group(1)
        assert caption.startswith("Agreements by ")
        assert f'aria-labelledby="chart-{key}-caption"' in figure and f'aria-describedby="chart-{key}-desc"' in figure
        assert re.search(r"<title>Agreements by \w+</title>", figure)
        desc = re.search(rf'<desc id="chart-{key}-desc">(.*?)</desc>', figure).group(1)
        assert "7 in all" in desc
        bars = re.findall(r'<a href="([^"]+)" aria-label="([^"]+): (\d+) agreements?"', figure)
        table = {name: (count, links[0]) for name, count, links in _rows(_table(html, key)) if count}
        assert {unescape(name): (int(n), unescape(url)) for url, name, n in bars} == table
        for _url, name, n in bars:
            assert f"{unescape(name)}: {n}" in unescape(desc)
    assert "<script" not in html.split("<main", 1)[1]  # drawn by the app: nothing runs in the page


# --- aging -------------------------------------------------------------------------------------------
def test_the_overdue_are_listed_most_overdue_first_with_days_threshold_who_acts_next_and_office(app, world, made):
    html = _html(signed_in(app, world["pm"]).get("/dashboard"))
    aging = re.search(r'<section[^>]*id="aging".*?</section>', html, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", aging.split("<tbody>", 1)[1].split("</tbody>", 1)[0], re.S)
    texts = [" ".join(unescape(re.sub(r"<[^>]+>", " ", r)).split()) for r in rows]
    draft, review, mexico = made["ru_draft"], made["ru_review"], made["mx_review"]
    assert len(texts) == 3
    assert texts[0].startswith(f"{draft.reference} {draft.title} Drafting 40 days overdue 100 days in state, 60")
    assert texts[0].endswith("Program managers and attachés Attaché Office Moscow (MOW)")
    assert texts[1].startswith(f"{review.reference} {review.title} Legal review 26 days overdue 40 days in state")
    assert texts[1].endswith("Legal advisors Attaché Office Moscow (MOW)")
    assert texts[2].startswith(f"{mexico.reference}") and "1 day overdue 15 days in state, 14 allowed" in texts[2]
    assert texts[2].endswith("Legal advisors Attaché Office Mexico City (MEX)")
    assert f'href="/agreements/{draft.id}" class="reference"' in rows[0]
    assert "3 overdue." in visible_text_of(aging)


def test_the_overdue_of_one_state(app, world, made):
    client = signed_in(app, world["pm"])
    html = _html(client.get("/dashboard?overdue=legal_review"))
    aging = visible_text_of(re.search(r'<section[^>]*id="aging".*?</section>', html, re.S).group(0))
    assert "Overdue in legal review" in aging and "2 overdue." in aging
    assert made["ru_review"].reference in aging and made["mx_review"].reference in aging
    assert made["ru_draft"].reference not in aging
    see_all = re.search(r'<a href="([^"]+)">See all 2 in the agreement list</a>', html).group(1)
    assert _listed(client, unescape(see_all)) == {made["ru_review"].id, made["mx_review"].id}


def test_a_state_without_a_time_limit_is_refused_in_words(app, world, made):
    response = signed_in(app, world["pm"]).get("/dashboard?overdue=in_force")
    assert response.status_code == 422
    text = visible_text(response)
    assert "No time limit applies in 'in_force'" in text and "InvalidInput" not in text


def test_nothing_overdue_says_so(app, world, make_agreement, clock):
    make_agreement()
    text = visible_text(signed_in(app, world["pm"]).get("/dashboard"))
    assert "Nothing is overdue: every open agreement is within the time allowed for its state." in text
    assert "Time allowed in each state" in text and "Legal review 14" in text


# --- who sees what -----------------------------------------------------------------------------------
def test_an_attache_sees_only_the_countries_of_their_office(app, world, made):
    client = signed_in(app, world["moscow"])
    html = _html(client.get("/dashboard"))
    text = visible_text_of(html.split("<main", 1)[1])
    assert "4 agreements with Russian Federation, the countries your office covers" in text
    for key in ("mx_review", "mx_letter", "fr_draft"):
        assert made[key].reference not in text
    rows = {name: (count, links) for name, count, links in _rows(_table(html, "state"))}
    assert rows["Legal review"][0] == 2 and _listed(client, rows["Legal review"][1][0]) == {
        made["ru_review"].id,
        made["ru_fresh"].id,
    }
    assert made["ru_draft"].reference in text and made["ru_review"].reference in text


@pytest.mark.parametrize("role", ["pm", "la", "moscow", "admin"])
def test_the_dashboard_is_in_everyone_s_menu(app, world, role):
    html = _html(signed_in(app, world[role]).get("/dashboard"))
    nav = re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    assert re.search(r'<a href="/dashboard"\s+aria-current="page">Dashboard</a>', nav)


def test_signing_in_is_needed(app, world):
    response = browser(app).get("/dashboard")
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]


# --- empty states ------------------------------------------------------------------------------------
def test_an_empty_portfolio_says_what_to_do(app, world, clock):
    pm = visible_text(signed_in(app, world["pm"]).get("/dashboard"))
    assert "There are no agreements yet" in pm and "Open an agreement" in pm
    assert "No agreement is open, so none can be overdue." in pm
    legal = visible_text(signed_in(app, world["la"]).get("/dashboard"))
    assert "Program managers and attachés open agreements" in legal and "Open an agreement" not in legal
    mexico = visible_text(signed_in(app, world["mexico"]).get("/dashboard"))
    assert "There are no agreements with Mexico yet." in mexico and "Open an agreement" in mexico


def test_the_page_shows_the_day_it_counts_on(app, world, made):
    text = visible_text(signed_in(app, world["pm"]).get("/dashboard"))
    assert f"As of {TODAY.day} December 2026 (UTC): 7 agreements; 6 open, of which 3 overdue" in text
