"""--max-rows caps every long list of the status report, in Markdown and on
screen, each with a line saying how many more there are and where to see
them; the JSON stays complete. A fictional group with more overdue,
changed and closed items than the default cap (30) shows each line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import git, init_git, run_cli, write_records

OVERDUE = 35
CLOSED = 32
AS_OF = "2025-09-01"


def _harbourside(root: Path) -> Path:
    """35 items overdue since March and 32 closed in July, all updated since
    the last meeting (2025-06-01): 67 changes."""
    files = {
        "tracker.yaml": "group: Harbourside Water Forum\nstale_after_days: 365\n",
        "data/members/bay-residents.yaml": """
            id: bay-residents
            name: Bay Residents Association
            type: civil-society
            role: member
            people:
              - name: Wen Okafor
                focal_point: true
        """,
        "data/members/port-office.yaml": """
            id: port-office
            name: Harbourside Port Office
            type: other
            role: secretariat
        """,
    }
    for meeting, day in (("2025-01-15-kickoff", "2025-01-15"), ("2025-06-01-review", "2025-06-01")):
        files[f"data/meetings/{meeting}.yaml"] = f"""
            id: {meeting}
            title: Meeting of {day}
            date: {day}
            kind: teleconference
            status: held
            convened_by: port-office
        """
    for number in range(1, OVERDUE + CLOSED + 1):
        item = f"pipe-{number:02d}"
        files[f"data/commitments/{item}.yaml"] = f"""
            id: {item}
            number: {number}
            title: Inspect pipe section {number}
            text: Inspect and report on pipe section {number}.
            agreed_at: 2025-01-15-kickoff
            owners:
              - bay-residents
            due: 2025-03-01
        """
        closing = number > OVERDUE
        files[f"data/updates/{item}/2025-07-{number % 28 + 1:02d}-bay-residents.yaml"] = f"""
            date: 2025-07-{number % 28 + 1:02d}
            by: bay-residents
            status: {"done" if closing else "in-progress"}
            note: Section {number} {"inspected" if closing else "half inspected"}.
            {"evidence: [report-" + str(number) + ".pdf]" if closing else ""}
        """
    return write_records(root, files)


def _status(root: Path, *options: str) -> str:
    result = run_cli("--root", str(root), "status", "--as-of", AS_OF, *options)
    assert result.exit_code == 0, result.output
    return result.stdout


def _section(text: str, heading: str) -> str:
    start = text.index(f". {heading}\n")
    return text[start : text.index("\n## ", start)]


def _rows(section: str) -> int:
    return (
        sum(1 for line in section.splitlines() if line.startswith("| ") and "---" not in line) - 1
    )


def test_markdown_caps_overdue_changes_and_closed(tmp_path: Path) -> None:
    text = _status(_harbourside(tmp_path / "group"), "--format", "md")
    overdue = _section(text, "Overdue")
    assert _rows(overdue) == 30
    assert "_…and 5 more: `tracker list --overdue` or `--format json` lists them all._" in overdue
    changes = _section(text, "Changed since the last meeting")
    assert _rows(changes) == 30
    assert "_…and 37 more: `--format json` lists them all._" in changes
    closed = _section(text, "Recently closed")
    assert _rows(closed) == 30
    assert "_…and 2 more: `--format json` lists them all._" in closed


def test_max_rows_zero_shows_every_row(tmp_path: Path) -> None:
    text = _status(_harbourside(tmp_path / "group"), "--format", "md", "--max-rows", "0")
    assert _rows(_section(text, "Overdue")) == OVERDUE
    assert _rows(_section(text, "Changed since the last meeting")) == OVERDUE + CLOSED
    assert _rows(_section(text, "Recently closed")) == CLOSED
    assert "more:" not in text


def test_a_list_at_the_cap_has_no_more_line(tmp_path: Path) -> None:
    text = _status(_harbourside(tmp_path / "group"), "--format", "md", "--max-rows", str(OVERDUE))
    assert _rows(_section(text, "Overdue")) == OVERDUE
    assert "more:" not in _section(text, "Overdue")
    assert "_…and 32 more: `--format json` lists them all._" in text  # the changes


def test_changes_from_commits_name_tracker_changes(tmp_path: Path) -> None:
    """With the commits as the source of the changes, the line points to
    `tracker changes` from the first day of the period."""
    root = _harbourside(tmp_path / "group")
    init_git(root)
    (root / "data" / "updates").rename(tmp_path / "updates")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "agreed", when="2025-05-01T12:00:00Z")
    (tmp_path / "updates").rename(root / "data" / "updates")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "updates", when="2025-07-30T12:00:00Z")
    text = _status(root, "--format", "md", "--max-rows", "10")
    changes = _section(text, "Changed since the last meeting")
    assert "From the commits" in changes
    assert _rows(changes) == 10
    assert (
        "more: `tracker changes --since 2025-06-01` or `--format json` lists them all._" in changes
    )


def test_the_terminal_caps_the_same_sections(tmp_path: Path) -> None:
    text = _status(_harbourside(tmp_path / "group"), "--format", "rich")
    assert "…and 5 more: `tracker list --overdue` or `--format json` lists them all." in text
    assert "…and 37 more: `--format json` lists them all." in text
    assert "…and 2 more: `--format json` lists them all." in text
    assert "pipe-31" not in text.split("Due soon")[0]  # the 31st overdue row


@pytest.mark.parametrize("max_rows", ["30", "0"])
def test_json_is_never_capped(tmp_path: Path, max_rows: str) -> None:
    report = json.loads(
        _status(_harbourside(tmp_path / "group"), "--format", "json", "--max-rows", max_rows)
    )
    assert len(report["overdue"]) == OVERDUE
    assert len(report["changes"]) == OVERDUE + CLOSED
    assert len(report["recently_closed"]) == CLOSED
