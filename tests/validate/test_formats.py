"""`tracker validate --format text|github|json`: the GitHub annotations and the
JSON document against the checked-in files in tests/expected/, and the
JSON example in docs/validate-json.md against the same file.

`pytest --regen-golden` rewrites the files from the current output (see
tests/conftest.py); read the diff before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from validate_helpers import DOCS, TODAY, make_group, validate

from conftest import GOLDEN_DIR, GoldenCheck

# Date rules compare with a fixed day, so messages never change.
pytestmark = pytest.mark.today(TODAY)


# --- the checked-in expected output ---------------------------------------------------


def test_github_format_matches_expected(tmp_path: Path, assert_matches_golden: GoldenCheck) -> None:
    """Actions annotations, one per problem, then the summary line."""
    result = validate(make_group(tmp_path, "several-problems"), "--format", "github")
    assert result.exit_code == 1
    assert_matches_golden(result.stdout, GOLDEN_DIR / "validate-github.txt")


def test_json_format_matches_expected(tmp_path: Path, assert_matches_golden: GoldenCheck) -> None:
    """The documented shape (docs/validate-json.md), and nothing else on stdout."""
    result = validate(make_group(tmp_path, "several-problems"), "--format", "json")
    assert result.exit_code == 1
    assert_matches_golden(result.stdout, GOLDEN_DIR / "validate.json")
    document = json.loads(result.stdout)
    assert list(document) == ["schema_version", "files_checked", "errors", "warnings", "problems"]
    assert (document["errors"], document["warnings"]) == (3, 3)
    for problem in document["problems"]:
        assert list(problem) == ["path", "line", "column", "severity", "message", "rule"]
        assert problem["severity"] in ("error", "warning")


def test_json_docs_example_is_the_real_output() -> None:
    """The example in docs/validate-json.md is the checked-in expected output."""
    # Read, not checked through assert_matches_golden: the docs are written by
    # hand, so --regen-golden must not copy them into the golden file; after a
    # regeneration this test says the docs need the same change.
    example = DOCS.read_text(encoding="utf-8").split("```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(example) == json.loads((GOLDEN_DIR / "validate.json").read_text("utf-8"))


# --- exit codes and usage -------------------------------------------------------------


def test_json_format_when_clean(tmp_path: Path) -> None:
    result = validate(make_group(tmp_path), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "schema_version": 1, "files_checked": 5, "errors": 0, "warnings": 0, "problems": [],
    }  # fmt: skip


def test_json_format_with_warnings_and_strict(tmp_path: Path) -> None:
    root = make_group(tmp_path, "no-due-date")
    assert validate(root, "--format", "json").exit_code == 0
    assert validate(root, "--format", "json", "--strict").exit_code == 1


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = validate(make_group(tmp_path), "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of 'text', 'github', 'json'" in result.output
