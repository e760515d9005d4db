"""What a source does with a path that is not what the layout says it is:
`data/` or a record folder that is a file, `tracker.yaml` that is a folder
or a named pipe, a folder or file that cannot be read, a blob git cannot
read. Each is a located problem (file-unreadable) and exit 1, at a revision
as on disk: never "0 files checked: no problems", a traceback or a hang."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import commit_all, git, run_cli, run_tracker
from cso_tracker.problems import Problem
from cso_tracker.repo.load import load
from cso_tracker.repo.revision import Revision
from cso_tracker.repo.source import WorkTree
from revision_helpers import facts

UNREADABLE = "[file-unreadable]"


def _replace_with_file(root: Path, rel: str) -> None:
    shutil.rmtree(root / rel)
    (root / rel).write_text("not a folder\n", encoding="utf-8")


def _lines(problems: list[Problem]) -> list[str]:
    return [f"{p.path}:{p.line}:{p.column}: {p.severity}: {p.message} [{p.rule}]" for p in problems]


def _validate(root: Path) -> tuple[int, list[str], str]:
    result = run_cli("--root", str(root), "validate")
    return result.exit_code, result.stdout.splitlines(), result.stderr.strip()


FILE_CASES = {
    "data": ("data:1:1: error: cannot read: not a folder, so no records are read "
             "[file-unreadable]"),
    "data/commitments": ("data/commitments:1:1: error: cannot read: not a folder, so no "
                         "commitments are read from it [file-unreadable]"),
    "data/updates/repair-survey": ("data/updates/repair-survey:1:1: error: cannot read: not a "
                                   "folder, so no updates are read from it [file-unreadable]"),
}  # fmt: skip


@pytest.mark.parametrize("folder", FILE_CASES)
def test_a_record_folder_that_is_a_file_is_located(git_group: Path, folder: str) -> None:
    """Once these passed as "0 files checked: no problems"."""
    _replace_with_file(git_group, folder)
    code, lines, summary = _validate(git_group)
    assert FILE_CASES[folder] in lines
    assert code == 1
    assert "no problems" not in summary
    commit_all(git_group, f"{folder} is a file")
    at_commit = facts(load(Revision(git_group, "HEAD"), use_cache=False))
    assert at_commit == facts(load(WorkTree(git_group), use_cache=False))


def test_tracker_yaml_that_is_a_folder_is_located(git_group: Path) -> None:
    (git_group / "tracker.yaml").unlink()
    (git_group / "tracker.yaml").mkdir()
    (git_group / "tracker.yaml" / "group.yaml").write_text("group: x\n", encoding="utf-8")
    expected = ("tracker.yaml:1:1: error: cannot read: a folder, not a file, so no settings "
                "are read [file-unreadable]")  # fmt: skip
    code, lines, _ = _validate(git_group)
    assert (code, lines) == (1, [expected])
    commit_all(git_group, "tracker.yaml is a folder")
    assert _lines(load(Revision(git_group, "HEAD"), use_cache=False).problems) == [expected]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_tracker_yaml_that_is_a_named_pipe_is_located_and_never_opened(tmp_path: Path) -> None:
    """Opening a FIFO for reading waits for a writer: the real command, with
    a timeout, shows it is judged before it is opened."""
    from conftest import MINIMAL_GROUP, write_records

    root = write_records(tmp_path / "group", MINIMAL_GROUP)
    (root / "tracker.yaml").unlink()
    os.mkfifo(root / "tracker.yaml")
    result = run_tracker("validate", cwd=root)
    assert result.stdout.splitlines() == [
        "tracker.yaml:1:1: error: cannot read: a named pipe (FIFO), not a file, so no settings "
        "are read [file-unreadable]"
    ]
    assert result.exit_code == 1


def test_a_blob_git_cannot_read_is_located_not_a_crash(git_group: Path) -> None:
    """ls-tree says BAD for its size and cat-file says missing: a corrupt
    object (root can always read a file, so corruption stands in for a
    permission git is refused)."""
    blob = git(git_group, "rev-parse", "HEAD:data/commitments/repair-survey.yaml").strip()
    path = git_group / ".git" / "objects" / blob[:2] / blob[2:]
    path.chmod(0o644)
    path.write_bytes(b"not a zlib stream")
    problems = _lines(load(Revision(git_group, "HEAD"), use_cache=False).problems)
    assert problems[0] == (
        f"data/commitments/repair-survey.yaml:1:1: error: cannot read: git cannot read its "
        f"object {blob[:12]} (missing, unreadable or corrupt); `git fsck` says more "
        "[file-unreadable]"
    )


# --- permissions: chmod 000 -----------------------------------------------------------


def _denying_prefix() -> list[str] | None:
    """How to run a command so that chmod 000 denies it: as is for a normal
    user; for root (which reads anything), without the capabilities that
    override permissions, through setpriv. None when neither is possible."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return prefix if probe.returncode == 0 else None


DENY = _denying_prefix()
needs_denial = pytest.mark.skipif(
    DENY is None, reason="running as root without setpriv: chmod 000 does not deny root"
)


def _tracker_denied(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert DENY is not None
    return subprocess.run(
        [*DENY, sys.executable, "-m", "cso_tracker", "--root", str(root), *args],
        capture_output=True, text=True, timeout=120, check=False, cwd=root.parent,
        env={**os.environ, "XDG_CACHE_HOME": str(root.parent / "cache")},
    )  # fmt: skip


@needs_denial
@pytest.mark.parametrize(("blocked", "expected"), [
    ("data/commitments", "data/commitments:1:1: error: cannot read: cannot list the folder: "
                         "Permission denied [file-unreadable]"),
    ("data", "data:1:1: error: cannot read: cannot list the folder: Permission denied "
             "[file-unreadable]"),
    ("data/updates/repair-survey", "data/updates/repair-survey:1:1: error: cannot read: cannot "
                                   "list the folder: Permission denied [file-unreadable]"),
    ("data/commitments/repair-survey.yaml", "data/commitments/repair-survey.yaml:1:1: error: "
                                            "cannot read: Permission denied [file-unreadable]"),
    ("tracker.yaml", "tracker.yaml:1:1: error: cannot read: Permission denied [file-unreadable]"),
])  # fmt: skip
def test_what_cannot_be_read_is_located_in_every_command(
    git_group: Path, blocked: str, expected: str
) -> None:
    """validate says where; the reading commands warn and go on; the
    writing ones refuse with exit 1, or write what they can (once `update`,
    `add` and `fmt` crashed, exit 3)."""
    (git_group / blocked).chmod(0)
    try:
        checked = _tracker_denied(git_group, "validate")
        assert expected in checked.stdout.splitlines()
        assert checked.returncode == 1
        for args in (("status",), ("list",), ("fmt", "--check"),
                     ("update", "repair-survey", "--note", "Phoned.", "--by", "north-tenants"),
                     ("add", "--title", "Guide", "--text", "A guide.", "--owner", "north-tenants",
                      "--meeting", "2024-03-05-kickoff", "--due", "2024-09-30")):  # fmt: skip
            result = _tracker_denied(git_group, *args)
            assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
            assert result.returncode in (0, 1), (args, result.stderr)
    finally:
        (git_group / blocked).chmod(0o755)


@needs_denial
@pytest.mark.parametrize(("blocked", "expected"), [
    ("data/commitments", "data/commitments:1:1: error: cannot read: cannot list the folder: "
                         "Permission denied [file-unreadable]"),
    ("data/commitments/repair-survey.yaml", "data/commitments/repair-survey.yaml:1:1: error: "
                                            "cannot read: Permission denied [file-unreadable]"),
])  # fmt: skip
def test_a_named_file_that_cannot_be_read_is_located(
    git_group: Path, blocked: str, expected: str
) -> None:
    """As a pre-commit hook names it: once a usage error (exit 2), a crash
    (exit 3), or "1 file checked: no problems" when its folder hid it."""
    (git_group / blocked).chmod(0)
    try:
        named = str(git_group / "data/commitments/repair-survey.yaml")
        result = _tracker_denied(git_group, "validate", named)
    finally:
        (git_group / blocked).chmod(0o755)
    assert result.stdout.splitlines() == [expected]
    assert result.returncode == 1


@needs_denial
def test_a_root_that_cannot_be_read_says_so(tmp_path: Path) -> None:
    """Inside a folder that cannot be searched: once a crash (exit 3)."""
    from conftest import MINIMAL_GROUP, write_records

    root = write_records(tmp_path / "locked" / "group", MINIMAL_GROUP)
    (tmp_path / "locked").chmod(0)
    try:
        result = _tracker_denied(root, "validate")
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert result.stderr.splitlines()[0] == (
        f"error: --root points at {root}, which cannot be read: Permission denied"
    )
    assert result.returncode == 1
