"""`tracker validate` on values a record's schema refuses, down to the key,
value or list item inside nested records (updates, people, attendees, agenda)."""

from __future__ import annotations

from pathlib import Path

import pytest
from validate_helpers import (
    MEETING,
    MEMBER,
    REPAIR_SURVEY,
    TODAY,
    lines,
    make_group,
    minimal,
    overwrite,
    validate,
)

# Date rules compare with a fixed day, so messages never change.
pytestmark = pytest.mark.today(TODAY)

UPDATE = "data/updates/repair-survey/2024-04-02-north-tenants.yaml"


# --- schema problems inside nested records --------------------------------------------


@pytest.mark.parametrize(
    ("relative", "old", "new", "expected"),
    [
        (UPDATE, "by: north-tenants\n", "",
         "1:1: error: missing required field 'by' [schema-missing]"),
        (UPDATE, "by: north-tenants\n", "by: north-tenants\nbye: x\n",
         "3:1: error: unknown field 'bye'; did you mean 'by'? [schema-unknown-field]"),
        (UPDATE, "status: in-progress", "status: finished",
         "4:9: error: status: 'finished' is not one of agreed, in-progress, "
         "stalled, done, partial, dropped [schema-enum]"),
        (UPDATE, "date: 2024-04-02", "date: 2024-4-2",
         "1:7: error: date: expected a date as YYYY-MM-DD, got '2024-4-2' [schema-value]"),
        (UPDATE, "status: in-progress", "status: [done]",
         "4:9: error: status: expected one of agreed, in-progress, stalled, done, partial, "
         "dropped, got a list [schema-enum]"),
        (REPAIR_SURVEY, "title: Repair survey", "title: ''",
         "3:8: error: title: must not be empty [schema-type]"),
        (REPAIR_SURVEY, "id: repair-survey", "id: Repair-Survey",
         "1:5: error: id: 'Repair-Survey' is not a valid id: use lowercase letters, digits and "
         "single hyphens [schema-value]"),
        (MEMBER, "focal_point: true", "focal_point: yes",
         "8:18: error: people[0].focal_point: expected true or false, got 'yes' (text) "
         "[schema-type]"),
        (MEETING, "    people:\n      - Ana Ferreira", "    people: Ana Ferreira",
         "9:13: error: attendees[0].people: expected a list, got 'Ana Ferreira' (text) "
         "[schema-type]"),
        (MEETING, "status: held", "status: held\nagenda:\n  - start: 9:00\n    title: Welcome",
         "7:12: error: agenda[0].start: expected a time as HH:MM (24-hour), got '9:00' "
         "[schema-value]"),
    ],
)  # fmt: skip
def test_schema_problems_point_into_nested_records(
    tmp_path: Path, relative: str, old: str, new: str, expected: str
) -> None:
    """The exact key, value or list item, in words a member knows; and a broken
    record does not drag a cascade of "is not a member" errors behind it."""
    root = make_group(tmp_path)
    original = minimal(relative)
    assert old in original
    overwrite(root, relative, original.replace(old, new, 1))
    result = validate(root)
    assert lines(result) == [f"{relative}:{expected}"]
    assert result.exit_code == 1


# --- values the schema refuses --------------------------------------------------------


def test_a_title_of_only_spaces_is_refused(tmp_path: Path) -> None:
    """`title: '   '` passed (only the empty text was refused)."""
    root = make_group(tmp_path)
    overwrite(root, REPAIR_SURVEY, minimal(REPAIR_SURVEY).replace(
        "title: Repair survey", "title: '   '"))  # fmt: skip
    result = validate(root)
    assert lines(result) == [
        REPAIR_SURVEY + ":3:8: error: title: must not be blank (it holds only spaces) "
        "[schema-value]"
    ]
    assert result.exit_code == 1


def test_an_email_that_is_not_one_is_refused(tmp_path: Path) -> None:
    """`email: not an email` passed: any text was taken."""
    root = make_group(tmp_path)
    member = "data/members/north-tenants.yaml"
    text = minimal(member).replace(
        "    focal_point: true\n", "    focal_point: true\n    email: Ana Ferreira\n", 1
    )
    assert "email: Ana Ferreira" in text
    overwrite(root, member, text)
    line = text.splitlines().index("    email: Ana Ferreira") + 1
    result = validate(root)
    assert lines(result) == [
        f"{member}:{line}:12: error: people[0].email: expected an email address such as "
        "name@example.org, got 'Ana Ferreira' [schema-value]"
    ]
    assert result.exit_code == 1


def test_agenda_item_ending_before_it_starts(tmp_path: Path) -> None:
    """09:45 to 09:15 was accepted; a slip of the keyboard in a timed programme."""
    root = make_group(tmp_path)
    kickoff = "data/meetings/2024-03-05-kickoff.yaml"
    text = minimal(kickoff) + (
        'agenda:\n  - start: "09:00"\n    end: "09:45"\n    title: Welcome\n'
        '  - start: "09:45"\n    end: "09:15"\n    title: Repairs\n'
    )
    overwrite(root, kickoff, text)
    line = text.splitlines().index('    end: "09:15"') + 1
    result = validate(root)
    assert lines(result) == [
        f"{kickoff}:{line}:10: error: agenda item ends at 09:15, before it starts at 09:45 "
        "[date-order]"
    ]
    assert result.exit_code == 1


def test_number_too_long_for_python_is_refused(tmp_path: Path) -> None:
    """int() refuses over 4,300 digits; that must be a located problem, not a crash."""
    root = make_group(tmp_path)
    overwrite(
        root, REPAIR_SURVEY, minimal(REPAIR_SURVEY).replace("number: 1", "number: " + "9" * 5000)
    )
    result = validate(root)
    assert lines(result) == [
        REPAIR_SURVEY + ":2:9: error: a number of 5,000 digits is too long; quote it if it is "
        "text [schema-value]"
    ]
    assert result.exit_code == 1
