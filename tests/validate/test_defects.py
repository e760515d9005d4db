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


# --- ids are unique across kinds: the write guard refuses a shared one ----------------


@pytest.mark.parametrize(("args", "new_file"), [
    (("add", "--title", "Guide", "--text", "A guide.", "--meeting", "2024-03-05-kickoff",
      "--owner", "north-tenants", "--id", "north-tenants"), "data/commitments/north-tenants.yaml"),
    (("member", "add", "--name", "Repair Survey Collective", "--type", "other",
      "--id", "repair-survey"), "data/members/repair-survey.yaml"),
])  # fmt: skip
def test_a_new_record_with_another_kind_s_id_is_refused(
    tmp_path: Path, args: tuple[str, ...], new_file: str
) -> None:
    """`show` could never tell the two apart: the guard runs validation and
    refuses, exit 1, nothing written."""
    root = make_group(tmp_path)
    before = _before(root)
    result = run_cli("--root", str(root), *args)
    assert result.exit_code == 1
    record_id = new_file.rsplit("/", 1)[1].removesuffix(".yaml")
    assert f"{new_file}:1:5: error: id '{record_id}' is also the id of the " in result.stderr
    assert "[id-shared]" in result.stderr
    assert "refused: the change would make the records invalid; nothing was written" in (
        result.stderr
    )
    assert _before(root) == before


# --- names compare in NFC -------------------------------------------------------------

COMPOSED = "\u00c5sa Lindqvist"
DECOMPOSED = "A\u030asa Lindqvist"


def _with_asa(tmp_path: Path) -> Path:
    root = make_group(tmp_path)
    overwrite(root, "data/members/fjord-tenants.yaml",
              "id: fjord-tenants\nname: Fjord Tenants\ntype: civil-society\nrole: member\n"
              f"people:\n  - name: {COMPOSED}\n    focal_point: true\n")  # fmt: skip
    return root


def test_a_decomposed_author_is_the_composed_person_and_written_as_the_member_spells_it(
    tmp_path: Path,
) -> None:
    """Once: "'Åsa Lindqvist' is not one of the people; did you mean 'Åsa Lindqvist'?"."""
    root = _with_asa(tmp_path)
    result = run_cli("--root", str(root), "update", "repair-survey", "--note", "Phoned.",
                     "--by", "fjord-tenants", "--author", DECOMPOSED)  # fmt: skip
    assert result.exit_code == 0, result.output
    (written,) = (root / "data/updates/repair-survey").glob("*-fjord-tenants-*.yaml")
    assert f"author: {COMPOSED}\n" in written.read_text(encoding="utf-8")


def test_a_decomposed_name_in_a_file_matches_the_composed_person(tmp_path: Path) -> None:
    root = _with_asa(tmp_path)
    overwrite(root, "data/updates/repair-survey/2024-05-01-fjord-tenants.yaml",
              f"date: 2024-05-01\nby: fjord-tenants\nauthor: {DECOMPOSED}\nnote: Phoned.\n")  # fmt: skip
    result = validate(root)
    assert lines(result) == [
        "data/updates/repair-survey/2024-05-01-fjord-tenants.yaml:2:5: warning: "
        "'fjord-tenants' does not own repair-survey (owners: north-tenants) [update-not-owner]"
    ]
    assert result.exit_code == 0


def test_attending_again_in_another_unicode_form_is_nothing_to_change(tmp_path: Path) -> None:
    root = _with_asa(tmp_path)
    meeting = "data/meetings/2024-03-05-kickoff.yaml"
    overwrite(root, meeting, (root / meeting).read_text(encoding="utf-8")
              + f"  - member: fjord-tenants\n    people:\n      - {COMPOSED}\n")  # fmt: skip
    before = _before(root)
    result = run_cli("--root", str(root), "meeting", "attend", "2024-03-05-kickoff",
                     "--member", "fjord-tenants", "--person", DECOMPOSED)  # fmt: skip
    assert result.exit_code == 2
    assert "'fjord-tenants' is already listed under attendees of 2024-03-05-kickoff" in (
        result.stderr
    )
    assert _before(root) == before


def test_did_you_mean_says_when_the_only_difference_is_the_unicode_form() -> None:
    from cso_tracker.errors import did_you_mean

    assert did_you_mean(DECOMPOSED, [COMPOSED, "Ana Ferreira"]) == (
        f"; it looks like '{COMPOSED}' but is written in another Unicode form (a letter and a "
        "combining accent, not one letter): retype it"
    )
    assert did_you_mean("Asa Lindqvist", [DECOMPOSED]) == f"; did you mean '{DECOMPOSED}'?"
