"""The kinds of change the transit history does not make: a member joining
and being removed, a meeting cancelled, the settings edited, a commitment
removed, an update removed or edited, a file that stops loading, a text
edited (word diff), a rename git cannot see (same agreement, new id)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import GIT_ENV, MINIMAL_GROUP, commit_all, git, init_git, run_cli, write_records

SURVEY = "data/commitments/repair-survey.yaml"
FIRST_UPDATE = "data/updates/repair-survey/2024-04-02-north-tenants.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def changes(root: Path, since: str) -> list[tuple[str, str, str]]:
    result = run_cli("--root", str(root), "changes", "--since", since, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return [(r["id"], c["what"], c["summary"]) for r in data["records"] for c in r["changes"]]


@pytest.fixture
def group(tmp_path: Path) -> Path:
    root = write_records(tmp_path / "group", MINIMAL_GROUP)
    init_git(root)
    commit_all(root, "initial records")
    git(root, "tag", "start")
    return root


def test_members_meetings_and_settings(group: Path) -> None:
    write_records(group, {"data/members/harbour-folk.yaml": """
        id: harbour-folk
        name: Harbour Folk
        type: civil-society
        role: member
    """})  # fmt: skip
    write_records(group, {"data/meetings/2024-06-01-summer.yaml": """
        id: 2024-06-01-summer
        title: Summer meeting
        date: 2024-06-01
        kind: in-person
        status: planned
    """})  # fmt: skip
    edit(group / "tracker.yaml", "stale_after_days: 60", "stale_after_days: 45")
    edit(group / "data/members/north-tenants.yaml", "    focal_point: true\n", "")
    commit_all(group, "joined, planned, settings")
    git(group, "tag", "middle")
    (group / "data/members/harbour-folk.yaml").unlink()
    edit(group / "data/meetings/2024-06-01-summer.yaml", "status: planned", "status: cancelled")
    commit_all(group, "removed, cancelled")
    assert changes(group, "start") == [
        ("harbour-folk", "joined", "joined"),
        ("harbour-folk", "removed", "removed (was Harbour Folk)"),
        ("north-tenants", "focal-point", "Ana Ferreira is no longer a focal point"),
        ("2024-06-01-summer", "planned", "planned for 2024-06-01"),
        ("2024-06-01-summer", "cancelled", "cancelled"),
        ("tracker.yaml", "field", "stale_after_days: 60 → 45"),
    ]


def test_commitment_text_updates_and_removal(group: Path) -> None:
    edit(group / SURVEY, "Survey the repair backlog", "Survey the whole repair backlog")
    write_records(group, {"data/commitments/tree-planting.yaml": """
        id: tree-planting
        title: Tree planting
        text: Plant trees.
        agreed_at: 2024-03-05-kickoff
        owners:
          - north-tenants
        due: 2024-10-31
    """})  # fmt: skip
    commit_all(group, "text edited, a new item")
    edit(group / FIRST_UPDATE, "Questionnaire drafted.", "Questionnaire drafted twice.")
    write_records(group, {"data/updates/repair-survey/2024-05-01-north-tenants.yaml": """
        date: 2024-05-01
        by: north-tenants
        note: Half the buildings surveyed.
    """})  # fmt: skip
    (group / "data/commitments/tree-planting.yaml").unlink()
    commit_all(group, "an update edited, a note, an item removed")
    (group / FIRST_UPDATE).unlink()
    commit_all(group, "an update removed")
    assert changes(group, "start") == [
        ("repair-survey", "text", "text: Survey the {+whole+} repair backlog in all member buildings."),
        ("repair-survey", "update", "note, by north-tenants in 2024-05-01-north-tenants.yaml"),
        ("repair-survey", "update-edited", "update 2024-04-02-north-tenants.yaml edited"),
        ("repair-survey", "status", "status in-progress → agreed"),
        ("repair-survey", "update-removed", "update 2024-04-02-north-tenants.yaml removed"),
        ("tree-planting", "added", "added: Tree planting"),
        ("tree-planting", "removed", "removed (was Tree planting)"),
    ]  # fmt: skip


def test_a_file_that_stops_loading_and_a_rename_git_cannot_see(group: Path) -> None:
    edit(group / "data/members/city-office.yaml", "role: secretariat", "role: [secretariat")
    commit_all(group, "broken")
    (group / SURVEY).unlink()
    # The same agreement in flow style: too unlike line by line for git to
    # see a rename, the same values for the tracker.
    (group / "data/commitments/repairs.yaml").write_text(
        "{id: repairs, number: 1, title: Repair survey, text: Survey the repair backlog in all "
        "member buildings., agreed_at: 2024-03-05-kickoff, owners: [north-tenants], "
        "due: 2024-06-30}\n", encoding="utf-8")  # fmt: skip
    git(group, "mv", "data/updates/repair-survey", "data/updates/repairs")
    commit_all(group, "renamed")
    raw = git(group, "diff", "--name-status", "-M", "HEAD~1", "HEAD", "--", "data/commitments")
    assert raw.split() == ["D", SURVEY, "A", "data/commitments/repairs.yaml"]
    found = changes(group, "start")
    assert found[0] == ("repairs", "renamed", "renamed from repair-survey to repairs")
    assert [(rid, what) for rid, what, _ in found[1:]] == [("city-office", "broken")]
    assert found[1][2].startswith("no longer loads: ")


def test_a_merged_pull_request_names_its_authors(group: Path) -> None:
    """The first-parent walk shows a merge's changes once, under the merge:
    the author column names who wrote the merged commits, and who merged."""
    git(group, "checkout", "--quiet", "-b", "pr")
    write_records(group, {"data/updates/repair-survey/2024-05-01-north-tenants.yaml": """
        date: 2024-05-01
        by: north-tenants
        status: done
        evidence:
          - https://north-tenants.example/survey.pdf
    """})  # fmt: skip
    git(group, "add", "-A")
    subprocess.run(["git", "commit", "--quiet", "-m", "Survey done"], cwd=group, check=True,
                   env={**os.environ, **GIT_ENV, "GIT_AUTHOR_NAME": "Ana Ferreira"})  # fmt: skip
    git(group, "checkout", "--quiet", "main")
    git(group, "merge", "--quiet", "--no-ff", "pr", "-m", "Merge pull request #1")
    result = run_cli("--root", str(group), "changes", "--since", "start", "--format", "json")
    data = json.loads(result.stdout)
    assert [c["subject"] for c in data["commits"]] == ["Merge pull request #1"]
    assert data["commits"][0]["merged_authors"] == ["Ana Ferreira"]
    change = data["records"][0]["changes"][0]
    assert (change["what"], change["author"], change["merged_authors"]) == (
        "status", "Test Author", ["Ana Ferreira"],
    )  # fmt: skip
    text = run_cli("--root", str(group), "changes", "--since", "start", "--format", "md").stdout
    assert "| Ana Ferreira (merged by Test Author) | status in-progress → done" in text
