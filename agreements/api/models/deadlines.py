"""The models of the deadline list across agreements: its query (the window, read by the service) and a page."""

from __future__ import annotations

from flask import url_for
from pydantic import Field

from ...services.deadline_list import DEFAULT_DAYS, FLAGS, KINDS, MAX_PAGE, MAX_PER_PAGE, PER_PAGE, PROGRESS
from ...services.deadline_list import DeadlineItem as DeadlineRow
from ...services.deadline_list import Window as WindowRow
from ...workflows import STATES, WORKFLOWS
from .agreements import optional, shaped
from .base import COUNTRY, Day, Out, Query, whole

# A day asked for, YYYY-MM-DD from 1900 to 2199, or empty (the default, as a form sends it).
DAY_ASKED = {
    "type": "string",
    "pattern": "^((19|2[01])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))?$",
    "description": "YYYY-MM-DD",
}


class WindowQuery(Query):
    """The window: read by the service, which names the parameter it cannot read."""

    from_: shaped(str | None, DAY_ASKED) = Field(  # type: ignore[valid-type]
        None,
        alias="from",
        description="The first day (default: today). Given, the overdue before it are left out unless overdue=true.",
    )
    to: shaped(str | None, DAY_ASKED) = Field(None, description=f"The last day (default: {DEFAULT_DAYS} days on).")  # type: ignore[valid-type]
    kind: shaped(str | None, optional({"type": "string", "enum": list(KINDS)})) = None  # type: ignore[valid-type]
    # Every value given is read (the service refuses two that disagree): a list, documented as the boolean it is.
    overdue: shaped(list[str], {"type": "boolean"}) = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="Include the open deadlines already past before `from` (default: only when `from` is not given).",
    )


class DeadlinesQuery(WindowQuery):
    """The window, and the page."""

    page: whole(1, MAX_PAGE) = 1  # type: ignore[valid-type]
    per_page: whole(1, MAX_PER_PAGE) = PER_PAGE  # type: ignore[valid-type]


class DeadlineAgreement(Out):
    """The agreement a deadline is of."""

    id: int
    reference: str
    title: str
    type: shaped(str, {"type": "string", "enum": list(WORKFLOWS)})  # type: ignore[valid-type]
    country: shaped(str, COUNTRY)  # type: ignore[valid-type]
    state: shaped(str, {"type": "string", "enum": list(STATES)})  # type: ignore[valid-type]
    state_label: str
    is_binding: bool
    url: str


class DeadlineItem(Out):
    """One deadline of one agreement, and where it stands."""

    due_on: Day
    when: str = Field(description="The date in words from today: today, in 30 days, 5 days ago.")
    days_left: int = Field(description="Days from today; negative once past.")
    flag: shaped(  # type: ignore[valid-type]
        int | None,
        {
            "type": ["integer", "null"],
            "enum": [*FLAGS, None],
            "description": "An open deadline this many days ahead or fewer (the nearest flag); else null.",
        },
    )
    kind: shaped(str, {"type": "string", "enum": list(KINDS)})  # type: ignore[valid-type]
    kind_label: str
    progress: shaped(str, {"type": "string", "enum": list(PROGRESS)})  # type: ignore[valid-type]
    progress_label: str
    detail: str = Field(description="Where it stands, in a sentence.")
    basis: str = Field(description="What the date is counted from.")
    done_on: Day | None = Field(description="When the transmittal was sent, the notice given, …")
    derived: str | None = Field(
        description="What the date is derived from, when the facts recorded do not give it directly."
    )
    agreement: DeadlineAgreement

    @classmethod
    def of(cls, item: DeadlineRow) -> DeadlineItem:
        """The deadline, with its agreement."""
        return cls(
            due_on=item.due_on,
            when=item.when,
            days_left=item.days_left,
            flag=item.flag,
            kind=item.kind,
            kind_label=item.kind_label,
            progress=item.progress,
            progress_label=item.progress_label,
            detail=item.detail,
            basis=item.basis,
            done_on=item.done_on,
            derived=item.derived or None,
            agreement=DeadlineAgreement(
                id=item.agreement_id,
                reference=item.reference,
                title=item.title,
                type=item.type,
                country=item.country,
                state=item.state,
                state_label=item.state_label,
                is_binding=item.is_binding,
                url=url_for("api.get_agreement", agreement_id=item.agreement_id),
            ),
        )


class DeadlineWindow(Out):
    """The window as it was read: dates, kind, whether the overdue are included, and the day counted from."""

    model_config = Out.model_config | {"validate_by_name": True, "serialize_by_alias": True}

    from_: Day = Field(alias="from")
    to: Day
    kind: shaped(str | None, {"type": ["string", "null"], "enum": [*KINDS, None]})  # type: ignore[valid-type]
    overdue: bool
    today: Day

    @classmethod
    def of(cls, window: WindowRow) -> DeadlineWindow:
        """The window."""
        return cls(from_=window.start, to=window.end, kind=window.kind, overdue=window.overdue, today=window.today)


class DeadlineList(Out):
    """One page of deadlines, and the window."""

    model_config = Out.model_config | {"serialize_by_alias": True}

    items: list[DeadlineItem]
    total: int
    page: int
    per_page: int
    pages: int
    window: DeadlineWindow
