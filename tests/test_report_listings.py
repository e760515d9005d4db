"""`tracker members` and `tracker meetings` as CSV and Markdown, written by
the same two writers as `tracker list` (render/tables.py), and the agreed
action's number in `show`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import MINIMAL_GROUP, RIVERSIDE, Result, copy_group, run_cli, write_records


@pytest.fixture
def riverside(tmp_path: Path) -> Path:
    return copy_group(RIVERSIDE, tmp_path / "riverside")


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def test_members_csv(riverside: Path) -> None:
    out = ok(run_cli("--root", str(riverside), "members", "--format", "csv")).stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["id", "name", "acronym", "role", "type", "focal_points", "left",
                       "open_items"]  # fmt: skip
    # The order of `tracker members`: by label (acronym or name).
    assert [(r[0], r[-1]) for r in rows[1:]] == [
        ("clearwater-lab", "3"), ("basin-agency", "1"), ("millbrook-anglers", "1"),
        ("riverside-council", "3"), ("upstream-farmers", "1"),
    ]  # fmt: skip
    assert rows[1][5] == "Mei Tanaka, Sam Ortiz"


def test_members_markdown(riverside: Path) -> None:
    out = ok(run_cli("--root", str(riverside), "members", "--format", "md")).stdout
    lines = out.splitlines()
    assert lines[0] == "| id | name | acronym | role | type | focal_points | left | open_items |"
    assert lines[2].startswith("| `clearwater-lab` | Clearwater Community Lab | CCL |")
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    assert [t.type for t in tokens].count("tr_open") == 6


def test_meetings_csv_and_markdown(riverside: Path) -> None:
    out = ok(run_cli("--root", str(riverside), "meetings", "--format", "csv")).stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["id", "date", "end", "title", "kind", "status", "attending_members",
                       "attending_people", "apologies", "commitments_agreed"]  # fmt: skip
    assert [(r[0], r[5], r[6], r[9]) for r in rows[1:]] == [
        ("2025-03-12-launch", "held", "5", "8"),
        ("2026-03-18-annual-meeting", "held", "4", "2"),
        ("2026-06-18-teleconference", "cancelled", "0", "0"),
        ("2026-09-09-teleconference", "held", "4", "2"),
        ("2027-01-14-teleconference", "planned", "0", "0"),
    ]  # fmt: skip
    markdown = ok(run_cli("--root", str(riverside), "meetings", "--format", "md")).stdout
    assert "| `2027-01-14-teleconference` | 2027-01-14 |  | January teleconference |" in markdown


def test_empty_listings_say_so_in_markdown(tmp_path: Path) -> None:
    root = write_records(tmp_path / "group", {"tracker.yaml": MINIMAL_GROUP["tracker.yaml"]})
    out = ok(run_cli("--root", str(root), "meetings", "--format", "md")).stdout
    assert out == "_No meetings recorded._\n"
    csv_out = ok(run_cli("--root", str(root), "meetings", "--format", "csv")).stdout
    assert csv_out.splitlines() == ["id,date,end,title,kind,status,attending_members,"
                                    "attending_people,apologies,commitments_agreed"]  # fmt: skip


def test_members_json_unchanged_by_the_new_formats(riverside: Path) -> None:
    data = json.loads(ok(run_cli("--root", str(riverside), "members", "--format", "json")).stdout)
    assert data["kind"] == "members"
    assert len(data["members"]) == 5


def test_members_refuses_an_unknown_format(riverside: Path) -> None:
    result = run_cli("--root", str(riverside), "members", "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of" in result.output


def test_show_gives_the_number(riverside: Path) -> None:
    out = ok(run_cli("--root", str(riverside), "show", "culvert-repair")).stdout
    assert "│ number    │ #2 " in out
    meeting = ok(run_cli("--root", str(riverside), "show", "2026-03-18-annual-meeting")).stdout
    # One meeting's items: in its order, numbers without the meeting.
    assert meeting.index("riparian-planting") < meeting.index("culvert-repair")
    assert "#1" in meeting
    assert "2026-03-18 #1" not in meeting
