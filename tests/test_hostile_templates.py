"""Templates a group edits that break in ways Jinja reports as Python errors
(a range the sandbox refuses, endless recursion, bytes that are not UTF-8):
each is a located error of the template, exit 1, never a crash report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO_ROOT, run_cli

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "templates"
RIVERSIDE = REPO_ROOT / "tests" / "fixtures" / "groups" / "riverside"
RECURSION = "the template calls itself without end"

CASES = [
    ("range-too-big.md.j2", 3, "template error: Range too big"),
    ("recursive-macro.md.j2", 1, RECURSION),
    ("includes-itself.md.j2", 2, RECURSION),
    ("not-utf8.md.j2", 3, "the template is not UTF-8 text (byte 0xe9)"),
    ("repeat-too-long.md.j2", 2, "template error: a result longer than 100000 items"),
    ("divides-by-zero.md.j2", 3, "template error: division by zero"),
]


@pytest.mark.parametrize(("name", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_broken_template_option(tmp_path: Path, name: str, line: int, message: str) -> None:
    """`--template` naming a broken file: its path, line and what is wrong."""
    shutil.copytree(FIXTURES, tmp_path / "templates")
    template = tmp_path / "templates" / name
    result = run_cli("--root", str(RIVERSIDE), "status", "--as-of", "2026-11-10",
                     "--format", "md", "--template", str(template))  # fmt: skip
    assert result.exit_code == 1, result.output
    assert f"error: {template}:{line}: {message}" in result.stderr
    assert "bug" not in result.stderr


def test_include_that_is_not_utf8_names_the_included_file(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "templates")
    template = tmp_path / "templates" / "includes-not-utf8.md.j2"
    result = run_cli("--root", str(RIVERSIDE), "status", "--format", "md",
                     "--template", str(template))  # fmt: skip
    assert result.exit_code == 1
    included = tmp_path / "templates" / "not-utf8.md.j2"
    assert f"error: {included}:3: the template is not UTF-8 text" in result.stderr
    assert "hint: save the template as UTF-8" in result.stderr


@pytest.mark.parametrize("name", ["not-utf8.md.j2", "recursive-macro.md.j2"])
def test_repository_template_that_breaks(tmp_path: Path, name: str) -> None:
    """The group's own templates/status.md.j2, broken: named, exit 1."""
    root = tmp_path / "group"
    shutil.copytree(RIVERSIDE, root)
    (root / "templates").mkdir(exist_ok=True)
    path = root / "templates" / "status.md.j2"
    shutil.copyfile(FIXTURES / name, path)
    result = run_cli("--root", str(root), "status", "--format", "md")
    assert result.exit_code == 1, result.output
    assert f"error: {path}:" in result.stderr
