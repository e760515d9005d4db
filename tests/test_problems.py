"""Problems and their three renderings (text, GitHub annotations, JSON)."""

from __future__ import annotations

import json

from cso_tracker.problems import Problem, Severity, sort_problems
from cso_tracker.render.problems import (
    PROBLEMS_SCHEMA_VERSION,
    format_github,
    format_json,
    format_text,
    summary,
)

ERROR = Problem(
    "data/commitments/x.yaml", 3, 7, Severity.ERROR, "'hri2' is not a member", "ref-member"
)
WARNING = Problem(
    "data/members/hri.yaml", 1, 1, Severity.WARNING, "no focal point", "no-focal-point"
)


def test_text_format() -> None:
    assert format_text(ERROR) == (
        "data/commitments/x.yaml:3:7: error: 'hri2' is not a member [ref-member]"
    )
    assert format_text(WARNING) == (
        "data/members/hri.yaml:1:1: warning: no focal point [no-focal-point]"
    )


def test_github_format() -> None:
    assert format_github(ERROR) == (
        "::error file=data/commitments/x.yaml,line=3,col=7,title=ref-member::'hri2' is not a member"
    )
    assert format_github(WARNING).startswith("::warning file=data/members/hri.yaml,")


def test_github_format_escapes_what_would_break_the_command() -> None:
    """%, CR and LF everywhere; also : and , inside property values."""
    problem = Problem(
        "data/a:b,c%.yaml", 2, 1, Severity.ERROR, "100% wrong\r\nsee: a, b", "rule:x,y"
    )
    assert format_github(problem) == (
        "::error file=data/a%3Ab%2Cc%25.yaml,line=2,col=1,title=rule%3Ax%2Cy::"
        "100%25 wrong%0D%0Asee: a, b"
    )


def test_problems_sort_by_file_then_line_then_column() -> None:
    a1 = Problem("a.yaml", 2, 5, Severity.ERROR, "m", "r")
    a2 = Problem("a.yaml", 10, 1, Severity.ERROR, "m", "r")
    a3 = Problem("a.yaml", 10, 3, Severity.WARNING, "m", "r")
    b1 = Problem("b.yaml", 1, 1, Severity.ERROR, "m", "r")
    assert sort_problems([b1, a3, a2, a1]) == [a1, a2, a3, b1]


def test_summary() -> None:
    assert summary([], 1) == "1 file checked: no problems"
    assert summary([], 12) == "12 files checked: no problems"
    assert summary([ERROR], 2) == "2 files checked: 1 error, 0 warnings"
    assert summary([ERROR, ERROR, WARNING], 2) == "2 files checked: 2 errors, 1 warning"


def test_json_shape() -> None:
    document = json.loads(format_json([ERROR, WARNING], 5))
    assert document == {
        "schema_version": PROBLEMS_SCHEMA_VERSION,
        "files_checked": 5,
        "errors": 1,
        "warnings": 1,
        "problems": [
            {
                "path": "data/commitments/x.yaml",
                "line": 3,
                "column": 7,
                "severity": "error",
                "message": "'hri2' is not a member",
                "rule": "ref-member",
            },
            {
                "path": "data/members/hri.yaml",
                "line": 1,
                "column": 1,
                "severity": "warning",
                "message": "no focal point",
                "rule": "no-focal-point",
            },
        ],
    }


def test_json_keeps_non_ascii_text_readable() -> None:
    problem = Problem("data/members/x.yaml", 1, 1, Severity.ERROR, "'Zoë' is unknown", "r")
    assert "'Zoë' is unknown" in format_json([problem], 1)
