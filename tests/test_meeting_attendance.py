"""`tracker meeting attendance`: the whole attendance and apologies of a
meeting in one command, members and people checked against the records."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from conftest import Result, run_cli, write_records

TODAY = dt.date(2024, 5, 1)
pytestmark = pytest.mark.today(TODAY)

VISIT = "data/meetings/2024-04-20-site-visit.yaml"
VISIT_TEXT = """\
id: 2024-04-20-site-visit
title: Site visit
date: 2024-04-20
kind: in-person
status: planned
attendees:
  - member: north-tenants
    people:
      - Tomasz Nowak
# Apologies as sent by email.
apologies:
  - member: city-office
# Visit the east block first.
decisions:
  - East block first
"""
CALL = "data/meetings/2024-06-04-call.yaml"


@pytest.fixture
def group(minimal_group: Path) -> Path:
    return write_records(
        minimal_group,
        {
            VISIT: VISIT_TEXT,
            CALL: """
                id: 2024-06-04-call
                title: June call
                date: 2024-06-04
                kind: teleconference
                status: planned
            """,
        },
    )


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def attendance(root: Path, meeting: str, *args: str) -> Result:
    return run_cli("--root", str(root), "meeting", "attendance", meeting, *args)


def refused(root: Path, *args: str, code: int, meeting: str = "2024-04-20-site-visit") -> str:
    before = tree(root)
    result = attendance(root, meeting, *args)
    assert result.exit_code == code, result.output
    assert tree(root) == before
    return result.stderr


def test_both_lists_are_replaced_and_the_comments_stay(group: Path) -> None:
    result = attendance(
        group, "2024-04-20-site-visit",
        "--present", "north-tenants:Ana Ferreira, Tomasz Nowak",
        "--present", "city-office:Priya Raman",
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, f"updated {VISIT}\n")
    assert (group / VISIT).read_text() == textwrap.dedent("""\
        id: 2024-04-20-site-visit
        title: Site visit
        date: 2024-04-20
        kind: in-person
        status: planned
        attendees:
          - member: north-tenants
            people:
              - Ana Ferreira
              - Tomasz Nowak
          - member: city-office
            people:
              - Priya Raman
        # Apologies as sent by email.
        # Visit the east block first.
        decisions:
          - East block first
    """)


def test_a_member_given_twice_is_one_entry(group: Path) -> None:
    result = attendance(group, "2024-04-20-site-visit",
                        "--present", "north-tenants:Ana Ferreira",
                        "--present", "north-tenants:Tomasz Nowak",
                        "--apologies", "city-office")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (group / VISIT).read_text().replace(VISIT_TEXT.split("attendees:")[0], "") == (
        "attendees:\n"
        "  - member: north-tenants\n"
        "    people:\n"
        "      - Ana Ferreira\n"
        "      - Tomasz Nowak\n"
        "# Apologies as sent by email.\n"
        "apologies:\n"
        "  - member: city-office\n"
        "# Visit the east block first.\n"
        "decisions:\n"
        "  - East block first\n"
    )


def test_a_member_may_be_present_and_send_apologies_for_different_people(group: Path) -> None:
    result = attendance(group, "2024-04-20-site-visit",
                        "--present", "north-tenants:Ana Ferreira",
                        "--apologies", "north-tenants:Tomasz Nowak")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert run_cli("--root", str(group), "validate").exit_code == 0


def test_the_commit_message_names_both_lists(group: Path) -> None:
    from cso_tracker.write.attendance import Presence, set_attendance
    from cso_tracker.write.transaction import WriteOptions

    edit = set_attendance(
        group, "2024-04-20-site-visit",
        present=[Presence("north-tenants", ("Ana Ferreira",))], apologies=[],
        options=WriteOptions(today=TODAY, dry_run=True),
    )  # fmt: skip
    assert edit.message == (
        "2024-04-20-site-visit: attendance: present north-tenants; apologies none\n"
    )


def test_the_same_person_cannot_be_in_both_lists(group: Path) -> None:
    stderr = refused(group, "--present", "north-tenants:Ana Ferreira",
                     "--apologies", "north-tenants:Ana Ferreira", code=2)  # fmt: skip
    assert stderr == (
        "error: 'Ana Ferreira' of north-tenants is both present and sending apologies\n"
        "hint: name the people who came and those who sent apologies\n"
    )


def test_a_member_without_people_cannot_be_in_both_lists(group: Path) -> None:
    stderr = refused(group, "--present", "city-office", "--apologies", "city-office", code=2)
    assert stderr.startswith("error: 'city-office' is both present and sending apologies\n")


def test_an_unknown_member_suggests_the_close_one(group: Path) -> None:
    stderr = refused(group, "--present", "north-tenant", code=2)
    assert stderr == (
        "error: attendee 'north-tenant' is not a member; did you mean 'north-tenants'?\n"
        "hint: known members: city-office, north-tenants\n"
    )
    away = refused(group, "--present", "city-office", "--apologies", "cty-office", code=2)
    assert away.startswith(
        "error: apology from 'cty-office' is not a member; did you mean 'city-office'?\n"
    )


def test_an_unknown_person_suggests_the_close_one(group: Path) -> None:
    stderr = refused(group, "--present", "north-tenants:Tomasz Nowack", code=2)
    assert stderr == (
        "error: attendee 'Tomasz Nowack' is not one of the people of north-tenants; "
        "did you mean 'Tomasz Nowak'?\n"
        "hint: add them first: tracker member person north-tenants --name NAME\n"
    )
    first_name = refused(group, "--present", "north-tenants:Ana", code=2)
    assert "did you mean 'Ana Ferreira'?" in first_name


def test_an_empty_name_names_the_option(group: Path) -> None:
    stderr = refused(group, "--apologies", "north-tenants:Ana Ferreira,", code=2)
    assert stderr == (
        "error: --apologies: 'north-tenants:Ana Ferreira,' is not MEMBER or "
        "MEMBER:PERSON,PERSON (an empty name)\n"
    )


def test_nothing_given_is_a_usage_error(group: Path) -> None:
    assert refused(group, code=2) == "error: give at least one --present or --apologies\n"


def test_the_same_attendance_again_changes_nothing(group: Path) -> None:
    stderr = refused(group, "--present", "north-tenants:Tomasz Nowak", "--apologies", "city-office",
                     code=2)  # fmt: skip
    assert stderr == (
        "error: 2024-04-20-site-visit already records this attendance; nothing to change\n"
    )


def test_a_meeting_still_to_come_has_no_attendance(group: Path) -> None:
    stderr = refused(group, "--present", "city-office", code=1, meeting="2024-06-04-call")
    assert stderr == (
        "error: 2024-06-04-call is on 2024-06-04, after today (2024-05-01): attendance is "
        "taken on the day of the meeting or after\n"
        "hint: if it took place earlier, `tracker meeting move` it to that day first\n"
    )


def test_on_the_day_of_the_meeting_attendance_is_taken(
    group: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import set_today

    set_today(monkeypatch, dt.date(2024, 6, 4))
    result = attendance(group, "2024-06-04-call", "--present", "city-office:Priya Raman")
    assert result.exit_code == 0, result.output
    assert (
        (group / CALL)
        .read_text()
        .endswith("attendees:\n  - member: city-office\n    people:\n      - Priya Raman\n")
    )


def test_a_cancelled_meeting_has_no_attendance(group: Path) -> None:
    cancel = run_cli(
        "--root", str(group), "meeting", "cancel", "2024-04-20-site-visit", "--note", "Rain."
    )
    assert cancel.exit_code == 0
    stderr = refused(group, "--present", "city-office", code=1)
    assert stderr == "error: 2024-04-20-site-visit was cancelled, so no one attended it\n"


def test_a_name_typed_in_another_unicode_form_is_written_as_the_record_spells_it(
    group: Path,
) -> None:
    import unicodedata

    member = group / "data/members/city-office.yaml"
    member.write_text(member.read_text() + "  - name: Zo\u00eb Brandt\n")
    typed = unicodedata.normalize("NFD", "city-office:Zo\u00eb Brandt")
    assert typed != "city-office:Zo\u00eb Brandt"
    result = attendance(group, "2024-04-20-site-visit", "--present", typed)
    assert result.exit_code == 0, result.output
    assert "      - Zo\u00eb Brandt\n" in (group / VISIT).read_text()
