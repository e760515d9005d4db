"""`tracker migrate`: progress written inside commitment files (`status:` and
`updates:`) moves into one file per update under data/updates/<id>/, all
or nothing, and a legacy file is refused by `tracker validate` until then.
Real files in tmp_path, real git, the real CLI."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import (
    GIT_ENV,
    MINIMAL_GROUP,
    Result,
    commit_all,
    git,
    init_git,
    run_cli,
    run_tracker,
    write_records,
)
from cso_tracker.models import UpdateFile
from cso_tracker.write.documents import layout_of
from cso_tracker.yaml.canonical import format_text

pytestmark = pytest.mark.today(dt.date(2024, 5, 1))

FIXTURES = Path(__file__).parent / "fixtures" / "edit"
RECORD = "data/commitments/repair-survey.yaml"
UPDATES = "data/updates/repair-survey"
LEGACY = (FIXTURES / "legacy-commented.yaml").read_text(encoding="utf-8")

GUIDE = "data/commitments/tenant-guide.yaml"
LEGACY_GUIDE = """\
id: tenant-guide
title: Tenant guide
text: Write a short guide to tenant rights.
agreed_at: 2024-03-05-kickoff
owners:
  - north-tenants
  - city-office
due: 2024-12-31
status: in-progress
updates:
  - date: 2024-04-10
    by: north-tenants
    note: Outline agreed.
  - date: 2024-04-10
    by: north-tenants
    status: in-progress
    note: First chapter drafted.
  - date: 2024-04-10
    by: city-office
    note: Legal review booked.
  - date: 2024-04-10
    by: north-tenants
    evidence:
      - https://example.org/guide-draft
"""
LEGACY_TAKEN_UPDATE = "date: 2024-04-10\nby: north-tenants\nnote: Already moved by hand.\n"


def tracker(root: Path, *args: str) -> Result:
    return run_cli("--root", str(root), *args)


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root` but git's and the lock: relative path -> bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.parts and path.name != ".cso-tracker.lock"
    }


@pytest.fixture
def legacy_group(tmp_path: Path) -> Path:
    """The minimal group as it was written before update files: the update
    inside repair-survey's file (legacy-commented.yaml), none under data/updates/."""
    root = write_records(tmp_path / "group", MINIMAL_GROUP)
    shutil.rmtree(root / "data/updates")
    (root / RECORD).write_text(LEGACY, encoding="utf-8")
    return root


def test_validate_refuses_a_legacy_commitment_with_one_line(legacy_group: Path) -> None:
    result = tracker(legacy_group, "validate")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{RECORD}:12:1: error: 'status' and 'updates' no longer belong in the commitment's "
        "file: progress is one file per update in data/updates/repair-survey/; run "
        "`tracker migrate` [update-in-commitment]\n"
    )
    assert "1 error" in result.stderr


def test_validate_refuses_a_status_alone_too(minimal_group: Path) -> None:
    path = minimal_group / RECORD
    path.write_text(path.read_text() + "status: in-progress\n")
    result = tracker(minimal_group, "validate", "--format", "json")
    assert result.exit_code == 1
    assert result.stdout.count('"rule": "update-in-commitment"') == 1


def test_migrate_moves_the_updates_and_keeps_the_rest_of_the_file(legacy_group: Path) -> None:
    """Only the `status:` line and the `updates:` block leave the commitment's
    file: its comments, quotes, blank lines and key order stay; each update
    becomes a file named <date>-<by>.yaml in the canonical layout."""
    # Keys out of the canonical order (title before id) must stay so.
    legacy = LEGACY.replace("    # more evidence to come\n", "").replace(
        "id: repair-survey\nnumber: 1\ntitle: 'Repair survey'   # the short title used in reports\n",
        "title: 'Repair survey'   # the short title used in reports\nid: repair-survey\nnumber: 1\n",
    )
    (legacy_group / RECORD).write_text(legacy, encoding="utf-8")
    before = files(legacy_group)

    result = tracker(legacy_group, "migrate")

    assert result.exit_code == 0, result.output
    first, second = (
        f"{UPDATES}/2024-04-02-north-tenants.yaml",
        f"{UPDATES}/2024-04-20-north-tenants.yaml",
    )
    assert result.stdout == f"{RECORD}\n{first}\n{second}\n"
    assert result.stderr == "moved 2 updates out of 1 commitment file\n"
    after = files(legacy_group)
    assert set(after) == set(before) | {first, second}
    assert {rel: after[rel] for rel in before if rel != RECORD} == {
        rel: data for rel, data in before.items() if rel != RECORD
    }
    updates_block = legacy[legacy.index("updates:\n") : legacy.index("\n# End of record.")]
    expected = legacy.replace(updates_block, "").replace("\nstatus: in-progress\n", "\n", 1)
    assert after[RECORD].decode() == expected
    assert after[second].decode() == (
        "date: 2024-04-20\n"
        "by: north-tenants\n"
        'note: "Sent to 12 buildings: yes"\n'
        "evidence:\n"
        "  - https://example.org/survey\n"
    )
    for rel in (first, second):
        text = after[rel].decode()
        assert format_text(text, layout_of(UpdateFile)) == text
    assert tracker(legacy_group, "validate").exit_code == 0
    formatted = tracker(legacy_group, "fmt", "--check", str(legacy_group / first))
    assert formatted.exit_code == 0, formatted.output
    shown = tracker(legacy_group, "list", "--format", "json")
    assert '"status": "in-progress"' in shown.stdout


def test_migrate_keeps_the_comments_inside_an_update_item(legacy_group: Path) -> None:
    result = tracker(legacy_group, "migrate")
    assert result.exit_code == 0, result.output
    text = (legacy_group / UPDATES / "2024-04-02-north-tenants.yaml").read_text()
    lines = [line.strip() for line in text.splitlines()]
    assert lines[:6] == [
        "date: 2024-04-02",
        "by: north-tenants      # the lead",
        "# Ana wrote it; Tomasz checked it.",
        "author: Ana Ferreira",
        "status: in-progress",
        "note: Questionnaire drafted — «première version», 草稿.",
    ]
    commitment = (legacy_group / RECORD).read_text()
    assert "# the lead" not in commitment and "Tomasz checked" not in commitment
    assert "# Who carries it.\nowners:\n  - north-tenants  # lead\n" in commitment
    assert commitment.endswith("\n# End of record.\n")


def test_a_comment_closing_the_last_update_goes_with_it(legacy_group: Path) -> None:
    """Indented as the update's fields are, it is about that update: it moves
    into the update's file, at the column its fields start there; what
    follows at the top level stays at the end of the commitment's file."""
    result = tracker(legacy_group, "migrate")
    assert result.exit_code == 0, result.output
    commitment = (legacy_group / RECORD).read_text()
    assert "# more evidence to come" not in commitment
    assert commitment.endswith("tags:\n  - repairs\n\n# End of record.\n")
    last = (legacy_group / UPDATES / "2024-04-20-north-tenants.yaml").read_text()
    assert last == (
        'date: 2024-04-20\nby: north-tenants\nnote: "Sent to 12 buildings: yes"\n'
        "evidence:\n  - https://example.org/survey\n# more evidence to come\n"
    )
    assert tracker(legacy_group, "validate").exit_code == 0


@pytest.mark.parametrize(
    ("comment", "in_update", "stays"),
    [
        ("      # a second link soon\n", "  # a second link soon\n", False),
        ("  # more updates to come\n", "", True),
    ],
    ids=["under-its-evidence", "under-the-list"],
)
def test_a_closing_comment_goes_where_its_indentation_says(
    legacy_group: Path, comment: str, in_update: str, stays: bool
) -> None:
    """Deeper than the update's fields: into its file, as deep under them;
    at the list's own column: about the list, it stays in the commitment."""
    legacy = LEGACY.replace("    # more evidence to come\n", comment)
    (legacy_group / RECORD).write_text(legacy, encoding="utf-8")
    assert tracker(legacy_group, "migrate").exit_code == 0
    last = (legacy_group / UPDATES / "2024-04-20-north-tenants.yaml").read_text()
    commitment = (legacy_group / RECORD).read_text()
    assert last.endswith("  - https://example.org/survey\n" + in_update)
    assert (comment in commitment) is stays


def test_same_day_same_member_updates_are_numbered(legacy_group: Path) -> None:
    """Names are <date>-<by>, then -2, -3 for another of the same day and
    member, and never one already taken under data/updates/."""
    write_records(legacy_group, {GUIDE: LEGACY_GUIDE})
    taken = legacy_group / "data/updates/tenant-guide/2024-04-10-north-tenants.yaml"
    write_records(legacy_group, {taken.relative_to(legacy_group).as_posix(): LEGACY_TAKEN_UPDATE})

    result = tracker(legacy_group, "migrate")

    assert result.exit_code == 0, result.output
    assert result.stderr == "moved 6 updates out of 2 commitment files\n"
    folder = legacy_group / "data/updates/tenant-guide"
    assert sorted(p.name for p in folder.iterdir()) == [
        "2024-04-10-city-office.yaml",
        "2024-04-10-north-tenants-2.yaml",
        "2024-04-10-north-tenants-3.yaml",
        "2024-04-10-north-tenants-4.yaml",
        "2024-04-10-north-tenants.yaml",
    ]
    assert taken.read_text() == LEGACY_TAKEN_UPDATE
    read = {p.name: p.read_text() for p in folder.iterdir()}
    assert read["2024-04-10-north-tenants-2.yaml"] == (
        "date: 2024-04-10\nby: north-tenants\nnote: Outline agreed.\n"
    )
    assert read["2024-04-10-north-tenants-3.yaml"] == (
        "date: 2024-04-10\nby: north-tenants\nstatus: in-progress\nnote: First chapter drafted.\n"
    )
    assert read["2024-04-10-city-office.yaml"] == (
        "date: 2024-04-10\nby: city-office\nnote: Legal review booked.\n"
    )
    assert read["2024-04-10-north-tenants-4.yaml"] == (
        "date: 2024-04-10\nby: north-tenants\nevidence:\n  - https://example.org/guide-draft\n"
    )
    assert (legacy_group / GUIDE).read_text() == LEGACY_GUIDE.partition("status:")[0]
    validated = tracker(legacy_group, "validate")
    assert validated.exit_code == 0, validated.output
    shown = tracker(legacy_group, "show", "tenant-guide", "--format", "json")
    assert '"status": "in-progress"' in shown.stdout


def test_a_status_its_updates_disagree_with_stops_the_whole_migration(legacy_group: Path) -> None:
    """One file's `status:` says stalled, its updates say in-progress: nothing
    is written, not even the other file, which could move."""
    write_records(legacy_group, {GUIDE: LEGACY_GUIDE})
    guide = legacy_group / GUIDE
    guide.write_text(
        LEGACY_GUIDE.replace("status: in-progress\nupdates:", "status: stalled\nupdates:")
    )
    before = files(legacy_group)

    result = tracker(legacy_group, "migrate")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{GUIDE}:9:9: error: status is 'stalled' but its updates say 'in-progress'; make them "
        "agree, then migrate [update-in-commitment]\n"
        "error: nothing was migrated: 1 problem to fix first\n"
    )
    assert files(legacy_group) == before


def test_a_status_without_any_update_saying_it_stops_the_migration(legacy_group: Path) -> None:
    write_records(legacy_group, {GUIDE: LEGACY_GUIDE.partition("updates:")[0]})
    (legacy_group / GUIDE).write_text(
        (legacy_group / GUIDE).read_text().replace("status: in-progress", "status: done")
    )
    before = files(legacy_group)
    result = tracker(legacy_group, "migrate")
    assert result.exit_code == 1
    assert (
        f"{GUIDE}:9:9: error: status is 'done' but it has no update saying what happened; "
        "make them agree, then migrate [update-in-commitment]\n"
    ) in result.stderr
    assert "error: nothing was migrated: 1 problem to fix first\n" in result.stderr
    assert files(legacy_group) == before


def test_a_legacy_update_that_breaks_the_contract_stops_the_migration(
    legacy_group: Path,
) -> None:
    (legacy_group / RECORD).write_text(
        LEGACY.replace("    by: north-tenants\n", "    by: North\n", 1)
    )
    before = files(legacy_group)
    result = tracker(legacy_group, "migrate")
    assert result.exit_code == 1
    assert f"{RECORD}:" in result.stderr
    assert "'North' is not a valid id" in result.stderr
    assert "error: nothing was migrated: 1 problem to fix first\n" in result.stderr
    assert files(legacy_group) == before


def test_dry_run_prints_the_diffs_and_writes_nothing(legacy_group: Path) -> None:
    before = files(legacy_group)

    result = tracker(legacy_group, "migrate", "--dry-run")

    assert result.exit_code == 0, result.output
    assert files(legacy_group) == before
    assert result.stderr == "would move 2 updates out of 1 commitment file\n"
    out = result.stdout
    assert out.startswith(f"--- a/{RECORD}\n+++ b/{RECORD}\n")
    assert "-status: in-progress\n" in out
    assert "-updates:\n" in out
    assert "\n-  - date: 2024-04-20\n" in out
    assert (
        f"--- /dev/null\n+++ b/{UPDATES}/2024-04-02-north-tenants.yaml\n@@ -0,0 +1,7 @@\n"
        "+date: 2024-04-02\n"
    ) in out
    assert (
        f"--- /dev/null\n+++ b/{UPDATES}/2024-04-20-north-tenants.yaml\n@@ -0,0 +1,6 @@\n"
        '+date: 2024-04-20\n+by: north-tenants\n+note: "Sent to 12 buildings: yes"\n'
        "+evidence:\n+  - https://example.org/survey\n+# more evidence to come\n"
    ) in out


def test_commit_makes_one_commit_and_a_second_run_has_nothing_to_do(legacy_group: Path) -> None:
    init_git(legacy_group)
    write_records(legacy_group, {GUIDE: LEGACY_GUIDE})
    commit_all(legacy_group, "legacy records")

    result = tracker(legacy_group, "migrate", "--commit")

    assert result.exit_code == 0, result.output
    message = "migrate: progress of 2 commitments into data/updates/ (6 updates)"
    assert git(legacy_group, "log", "--format=%s").splitlines() == [message, "legacy records"]
    changed = git(legacy_group, "show", "--name-status", "--format=", "HEAD").splitlines()
    assert sorted(changed) == sorted(
        [
            f"M\t{RECORD}",
            f"M\t{GUIDE}",
            f"A\t{UPDATES}/2024-04-02-north-tenants.yaml",
            f"A\t{UPDATES}/2024-04-20-north-tenants.yaml",
            "A\tdata/updates/tenant-guide/2024-04-10-north-tenants.yaml",
            "A\tdata/updates/tenant-guide/2024-04-10-north-tenants-2.yaml",
            "A\tdata/updates/tenant-guide/2024-04-10-north-tenants-3.yaml",
            "A\tdata/updates/tenant-guide/2024-04-10-city-office.yaml",
        ]
    )
    assert git(legacy_group, "status", "--porcelain") == ""
    assert result.stderr.splitlines()[-1].startswith("committed ")
    assert result.stderr.splitlines()[-1].endswith(f": {message}")

    again = tracker(legacy_group, "migrate")
    assert again.exit_code == 2
    assert again.stdout == ""
    assert again.stderr.splitlines()[0] == "error: every commitment is already in the current shape"
    assert git(legacy_group, "log", "--format=%s").splitlines() == [message, "legacy records"]


def test_nothing_to_migrate_does_not_suggest_update_options(minimal_group: Path) -> None:
    result = tracker(minimal_group, "migrate")
    assert result.exit_code == 2
    assert "--status" not in result.stderr
    assert result.stderr == (
        "error: every commitment is already in the current shape\n"
        "hint: nothing is left to move; `tracker validate` checks the records as they are\n"
    )


def test_migrate_outside_a_tracker_and_with_commit_outside_git(
    tmp_path: Path, legacy_group: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    nowhere = run_cli("migrate", cwd=empty)
    assert nowhere.exit_code == 1
    assert nowhere.stderr.startswith(f"error: no tracker found in {empty} or any folder above it\n")
    before = files(legacy_group)
    result = tracker(legacy_group, "migrate", "--commit")
    assert result.exit_code == 1
    assert (
        f"error: {legacy_group} is not inside a git repository, so --commit cannot commit; "
        "nothing was written"
    ) in result.stderr
    assert files(legacy_group) == before


def test_migrate_as_a_user_runs_it(legacy_group: Path) -> None:
    """The installed entry point, in a subprocess, from inside the tracker."""
    init_git(legacy_group)
    commit_all(legacy_group)
    result = run_tracker("migrate", "--commit", cwd=legacy_group / "data", env=GIT_ENV)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        RECORD,
        f"{UPDATES}/2024-04-02-north-tenants.yaml",
        f"{UPDATES}/2024-04-20-north-tenants.yaml",
    ]
    assert git(legacy_group, "status", "--porcelain") == ""
    validated = run_tracker("validate", cwd=legacy_group)
    assert validated.exit_code == 0, validated.output
