"""`tracker validate --format text|github|json`: the GitHub annotations and the
JSON document against the checked-in files in tests/expected/, and the
JSON example in docs/validate-json.md against the same file.

Set TRACKER_UPDATE_EXPECTED=1 to rewrite tests/expected/ from the current
output (then read the diff before committing it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from validate_helpers import DOCS, TODAY, make_group, validate

from conftest import REPO_ROOT

# Date rules compare with a fixed day, so messages never change.
pytestmark = pytest.mark.today(TODAY)


EXPECTED = REPO_ROOT / "tests" / "expected"


# --- the checked-in expected output ---------------------------------------------------


def check_expected(name: str, actual: str) -> None:
    path = EXPECTED / name
    if os.environ.get("TRACKER_UPDATE_EXPECTED"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def test_github_format_matches_expected(tmp_path: Path) -> None:
    """Actions annotations, one per problem, then the summary line."""
    result = validate(make_group(tmp_path, "several-problems"), "--format", "github")
    assert result.exit_code == 1
    check_expected("validate-github.txt", result.stdout)


def test_json_format_matches_expected(tmp_path: Path) -> None:
    """The documented shape (docs/validate-json.md), and nothing else on stdout."""
    result = validate(make_group(tmp_path, "several-problems"), "--format", "json")
    assert result.exit_code == 1
    check_expected("validate.json", result.stdout)
    document = json.loads(result.stdout)
    assert list(document) == ["schema_version", "files_checked", "errors", "warnings", "problems"]
    assert (document["errors"], document["warnings"]) == (3, 3)
    for problem in document["problems"]:
        assert list(problem) == ["path", "line", "column", "severity", "message", "rule"]
        assert problem["severity"] in ("error", "warning")


def test_json_docs_example_is_the_real_output() -> None:
    """The example in docs/validate-json.md is the checked-in expected output."""
    example = DOCS.read_text(encoding="utf-8").split("```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(example) == json.loads((EXPECTED / "validate.json").read_text("utf-8"))


# --- exit codes and usage -------------------------------------------------------------


def test_json_format_when_clean(tmp_path: Path) -> None:
    result = validate(make_group(tmp_path), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "schema_version": 1, "files_checked": 4, "errors": 0, "warnings": 0, "problems": [],
    }  # fmt: skip


def test_json_format_with_warnings_and_strict(tmp_path: Path) -> None:
    root = make_group(tmp_path, "no-due-date")
    assert validate(root, "--format", "json").exit_code == 0
    assert validate(root, "--format", "json", "--strict").exit_code == 1


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = validate(make_group(tmp_path), "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of 'text', 'github', 'json'" in result.output
