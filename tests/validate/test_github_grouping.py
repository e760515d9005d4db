"""`validate --format github` never hides an error among warnings: GitHub
shows 10 annotations of each severity per step, so errors come first, and
more than 10 warnings are grouped into one annotation per rule, each
grouped warning still listed in the log."""

from __future__ import annotations

from pathlib import Path

import pytest
from validate_helpers import TODAY, make_group, overwrite, validate

from conftest import GOLDEN_DIR, GoldenCheck
from cso_tracker.problems import Problem, Severity
from cso_tracker.render.problems import GITHUB_SHOWN, format_github_all

pytestmark = pytest.mark.today(TODAY)


def _undated(root: Path, count: int) -> None:
    for number in range(2, 2 + count):
        overwrite(root, f"data/commitments/undated-{number:02d}.yaml",
                  f"id: undated-{number:02d}\nnumber: {number}\ntitle: Item {number}\n"
                  "text: An item agreed with no deadline.\nagreed_at: 2024-03-05-kickoff\n"
                  "owners:\n  - north-tenants\n")  # fmt: skip


def test_many_warnings_are_grouped_after_the_errors(
    tmp_path: Path, assert_matches_golden: GoldenCheck
) -> None:
    """12 no-due-date warnings and 2 errors whose files sort after them."""
    root = make_group(tmp_path, "several-problems")
    _undated(root, 12)
    result = validate(root, "--format", "github")
    assert result.exit_code == 1
    assert_matches_golden(result.stdout, GOLDEN_DIR / "validate-github-grouped.txt")
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    kinds = [line.split(" ", 1)[0] for line in annotations]
    assert kinds == ["::error"] * 3 + ["::warning"] * 3
    assert (
        "title=no-due-date (13 warnings)::13 no-due-date warnings, each listed in the "
        "log: data/commitments/owner-not-a-member.yaml:1, data/commitments/undated-02.yaml:1"
        in annotations[3]
    )
    plain = [line for line in result.stdout.splitlines() if ": warning: " in line]
    assert len(plain) == 13


def test_few_warnings_are_each_an_annotation(tmp_path: Path) -> None:
    root = make_group(tmp_path)
    _undated(root, GITHUB_SHOWN)
    lines = validate(root, "--format", "github").stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in lines[:-1]] == ["::warning"] * GITHUB_SHOWN
    assert lines[-1] == "15 files checked: 0 errors, 10 warnings"


def _warning(rule: str, number: int) -> Problem:
    return Problem(f"data/members/m{number:02d}.yaml", 1, 1, Severity.WARNING, "m", rule)


def test_more_rules_than_github_shows_end_in_one_annotation() -> None:
    """Twelve rules with two warnings each: nine annotations of their own,
    the tenth stands for the rest."""
    problems = [_warning(f"rule-{r:02d}", n) for r in range(12) for n in range(2)]
    annotations = [line for line in format_github_all(problems) if line.startswith("::")]
    assert len(annotations) == GITHUB_SHOWN
    assert annotations[-1].startswith(
        "::warning file=data/members/m00.yaml,line=1,col=1,title=more warnings::6 more "
        "warnings (rule-09, rule-10, rule-11), each listed in the log"
    )
