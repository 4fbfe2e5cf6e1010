"""One app of api_cost.py, in a process of its own: the tree it is started in (``PYTHONPATH``) is the app measured.

It loads the same agreements through the services into a SQLite file of its own, then answers commands on
stdin, one a line: ``get N`` (N requests of ``GET /api/v1/agreements/{id}``) or ``fire N`` (N transitions
through ``POST /api/v1/agreements/{id}/transitions``, there and back, as a program manager and a legal
advisor), each with one line of JSON on stdout: the milliseconds of each request, and the statuses seen.
``profile get N`` runs the batch under cProfile and answers with the top of the profile instead.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

from agreements import create_app
from agreements.db import db
from agreements.migrate import upgrade
from agreements.services import agreements, users, versions

# As transitions_per_second.py's; not imported from the benchmarks' shared module, which puts this tree
# first on the path, where the tree measured must be the one given in PYTHONPATH.
TEXT = {
    "preamble": {"en": "The Participants,"},
    "articles": [
        {"number": "1", "heading": {"en": "Purpose"}, "body": {"en": "To cooperate against transnational crime."}},
        {"number": "2", "heading": {"en": "Costs"}, "body": {"en": "Each Participant bears its own costs."}},
    ],
    "final_clauses": {"en": "Done in duplicate."},
}


def load(count: int) -> tuple[dict[str, str], list[int]]:
    """A program manager, a legal advisor and ``count`` MOUs in drafting with a text; their bearer tokens."""
    upgrade()  # the tree's own migrations
    users.create_office("MOW", "Attaché Office Moscow", ["RU"])
    pm = users.create_user("pm@bench.example", "program_manager", name="Program Manager")
    la = users.create_user("la@bench.example", "legal_advisor", name="Legal Advisor")
    pm.mail_on_transition = la.mail_on_transition = False  # no note to write out after the run
    ids = []
    for n in range(count):
        agreement = agreements.create_agreement(
            pm, {"type": "mou", "title": f"Benchmark MOU {n}", "counterpart": "Agency", "country": "RU"}
        )
        versions.save_version(pm, agreement, TEXT)
        ids.append(agreement.id)
    tokens = {"pm": users.issue_token(pm), "la": users.issue_token(la)}
    db.session.commit()
    return tokens, ids


class Requests:
    """The two operations measured, cycling through the agreements."""

    def __init__(self, client, tokens: dict[str, str], ids: list[int]) -> None:
        self.client = client
        self.headers = {who: {"Authorization": f"Bearer {token}"} for who, token in tokens.items()}
        self.ids = ids
        self.next_get = 0
        self.in_review: list[int] = []  # sent to review, to come back
        self.drafting = list(ids)

    def get(self) -> int:
        """One GET of an agreement."""
        agreement_id = self.ids[self.next_get % len(self.ids)]
        self.next_get += 1
        return self.client.get(f"/api/v1/agreements/{agreement_id}", headers=self.headers["pm"]).status_code

    def fire(self) -> int:
        """One transition: the next agreement in drafting to review, or the oldest in review back."""
        if self.drafting and len(self.in_review) < len(self.ids) // 2:
            agreement_id, who, body = self.drafting.pop(0), "pm", {"trigger": "submit_for_review"}
            self.in_review.append(agreement_id)
        else:
            agreement_id, who = self.in_review.pop(0), "la"
            body = {"trigger": "return_for_revision", "comment": "Benchmark: back to drafting."}
            self.drafting.append(agreement_id)
        url = f"/api/v1/agreements/{agreement_id}/transitions"
        return self.client.post(url, json=body, headers=self.headers[who]).status_code


def batch(requests: Requests, kind: str, count: int) -> dict:
    """``count`` requests of one kind: each one's milliseconds, and how many of each status."""
    call = requests.get if kind == "get" else requests.fire
    samples, statuses = [], {}
    for _ in range(count):
        began = time.perf_counter()
        status = call()
        samples.append((time.perf_counter() - began) * 1000)
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {"ms": samples, "statuses": statuses}


def profiled(requests: Requests, kind: str, count: int) -> dict:
    """The batch under cProfile: the functions taking the most time, cumulatively."""
    profile = cProfile.Profile()
    profile.enable()
    batch(requests, kind, count)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(40)
    return {"profile": out.getvalue()}


def main() -> None:
    """Load, say ready, then answer each command."""
    workdir = Path(os.environ["API_COST_DIR"])
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}", "TESTING": False})
    app.instance_path = str(workdir / "instance")
    Path(app.instance_path).mkdir(exist_ok=True)
    with app.app_context():
        tokens, ids = load(int(os.environ.get("API_COST_AGREEMENTS", 300)))
        db.session.remove()
    requests = Requests(app.test_client(), tokens, ids)
    print(json.dumps({"ready": len(ids)}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "profile":
            print(json.dumps(profiled(requests, words[1], int(words[2]))), flush=True)
        else:
            print(json.dumps(batch(requests, words[0], int(words[1]))), flush=True)


if __name__ == "__main__":
    main()
