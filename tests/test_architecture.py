"""The architecture holds: only the engine moves an agreement's state, dependencies point one way.

These read the source (with ``ast``), so they fail the moment someone takes a shortcut.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import agreements

PACKAGE = Path(agreements.__file__).resolve().parent
SOURCES = sorted(PACKAGE.rglob("*.py"))
ENGINE = "workflows/engine.py"
CREATION = "services/agreements.py"


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _module_name(path: Path) -> str:
    parts = ["agreements", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """Every import of a file as (absolute module, imported names, line)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            found.extend((alias.name, [], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [alias.name for alias in node.names]
            found.append((target, names, node.lineno))
            # ``from . import engine`` imports the module agreements.workflows.engine
            found.extend((f"{target}.{name}", [], node.lineno) for name in names)
    return found


def _state_writes(path: Path) -> list[str]:
    """Places in a file that write an agreement's state other than through the engine."""
    found = []
    for node in ast.walk(_tree(path)):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Attribute) and part.attr == "state" and isinstance(part.ctx, ast.Store):
                    found.append(f"line {node.lineno}: assigns {ast.unparse(part)}")
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name == "setattr" and len(node.args) > 1 and getattr(node.args[1], "value", None) == "state":
                found.append(f"line {node.lineno}: setattr(…, 'state', …)")
            if name in ("Agreement", "values") and any(k.arg == "state" for k in node.keywords):
                found.append(f"line {node.lineno}: {name}(state=…)")
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if re.search(r"update\s+agreements\s+set\b[^;]*\bstate\s*=", node.value, re.I | re.S):
                found.append(f"line {node.lineno}: SQL that sets agreements.state")
    return found


def test_the_scan_sees_the_whole_package():
    names = {_rel(p) for p in SOURCES}
    assert {ENGINE, CREATION, "services/transitions.py", "models/agreement.py"} <= names


def test_nothing_but_the_engine_assigns_an_agreement_s_state():
    offenders = {}
    for path in SOURCES:
        rel = _rel(path)
        writes = _state_writes(path)
        if rel == ENGINE:
            # The adapter's setter, through which the machine moves the row.
            assert len(writes) == 1 and writes[0].endswith("assigns self.ctx.agreement.state"), writes
            continue
        if rel == CREATION:
            # An agreement is born in its workflow's initial state, and only here.
            assert writes == [w for w in writes if w.endswith("Agreement(state=…)")], writes
            assert len(writes) == 1, writes
            continue
        if writes:
            offenders[rel] = writes
    assert offenders == {}, "change the state through services.transitions.fire_transition only"


def test_the_scanner_catches_the_shortcuts(tmp_path):
    sample = tmp_path / "shortcut.py"
    sample.write_text(
        "agreement.state = 'in_force'\n"
        "a.x, row.state = 1, 'signed'\n"
        "setattr(agreement, 'state', 'signed')\n"
        "update(Agreement).values(state='expired')\n"
        "db.session.execute(text('UPDATE agreements SET state = :s'))\n"
        "Agreement(title='t', state='in_force')\n"
        "other = agreement.state\n"
    )
    assert len(_state_writes(sample)) == 6


def test_the_engine_is_the_only_place_a_machine_is_built():
    built = []
    for path in SOURCES:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Machine":
                model = next((k.value for k in node.keywords if k.arg == "model"), None)
                built.append((_rel(path), isinstance(model, ast.Constant) and model.value is None))
    # One machine per workflow, on no model: rows are never machines (STYLE habit 2).
    assert built == [(ENGINE, True)]


FRONT_ENDS = ("web", "api")


@pytest.mark.parametrize("front", FRONT_ENDS)
def test_views_never_reach_the_engine(front):
    offenders = []
    for path in sorted((PACKAGE / front).rglob("*.py")):
        for module, names, line in _imports(path):
            if module == "transitions" or module.startswith("transitions."):
                offenders.append(f"{_rel(path)}:{line} imports the transitions library")
            if module == "agreements.workflows.engine":
                offenders.append(f"{_rel(path)}:{line} imports the engine")
            if module == "agreements.workflows" and {"fire", "machine_for"} & set(names):
                offenders.append(f"{_rel(path)}:{line} imports {sorted({'fire', 'machine_for'} & set(names))}")
    assert offenders == [], "views call services; only services.transitions drives the engine"


# Which layer may import which (STYLE: web, api, cli → services → workflows, auth.policy → models → db).
FORBIDDEN = {
    "services": ("agreements.web", "agreements.api", "agreements.cli", "flask_login", "flask_wtf"),
    "workflows": (
        "agreements.services",
        "agreements.web",
        "agreements.api",
        "agreements.cli",
        "agreements.db",
        "flask",
        "sqlalchemy",
    ),
    "models": ("agreements.services", "agreements.web", "agreements.api", "agreements.workflows", "agreements.cli"),
    "auth": ("agreements.web", "agreements.api", "agreements.cli"),
    # The search index: rows and SQL under the services, knowing nothing of requests or who asks.
    "search": (
        "agreements.services",
        "agreements.web",
        "agreements.api",
        "agreements.cli",
        "agreements.auth",
        "flask",
        "flask_login",
    ),
    # Rendering and sealing work on plain values (a frozen snapshot, bytes, paths): no app, no database.
    "documents": (
        "agreements.services",
        "agreements.web",
        "agreements.api",
        "agreements.cli",
        "agreements.db",
        "flask",
        "sqlalchemy",
    ),
}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_dependencies_point_one_way(layer):
    offenders = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module, _names, line in _imports(path):
            if any(module == f or module.startswith(f + ".") for f in FORBIDDEN[layer]):
                offenders.append(f"{_rel(path)}:{line} imports {module}")
    assert offenders == []


def _commits(path: Path, root: Path = PACKAGE) -> list[str]:
    return [
        f"{path.relative_to(root).as_posix()}:{node.lineno} {ast.unparse(node.func)}()"
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit"
    ]


@pytest.mark.parametrize("layer", ["services", "workflows", "models", "auth", "search"])
def test_only_the_edge_commits(layer):
    offenders = [c for path in sorted((PACKAGE / layer).rglob("*.py")) for c in _commits(path)]
    assert offenders == [], "services flush; the view, API view or command that called them commits once"


def test_the_commit_scanner_finds_a_commit(tmp_path):
    sample = tmp_path / "service.py"
    sample.write_text("def save():\n    db.session.flush()\n    db.session.commit()\n")
    assert _commits(sample, tmp_path) == ["service.py:3 db.session.commit()"]


def _decorator_names(function: ast.FunctionDef) -> list[str]:
    """The names of a function's decorators, outermost first (``writes``, ``operation``, …)."""
    names = []
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        names.append(target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", ""))
    return names


def test_every_api_write_decides_idempotency_before_the_body_is_checked():
    """@writes outside @operation on every view: a retry with the same Idempotency-Key gets the first answer back
    (or is refused for a different body) before the body's shape is looked at, the same on every endpoint."""
    wrong = []
    for path in sorted((PACKAGE / "api").glob("*.py")):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.FunctionDef):
                names = _decorator_names(node)
                if "writes" in names and "operation" in names and names.index("writes") > names.index("operation"):
                    wrong.append(f"{path.name}: {node.name}")
    assert not wrong, wrong
