"""Input in the user's own words, through the real CLI: a member by its
acronym or in any case wherever a member id goes, a commitment by a unique
beginning of its id wherever one is changed, and the same date words for
every date option. Every failure asserts its message and its exit code."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import typer

from conftest import Result, run_cli
from cso_tracker.cli import app

TODAY = dt.date(2024, 5, 1)
pytestmark = pytest.mark.today(TODAY)

RECORD = "data/commitments/repair-survey.yaml"
MEMBER = "data/members/north-tenants.yaml"
MEETING = "data/meetings/2024-03-05-kickoff.yaml"
UPDATES = "data/updates/repair-survey"


def tracker(root: Path, *args: str) -> Result:
    return run_cli("--root", str(root), *args)


def new_updates(root: Path, before: set[Path]) -> list[str]:
    return sorted(p.read_text() for p in (root / UPDATES).glob("*.yaml") if p not in before)


def add_member(root: Path, member_id: str, acronym: str) -> None:
    (root / f"data/members/{member_id}.yaml").write_text(
        f"id: {member_id}\nname: {member_id.title()}\nacronym: {acronym}\n"
        "type: civil-society\nrole: member\n"
    )


# --- a member by acronym or in any case -------------------------------------------------


@pytest.mark.parametrize("given", ["NSTU", "nstu", "North-Tenants", "north-tenants"])
def test_update_by_takes_the_acronym_or_the_id_in_any_case(minimal_group: Path, given: str) -> None:
    before = set((minimal_group / UPDATES).glob("*.yaml"))
    result = tracker(minimal_group, "update", "repair-survey", "--note", "Sent.", "--by", given)
    assert result.exit_code == 0, result.output
    assert new_updates(minimal_group, before) == [
        "date: 2024-05-01\nby: north-tenants\nnote: Sent.\n"
    ]
    assert re.search(r"created data/updates/repair-survey/2024-05-01-north-tenants-", result.stderr)


def test_owners_are_added_and_removed_by_acronym(minimal_group: Path) -> None:
    add_member(minimal_group, "harbour-residents", "HRA")
    added = tracker(minimal_group, "update", "repair-survey", "--add-owner", "hra")
    assert added.exit_code == 0, added.output
    assert "  - north-tenants\n  - harbour-residents\n" in (minimal_group / RECORD).read_text()
    removed = tracker(minimal_group, "update", "repair-survey", "--remove-owner", "HRA")
    assert removed.exit_code == 0, removed.output
    assert "harbour-residents" not in (minimal_group / RECORD).read_text()


def test_add_owner_by_acronym_writes_the_id(minimal_group: Path) -> None:
    result = tracker(
        minimal_group, "add", "--title", "Tenant newsletter", "--text", "x",
        "--owner", "NSTU", "--meeting", "2024-03-05-kickoff", "--due", "2024-09-30",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (minimal_group / "data/commitments/tenant-newsletter.yaml").read_text()
    assert "owners:\n  - north-tenants\n" in text


def test_member_commands_take_the_acronym(minimal_group: Path) -> None:
    person = tracker(minimal_group, "member", "person", "NSTU", "--name", "Mei Chen")
    assert person.exit_code == 0, person.output
    assert "  - name: Mei Chen\n" in (minimal_group / MEMBER).read_text()
    left = tracker(minimal_group, "member", "leave", "nstu", "--left", "2024-04-30")
    assert left.exit_code == 0, left.output
    assert "left: 2024-04-30\n" in (minimal_group / MEMBER).read_text()


def test_meeting_commands_take_the_acronym(minimal_group: Path) -> None:
    added = tracker(
        minimal_group, "meeting", "add", "--title", "Follow-up", "--date", "2024-04-10",
        "--convened-by", "City-Office", "--chair-member", "NSTU", "--chair-person", "Ana Ferreira",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    text = (minimal_group / "data/meetings/2024-04-10-follow-up.yaml").read_text()
    assert "convened_by: city-office\n" in text
    assert "chair:\n  member: north-tenants\n  person: Ana Ferreira\n" in text
    attended = tracker(
        minimal_group, "meeting", "attend", "2024-04-10-follow-up", "--member", "nstu"
    )
    assert attended.exit_code == 0, attended.output
    assert (
        "- member: north-tenants\n"
        in (minimal_group / "data/meetings/2024-04-10-follow-up.yaml").read_text()
    )


def test_list_and_status_owner_take_the_acronym(minimal_group: Path) -> None:
    by_id = tracker(minimal_group, "list", "--owner", "north-tenants", "--format", "json")
    by_acronym = tracker(minimal_group, "list", "--owner", "nstu", "--format", "json")
    assert by_acronym.exit_code == 0, by_acronym.output
    assert by_acronym.stdout == by_id.stdout
    assert [c["id"] for c in json.loads(by_acronym.stdout)["commitments"]] == ["repair-survey"]
    status = tracker(minimal_group, "status", "--owner", "NSTU", "--format", "json")
    assert status.exit_code == 0, status.output
    assert (
        status.stdout
        == tracker(minimal_group, "status", "--owner", "north-tenants", "--format", "json").stdout
    )


def test_show_takes_a_member_by_acronym(minimal_group: Path) -> None:
    """Before a beginning of an id: `show nstu` is the member, not a prefix."""
    result = tracker(minimal_group, "show", "NSTU", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["member"]["id"] == "north-tenants"
    assert tracker(minimal_group, "show", "nstu").stdout.startswith("north-tenants: ")


def test_a_near_miss_suggests_the_member(minimal_group: Path) -> None:
    """An id with more after a hyphen, or a misspelt acronym, is not taken
    for the member: it is refused with a suggestion."""
    result = tracker(minimal_group, "list", "--owner", "north-tenants-union")
    assert result.exit_code == 2
    assert (
        "error: --owner: 'north-tenants-union' is not a member; did you mean 'north-tenants'?"
        in result.stderr
    )
    result = tracker(minimal_group, "status", "--owner", "NSTO")
    assert result.exit_code == 2
    assert "error: --owner: 'NSTO' is not a member; did you mean 'north-tenants'?" in result.stderr


def test_an_unknown_by_is_refused_by_the_reference_rule(minimal_group: Path) -> None:
    """A write names what it cannot resolve as a hand edit would be named:
    refused, with the rule's suggestion, nothing written (exit 1)."""
    before = set((minimal_group / UPDATES).glob("*.yaml"))
    result = tracker(minimal_group, "update", "repair-survey", "--note", "x", "--by", "nstu-x")
    assert result.exit_code == 1
    assert "update by 'nstu-x' is not a member; did you mean 'north-tenants'? [ref-member]" in (
        result.stderr
    )
    assert new_updates(minimal_group, before) == []


def test_a_shared_acronym_is_ambiguous_on_the_command_line(minimal_group: Path) -> None:
    """Two members sharing an acronym: `validate` reports it (acronym-duplicate)
    and a command given the acronym refuses to guess (exit 2), naming the option."""
    add_member(minimal_group, "north-shore-trust", "nstu")
    listed = tracker(minimal_group, "list", "--owner", "NSTU")
    assert listed.exit_code == 2
    assert (
        "error: --owner: 'NSTU' is ambiguous: it names the members north-shore-trust, "
        "north-tenants" in listed.stderr
    )
    before = set((minimal_group / UPDATES).glob("*.yaml"))
    updated = tracker(minimal_group, "update", "repair-survey", "--note", "x", "--by", "NSTU")
    assert updated.exit_code == 2
    assert "error: --by: 'NSTU' is ambiguous" in updated.stderr
    assert new_updates(minimal_group, before) == []
    added = tracker(
        minimal_group, "add", "--title", "Newsletter", "--text", "x", "--owner", "NSTU",
        "--meeting", "2024-03-05-kickoff",
    )  # fmt: skip
    assert added.exit_code == 2
    assert "error: --owner: 'NSTU' is ambiguous" in added.stderr
    assert tracker(minimal_group, "list", "--owner", "north-tenants").exit_code == 0


def test_an_acronym_equal_to_another_members_id_is_ambiguous(minimal_group: Path) -> None:
    add_member(minimal_group, "city", "CITY-OFFICE")
    result = tracker(minimal_group, "member", "person", "City-Office", "--name", "X")
    assert result.exit_code == 2
    assert "error: 'City-Office' is ambiguous: it names the members city, city-office" in (
        result.stderr
    )
    exact = tracker(minimal_group, "member", "person", "city-office", "--name", "Jo Park")
    assert exact.exit_code == 0, exact.output
    validated = tracker(minimal_group, "validate")
    assert validated.exit_code == 1
    assert (
        "data/members/city.yaml:3:10: error: acronym 'CITY-OFFICE' also names 'city-office', "
        "so `--owner CITY-OFFICE` could mean either; give one of them another acronym "
        "[acronym-duplicate]" in validated.stdout
    )


# --- a commitment by a unique beginning of its id ---------------------------------------


def test_update_takes_a_unique_prefix_as_show_does(minimal_group: Path) -> None:
    before = set((minimal_group / UPDATES).glob("*.yaml"))
    result = tracker(minimal_group, "update", "repair", "--note", "Sent.", "--by", "NSTU")
    assert result.exit_code == 0, result.output
    assert len(new_updates(minimal_group, before)) == 1
    tagged = tracker(minimal_group, "update", "rep", "--add-tag", "survey")
    assert tagged.exit_code == 0, tagged.output
    assert "tags:\n  - survey\n" in (minimal_group / RECORD).read_text()


def test_an_ambiguous_prefix_lists_the_candidates_and_exits_1(minimal_group: Path) -> None:
    """As `show` does: exit 1, every commitment it could be, nothing written."""
    tracker(
        minimal_group, "add", "--title", "Repair fund", "--text", "x", "--owner", "north-tenants",
        "--meeting", "2024-03-05-kickoff", "--due", "2024-12-31",
    )  # fmt: skip
    shown = tracker(minimal_group, "show", "repair")
    before = set((minimal_group / UPDATES).glob("*.yaml"))
    for args in (("--note", "x", "--by", "north-tenants"), ("--add-tag", "survey")):
        result = tracker(minimal_group, "update", "repair", *args)
        assert result.exit_code == shown.exit_code == 1
        assert (
            "error: 'repair' is ambiguous: it matches repair-fund (commitment), "
            "repair-survey (commitment)" in result.stderr
        )
        assert "give more of the id" in result.stderr
    assert new_updates(minimal_group, before) == []
    assert "tags" not in (minimal_group / RECORD).read_text()


def test_a_prefix_names_only_commitments(minimal_group: Path) -> None:
    """`north` begins a member's id, not a commitment's: update says no commitment."""
    result = tracker(minimal_group, "update", "north", "--note", "x", "--by", "north-tenants")
    assert result.exit_code == 1
    assert "error: no commitment with id 'north'" in result.stderr


# --- dates -------------------------------------------------------------------------------


def test_add_due_in_the_past_warns_and_writes(minimal_group: Path) -> None:
    """Backfilling an old record is legitimate: written, with a warning."""
    result = tracker(
        minimal_group, "add", "--title", "Old promise", "--text", "x", "--owner", "NSTU",
        "--meeting", "2024-03-05-kickoff", "--due", "2024-04-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "warning: --due 2024-04-01 is before today (2024-05-01); written as given, "
        "so an open item shows as overdue\n"
    )
    assert "due: 2024-04-01\n" in (minimal_group / "data/commitments/old-promise.yaml").read_text()
    future = tracker(
        minimal_group, "add", "--title", "New promise", "--text", "x", "--owner", "NSTU",
        "--meeting", "2024-03-05-kickoff", "--due", "+2w",
    )  # fmt: skip
    assert future.exit_code == 0, future.output
    assert "warning" not in future.stderr


def test_update_due_in_the_past_warns_too(minimal_group: Path) -> None:
    result = tracker(
        minimal_group, "update", "repair-survey", "--due", "-1w", "--by", "north-tenants",
        "--note", "Moved back.",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "warning: --due 2024-04-24 is before today (2024-05-01)" in result.stderr


def _date_options() -> set[tuple[tuple[str, ...], str]]:
    """Every option of every command whose value is a date (metavar DATE)."""
    found: set[tuple[tuple[str, ...], str]] = set()

    def walk(command: object, path: tuple[str, ...]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))
        for param in getattr(command, "params", []):
            if param.param_type_name == "option" and param.metavar == "DATE":
                found.add((path, param.opts[0]))

    walk(typer.main.get_command(app), ())
    return found


# Each date option with a relative word, and a command line that uses it
# ("{}" is the date). Today is 2024-05-01: "-2w" is 2024-04-17.
MEMBER_ADD = ("member", "add", "--name", "Bay Trust", "--type", "other")
MEETING_ADD = ("meeting", "add", "--title", "Call", "--date", "2024-04-10")
DATE_OPTIONS: dict[tuple[tuple[str, ...], str], tuple[str, ...]] = {
    (("list",), "--due-before"): ("list", "--format", "json", "--due-before", "{}"),
    (("list",), "--due-after"): ("list", "--format", "json", "--due-after", "{}"),
    (("list",), "--updated-since"): ("list", "--format", "json", "--updated-since", "{}"),
    (("list",), "--as-of"): ("list", "--format", "json", "--as-of", "{}"),
    (("status",), "--as-of"): ("status", "--format", "json", "--as-of", "{}"),
    (("status",), "--since"): ("status", "--format", "json", "--since", "{}"),
    (("agenda",), "--date"): ("agenda", "--format", "json", "--date", "{}"),
    (("meeting", "move"), "--date"): ("meeting", "move", "2024-06-10-call", "--dry-run",
                                      "--date", "{}"),
    (("agenda",), "--as-of"): ("agenda", "--format", "json", "--meeting", "2024-03-05-kickoff",
                               "--as-of", "{}"),
    (("update",), "--date"): ("update", "repair-survey", "--by", "north-tenants", "--note", "x",
                              "--dry-run", "--date", "{}"),
    (("update",), "--due"): ("update", "repair-survey", "--by", "north-tenants", "--dry-run",
                             "--due", "{}"),
    (("add",), "--due"): ("add", "--title", "T", "--text", "x", "--owner", "north-tenants",
                          "--meeting", "2024-03-05-kickoff", "--dry-run", "--due", "{}"),
    (("meeting", "add"), "--date"): ("meeting", "add", "--title", "Call", "--dry-run",
                                     "--date", "{}"),
    (("meeting", "add"), "--end"): (*MEETING_ADD, "--dry-run", "--end", "{}"),
    (("member", "add"), "--joined"): (*MEMBER_ADD, "--dry-run", "--joined", "{}"),
    (("member", "person"), "--since"): ("member", "person", "north-tenants", "--name", "Ana",
                                        "--dry-run", "--since", "{}"),
    (("member", "person"), "--left"): ("member", "person", "north-tenants", "--name",
                                       "Tomasz Nowak", "--dry-run", "--left", "{}"),
    (("member", "leave"), "--left"): ("member", "leave", "north-tenants", "--dry-run",
                                      "--left", "{}"),
}  # fmt: skip


def test_every_date_option_is_listed_here() -> None:
    """A new date option must join DATE_OPTIONS, so it is tested below."""
    assert _date_options() == set(DATE_OPTIONS)


@pytest.mark.parametrize(("word", "day"), [("-2w", "2024-04-17"), ("yesterday", "2024-04-30")])
@pytest.mark.parametrize("key", sorted(DATE_OPTIONS), ids=lambda k: " ".join((*k[0], k[1])))
def test_every_date_option_takes_the_date_words(
    minimal_group: Path, key: tuple[tuple[str, ...], str], word: str, day: str
) -> None:
    """A relative word gives exactly what its day gives; a word that is no
    date is a usage error naming the option (one parser: cli/_common.date_option)."""
    args = DATE_OPTIONS[key]
    (minimal_group / "data/meetings/2024-06-10-call.yaml").write_text(
        "id: 2024-06-10-call\ntitle: Call\ndate: 2024-06-10\nkind: teleconference\n"
        "status: planned\n"
    )

    def run(value: str) -> Result:
        return tracker(minimal_group, *(value if a == "{}" else a for a in args))

    def same(text: str) -> str:  # an update's file name ends in 4 random hex digits
        return re.sub(r"-[0-9a-f]{4}\.yaml", "-XXXX.yaml", text.replace(word, day))

    relative, absolute = run(word), run(day)
    assert relative.exit_code == absolute.exit_code
    assert same(relative.output) == same(absolute.output)
    assert relative.stdout != ""
    bad = run("soon")
    assert bad.exit_code == 2
    assert f"error: {key[1]}: 'soon' is not a date" in bad.stderr
