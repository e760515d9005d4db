"""One file per update, in a real git repository: two members updating the
same commitment on two branches merge with git's defaults (no merge driver,
no conflict), and the later update sets the status; editing an update that
is already merged is what `tracker check-pr` refuses."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import commit_all, git, run_cli

UPDATES = "data/updates/repair-survey"
EARLIER = f"{UPDATES}/2024-04-02-north-tenants.yaml"
BY_HAND = f"{UPDATES}/2026-11-20-north-tenants.yaml"
HANDLE = "nstu-ana"


def tracker(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("--root", str(root), *args)
    return result.exit_code, result.stdout, result.stderr


def repair_survey(root: Path) -> dict[str, object]:
    code, stdout, stderr = tracker(root, "list", "--format", "json")
    assert code == 0, stderr
    listed = json.loads(stdout)
    [row] = [row for row in listed["commitments"] if row["id"] == "repair-survey"]
    return row


@pytest.mark.today(dt.date(2026, 12, 1))
def test_two_branches_updating_one_commitment_merge_without_conflict(git_group: Path) -> None:
    root = git_group
    # The member's GitHub handle, at the base revision: check-pr reads rights from main.
    member = root / "data/members/north-tenants.yaml"
    member.write_text(member.read_text().replace("people:\n", f"github:\n  - {HANDLE}\npeople:\n"))
    commit_all(root, "north-tenants: github handle")
    assert tracker(root, "validate")[0] == 0

    # Branch one: `tracker update`, committed by the tracker.
    git(root, "checkout", "--quiet", "-b", "one", "main")
    code, _, stderr = tracker(
        root, "update", "repair-survey", "--status", "stalled", "--note", "Boards are silent.",
        "--by", "north-tenants", "--date", "2026-11-18", "--commit",
    )  # fmt: skip
    assert code == 0, stderr
    [by_tracker] = git(root, "show", "--name-only", "--format=", "HEAD").split()
    assert by_tracker.startswith(f"{UPDATES}/2026-11-18-north-tenants-")

    # Branch two, from main: a plain YAML file written by hand, two days later.
    git(root, "checkout", "--quiet", "-b", "two", "main")
    (root / BY_HAND).write_text(
        "date: 2026-11-20\n"
        "by: north-tenants\n"
        "author: Ana Ferreira\n"
        "status: done\n"
        "note: Survey report sent to the forum.\n"
        "evidence:\n"
        "  - https://example.org/repair-survey-report\n"
    )
    commit_all(root, "repair-survey: done (north-tenants)")
    assert not (root / by_tracker).exists()

    # Each branch alone is a pull request the member may open.
    for head in ("one", "two"):
        code, _, stderr = tracker(
            root, "check-pr", "--base", "main", "--head", head, "--author", HANDLE
        )
        assert code == 0, (head, stderr)

    # git's defaults: no merge driver, no .gitattributes; a conflict would raise.
    assert not (root / ".gitattributes").exists()
    git(root, "checkout", "--quiet", "main")
    git(root, "merge", "--quiet", "--no-edit", "one")
    git(root, "merge", "--quiet", "--no-edit", "two")
    assert git(root, "status", "--porcelain") == ""
    assert len(git(root, "log", "-1", "--format=%P").split()) == 2  # a real merge
    assert sorted(git(root, "ls-files", UPDATES).split()) == sorted([EARLIER, by_tracker, BY_HAND])
    assert tracker(root, "validate")[0] == 0

    # The later update (the one by hand, 2026-11-20) sets the status.
    assert repair_survey(root)["status"] == "done"
    code, stdout, stderr = tracker(root, "show", "repair-survey", "--format", "json")
    assert code == 0, stderr
    shown = json.loads(stdout)["commitment"]
    assert shown["status"] == "done"
    assert [(u["date"], u["status"]) for u in shown["updates"]] == [
        ("2024-04-02", "in-progress"),
        ("2026-11-18", "stalled"),
        ("2026-11-20", "done"),
    ]

    # Branch three edits the update already merged: git merges it without a
    # conflict, which is why check-pr must be the one to refuse it.
    git(root, "checkout", "--quiet", "-b", "three", "main")
    earlier = root / EARLIER
    earlier.write_text(earlier.read_text().replace("Questionnaire drafted.", "Survey finished."))
    commit_all(root, "rewrite history")
    code, stdout, stderr = tracker(
        root, "check-pr", "--base", "main", "--head", "three", "--author", HANDLE
    )
    assert code == 1, stdout + stderr
    assert "pr-update-history" in stdout + stderr
    assert EARLIER in stdout + stderr
    git(root, "checkout", "--quiet", "main")
    git(root, "merge", "--quiet", "--no-edit", "three")
    assert git(root, "status", "--porcelain") == ""
    assert "note: Survey finished." in earlier.read_text()
