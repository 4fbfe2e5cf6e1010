"""The agreements' pages: opening one, its page, its facts, its text, its steps and parties."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from ..auth import policy
from ..db import connection_lost, db, outcome_unknown
from ..errors import Conflict, GuardFailed, InvalidInput, PermissionDenied
from ..services import (
    agreements,
    audit,
    authorities,
    clauses,
    determination,
    lint,
    model_texts,
    parties,
    transitions,
    users,
    versions,
)
from ..services.taxonomy import AREAS, LANGUAGES
from ..workflows import WORKFLOWS
from ..workflows.words import moved_sentence
from . import bp, forms, presenters
from .errors import lost_connection_message, lost_connection_page
from .filters import countries

OFFERED_LANGUAGES = {k: v for k, v in LANGUAGES.items() if k != "en"}
SIGNATORY_FIELDS = ("name", "title", "organisation", "signed_on", "place")
AUTHORITY_FIELDS = ("kind", "reference", "granted_by", "granted_by_title", "granted_on")


@bp.after_app_request
def _security_headers(response):
    """Pages (error pages too) load nothing from elsewhere, run no inline script and are never framed."""
    if response.mimetype != "text/html":
        return response
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


# --- opening an agreement --------------------------------------------------------------------------
def _facts_form(template: str, values: dict, errors: dict, status: int = 200, **context):
    """A facts form (new or edit) with its choices, the values typed and the messages per field."""
    return (
        render_template(
            template,
            values=values,
            errors=errors,
            types=WORKFLOWS,
            countries=_country_choices(),
            languages=OFFERED_LANGUAGES,
            areas=AREAS,
            offices=users.list_offices(),
            **context,
        ),
        status,
    )


def _country_choices() -> list[tuple[str, str]]:
    """Attachés choose among the countries their office covers; everyone else among all countries."""
    everywhere = countries()
    if current_user.role == "attache":
        covered = set(policy.covered_countries(current_user))
        return [pair for pair in everywhere if pair[0] in covered]
    return everywhere


@bp.route("/agreements/new", methods=["GET", "POST"])
@login_required
def new_agreement():
    """Open a new agreement (program managers anywhere; attachés for their office's countries)."""
    if current_user.role not in policy.DRAFTERS:
        raise PermissionDenied("Only program managers and attachés open agreements.")
    if request.method == "GET":
        office = current_user.office.code if current_user.office else ""
        values = {
            "type": "mou",
            "title": "",
            "counterpart": "",
            "country": "",
            "languages": [],
            "other_languages": "",
            "areas": [],
            "office": office,
        }
        return _facts_form("new_agreement.html", values, {})
    values = forms.facts_from_form(request.form, creating=True)
    try:
        agreement = agreements.create_agreement(current_user, forms.facts_for_service(values))
        db.session.commit()
    except InvalidInput as error:
        db.session.rollback()
        shown = forms.as_typed(values, forms.FACT_NAMES)
        return _facts_form("new_agreement.html", shown, error.errors, 422, message=error.detail)
    flash(f"Opened {agreement.reference}. Write its text next, then submit it for review.", "success")
    return redirect(url_for("web.agreement", agreement_id=agreement.id), 303)


# --- one agreement ---------------------------------------------------------------------------------
@bp.route("/agreements/<int:agreement_id>")
@login_required
def agreement(agreement_id: int):
    """Facts, state, the steps this person may take now, the text, the parties and the timeline."""
    return _agreement_page(agreements.get_agreement(current_user, agreement_id))


def _agreement_page(
    item,
    status: int = 200,
    attempt: dict | None = None,
    party: dict | None = None,
    authority: dict | None = None,
    ruling: dict | None = None,
    certification: dict | None = None,
):
    """The agreement page; after a refused form, with what was typed and why it was refused."""
    events = audit.list_events(item)
    return (
        render_template(
            "agreement.html",
            agreement=item,
            events=events,
            available=transitions.available_transitions(current_user, item),
            presenters=presenters,
            diagram=presenters.diagram(item.type, item.state, {e.to_state for e in events}, item.is_binding),
            mermaid=presenters.mermaid_source(item.type, item.is_binding),
            may={
                "edit_facts": policy.can_edit(current_user, item) and policy.facts_editable(item),
                "edit_text": policy.can_edit(current_user, item) and policy.text_editable(item),
                "set_signatory": policy.can_set_signatory(current_user, item),
                "record_authority": item.is_binding and policy.can_record_authority(current_user, item),
                "confirm_authority": policy.can_confirm_authority(current_user, item),
                # Only when the text changed since every authority's: otherwise there is nothing to certify.
                "certify_text": bool(item.authorities)
                and policy.can_certify_text(current_user, item)
                and policy.certification_open(item)
                and not any(authorities.covers_current_text(item, a) for a in item.authorities),
                "determine": policy.can_determine(current_user, item),
            },
            determination_form=ruling or {"values": determination_values(item), "errors": {}},
            clause_terms=clauses.terms_in_words(item),
            party_names=clauses.parties(item),
            criteria=determination.CRITERIA,
            qnbi=determination.QNBI,
            authority_kinds=parties.AUTHORITY_KINDS,
            attempt=attempt or {},
            party_form=party or {},
            authority_form=authority or {"values": {}, "errors": {}},
            certification_form=certification or {"values": {}, "errors": {}},
            covers_current_text=authorities.covers_current_text,
        ),
        status,
    )


@bp.route("/agreements/<int:agreement_id>/edit", methods=["GET", "POST"])
@login_required
def edit_agreement(agreement_id: int):
    """Change the basic facts: title, counterpart, country, languages, areas, office."""
    item = agreements.get_agreement(current_user, agreement_id)
    if not policy.can_edit(current_user, item):
        raise PermissionDenied("Your role may not change this agreement.")
    context = {
        "entry_rules": clauses.ENTRY_RULES,
        "known_parties": clauses.known_parties(item),
    }
    if request.method == "GET":
        return _facts_form(
            "edit_agreement.html", forms.facts_from_agreement(item, OFFERED_LANGUAGES), {}, agreement=item, **context
        )
    values = forms.facts_from_form(request.form, creating=False)
    try:
        agreements.update_facts(current_user, item, forms.facts_for_service(values))
        db.session.commit()
    except (InvalidInput, Conflict) as error:
        db.session.rollback()
        status = 409 if isinstance(error, Conflict) else 422
        return _facts_form(
            "edit_agreement.html",
            forms.as_typed(values, forms.FACT_NAMES),
            getattr(error, "errors", {}),
            status,
            agreement=item,
            message=error.detail,
            **context,
        )
    flash("Facts saved.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id), 303)


@bp.route("/agreements/<int:agreement_id>/text", methods=["GET", "POST"])
@login_required
def edit_text(agreement_id: int):
    """Edit the text in every language side by side (or in one, ``?lang=``); each save is a new version."""
    item = agreements.get_agreement(current_user, agreement_id)
    if not policy.can_edit(current_user, item):
        raise PermissionDenied("Your role may not edit the text of this agreement.")
    langs = _editor_languages(item)
    if request.method == "GET":
        return _text_form(item, forms.text_from_version(item.current_version, langs))
    text = forms.text_from_form(request.form, langs)
    action = request.form.get("action", "save")
    if forms.rearrange(text, action):
        return _text_form(item, text)
    if action == "save_anyway":
        # The person saw that the draft moved on, and chose to save their text over the newer one.
        text.base_version = request.form.get("moved_to", text.base_version)
    payload, rows = forms.text_for_service(text, item.current_version)
    try:
        version = versions.save_version(current_user, item, payload)
        db.session.commit()
    except (InvalidInput, Conflict) as error:
        db.session.rollback()
        status = 409 if isinstance(error, Conflict) else 422
        errors = getattr(error, "errors", {})
        moved_to = error.extra.get("current_version") if isinstance(error, Conflict) else None
        shown = forms.text_as_typed(text)
        return _text_form(item, shown, errors, forms.row_errors(errors, rows), error.detail, status, moved_to)
    flash(f"Saved version {version.number} of the text.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="text"), 303)


def _editor_languages(item) -> list[str]:
    """The languages the editor shows: the one asked for (``lang``, or ``langs`` posted), else all of them."""
    asked = request.values.getlist("langs") or ([request.values["lang"]] if request.values.get("lang") else [])
    if any(lang not in item.languages for lang in asked):
        abort(404)
    return [lang for lang in item.languages if lang in asked] or list(item.languages)


@bp.route("/agreements/<int:agreement_id>/text/model", methods=["POST"])
@login_required
def start_text_from_model(agreement_id: int):
    """Save the type's model text as version 1 and open it in the editor."""
    item = agreements.get_agreement(current_user, agreement_id)
    model_texts.start_from_model(current_user, item)
    db.session.commit()
    flash("Started version 1 from the model text. Adapt it, and write the other languages.", "success")
    return redirect(url_for("web.edit_text", agreement_id=item.id), 303)


def _text_form(item, text, errors=None, row_errors=None, message=None, status=200, moved_to=None):
    """The text editor with what was typed and the messages, if any."""
    if not text.rows or not text.rows[-1].is_blank:
        text.rows.append(forms.Row())
    version = item.current_version
    return (
        render_template(
            "edit_text.html",
            agreement=item,
            text=text,
            errors=errors or {},
            row_errors=row_errors or {},
            message=message,
            moved_to=moved_to,
            editable=policy.text_editable(item),
            origins=versions.ORIGINS,
            lint=lint.lint_text(item, version),
            lint_applies=lint.applies(item),
            model_available=model_texts.has_model(item),
        ),
        status,
    )


# --- steps and parties -----------------------------------------------------------------------------
@bp.route("/agreements/<int:agreement_id>/transitions", methods=["POST"])
@login_required
def fire(agreement_id: int):
    """Take one step of the workflow from the agreement page's form."""
    step = forms.transition_from_form(request.form)
    try:
        if request.form.get("confirmation_required") and not request.form.get("confirm"):
            raise InvalidInput("Tick “I confirm” first: this step cannot be undone.", {"confirm": "Confirm."})
        fired = transitions.fire_transition(current_user, agreement_id, **step)
        item = fired.agreement
        db.session.commit()
    except (GuardFailed, InvalidInput) as error:
        # The person's comment and dates stay in the form, with the reasons beside the button.
        db.session.rollback()
        reasons = getattr(error, "reasons", None) or [error.detail]
        item = agreements.get_agreement(current_user, agreement_id)
        return _agreement_page(item, 422, attempt={**forms.as_typed(step), "reasons": reasons})
    except SQLAlchemyError as error:
        if not connection_lost(error):
            raise
        return _lost_while_firing(agreement_id, step, error)
    flash(moved_sentence(item.reference, fired.trigger, fired.from_state, fired.to_state, item.is_binding), "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="timeline"), 303)


def _lost_while_firing(agreement_id: int, step: dict, error: SQLAlchemyError):
    """The connection dropped during a step: the agreement as it now stands, the comment and dates kept,
    and whether the step may have been saved (lost during the commit) or certainly was not (lost before).
    """
    unknown = outcome_unknown(error)
    current_app.logger.warning("Database connection lost on %s %s: %s", request.method, request.path, error)
    try:
        db.session.rollback()
        item = agreements.get_agreement(current_user, agreement_id)
        reasons = [lost_connection_message(unknown)]
        body, status = _agreement_page(
            item, 503, attempt={**forms.as_typed(step), "reasons": reasons, "unknown": unknown}
        )
    except SQLAlchemyError as again:  # the database is still away: the plain page for a lost connection
        if not connection_lost(again):
            raise
        db.session.rollback()
        return lost_connection_page(unknown)
    return body, status, {"Retry-After": "1"}


@bp.route("/agreements/<int:agreement_id>/signatories/<party>", methods=["POST"])
@login_required
def set_signatory(agreement_id: int, party: str):
    """Designate a party's signatory, or record their signature's date and place."""
    item = agreements.get_agreement(current_user, agreement_id)
    values = forms.fields_from_form(request.form, SIGNATORY_FIELDS)
    try:
        parties.set_signatory(current_user, item, party, values)
        db.session.commit()
    except InvalidInput as error:
        db.session.rollback()
        shown = forms.as_typed(values, forms.SIGNATORY_NAMES)
        return _agreement_page(item, 422, party={party: {"values": shown, "errors": error.errors}})
    flash("Signatory saved.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="parties"), 303)


@bp.route("/agreements/<int:agreement_id>/authorities", methods=["POST"])
@login_required
def record_authority(agreement_id: int):
    """Record a State Department authority, bound to the current text."""
    item = agreements.get_agreement(current_user, agreement_id)
    values = forms.fields_from_form(request.form, AUTHORITY_FIELDS)
    try:
        parties.record_authority(current_user, item, values)
        db.session.commit()
    except InvalidInput as error:
        db.session.rollback()
        return _agreement_page(item, 422, authority={"values": forms.as_typed(values), "errors": error.errors})
    flash("Authority recorded for the current text. A legal advisor confirms it.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="parties"), 303)


@bp.route("/agreements/<int:agreement_id>/authorities/<int:authority_id>/confirm", methods=["POST"])
@login_required
def confirm_authority(agreement_id: int, authority_id: int):
    """A legal advisor confirms an authority a program manager recorded."""
    item = agreements.get_agreement(current_user, agreement_id)
    authority = authorities.confirm_authority(current_user, item, authority_id)
    db.session.commit()
    flash(f"Authority to {authority.kind} {authority.reference} confirmed.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="parties"), 303)


@bp.route("/agreements/<int:agreement_id>/certifications", methods=["POST"])
@login_required
def certify_not_substantive(agreement_id: int):
    """A legal advisor certifies that the current text's change is not substantive."""
    item = agreements.get_agreement(current_user, agreement_id)
    values = forms.fields_from_form(request.form, ("note",))
    try:
        certification = authorities.certify_not_substantive(current_user, item, values["note"])
        db.session.commit()
    except InvalidInput as error:
        db.session.rollback()
        return _agreement_page(item, 422, certification={"values": forms.as_typed(values), "errors": error.errors})
    flash(
        f"The change to version {certification.version_number} is certified not substantive: "
        "the authorities that covered the earlier text cover it.",
        "success",
    )
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="parties"), 303)


def determination_values(item) -> dict:
    """The determination form as recorded (or as the type's default has it)."""
    basis = item.determination_basis or {}
    return {
        "is_binding": "yes" if item.is_binding else "no",
        "criteria": {k for k, v in (basis.get("criteria") or {}).items() if v},
        "qnbi": {k for k, v in (basis.get("qnbi") or {}).items() if v},
        "note": item.determination_note,
        "state_reference": item.determination_reference,
    }


@bp.route("/agreements/<int:agreement_id>/determination", methods=["POST"])
@login_required
def determine(agreement_id: int):
    """Record the legal advisor's determination from the form on the agreement page."""
    item = agreements.get_agreement(current_user, agreement_id)
    form = request.form
    values = {
        "is_binding": form.get("is_binding", ""),
        "criteria": set(form.getlist("criteria")),
        "qnbi": set(form.getlist("qnbi")),
        "note": form.get("note", ""),
        "state_reference": form.get("state_reference", ""),
    }
    binding = {"yes": True, "no": False}.get(values["is_binding"])
    qnbi = {k: k in values["qnbi"] for k in determination.QNBI}
    fields = {
        "is_binding": binding,
        # The form derives what the rules decide: a binding text is reported; a non-binding one when
        # the test of a qualifying non-binding instrument says so.
        "is_reportable": True if binding else any(qnbi.values()) if binding is False else None,
        "basis": {
            "criteria": {k: k in values["criteria"] for k in determination.CRITERIA},
            **({"qnbi": qnbi} if binding is False else {}),
            "note": values["note"],
            "state_reference": values["state_reference"],
        },
    }
    try:
        determination.determine(current_user, item, fields)
        db.session.commit()
    except InvalidInput as error:
        db.session.rollback()
        return _agreement_page(item, 422, ruling={"values": forms.as_typed(values), "errors": error.errors})
    ruled = "binding; it follows the binding track" if binding else "non-binding; it follows the non-binding track"
    flash(f"Determination recorded: {ruled}.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="determination"), 303)
