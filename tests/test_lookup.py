"""The one resolver of a member the user names (query/lookup.py), and the
reference rule's words for a record that names a member by its acronym."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import MINIMAL_GROUP, REPO_ROOT, run_cli, write_records
from cso_tracker.errors import InputError, UnknownReferenceError
from cso_tracker.models import Member
from cso_tracker.query.lookup import member_id, require_member

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "words" / "acronym-references"


def _member(member_id: str, acronym: str | None = None) -> Member:
    return Member(id=member_id, name=member_id.title(), acronym=acronym,
                  type="civil-society", role="member")  # fmt: skip


MEMBERS = {
    m.id: m
    for m in (
        _member("river-council", "RC"),
        _member("basin-agency", "BASIN"),
        _member("hill-farmers"),
    )
}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("river-council", "river-council"),
        ("RC", "river-council"),
        ("rc", "river-council"),
        ("River-Council", "river-council"),
        ("basin", "basin-agency"),
        ("HILL-FARMERS", "hill-farmers"),
    ],
)
def test_an_id_or_acronym_in_any_case_names_the_member(given: str, expected: str) -> None:
    assert member_id(MEMBERS, given) == expected
    assert require_member(MEMBERS, given).id == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "river-council-intl",
            "'river-council-intl' is not a member; did you mean 'river-council'?",
        ),
        ("BASN", "'BASN' is not a member; did you mean 'basin-agency'?"),
        ("hill-farmer", "'hill-farmer' is not a member; did you mean 'hill-farmers'?"),
        ("lake-trust", "'lake-trust' is not a member"),
    ],
)
def test_a_word_that_names_no_member_suggests_close_ones(given: str, message: str) -> None:
    with pytest.raises(UnknownReferenceError) as caught:
        member_id(MEMBERS, given)
    assert caught.value.message == message
    assert caught.value.hint == "known members: basin-agency, hill-farmers, river-council"


def test_a_shared_acronym_is_ambiguous() -> None:
    members = {**MEMBERS, "rc": _member("rc", "RIVER")}
    assert member_id(members, "rc") == "rc"  # an id, exactly as written, is never ambiguous
    with pytest.raises(InputError) as caught:
        member_id(members, "RC")
    assert caught.value.message == "'RC' is ambiguous: it names the members rc, river-council"


def test_no_members_yet() -> None:
    with pytest.raises(UnknownReferenceError) as caught:
        member_id({}, "RC")
    assert caught.value.hint == "this tracker has no members yet"


@pytest.mark.today(dt.date(2025, 1, 15))
def test_records_naming_a_member_by_acronym_say_which_id_to_write(tmp_path: Path) -> None:
    """owners, by, convened_by and attendees written as an acronym (or an id
    in capitals) load, and the reference rule names the id to write; the
    update's file name is checked once `by` holds the id."""
    root = write_records(tmp_path / "group", MINIMAL_GROUP)
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    result = run_cli("--root", str(root), "validate")
    assert result.exit_code == 1
    meeting = "data/meetings/2024-04-10-attendee-written-as-acronym.yaml"
    assert result.stdout.splitlines() == [
        "data/commitments/owner-written-as-acronym.yaml:6:5: error: owner 'NSTU' is the "
        "acronym of a member, not its id; write the id 'north-tenants' [ref-member]",
        f"{meeting}:6:14: error: convened_by 'City-Office' is not a member id (ids are "
        "lowercase); write the id 'city-office' [ref-member]",
        f"{meeting}:8:13: error: attendee 'nstu' is the acronym of a member, not its id; "
        "write the id 'north-tenants' [ref-member]",
        "data/updates/repair-survey/2024-05-01-north-tenants.yaml:2:5: error: update by "
        "'NSTU' is the acronym of a member, not its id; write the id 'north-tenants' "
        "[ref-member]",
    ]
