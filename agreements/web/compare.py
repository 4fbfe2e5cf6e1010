"""The page comparing two versions of an agreement's text: a summary, then article by article, redlined per language."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from ..errors import InvalidInput
from ..services import agreements, versions
from ..services.compare import compare_versions, version_numbers
from . import bp


def _asked() -> tuple[str, str]:
    """The ``from`` and ``to`` of the query, as typed."""
    return request.args.get("from", "").strip(), request.args.get("to", "").strip()


@bp.route("/agreements/<int:agreement_id>/compare")
@login_required
def compare(agreement_id: int):
    """Two versions side by side; without a choice, the one before the current version against the current one."""
    agreement = agreements.get_agreement(current_user, agreement_id)
    saved = versions.list_versions(agreement)
    raw_from, raw_to = _asked()
    if not raw_from and not raw_to and len(saved) >= 2:
        raw_from, raw_to = str(saved[1].number), str(saved[0].number)
    context = {"agreement": agreement, "versions": saved, "chosen": {"from": raw_from, "to": raw_to}}
    if len(saved) < 2 and not (raw_from or raw_to):
        return render_template("compare.html", result=None, errors={}, **context)
    try:
        from_n, to_n = version_numbers(raw_from, raw_to)
    except InvalidInput as error:
        return render_template("compare.html", result=None, errors=error.errors, message=error.detail, **context), 422
    result = compare_versions(agreement, from_n, to_n)
    return render_template("compare.html", result=result, errors={}, **context)
