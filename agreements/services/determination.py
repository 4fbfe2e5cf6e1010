"""The determination: whether a text is a binding international agreement, and whether a non-binding
one must still be reported. It is the legal advisor's (22 CFR 181.3), made while the text is in legal
review, and the workflow follows it: a type ruled binding follows the binding track.
"""

from __future__ import annotations

from typing import Any

from ..db import db, utcnow
from ..errors import Conflict, InvalidInput, PermissionDenied
from ..models import Agreement, User
from ..workflows import can_be_ruled, workflow_for
from ..workflows.words import state_phrase
from .audit import record_event
from .characters import text_problem
from .lengths import too_long

# 22 CFR 181.2(a): an international agreement meets each of (1) to (4); (5), the form, is not decisive.
CRITERIA = {
    "intent": "(1) the parties intend to be legally bound, under international law",
    "significance": "(2) the arrangement is significant, not minor or trivial",
    "specificity": "(3) its undertakings are specific, with objective criteria to enforce them",
    "two_parties": "(4) it is an agreement of two or more parties",
    "form": "(5) it has the form of an international agreement",
}
REQUIRED_FOR_BINDING = ("intent", "significance", "specificity", "two_parties")
# 1 U.S.C. 112b(k)(5), 22 CFR 181.4(b)(3): a non-binding instrument that must still be reported.
QNBI = {
    "foreign_policy_impact": "it could reasonably be expected to have a significant impact on the foreign policy "
    "of the United States",
    "congressional_request": "it is the subject of a written communication from the Chair or Ranking Member of "
    "the Senate Foreign Relations Committee or the House Foreign Affairs Committee",
}
DETERMINING_STATE = "legal_review"
MAX_NOTE = 5000


def defaults(kind: str) -> tuple[bool, bool]:
    """The type's default determination: (binding, reportable)."""
    binding = workflow_for(kind).is_binding
    return binding, binding


def _answers(value: Any, names: dict[str, str], field: str, errors: dict[str, str]) -> dict[str, bool]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, bool) for v in value.values()):
        example = ", ".join(f'"{k}": true' for k in names)
        errors[field] = f"{field} answers each question true or false, e.g. {{{example}}}."
        return {}
    unknown = sorted(set(value) - set(names))
    if unknown:
        errors[field] = f"{field} has no question {unknown[0]!r}; its questions are {', '.join(names)}."
    return {k: value[k] for k in names if k in value}


def validate(agreement: Agreement, fields: dict[str, Any]) -> dict[str, Any]:
    """Check a determination and its basis; raise InvalidInput naming each problem in the user's words."""
    errors: dict[str, str] = {}
    binding, reportable = fields.get("is_binding"), fields.get("is_reportable")
    if not isinstance(binding, bool):
        errors["is_binding"] = "Say whether the text is binding or non-binding."
    elif not isinstance(reportable, bool):  # the form derives it from the answers; a client sends it
        errors["is_reportable"] = "Say whether it is reported: is_reportable is true or false."
    basis = fields.get("basis")
    if not isinstance(basis, dict):
        errors["basis"] = (
            "Give the basis: {criteria: the 22 CFR 181.2 questions answered, qnbi: the 181.4(b)(3) test "
            "answered (non-binding texts), note, state_reference (where the State Department was consulted)}."
        )
        basis = {}
    criteria = _answers(basis.get("criteria"), CRITERIA, "criteria", errors)
    qnbi = _answers(basis.get("qnbi"), QNBI, "qnbi", errors)
    note = basis.get("note")
    if not isinstance(note, str) or not note.strip():
        errors["note"] = "Say in a note why: the reasons of the determination."
    elif problem := too_long("“Reasons”", note, MAX_NOTE) or text_problem("“Reasons”", note):
        errors["note"] = problem
    reference = basis.get("state_reference") or ""
    if not isinstance(reference, str):
        errors["state_reference"] = "The State Department's reference must be text."
    elif problem := too_long("State Department reference", reference, 200) or text_problem(
        "State Department reference", reference
    ):
        errors["state_reference"] = problem
    if isinstance(binding, bool) and not can_be_ruled(agreement.type, binding):
        errors["is_binding"] = (
            f"A {workflow_for(agreement.type).name} is a binding agreement by its nature; "
            "it cannot be determined non-binding."
        )
    elif binding is True and not errors.get("criteria"):
        unmet = [CRITERIA[k] for k in REQUIRED_FOR_BINDING if criteria.get(k) is not True]
        if unmet:
            errors["criteria"] = (
                "A binding international agreement meets each of the criteria (1) to (4) of 22 CFR 181.2(a); "
                "not answered yes: " + "; ".join(unmet) + "."
            )
        if reportable is False:
            errors["is_reportable"] = "A binding agreement is always reported (1 U.S.C. 112b): is_reportable is true."
    elif binding is False and not errors.get("criteria") and not errors.get("qnbi"):
        if criteria.get("intent") is True:
            errors["criteria"] = f"Criterion {CRITERIA['intent']} is answered yes: then the text is binding."
        missing = [k for k in QNBI if k not in qnbi]
        if missing:
            asked = "; ".join(QNBI[k] for k in missing)
            errors["qnbi"] = f"Answer the test of a qualifying non-binding instrument (22 CFR 181.4(b)(3)): {asked}?"
        elif isinstance(reportable, bool) and reportable != any(qnbi.values()):
            errors["is_reportable"] = (
                "The test of a qualifying non-binding instrument says it is reported: is_reportable is true."
                if any(qnbi.values())
                else "No part of the test of a qualifying non-binding instrument is met: is_reportable is false."
            )
    if errors:
        raise InvalidInput("The determination is not complete: " + " ".join(errors.values()), errors)
    return {
        "is_binding": binding,
        "is_reportable": reportable,
        "basis": {"criteria": criteria, **({"qnbi": qnbi} if not binding else {})},
        "note": note.strip(),
        "state_reference": reference.strip(),
    }


def determine(user: User, agreement: Agreement, fields: dict[str, Any]) -> Agreement:
    """Record the legal advisor's determination; the agreement follows its track from now on."""
    if user.role != "legal_advisor":
        raise PermissionDenied("Whether a text is binding is the legal advisor's determination (22 CFR 181.3).")
    if agreement.state != DETERMINING_STATE:
        raise Conflict(
            "The determination is made, or changed, while the text is in legal review; this agreement is "
            f"{state_phrase(agreement.state, agreement.is_binding)}.",
            current_state=agreement.state,
        )
    ruled = validate(agreement, fields)
    agreement.is_binding = ruled["is_binding"]
    agreement.is_reportable = ruled["is_reportable"]
    agreement.determination_basis = ruled["basis"]
    agreement.determination_note = ruled["note"]
    agreement.determination_reference = ruled["state_reference"]
    agreement.determined_by = user
    agreement.determined_at = utcnow()
    record_event(
        agreement,
        "determine",
        agreement.state,
        user,
        comment=ruled["note"],
        data={
            "is_binding": ruled["is_binding"],
            "is_reportable": ruled["is_reportable"],
            "basis": ruled["basis"],
            "state_reference": ruled["state_reference"],
        },
    )
    db.session.flush()
    return agreement
