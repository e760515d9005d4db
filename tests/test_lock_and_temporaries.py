"""Where the write lock lives (never in a data folder), and the temporary
files a writer killed between creating and renaming leaves behind: removed
by the next write, never read as records."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import commit_all, git, init_git, run_cli
from cso_tracker.atomic import remove_stale_temporaries
from cso_tracker.write import lock

pytestmark = pytest.mark.today(dt.date(2024, 5, 1))


def test_outside_git_the_lock_is_beside_tracker_yaml(minimal_group: Path) -> None:
    result = run_cli("update", "repair-survey", "--note", "Halfway.", "--by", "north-tenants",
                     cwd=minimal_group)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (minimal_group / ".cso-tracker.lock").is_file()
    assert [p for p in (minimal_group / "data").rglob("*") if "lock" in p.name] == []
    checked = run_cli("validate", "--strict", cwd=minimal_group)
    assert checked.exit_code == 0, checked.output
    assert "lock" not in checked.output


def test_a_repository_made_later_does_not_track_an_old_lock(minimal_group: Path) -> None:
    """A lock left from before `git init` is not in data/, and the
    .gitignore `tracker init` writes names it: committing everything does
    not pick it up."""
    result = run_cli("init", str(minimal_group.parent / "new"), "--group", "Lakeside Forum",
                     "--secretariat", "city-office")  # fmt: skip
    new = minimal_group.parent / "new"
    assert result.exit_code == 0, result.output
    assert ".cso-tracker.lock" in (new / ".gitignore").read_text("utf-8").splitlines()
    run_cli("update", "repair-survey", "--note", "Halfway.", "--by", "north-tenants",
            cwd=minimal_group)  # fmt: skip
    assert (minimal_group / ".cso-tracker.lock").is_file()
    (minimal_group / ".gitignore").write_text((new / ".gitignore").read_text("utf-8"), "utf-8")
    init_git(minimal_group)
    commit_all(minimal_group)
    tracked = git(minimal_group, "ls-files").split()
    assert not any("lock" in name for name in tracked)


def stale_temporary(folder: Path, name: str, age: float = 60.0) -> Path:
    """A temporary file as write_atomic names it, as a killed writer leaves it."""
    path = folder / f".{name}.k1ll3d_9.tmp"
    path.write_text("id: half-written\n", "utf-8")
    past = time.time() - age
    os.utime(path, (past, past))
    return path


@pytest.mark.parametrize("git_repository", [False, True])
def test_the_next_write_removes_a_stale_temporary_file(
    minimal_group: Path, git_repository: bool
) -> None:
    if git_repository:
        init_git(minimal_group)
        commit_all(minimal_group)
    commitments = minimal_group / "data" / "commitments"
    left = stale_temporary(commitments, "repair-survey.yaml")
    deep = stale_temporary(
        minimal_group / "data" / "updates" / "repair-survey", "2024-05-01-x.yaml"
    )
    # Not a temporary file of ours: a member's own dot file stays.
    theirs = commitments / ".notes.tmp"
    theirs.write_text("mine\n", "utf-8")
    os.utime(theirs, (0, 0))

    listed = run_cli("list", "--format", "csv", cwd=minimal_group)
    assert listed.exit_code == 0
    assert "half-written" not in listed.stdout  # never read as a record
    assert left.exists()  # reading commands remove nothing

    result = run_cli("update", "repair-survey", "--note", "Halfway.", "--by", "north-tenants",
                     cwd=minimal_group)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not left.exists() and not deep.exists()
    assert theirs.exists()


def test_a_temporary_file_newer_than_the_lock_is_kept(tmp_path: Path) -> None:
    """Only files from before the lock was asked for are stale: a newer one
    may belong to a writer that held the lock while we waited for it."""
    old = stale_temporary(tmp_path, "a.yaml")
    new = stale_temporary(tmp_path, "b.yaml", age=-60.0)
    assert remove_stale_temporaries([tmp_path], older_than=time.time()) == [old]
    assert new.exists()


KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from cso_tracker import atomic
# kill -9 at the moment the temporary file is written and not yet renamed
atomic.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)
atomic.write_atomic(Path(sys.argv[1]), b"id: torn\\n")
"""


def test_a_writer_killed_before_its_rename(minimal_group: Path) -> None:
    """The real write_atomic, killed with SIGKILL between writing its
    temporary file and renaming it: the record is untouched, the leftover
    is never read, and the next write removes it."""
    record = minimal_group / "data" / "commitments" / "repair-survey.yaml"
    before = record.read_bytes()
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(record)], check=False)
    assert killed.returncode == -signal.SIGKILL
    leftovers = [p for p in record.parent.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1 and leftovers[0].read_bytes() == b"id: torn\n"
    assert record.read_bytes() == before
    past = time.time() - 5
    os.utime(leftovers[0], (past, past))
    checked = run_cli("validate", "--strict", cwd=minimal_group)
    assert checked.exit_code == 0, checked.output
    result = run_cli("update", "repair-survey", "--add-tag", "survey", cwd=minimal_group)
    assert result.exit_code == 0, result.output
    assert [p for p in record.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_lock_path_outside_git(tmp_path: Path) -> None:
    assert lock.lock_path(tmp_path) == tmp_path / ".cso-tracker.lock"


KILLED_LOCKED_WRITER = """
import os, signal, sys
from pathlib import Path
from cso_tracker import atomic
from cso_tracker.write import lock
root, record = Path(sys.argv[1]), Path(sys.argv[2])
with lock.repository_lock(root):
    lock.note_writes(root, [record])
    atomic.os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)
    atomic.write_atomic(record, b"id: torn\\n")
"""


def _update(root: Path) -> None:
    result = run_cli("update", "repair-survey", "--note", "Halfway.", "--by", "north-tenants",
                     cwd=root)  # fmt: skip
    assert result.exit_code == 0, result.output


def test_the_lock_file_names_the_folders_its_holder_wrote_to(minimal_group: Path) -> None:
    _update(minimal_group)
    journal = (minimal_group / ".cso-tracker.lock").read_text("utf-8").splitlines()
    assert journal[0].startswith("cso-tracker lock 1:")
    assert journal[1:] == ["data/updates/repair-survey"]
    _update(minimal_group)  # the next holder looked there, and started afresh
    journal = (minimal_group / ".cso-tracker.lock").read_text("utf-8").splitlines()
    assert journal[1:] == ["data/updates/repair-survey"]


def test_a_locked_writer_killed_before_its_rename(minimal_group: Path) -> None:
    """A writer holding the lock notes its folder, then is killed with its
    temporary file written: the next write looks in that folder and removes
    it. A temporary in a folder no writer noted is not looked for once the
    lock file keeps a journal (only this test plants one)."""
    _update(minimal_group)  # the lock file keeps a journal from now on
    record = minimal_group / "data" / "members" / "city-office.yaml"
    planted = stale_temporary(minimal_group / "data" / "meetings", "2024-03-05-kickoff.yaml")
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_LOCKED_WRITER, str(minimal_group), str(record)],
        check=False,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL
    leftovers = [p for p in record.parent.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1
    past = time.time() - 5
    os.utime(leftovers[0], (past, past))
    _update(minimal_group)
    assert [p for p in record.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert planted.exists()


def test_a_journal_naming_folders_outside_data_is_not_followed(minimal_group: Path) -> None:
    _update(minimal_group)
    lock_file = minimal_group / ".cso-tracker.lock"
    first = lock_file.read_text("utf-8").splitlines()[0]
    outside = stale_temporary(minimal_group, "tracker.yaml")
    above = stale_temporary(minimal_group.parent, "notes.yaml")
    lock_file.write_text(f"{first}\n.\n..\ndata/../..\n/tmp\n", "utf-8")
    _update(minimal_group)
    assert outside.exists() and above.exists()


def test_a_lock_file_without_a_journal_has_every_folder_looked_in(minimal_group: Path) -> None:
    """A lock file an older tracker left (empty) says nothing of where it wrote."""
    _update(minimal_group)
    deep = stale_temporary(minimal_group / "data" / "meetings", "2024-03-05-kickoff.yaml")
    (minimal_group / ".cso-tracker.lock").write_bytes(b"")
    _update(minimal_group)
    assert not deep.exists()


def test_noting_a_write_without_the_lock_is_a_bug(minimal_group: Path) -> None:
    with pytest.raises(AssertionError, match="without its lock"):
        lock.note_writes(minimal_group, [minimal_group / "data" / "members" / "x.yaml"])
