"""The attaché's pages of one agreement: its terms in one language, contacts first, and the terms card."""

from __future__ import annotations

from flask import render_template, request, session
from flask_login import current_user, login_required

from ..services import agreements, contacts, terms
from . import bp
from .documents import _attachment

# The language a person last chose for the text, kept in their session for the next agreement.
LANGUAGE_KEY = "terms_language"


@bp.app_template_filter("tel_href")
def tel_href(phone: str | None) -> str:
    """+7 (495) 986-12-34 → tel:+74959861234; "" when there is no number to call."""
    return (contacts.tel_uri(phone) if phone else None) or ""


@bp.app_template_filter("mailto_href")
def mailto_href(email: str | None) -> str:
    """alice@example.org → mailto:alice@example.org; "" for anything but a plain address."""
    return terms.mailto_href(email)


@bp.route("/agreements/<int:agreement_id>/terms")
@login_required
def terms_page(agreement_id: int):
    """Contacts, key facts, contents and the text in one language: ``?lang=`` (English when the agreement is not
    written in it), else the one this person chose last, if the agreement is written in it, else English."""
    item = agreements.get_agreement(current_user, agreement_id)
    asked = request.args.get("lang")
    language = terms.language_for(item, asked or session.get(LANGUAGE_KEY))
    if asked and asked == language:
        session[LANGUAGE_KEY] = language
    shown = terms.terms_of(item, language)
    return render_template("terms.html", terms=shown, languages=terms.language_names(shown.languages))


@bp.route("/agreements/<int:agreement_id>/terms-card.pdf")
@login_required
def terms_card(agreement_id: int):
    """The one-page terms card (A4): reference, parties, dates, areas, contacts and article headings."""
    download = terms.terms_card_pdf(current_user, agreement_id)
    return _attachment(download.content, download.content_type, download.filename)
