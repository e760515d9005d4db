"""Input that once slipped past a rule, each fixture under
tests/fixtures/negative/defects/ named after its defect: every one is
reported at its place, and exits 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from validate_helpers import (
    DEFECT_CASES,
    DEFECTS,
    TODAY,
    assert_no_traceback,
    lines,
    make_defect,
    make_group,
    overwrite,
    validate,
)

from conftest import run_cli

pytestmark = pytest.mark.today(TODAY)


def test_every_defect_fixture_has_its_case() -> None:
    assert {p.name for p in DEFECTS.iterdir() if p.is_dir()} == set(DEFECT_CASES)


@pytest.mark.parametrize("defect", sorted(DEFECT_CASES))
def test_defect_is_reported_where_it_is(tmp_path: Path, defect: str) -> None:
    result = validate(make_defect(tmp_path, defect))
    assert lines(result) == [DEFECT_CASES[defect]]
    assert result.exit_code == 1
    assert_no_traceback(result)


# --- a trailing newline: whole values, never "matches up to the end of a line" --------


def test_file_named_with_a_trailing_newline_and_matching_id_is_refused(tmp_path: Path) -> None:
    """`evil\\n.yaml` holding `id: "evil\\n"`: the id equals the file name, but
    it is not an id (built here: a newline in a checked-in file name is a trap)."""
    root = make_group(tmp_path)
    overwrite(root, "data/members/evil\n.yaml",
              'id: "evil\\n"\nname: Evil Co\ntype: other\nrole: member\n')  # fmt: skip
    result = validate(root)
    assert result.exit_code == 1
    assert (
        ":1:5: error: id: 'evil\\n' is not a valid id: use lowercase letters, digits and "
        "single hyphens [schema-value]" in result.stdout
    )


def _before(root: Path) -> dict[str, bytes]:
    """Every YAML file and its bytes (not the writer's lock file)."""
    return {p.as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml")) if p.is_file()}


@pytest.mark.parametrize("args", [
    ("add", "--title", "Guide", "--text", "A guide.", "--meeting", "2024-03-05-kickoff",
     "--owner", "north-tenants", "--tag", "overdose\n"),
    ("update", "repair-survey", "--add-tag", "overdose\n"),
])  # fmt: skip
def test_writing_a_tag_with_a_trailing_newline_is_refused(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    root = make_group(tmp_path)
    before = _before(root)
    result = run_cli("--root", str(root), *args)
    assert result.exit_code == 1
    assert "tags[0]: 'overdose\\n' is not a valid id" in result.stderr
    assert "nothing was written" in result.stderr
    assert _before(root) == before


def test_add_with_an_id_ending_in_a_newline_is_refused(tmp_path: Path) -> None:
    root = make_group(tmp_path)
    before = _before(root)
    result = run_cli("--root", str(root), "add", "--title", "Guide", "--text", "A guide.",
                     "--meeting", "2024-03-05-kickoff", "--owner", "north-tenants",
                     "--id", "guide\n")  # fmt: skip
    assert result.exit_code == 2
    assert "error: --id 'guide\\n' is not a valid id" in result.stderr
    assert _before(root) == before


# --- merge-conflict markers -----------------------------------------------------------


@pytest.mark.parametrize("style", ["merge", "diff3"])
def test_conflict_markers_in_tracker_yaml_are_a_merge_conflict(tmp_path: Path, style: str) -> None:
    """Not "expected 'key: value' on this line": the file is a merge left half-done."""
    root = make_group(tmp_path)
    base = "||||||| parent of 3f9a2c1\ndue_soon_days: 21\n" if style == "diff3" else ""
    overwrite(root, "tracker.yaml", "group: Lakeside\n<<<<<<< HEAD\ndue_soon_days: 14\n"
              f"{base}=======\ndue_soon_days: 30\n>>>>>>> longer-horizon\n")  # fmt: skip
    lines_of_markers = "2, 4, 6, 8" if style == "diff3" else "2, 4, 6"
    result = validate(root)
    assert lines(result) == [
        f"tracker.yaml:2:1: error: unresolved merge conflict (git's markers <<<<<<<, =======, "
        f">>>>>>> on lines {lines_of_markers}): keep the side you want, delete the marker lines, "
        "or take one side whole with `git checkout --ours tracker.yaml` or `git checkout "
        "--theirs tracker.yaml`; then `git add tracker.yaml` [merge-conflict]"
    ]
    assert result.exit_code == 1


def test_text_that_only_looks_like_a_marker_is_not_one(tmp_path: Path) -> None:
    """Seven '=' inside a value, or indented, is text: the file validates."""
    root = make_group(tmp_path)
    overwrite(root, "data/commitments/repair-survey.yaml",
              (tmp_path / "group/data/commitments/repair-survey.yaml").read_text()
              + "links:\n  - title: \"======= results\"\n    url: https://example.org/r\n")  # fmt: skip
    result = validate(root)
    assert (result.exit_code, result.stdout) == (0, "")
