"""Stored reports (repo/outputs.py, cli/_answers.py): a warm report is the
text an earlier run wrote, and is never wrong. Each test stores a report,
plants a marker text in its place (with a valid header, so a lookup that
finds it writes it), changes one thing the report is made of, and asserts
that the next run writes the fresh report, exactly as --no-cache does."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import age_files, commit_all, git, init_git, run_cli, run_tracker, set_today
from cso_tracker.git.state import NO_GIT, report_state
from cso_tracker.repo.cache import cache_folder
from cso_tracker.repo.outputs import KEPT, OutputStore, StoredReport

DAY = dt.date(2024, 5, 1)
pytestmark = pytest.mark.today(DAY)

PLANTED = "a planted report\n"
COMMITMENT = "data/commitments/repair-survey.yaml"
STATUS = ("status", "--format", "md")


def _reports() -> list[Path]:
    folder = cache_folder()
    found = folder.glob("*.report") if folder.exists() else []
    return sorted(found, key=lambda path: path.stat().st_mtime_ns)


def _plant(path: Path, text: str = PLANTED) -> None:
    """`text` in place of the stored report, its header still valid."""
    header, _, _body = path.read_bytes().partition(b"\n")
    fields = json.loads(header)
    body = text.encode()
    fields["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(fields).encode() + b"\n" + body)


def _report(root: Path, *args: str) -> str:
    result = run_cli(*args, cwd=root)
    assert result.exit_code == 0, result.output
    return result.stdout


def _stored_and_planted(root: Path, *args: str) -> str:
    """Store the report of `args` (its one file planted), and return its text."""
    before = set(_reports())
    text = _report(root, *args)
    written = [path for path in _reports() if path not in before]
    assert len(written) == 1
    _plant(written[0])
    assert _report(root, *args) == PLANTED  # the store answers, and the key matches
    return text


@pytest.fixture
def group(git_group: Path) -> Path:
    return age_files(git_group)


@pytest.mark.parametrize(
    "args",
    [
        STATUS,
        ("status", "--format", "json"),
        ("status", "--format", "md", "--at", "HEAD"),
        ("list", "--overdue", "--format", "json", "--as-of", "2024-07-01"),
        ("list", "--format", "csv"),
        ("list", "--format", "md", "--at", "HEAD"),
    ],
    ids=["status md", "status json", "status at", "list json", "list csv", "list md at"],
)
def test_a_warm_report_is_the_stored_text_of_the_same_report(
    group: Path, args: tuple[str, ...]
) -> None:
    fresh = _report(group, "--no-cache", *args)
    assert _stored_and_planted(group, *args) == fresh


def _edit(root: Path) -> None:
    path = root / COMMITMENT
    path.write_text(path.read_text().replace("Repair survey", "Repair census"))


def _add_untracked(root: Path) -> None:
    shutil.copy(root / COMMITMENT, root / "data/commitments/repair-plan.yaml")
    _edit_id(root / "data/commitments/repair-plan.yaml")


def _edit_id(path: Path) -> None:
    path.write_text(path.read_text().replace("id: repair-survey", "id: repair-plan"))


def _commit(root: Path) -> None:
    _edit(root)
    commit_all(root, "renamed the survey")


def _commit_elsewhere(root: Path) -> None:
    """HEAD moves, the records do not: the history the report reads does."""
    (root / "notes.txt").write_text("minutes to come\n")
    commit_all(root, "notes, not records")


def _untrack(root: Path) -> None:
    """Same files, same HEAD: only git's index changed (uncommitted now)."""
    git(root, "rm", "--quiet", "--cached", COMMITMENT)


def _settings(root: Path) -> None:
    path = root / "tracker.yaml"
    path.write_text(path.read_text().replace("Lakeside Housing Forum", "Lakeside Forum"))


def _group_template(root: Path) -> None:
    (root / "templates").mkdir()
    (root / "templates/status.md.j2").write_text("The group's own: {{ report.group }}\n")


@pytest.mark.parametrize(
    "change",
    [_edit, _add_untracked, _commit, _commit_elsewhere, _untrack, _settings, _group_template],
    ids=[
        "record edited",
        "record added",
        "committed",
        "HEAD moved",
        "index changed",
        "tracker.yaml edited",
        "group template added",
    ],
)
def test_a_change_gives_the_fresh_report(group: Path, change: Callable[[Path], None]) -> None:
    _stored_and_planted(group, *STATUS)
    change(group)
    age_files(group)  # so that the run after it could use a store
    fresh = _report(group, "--no-cache", *STATUS)
    assert _report(group, *STATUS) == fresh != PLANTED


def test_another_day_gives_the_fresh_report(group: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _stored_and_planted(group, "list", "--overdue", "--format", "json")
    set_today(monkeypatch, dt.date(2024, 7, 2))  # the survey (due 2024-06-30) is overdue now
    fresh = _report(group, "--no-cache", "list", "--overdue", "--format", "json")
    assert "repair-survey" in fresh
    assert _report(group, "list", "--overdue", "--format", "json") == fresh


def test_other_options_and_another_revision_are_other_reports(group: Path) -> None:
    _stored_and_planted(group, *STATUS)
    assert _report(group, *STATUS, "--max-rows", "1") != PLANTED
    _edit(group)
    commit_all(group, "renamed the survey")
    _stored_and_planted(group, *STATUS, "--at", "HEAD")
    assert _report(group, *STATUS, "--at", "HEAD~1") == _report(
        group, "--no-cache", *STATUS, "--at", "HEAD~1"
    )


def test_a_fresh_file_stores_nothing(git_group: Path) -> None:
    """Written within the racy window: its stat may not show the next write."""
    _report(git_group, *STATUS)
    assert _reports() == []


@pytest.mark.parametrize(
    "args",
    [
        ("--no-cache", *STATUS),
        (*STATUS, "--template", "custom.md.j2"),
        ("status", "--format", "rich"),
    ],
    ids=["--no-cache", "--template", "rich"],
)
def test_what_is_never_stored(group: Path, args: tuple[str, ...]) -> None:
    (group / "custom.md.j2").write_text("{{ report.group }}\n")
    _report(group, *args)
    _report(group, *args)
    assert _reports() == []


def test_no_cache_never_reads_the_store(group: Path) -> None:
    fresh = _stored_and_planted(group, *STATUS)
    assert _report(group, "--no-cache", *STATUS) == fresh


def _damage_body(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"more")


def _damage_header(path: Path) -> None:
    path.write_bytes(b"{not json\n" + path.read_bytes().partition(b"\n")[2])


def _other_version(path: Path) -> None:
    header, _, body = path.read_bytes().partition(b"\n")
    fields = json.loads(header) | {"version": "another tracker"}
    path.write_bytes(json.dumps(fields).encode() + b"\n" + body)


def _negative_count(path: Path) -> None:
    header, _, body = path.read_bytes().partition(b"\n")
    fields = json.loads(header) | {"broken": -1}
    path.write_bytes(json.dumps(fields).encode() + b"\n" + body)


def _writable_by_others(path: Path) -> None:
    path.chmod(0o666)


def _not_utf8(path: Path) -> None:
    _plant(path)
    header, _, _body = path.read_bytes().partition(b"\n")
    fields = json.loads(header) | {"sha256": hashlib.sha256(b"\xff\xfe").hexdigest()}
    path.write_bytes(json.dumps(fields).encode() + b"\n\xff\xfe")


@pytest.mark.parametrize(
    "damage",
    [
        _damage_body,
        _damage_header,
        _other_version,
        _negative_count,
        _writable_by_others,
        _not_utf8,
        Path.unlink,
    ],
    ids=[
        "body changed",
        "header not JSON",
        "other version",
        "bad count",
        "others may write",
        "not UTF-8",
        "removed",
    ],
)
def test_a_damaged_or_untrusted_report_is_made_again(
    group: Path, damage: Callable[[Path], None]
) -> None:
    fresh = _stored_and_planted(group, *STATUS)
    damage(_reports()[-1])
    assert _report(group, *STATUS) == fresh


def test_the_warning_about_files_with_errors_is_given_again(group: Path) -> None:
    (group / "data/members/broken.yaml").write_text("id: broken\nname: [unclosed\n")
    age_files(group)
    first = run_cli(*STATUS, cwd=group)
    assert "warning: 1 file has errors" in first.stderr
    _plant(_reports()[-1])
    again = run_cli(*STATUS, cwd=group)
    assert (again.exit_code, again.stdout) == (0, PLANTED)
    assert again.stderr == first.stderr


def test_json_for_a_terminal_that_cannot_show_a_character(group: Path) -> None:
    """JSON escapes what standard output cannot encode: a report stored for
    a UTF-8 terminal is not the one an ASCII terminal gets."""
    path = group / COMMITMENT
    path.write_text(path.read_text().replace("Repair survey", "Repair survey \u2013 phase one"))
    age_files(group)
    args = ("list", "--format", "json")
    utf8 = run_tracker(*args, cwd=group, env={"PYTHONIOENCODING": "utf-8"})
    assert "survey \u2013 phase" in utf8.stdout
    ascii_ = run_tracker(*args, cwd=group, env={"PYTHONIOENCODING": "ascii"})
    assert "survey \\u2013 phase" in ascii_.stdout
    assert len(_reports()) == 2


def test_only_the_latest_reports_are_kept(group: Path) -> None:
    for rows in range(1, KEPT + 3):
        _report(group, *STATUS, "--max-rows", str(rows))
    assert len(_reports()) == KEPT


def test_a_lone_surrogate_is_not_stored(tmp_path: Path) -> None:
    store = OutputStore(tmp_path, "worktree")
    store.put("k" * 64, StoredReport("\udcff", 0))
    assert store.get("k" * 64) is None
    store.put("k" * 64, StoredReport("text", 2))
    assert store.get("k" * 64) == StoredReport("text", 2)
    assert store.get("j" * 64) is None


# --- git's state -----------------------------------------------------------------------


def test_the_git_state_of_a_folder_outside_git(minimal_group: Path) -> None:
    assert report_state(minimal_group, None) == NO_GIT


def test_the_git_state_names_the_commit_and_the_changes(tmp_path: Path) -> None:
    root = tmp_path / "group"
    root.mkdir()
    init_git(root)
    assert report_state(root, None).startswith("commit unborn\nshallow false")
    (root / "data").mkdir()
    (root / "data/a.yaml").write_text("id: a\n")
    head = commit_all(root)
    assert report_state(root, None) == f"commit {head}\nshallow false\n"
    (root / "data/a.yaml").write_text("id: b\n")
    assert report_state(root, None) == f"commit {head}\nshallow false\n M data/a.yaml\n"
    assert report_state(root, head) == f"commit {head}\nshallow false"


def test_asking_the_git_state_never_rewrites_the_index(tmp_path: Path) -> None:
    """A report runs git status while the member may run git themselves: a
    refreshed index written meanwhile would take the lock from under them."""
    root = tmp_path / "group"
    root.mkdir()
    init_git(root)
    (root / "data").mkdir()
    (root / "data/a.yaml").write_text("id: a\n")
    head = commit_all(root)
    index = root / ".git" / "index"
    then = (index.stat().st_mtime_ns, index.stat().st_ino)
    later = (root / "data/a.yaml").stat().st_mtime_ns + 5_000_000_000
    os.utime(root / "data/a.yaml", ns=(later, later))  # stat-dirty, content unchanged
    assert report_state(root, None) == f"commit {head}\nshallow false\n"
    assert (index.stat().st_mtime_ns, index.stat().st_ino) == then
    git(root, "status", "--porcelain")  # as plain git status would rewrite it
    assert (index.stat().st_mtime_ns, index.stat().st_ino) != then


def test_the_git_state_of_a_shallow_clone_names_where_it_stops(tmp_path: Path) -> None:
    root = tmp_path / "group"
    root.mkdir()
    init_git(root)
    (root / "data").mkdir()
    for text in ("id: a\n", "id: b\n"):
        (root / "data/a.yaml").write_text(text)
        head = commit_all(root)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", root.as_uri(), str(clone)],
                   check=True, capture_output=True, env=os.environ)  # fmt: skip
    assert report_state(clone, head) == f"commit {head}\nshallow true\n{head}\n"


def test_a_commit_made_while_the_report_is_made_is_not_kept_for_the_state_before(
    group: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HEAD can come back (a reset): a text with the commit in it, kept under
    the state from before it, would then be given for that state."""
    from cso_tracker.query import status

    built = status.build_status

    def commit_first(*args: object, **kwargs: object) -> object:
        (group / "notes.txt").write_text("written during the report\n")
        commit_all(group, "notes, made while the report was made")
        return built(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(status, "build_status", commit_first)
    _report(group, *STATUS)
    assert _reports() == []
    monkeypatch.setattr(status, "build_status", built)
    git(group, "reset", "--quiet", "--soft", "HEAD~1")
    assert _report(group, *STATUS) == _report(group, "--no-cache", *STATUS)
