"""The layout checks itself: import contracts (pyproject.toml's
[tool.importlinter]) run on every `make test`, no module of src/ imports
another in a circle, and rooms stay small enough to read."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO_ROOT

SRC = REPO_ROOT / "src" / "cso_tracker"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(project / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(project / "pyproject.toml"), "--no-cache"],
        cwd=project, capture_output=True, text=True, env=environment, check=False,
    )  # fmt: skip


def _copy_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(SRC, project / "src" / "cso_tracker",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copy(REPO_ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


def test_make_test_runs_the_import_contracts() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/lint-imports" in lint
    assert "test: $(INSTALLED) lint" in makefile


def test_the_contracts_hold(tmp_path: Path) -> None:
    result = _lint_imports(_copy_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_that_runs_back_up_breaks_a_contract(tmp_path: Path) -> None:
    """The models importing the command line: the layers contract fails."""
    project = _copy_project(tmp_path)
    models = project / "src" / "cso_tracker" / "models.py"
    models.write_text(models.read_text() + "\nimport cso_tracker.cli._app  # noqa\n")
    result = _lint_imports(project)
    assert result.returncode == 1
    assert "cso_tracker.models -> cso_tracker.cli._app" in result.stdout
    assert "BROKEN" in result.stdout


def test_the_core_never_imports_typer(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    query = project / "src" / "cso_tracker" / "query" / "status.py"
    query.write_text(query.read_text() + "\nimport typer  # noqa\n")
    result = _lint_imports(project)
    assert result.returncode == 1
    assert "cso_tracker.query.status -> typer" in result.stdout


def _imports(path: Path) -> set[str]:
    """The cso_tracker modules `path` imports (at any depth of the file)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("cso_tracker")}


def test_no_module_imports_another_in_a_circle() -> None:
    modules = {
        ".".join(("cso_tracker", *path.relative_to(SRC).with_suffix("").parts)).removesuffix(
            ".__init__"
        ): path
        for path in SRC.rglob("*.py")
    }
    graph = {name: _imports(path) & set(modules) for name, path in modules.items()}
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for other in sorted(graph[name]):
            # A package's __init__ importing its own submodules is how a
            # command registers itself, not a dependency of the submodule.
            if other == name or other.startswith(name + "."):
                continue
            assert state.get(other) != "open", " -> ".join([*trail, name, other])
            if other not in state:
                visit(other, [*trail, name])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_modules_and_functions_stay_small() -> None:
    """No module over 400 lines; no function over 60 without a comment right
    above it that says why ("# long on purpose: ...", a hot loop kept whole)."""
    for path in SRC.rglob("*.py"):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) <= 400, f"{path.relative_to(SRC)}: {len(lines)} lines"
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.FunctionDef) and node.end_lineno is not None:
                length = node.end_lineno - node.lineno + 1
                first = node.lineno - 1 - len(node.decorator_list)
                comments = []
                while first > 0 and lines[first - 1].lstrip().startswith("#"):
                    first -= 1
                    comments.append(lines[first])
                reason = any("# long on purpose:" in line for line in comments)
                assert length <= 60 or reason, f"{path.relative_to(SRC)}:{node.lineno} {node.name}"
