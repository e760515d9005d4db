"""`tracker minutes`: the Note for the Record of a meeting, from the records.

The bundled 2013 meeting must read like the note the group wrote by hand:
its attendees, apologies, objectives, programme and agreed actions are
parsed from the seed text (not listed again here) and each must be in the
minutes."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import GOLDEN_DIR, REPO_ROOT, GoldenCheck, Result, run_cli, write_records
from cso_tracker.render.minutes import days_in_words

SEED = REPO_ROOT / "tests" / "fixtures" / "seed" / "note-for-the-record-2013-02-21.txt"
"""The group's own Note for the Record of 2013, as extracted from its PDF
(a few line breaks fall mid-sentence): the source of the bundled data."""
BUNDLED_MEETING = "2013-02-21-vienna-consultation"


@pytest.fixture(scope="module")
def bundled_minutes(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(REPO_ROOT / "data", root / "data")
    shutil.copy2(REPO_ROOT / "tracker.yaml", root / "tracker.yaml")
    result = run_cli("--root", str(root), "minutes", BUNDLED_MEETING)
    assert result.exit_code == 0, result.output
    return result.stdout


def section(text: str, heading: str) -> list[str]:
    """The non-empty lines under `## heading`, up to the next heading."""
    part = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in part.splitlines() if line.strip()]


# --- the seed note, parsed -------------------------------------------------------------


def _seed() -> str:
    return SEED.read_text(encoding="utf-8")


def _between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def seed_people(paragraph: str) -> list[tuple[str, str]]:
    """("Eliot Ross Albers", "International Network ... (INPUD)") for each
    person of "Name, Organisation; Name and Name, Organisation; ..."."""
    people = []
    for chunk in paragraph.strip().rstrip(".").split("; "):
        names, organisation = chunk.rsplit(", ", 1) if chunk.count(", ") else (chunk, "")
        if " and " in names or names.count(", "):
            # "Aldo Lale-Demoz, Gilberto Gerra, ... and Mirella Dummar Frahi, UNODC"
            names, organisation = chunk.rsplit(", ", 1)
        for name in re.split(r", | and ", names):
            people.append((name.strip(), organisation.strip()))
    return people


def seed_actions(text: str) -> dict[int, str]:
    """The 15 agreed suggestions, by number; a line the PDF broke ("- use/
    possession ...") continues the item before it."""
    block = _between(text, "were made and agreed on:", "Structure of the Group")
    actions: dict[int, str] = {}
    number = 0
    for line in block.splitlines():
        line = line.strip()
        found = re.match(r"^(\d+)\. (.*)$", line)
        if found is not None:
            number = int(found[1])
            actions[number] = found[2]
        elif line:
            actions[number] += " " + line.removeprefix("- ")
    return actions


def seed_programme(text: str) -> list[tuple[str, str, str]]:
    """(start, end, title) of each slot of the Annex's programme, times as HH:MM."""
    slots = []
    for line in _between(text, "Programme:", "\x00").splitlines():
        times = re.findall(r"(\d\d)\.(\d\d) \u2013 (\d\d)\.(\d\d)", line)
        if not times or "\t" not in line:
            continue
        title = line.split("\t", 1)[1].split(" <ul", 1)[0].strip()
        slots += [(f"{a}:{b}", f"{c}:{d}", title) for a, b, c, d in times]
    return slots


def test_the_seed_parses_as_the_note_says() -> None:
    """The parsers read what the note holds (so the tests below test something)."""
    text = _seed()
    attendees = seed_people(_between(text, "Attendees\n", "\nApologies"))
    assert len(attendees) == 24
    assert attendees[0] == (
        "Eliot Ross Albers",
        "International Network of People Who Use Drugs (INPUD)",
    )
    assert attendees[-1] == (
        "Mirella Dummar Frahi",
        "United Nations Office on Drugs and Crime (UNODC)",
    )
    assert len(seed_people(_between(text, "Apologies: ", "\n"))) == 3
    assert sorted(seed_actions(text)) == list(range(1, 16))
    assert len(seed_programme(text)) == 9


# --- the bundled meeting reads like the seed ---------------------------------------------------


def test_every_attendee_and_apology_of_the_seed_is_in_the_minutes(bundled_minutes: str) -> None:
    text = _seed()
    for heading, paragraph in (
        ("Attendees", _between(text, "Attendees\n", "\nApologies")),
        ("Apologies", _between(text, "Apologies: ", "\n")),
    ):
        lines = section(bundled_minutes, heading)
        for name, organisation in seed_people(paragraph):
            assert any(name in line and line.endswith(organisation) for line in lines), (
                heading, name, organisation,
            )  # fmt: skip


def test_the_chair_and_convener_are_named(bundled_minutes: str) -> None:
    # As the seed's Discussion names him: with his title.
    assert (
        "- **Chair:** Aldo Lale-Demoz, Director, Division for Operations, and Global Coordinator "
        "for HIV/AIDS, United Nations Office on Drugs and Crime (UNODC)\n"
    ) in bundled_minutes
    assert (
        "- **Convened by:** United Nations Office on Drugs and Crime (UNODC)\n" in bundled_minutes
    )


def test_every_objective_of_the_seed_is_in_the_minutes(bundled_minutes: str) -> None:
    objectives = re.findall(
        r"^(\d)\. (.*)$", _between(_seed(), "objectives of the meeting:", "All participants"), re.M
    )
    assert len(objectives) == 3
    assert section(bundled_minutes, "Objectives") == [f"{n}. {o}" for n, o in objectives]


def test_every_programme_slot_of_the_seed_is_in_the_minutes(bundled_minutes: str) -> None:
    lines = section(bundled_minutes, "Programme")
    slots = [line for line in lines if line.startswith("- **")]
    assert slots == [
        f"- **{start}\u2013{end}** {title}" for start, end, title in seed_programme(_seed())
    ]


def test_every_agreed_action_of_the_seed_is_in_the_minutes_in_its_order(
    bundled_minutes: str,
) -> None:
    lines = section(bundled_minutes, "Agreed actions")
    numbered = [line for line in lines if re.match(r"^\d+\. ", line)]
    assert numbered == [f"{n}. {action}" for n, action in sorted(seed_actions(_seed()).items())]
    owners = lines[lines.index(numbered[13]) + 1]
    assert owners == (
        "    - **Owners:** UNODC, HRI. **Due:** 2013-06-08 (A meeting will be organised prior to "
        "the IHRC in June (the IHRC opens in Vilnius on 9 June 2013)). Tracked as `data-collaboration`."
    )


def test_the_bundled_minutes_golden(
    bundled_minutes: str, assert_matches_golden: GoldenCheck
) -> None:
    assert_matches_golden(bundled_minutes, GOLDEN_DIR / "minutes-bundled-2013.md")


# --- other meetings, other formats ------------------------------------------------------


def minutes(root: Path, *args: str) -> Result:
    return run_cli("--root", str(root), "minutes", *args)


PLANNED = {
    "data/meetings/2024-06-04-call.yaml": """
        id: 2024-06-04-call
        title: June call
        date: 2024-06-04
        kind: teleconference
        status: planned
    """,
    "data/meetings/2024-07-02-call.yaml": """
        id: 2024-07-02-call
        title: July call
        date: 2024-07-02
        kind: teleconference
        status: cancelled
        notes: Summer.
    """,
}


def test_a_planned_meetings_minutes_are_a_draft(minimal_group: Path) -> None:
    write_records(minimal_group, PLANNED)
    result = minutes(minimal_group, "2024-06-04-call")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "# June call\n\n4 June 2024\n\n**Note for the Record**\n\n"
        "_Draft: the meeting is planned and not yet marked held (`tracker meeting held 2024-06-04-call`)._\n"
    )
    assert section(result.stdout, "Attendees") == ["_No attendance recorded._"]
    assert section(result.stdout, "Agreed actions") == ["_No actions were agreed._"]
    data = json.loads(minutes(minimal_group, "2024-06-04-call", "--format", "json").stdout)
    assert data["draft"] is True


def test_a_cancelled_meeting_has_no_minutes(minimal_group: Path) -> None:
    write_records(minimal_group, PLANNED)
    result = minutes(minimal_group, "2024-07-02-call")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "error: 2024-07-02-call was cancelled, so it has no minutes\n"
        "hint: `tracker show` prints the meeting, with why it was cancelled\n"
    )


def test_an_unknown_meeting_suggests_the_close_one(minimal_group: Path) -> None:
    result = minutes(minimal_group, "2024-03-05-kickof")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: MEETING: '2024-03-05-kickof' is not a meeting; did you mean '2024-03-05-kickoff'?\n"
        "hint: `tracker meetings` lists the meeting ids\n"
    )


def test_minutes_as_json(minimal_group: Path) -> None:
    result = minutes(minimal_group, "2024-03-05-kickoff", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["schema_version"], data["kind"], data["draft"]) == (1, "minutes", False)
    assert data["convened_by"] == {"member": "city-office", "label": "Lakeside City Housing Office",
                                   "people": []}  # fmt: skip
    assert data["attendees"][0] == {"member": "north-tenants",
                                    "label": "North Shore Tenants Union (NSTU)",
                                    "people": ["Ana Ferreira"]}  # fmt: skip
    assert data["actions"] == [
        {"number": 1, "id": "repair-survey", "title": "Repair survey",
         "text": "Survey the repair backlog in all member buildings.", "owners": ["north-tenants"],
         "due": "2024-06-30", "due_note": None},
    ]  # fmt: skip


def test_the_deadline_is_the_one_agreed(minimal_group: Path) -> None:
    """A later revision is progress, not what the meeting recorded."""
    write_records(minimal_group, {"data/updates/repair-survey/2024-05-01-north-tenants.yaml": """
        date: 2024-05-01
        by: north-tenants
        due: 2024-09-30
        note: Moved after the summer.
    """})  # fmt: skip
    text = minutes(minimal_group, "2024-03-05-kickoff").stdout
    assert "   - **Owners:** NSTU. **Due:** 2024-06-30. Tracked as `repair-survey`.\n" in text


def test_a_groups_template_and_output_file(minimal_group: Path, tmp_path: Path) -> None:
    write_records(
        minimal_group, {"templates/minutes.md.j2": "Minutes of {{ minutes.meeting.title|md }}\n"}
    )
    out = tmp_path / "minutes.md"
    result = minutes(minimal_group, "2024-03-05-kickoff", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text() == "Minutes of Kick-off meeting\n"


def test_hostile_notes_keep_their_lists_and_lose_their_markup(minimal_group: Path) -> None:
    write_records(minimal_group, {"data/meetings/2024-03-05-kickoff.yaml": """
        id: 2024-03-05-kickoff
        title: Kick-off meeting
        date: 2024-03-05
        kind: in-person
        status: held
        notes: |
          Raised: <b>rent</b> {{ 7*7 }}
          - repairs *now*
            1. heating
    """})  # fmt: skip
    text = minutes(minimal_group, "2024-03-05-kickoff").stdout
    assert section(text, "Discussion") == [
        "Raised: &lt;b&gt;rent&lt;/b&gt; {{ 7\\*7 }}", "- repairs \\*now\\*", "  1. heating",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("first", "last", "words"),
    [
        ("2013-02-21", None, "21 February 2013"),
        ("2024-06-04", "2024-06-05", "4 to 5 June 2024"),
        ("2024-06-30", "2024-07-01", "30 June to 1 July 2024"),
        ("2024-12-31", "2025-01-01", "31 December 2024 to 1 January 2025"),
    ],
)
def test_the_days_in_words(first: str, last: str | None, words: str) -> None:
    day = dt.date.fromisoformat
    assert days_in_words(day(first), day(last) if last is not None else None) == words


def test_minutes_at_a_revision_read_the_records_as_committed(git_group: Path) -> None:
    decided = run_cli("--root", str(git_group), "meeting", "decide", "2024-03-05-kickoff",
                      "--text", "Meet quarterly", "--commit")  # fmt: skip
    assert decided.exit_code == 0, decided.output
    before = minutes(git_group, "2024-03-05-kickoff", "--at", "HEAD~1")
    assert before.exit_code == 0, before.output
    assert section(before.stdout, "Decisions") == ["_None recorded._"]
    assert section(minutes(git_group, "2024-03-05-kickoff").stdout, "Decisions") == [
        "- Meet quarterly"
    ]
