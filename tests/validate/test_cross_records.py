"""`tracker validate` on rules between records: references to a broken or
missing member, a commitment number or id used twice, and how files named on
the command line still see every record."""

from __future__ import annotations

from pathlib import Path

import pytest
from validate_helpers import (
    ERROR_CASES,
    MEETING,
    MEMBER,
    REPAIR_SURVEY,
    TODAY,
    C,
    lines,
    make_group,
    minimal,
    overwrite,
    validate,
)

# Date rules compare with a fixed day, so messages never change.
pytestmark = pytest.mark.today(TODAY)


# --- references to a broken or missing record -----------------------------------------


def test_broken_member_is_not_reported_again_where_it_is_named(tmp_path: Path) -> None:
    """The member's own error is enough; the commitment and meeting naming it pass."""
    root = make_group(tmp_path)
    overwrite(root, MEMBER, minimal(MEMBER).replace("type: civil-society", "type: ngo"))
    assert [line.split(": error: ")[0] for line in lines(validate(root))] == [MEMBER + ":4:7"]
    result = validate(root, REPAIR_SURVEY, MEETING, cwd=root)
    assert (result.exit_code, result.stdout) == (0, "")


def test_a_missing_member_is_still_reported(tmp_path: Path) -> None:
    """Only a broken file silences references; a deleted one does not."""
    root = make_group(tmp_path)
    (root / MEMBER).unlink()
    assert lines(validate(root)) == [
        REPAIR_SURVEY + ":7:5: error: owner 'north-tenants' is not a member [ref-member]",
        MEETING + ":8:13: error: attendee 'north-tenants' is not a member [ref-member]",
        "data/updates/repair-survey/2024-04-02-north-tenants.yaml:2:5: error: update by "
        "'north-tenants' is not a member [ref-member]",
    ]


# --- a number or id used twice --------------------------------------------------------


def test_duplicate_id_blames_the_copy_whatever_its_name_sorts_like(tmp_path: Path) -> None:
    """repair-survey-copy.yaml sorts before repair-survey.yaml; the original keeps its id."""
    root = make_group(tmp_path)
    copy = minimal(REPAIR_SURVEY).replace("  - north-tenants", "  - nobody")
    overwrite(root, C + "repair-survey-copy.yaml", copy)
    assert lines(validate(root)) == [
        C + "repair-survey-copy.yaml:1:1: error: id 'repair-survey' is already used by "
        "data/commitments/repair-survey.yaml [id-duplicate]",
        C + "repair-survey-copy.yaml:1:5: error: id 'repair-survey' does not match the file "
        "name; rename the file to repair-survey.yaml or set id: repair-survey-copy [id-mismatch]",
    ]


def test_named_files_still_see_every_record(tmp_path: Path) -> None:
    """Cross-record rules read the whole repository: the number already used by
    an unnamed file is found, and owners defined in unnamed files resolve."""
    root = make_group(tmp_path, "number-duplicate")
    result = validate(root, C + "survey-number-taken.yaml", cwd=root)
    assert lines(result) == [ERROR_CASES["number-duplicate"]]


def test_shared_number_stops_a_hook_naming_either_file(tmp_path: Path) -> None:
    """A new commitment whose id sorts first, taking an existing number, is not
    let through by a pre-commit hook that names only the new file."""
    root = make_group(tmp_path, "number-duplicate")
    (root / C / "survey-number-taken.yaml").rename(root / C / "a-newsletter.yaml")
    path = root / C / "a-newsletter.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "id: survey-number-taken", "id: a-newsletter"), encoding="utf-8")  # fmt: skip
    result = validate(root, C + "a-newsletter.yaml", cwd=root)
    assert lines(result) == [
        C + "a-newsletter.yaml:8:9: error: number 1 of meeting '2024-03-05-kickoff' is also "
        "used by 'repair-survey' [number-duplicate]"
    ]
    assert result.exit_code == 1
    result = validate(root, REPAIR_SURVEY, cwd=root)
    assert lines(result) == [
        REPAIR_SURVEY + ":2:9: error: number 1 of meeting '2024-03-05-kickoff' is also used "
        "by 'a-newsletter' [number-duplicate]"
    ]
    assert result.exit_code == 1
