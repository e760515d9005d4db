"""`tracker changes` on a real history (tests/history_helpers.py): between
each pair of consecutive tags, and from the first to the last, it lists
exactly the changes each commit made; and every way the history can be
missing or the range wrong gives its message and exit code 1."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import GOLDEN_DIR, GoldenCheck, run_cli, run_tracker
from history_helpers import (
    DATES,
    TAG_AUTHORS,
    TAGS,
    commit_json,
    copy_without_git,
    full_hash,
    make_transit_history,
    shallow_clone,
)

_SHELTERS = "Forty stops walked, not fifty; the count stopped at the river."
_LANES = "The survey of the lanes takes the summer."
# (tag, kind, id, what, summary, other keys): every change the history holds.
KNOWN: list[tuple[str, str, str, str, str, dict[str, Any]]] = [
    ("v2", "commitment", "bus-shelters", "status",
     "status agreed → in-progress, by bus-riders in 2025-02-01-bus-riders.yaml",
     {"old": "agreed", "new": "in-progress", "by": "bus-riders", "note": "Forty stops walked.",
      "update": "2025-02-01-bus-riders.yaml"}),
    ("v2", "commitment", "fare-survey", "update", "note, by city-transit in 2025-02-02-city-transit.yaml",
     {"by": "city-transit", "note": "Questionnaire drafted.", "update": "2025-02-02-city-transit.yaml"}),
    ("v3", "commitment", "bike-lanes-map", "owners", "owners cycle-club → cycle-club, city-transit",
     {"old": "cycle-club", "new": "cycle-club, city-transit"}),
    ("v4", "commitment", "bike-lanes-map", "status",
     "status agreed → in-progress, by cycle-club in 2025-03-01-cycle-club.yaml",
     {"old": "agreed", "new": "in-progress", "by": "cycle-club", "note": _LANES,
      "update": "2025-03-01-cycle-club.yaml"}),
    ("v4", "commitment", "bike-lanes-map", "due",
     "due 2025-05-31 → 2025-09-30 (revised, by cycle-club in 2025-03-01-cycle-club.yaml)",
     {"old": "2025-05-31", "new": "2025-09-30", "by": "cycle-club", "note": _LANES,
      "update": "2025-03-01-cycle-club.yaml"}),
    ("v4", "commitment", "fare-survey", "due", "agreed due date 2025-04-30 → 2025-05-15",
     {"old": "2025-04-30", "new": "2025-05-15"}),
    ("v5", "member", "bus-riders", "person-added", "Rui Costa added", {"field": "Rui Costa"}),
    ("v5", "member", "bus-riders", "focal-point", "Omar Haddad is now a focal point",
     {"field": "Omar Haddad", "old": "no", "new": "yes"}),
    ("v5", "member", "cycle-club", "left", "left on 2025-03-04", {"new": "2025-03-04"}),
    ("v6", "commitment", "fare-survey", "status",
     "status agreed → done, by city-transit in 2025-03-12-city-transit.yaml",
     {"old": "agreed", "new": "done", "by": "city-transit", "note": "Six hundred answers.",
      "evidence": ["https://city-transit.example/fare-survey.pdf"],
      "update": "2025-03-12-city-transit.yaml"}),
    ("v6", "meeting", "2025-03-12-spring-call", "held", "held (was planned)",
     {"old": "planned", "new": "held"}),
    ("v6", "meeting", "2025-06-11-summer-call", "planned", "planned for 2025-06-11",
     {"new": "2025-06-11"}),
    ("v7", "commitment", "bus-shelters", "renamed", "renamed from bus-shelters to bus-stop-shelters",
     {"old": "bus-shelters", "new": "bus-stop-shelters"}),
    ("v7", "commitment", "bus-shelters", "title", "title: Bus {+stop+} shelters",
     {"old": "Bus shelters", "new": "Bus stop shelters",
      "words": [{"op": "=", "text": "Bus"}, {"op": "+", "text": "stop"},
                {"op": "=", "text": "shelters"}]}),
    ("v7", "commitment", "bus-shelters", "status",
     "status in-progress → stalled, by bus-riders in 2025-03-18-bus-riders.yaml, "
     "correcting 2025-02-01-bus-riders.yaml",
     {"old": "in-progress", "new": "stalled", "by": "bus-riders", "note": _SHELTERS,
      "update": "2025-03-18-bus-riders.yaml", "corrects": "2025-02-01-bus-riders.yaml"}),
    ("v7", "meeting", "2025-06-11-summer-call", "moved", "moved from 2025-06-11 to 2025-06-18",
     {"old": "2025-06-11", "new": "2025-06-18"}),
]  # fmt: skip
TITLES = {"bus-shelters": "Bus shelters", "bus-stop-shelters": "Bus stop shelters",
          "fare-survey": "Fare survey", "bike-lanes-map": "Bike lanes map",
          "bus-riders": "Meadowbrook Bus Riders Union", "cycle-club": "Meadowbrook Cycle Club",
          "2025-03-12-spring-call": "Spring call", "2025-06-11-summer-call": "Summer call"}  # fmt: skip
KIND_ORDER = ("commitment", "member", "meeting", "settings")


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "The end of a day" is the end of the day where git runs: here, UTC."""
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture(scope="module")
def transit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_transit_history(tmp_path_factory.mktemp("history") / "transit")


def expected_records(root: Path, since: str, until: str) -> list[dict[str, Any]]:
    """What `changes --since since --until until` must list: the known
    changes of the tags after `since` up to `until`, by record."""
    tags = TAGS[TAGS.index(since) + 1 : TAGS.index(until) + 1]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for tag, kind, record_id, what, summary, fields in KNOWN:
        if tag not in tags:
            continue
        if record_id == "bus-shelters" and "v7" in tags:
            record_id = "bus-stop-shelters"
        change = {"what": what, "summary": summary, "commit": full_hash(root, tag)[:12],
                  "author": TAG_AUTHORS[tag], "merged_authors": [],
                  "date": f"{DATES[tag]}T10:00:00+00:00", "old": None, "new": None,
                  "field": None, "by": None, "note": None, "evidence": [], "update": None,
                  "corrects": None, "words": [], **fields}  # fmt: skip
        groups.setdefault((kind, record_id), []).append(change)
    order = sorted(groups, key=lambda key: (KIND_ORDER.index(key[0]), key[1]))
    return [{"kind": kind, "id": rid, "title": TITLES[rid], "changes": groups[(kind, rid)]}
            for kind, rid in order]  # fmt: skip


def changes_json(root: Path, *args: str) -> dict[str, Any]:
    result = run_cli("--root", str(root), "changes", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


PAIRS = [*itertools.pairwise(TAGS), ("v1", "v7")]


@pytest.mark.parametrize(("since", "until"), PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
def test_changes_between_tags_lists_exactly_the_known_changes(
    transit: Path, since: str, until: str
) -> None:
    data = changes_json(transit, "--since", since, "--until", until)
    tags = TAGS[TAGS.index(since) + 1 : TAGS.index(until) + 1]
    assert data == {
        "schema_version": 1,
        "kind": "changes",
        "since": commit_json(transit, since),
        "until": commit_json(transit, until),
        "commits": [commit_json(transit, tag) for tag in tags],
        "records": expected_records(transit, since, until),
    }


def test_markdown_to_paste_into_the_minutes(
    transit: Path, assert_matches_golden: GoldenCheck
) -> None:
    result = run_cli("--root", str(transit), "changes", "--since", "v1", "--until", "v7",
                     "--format", "md")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert_matches_golden(result.stdout, GOLDEN_DIR / "changes-transit-v1-v7.md")
    piped = run_cli("--root", str(transit), "changes", "--since", "v1", "--until", "v7")
    assert piped.stdout == result.stdout  # not a terminal: Markdown


def test_an_empty_range_says_so(transit: Path) -> None:
    data = changes_json(transit, "--since", "v7", "--until", "v7")
    assert (data["commits"], data["records"]) == ([], [])
    text = run_cli("--root", str(transit), "changes", "--since", "v7", "--format", "md").stdout
    assert "_No commit changed the records in this range._" in text


def test_the_terminal_shows_every_record_and_author(transit: Path) -> None:
    result = run_cli("--root", str(transit), "changes", "--since", "v5", "--format", "rich")
    assert result.exit_code == 0, result.output
    for words in ("Commitment bus-stop-shelters: Bus stop shelters", "Meeting 2025-06-11-summer-call",
                  "Ines Duarte", "Omar Haddad", "moved from 2025-06-11 to 2025-06-18"):  # fmt: skip
        assert words in result.stdout
    assert "\x1b[" not in result.stdout


def test_output_file(transit: Path, tmp_path: Path) -> None:
    target = tmp_path / "minutes.md"
    result = run_cli("--root", str(transit), "changes", "--since", "v6", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("# Changes from `")
    refused = run_cli("--root", str(transit), "changes", "--since", "v6", "--format", "rich",
                      "--output", str(target))  # fmt: skip
    assert refused.exit_code == 2
    assert "--format rich draws on the screen" in refused.stderr


# --- days and meetings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "tag"),
    [("2025-03-05", "v5"), ("2025-03-04", "v4"), ("2025-01-10", "v1"), ("2025-03-12", "v5")],
)
def test_a_day_is_its_last_commit(transit: Path, since: str, tag: str) -> None:
    """A DATE names the last commit made by the end of that day."""
    assert changes_json(transit, "--since", since) == changes_json(transit, "--since", tag)


def test_last_meeting_is_the_last_commit_of_its_day(transit: Path) -> None:
    """The spring call (2025-03-12, held in v6's records): its day's last commit is v5."""
    data = changes_json(transit, "--since", "last-meeting", "--until", "v7")
    assert data["since"] == commit_json(transit, "v5")
    assert data["records"] == expected_records(transit, "v5", "v7")


def test_the_command_runs_as_a_user_starts_it(transit: Path) -> None:
    result = run_tracker("changes", "--since", "v6", "--format", "json", cwd=transit / "data")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["records"] == expected_records(transit, "v6", "v7")


# --- what cannot be answered ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (("--since", "2024-12-31"), "no commit on or before 2024-12-31: the history begins on "
         "2025-01-10", "give a day from 2025-01-10 on, or a revision"),
        (("--since", "v9"), "--since: 'v9' is neither a commit of this repository nor a date",
         "`git log --oneline` lists them"),
        (("--since", "v1", "--until", "v9"), "no commit 'v9' in this repository",
         "`git log --oneline` lists the commits"),
        (("--since", "v7", "--until", "v2"), "v7 (", "swap them"),
        (("--since", "last-meeting", "--until", "v5"), "no commit on or before 2025-01-08: the "
         "history begins on 2025-01-10", "give a day from 2025-01-10 on"),
    ],
    ids=["no-commit-by-that-day", "unknown-since", "unknown-until", "since-after-until",
         "last-meeting-before-the-history"],
)  # fmt: skip
def test_a_range_that_cannot_be_read(
    transit: Path, args: tuple[str, ...], message: str, hint: str
) -> None:
    result = run_cli("--root", str(transit), "changes", *args)
    assert result.exit_code == 1, result.output
    assert f"error: {message}" in result.stderr
    assert hint in result.stderr
    assert "Traceback" not in result.output


def test_since_after_until_names_both(transit: Path) -> None:
    result = run_cli("--root", str(transit), "changes", "--since", "v7", "--until", "v2")
    v7, v2 = full_hash(transit, "v7")[:12], full_hash(transit, "v2")[:12]
    assert f"error: v7 ({v7}) comes after v2 ({v2})" in result.stderr
    assert result.exit_code == 1


@pytest.mark.parametrize("command", [("changes", "--since", "v1"), ("log", "fare-survey"),
                                     ("changes", "--since", "2025-02-01")])  # fmt: skip
def test_a_shallow_clone_says_how_to_get_the_history(
    transit: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    clone = shallow_clone(transit, tmp_path / "shallow")
    result = run_cli("--root", str(clone), *command)
    assert result.exit_code == 1, result.output
    assert "error: this is a shallow clone: it holds only the latest commits" in result.stderr
    assert ("hint: run `git fetch --unshallow`, or set `fetch-depth: 0` in actions/checkout"
            in result.stderr)  # fmt: skip


@pytest.mark.parametrize("command", [("changes", "--since", "v1"), ("log", "fare-survey"),
                                     ("changes", "--since", "last-meeting")])  # fmt: skip
def test_outside_git_says_there_is_no_history(
    transit: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    copy = copy_without_git(transit, tmp_path / "copy")
    result = run_cli("--root", str(copy), *command)
    assert result.exit_code == 1, result.output
    assert f"error: {copy} is not inside a git repository, so it has no history" in result.stderr
