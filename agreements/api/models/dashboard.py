"""The models of the dashboard: counts by state, type and region, and the agreements overdue in their state."""

from __future__ import annotations

from flask import url_for
from pydantic import Field

from ...services import portfolio
from ...services.portfolio import AGING_LIMIT, NO_REGION, REGIONS
from ...workflows import STATES, WORKFLOWS
from .agreements import optional, shaped
from .base import COUNTRY, Day, Out, Query

STATE = {"type": "string", "enum": list(STATES)}
ROLES = ["legal_advisor", "program_manager", "attache", "admin"]


class DashboardQuery(Query):
    """Of one state, the overdue (the service refuses a state without a time limit)."""

    overdue: shaped(  # type: ignore[valid-type]
        str | None,
        {**optional(STATE), "description": "List only what is overdue in this state (with a time limit, else 422)."},
    ) = None


class DashboardCount(Out):
    """One count, with the agreement list (a page) filtered to exactly what it counts."""

    key: str
    name: str = Field(description="As the pages show it.")
    count: int = Field(ge=0)
    url: str = Field(description="The agreement list (a page) filtered to exactly these.")

    @classmethod
    def of(cls, count: portfolio.Count) -> DashboardCount:
        """The count and its list's URL."""
        return cls(key=count.key, name=count.name, count=count.count, url=url_for("web.index", **count.filters))


class DashboardStateCount(DashboardCount):
    """One state's count, with how many are overdue in it (null where no time limit applies)."""

    key: shaped(str, STATE)  # type: ignore[valid-type]
    threshold_days: int | None = Field(
        description="Days allowed in the state before an agreement is overdue; null: no limit."
    )
    overdue: shaped(  # type: ignore[valid-type]
        int | None, {"type": ["integer", "null"], "minimum": 0, "description": "Overdue in this state."}
    )
    overdue_url: str | None = Field(
        description="The agreement list filtered to those overdue in this state, longest first."
    )

    @classmethod
    def of(cls, count: portfolio.Count, limits: dict[str, int]) -> DashboardStateCount:  # type: ignore[override]
        """The state's count, and its overdue where a limit applies."""
        limited = count.key in limits
        return cls(
            **DashboardCount.of(count).model_dump(),
            threshold_days=limits.get(count.key),
            overdue=count.overdue if limited else None,
            overdue_url=url_for("web.index", **count.overdue_filters) if limited else None,
        )


class DashboardRegionCount(DashboardCount):
    """One region's count."""

    key: str = Field(
        description=f"A region (the office desks: {', '.join(REGIONS)}), or {NO_REGION}: agreements whose office "
        "has no region, or that have no office."
    )


class AgingItem(Out):
    """One overdue agreement: how long in its state, against what, and who must act next."""

    id: int
    reference: str
    title: str
    type: shaped(str, {"type": "string", "enum": list(WORKFLOWS)})  # type: ignore[valid-type]
    state: shaped(str, STATE)  # type: ignore[valid-type]
    country: shaped(str, COUNTRY)  # type: ignore[valid-type]
    # As it has always been written: whole seconds, "Z".
    state_since: shaped(  # type: ignore[valid-type]
        str, {"type": "string", "format": "date-time", "description": "When it entered its current state (UTC)."}
    )
    days_in_state: int = Field(ge=0)
    threshold_days: int = Field(ge=0)
    days_overdue: int = Field(ge=1)
    next_roles: shaped(  # type: ignore[valid-type]
        list[str],
        {
            "type": "array",
            "items": {"type": "string", "enum": ROLES},
            "description": "Who must act next: the roles the workflow names for the steps that move it on.",
        },
    )
    office: str | None = Field(description="The responsible office's code.")
    office_name: str | None
    url: str = Field(description="The agreement's page.")

    @classmethod
    def of(cls, item: portfolio.Aging) -> AgingItem:
        """The overdue agreement as the API shows it."""
        return cls(
            id=item.id,
            reference=item.reference,
            title=item.title,
            type=item.type,
            state=item.state,
            country=item.country,
            state_since=item.state_since.isoformat(timespec="seconds").replace("+00:00", "Z"),
            days_in_state=item.days_in_state,
            threshold_days=item.threshold_days,
            days_overdue=item.days_overdue,
            next_roles=list(item.next_roles),
            office=item.office_code,
            office_name=item.office_name,
            url=url_for("web.agreement", agreement_id=item.id),
        )


class Aging(Out):
    """The agreements overdue in their state."""

    count: int = Field(ge=0, description="How many are overdue in all.")
    limit: int = Field(json_schema_extra={"examples": [AGING_LIMIT]})
    state: str | None = Field(description="The state asked for with ?overdue=, else null.")
    url: str = Field(description="The agreement list filtered to exactly these.")
    items: list[AgingItem] = Field(description=f"The most overdue first (days past the limit), at most {AGING_LIMIT}.")


class Dashboard(Out):
    """Each list of counts adds up to total."""

    today: Day
    total: int = Field(ge=0, description="Every agreement you may see.")
    open: int = Field(ge=0, description="Those not terminated, expired or withdrawn.")
    by_state: list[DashboardStateCount]
    by_type: list[DashboardCount]
    by_region: list[DashboardRegionCount]
    aging: Aging
    thresholds: dict[str, int] = Field(description="Days allowed in each state (configuration AGING_DAYS).")
    countries: shaped(  # type: ignore[valid-type]
        list[str] | None,
        {
            "type": ["array", "null"],
            "items": COUNTRY,
            "description": "An attaché's: the countries their office covers, which the counts are of.",
        },
    )

    @classmethod
    def of(cls, board: portfolio.Dashboard) -> Dashboard:
        """The dashboard as the API shows it."""
        return cls(
            today=board.today,
            total=board.total,
            open=board.open,
            by_state=[DashboardStateCount.of(c, board.thresholds) for c in board.by_state],
            by_type=[DashboardCount.of(c) for c in board.by_type],
            by_region=[DashboardRegionCount.of(c) for c in board.by_region],
            aging=Aging(
                count=board.overdue,
                limit=board.limit,
                state=board.overdue_state,
                url=url_for("web.index", **board.aging_filters),
                items=[AgingItem.of(a) for a in board.aging],
            ),
            thresholds=board.thresholds,
            countries=board.countries or None,
        )
