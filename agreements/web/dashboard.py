"""The dashboard: where the agreements stand by state, type and region, drawn as SVG bars, and what is overdue."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, request, url_for
from flask_login import current_user, login_required

from ..auth import policy
from ..services import portfolio
from ..workflows import roles_phrase
from . import bp

# The bar charts' geometry, in the SVG's own units (about CSS pixels on a phone): a row per bar, the
# label above its bar, the count after it, the whole row one link of at least 24 px high.
CHART_WIDTH = 320
ROW_HEIGHT = 38
BAR_TOP = 19
BAR_HEIGHT = 12
VALUE_ROOM = 44  # kept free right of the longest bar for its count


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: what it counts, how many, where the list of them is, where it is drawn."""

    name: str
    count: int
    url: str
    y: int
    width: float

    hit_height = ROW_HEIGHT - 2  # the link's target: the whole row, a gap between rows
    bar_height = BAR_HEIGHT

    @property
    def label_y(self) -> int:
        """Baseline of the bar's name."""
        return self.y + 14

    @property
    def bar_y(self) -> int:
        """Top of the bar."""
        return self.y + BAR_TOP

    @property
    def value_x(self) -> float:
        """Where the count starts, right of the bar."""
        return self.width + 6

    @property
    def value_y(self) -> int:
        """Baseline of the count."""
        return self.y + BAR_TOP + BAR_HEIGHT - 1


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart of some counts (the counts of nothing are left out: the table lists them)."""

    key: str
    title: str
    bars: list[Bar]
    total: int

    @property
    def height(self) -> int:
        """Height of the drawing."""
        return max(1, len(self.bars)) * ROW_HEIGHT

    @property
    def width(self) -> int:
        """Width of the drawing."""
        return CHART_WIDTH

    @property
    def summary(self) -> str:
        """The chart in words: its text alternative."""
        parts = [f"{bar.name}: {bar.count}" for bar in self.bars]
        return f"{self.title}, {self.total} in all. " + ("; ".join(parts) + "." if parts else "None yet.")


def list_url(filters: dict[str, str]) -> str:
    """The agreement list filtered to exactly the agreements counted (``Count.filters`` and the like)."""
    return url_for("web.index", **filters)


def aging_url(state: str | None = None) -> str:
    """The dashboard's own list of what is overdue (in one state)."""
    return url_for("web.dashboard", overdue=state, _anchor="aging")


def chart(key: str, title: str, counts: list[portfolio.Count]) -> Chart:
    """A bar chart of the counts that are not zero, bars scaled to the largest."""
    shown = [c for c in counts if c.count]
    largest = max((c.count for c in shown), default=1)
    room = CHART_WIDTH - VALUE_ROOM
    bars = [
        Bar(c.name, c.count, list_url(c.filters), i * ROW_HEIGHT, max(2.0, round(room * c.count / largest, 1)))
        for i, c in enumerate(shown)
    ]
    return Chart(key, title, bars, sum(c.count for c in counts))


def who_acts(item: portfolio.Aging) -> str:
    """Legal advisors; Program managers and attachés; — when the workflow names nobody."""
    if not item.next_roles:
        return "—"
    phrase = roles_phrase(item.next_roles)
    return phrase[0].upper() + phrase[1:]


@bp.route("/dashboard")
@login_required
def dashboard():
    """Counts by state, type and region with the list of each, and the agreements overdue in their state."""
    overdue = request.args.get("overdue", "").strip() or None
    board = portfolio.dashboard(current_user, overdue_state=overdue)
    return render_template(
        "dashboard.html",
        board=board,
        charts={
            "state": chart("state", "Agreements by state", board.by_state),
            "type": chart("type", "Agreements by type", board.by_type),
            "region": chart("region", "Agreements by region", board.by_region),
        },
        list_url=list_url,
        every_overdue=portfolio.OVERDUE_FILTERS,
        aging_url=aging_url,
        who_acts=who_acts,
        can_open=current_user.role in policy.DRAFTERS,
    )
