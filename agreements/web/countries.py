"""A country's page: every agreement with it that the person may see, what is in force first."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from ..services import terms
from . import bp


@bp.route("/countries/<value>")
@login_required
def country(value: str):
    """/countries/RU; a name or a lower-case code (/countries/russia) is sent on to the code's page."""
    code = terms.open_country(current_user, value)
    if value != code:
        return redirect(url_for("web.country", value=code), 302)
    return render_template("country.html", code=code, groups=terms.agreements_with(current_user, code))
