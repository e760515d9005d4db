"""The record cache only ever saves time: a changed, deleted or corrupt entry
never changes what the tracker reads."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from conftest import run_cli
from cso_tracker.models import CommitmentFile
from cso_tracker.repo.cache import RecordCache, code_fingerprint
from cso_tracker.repo.load import load_repository
from cso_tracker.repo.source import stat_key

COMMITMENT = "data/commitments/repair-survey.yaml"


def _age(path: Path, seconds: float = 10) -> None:
    """Move a file's mtime out of the racy window, as if written a while ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def _age_all(root: Path) -> None:
    for path in (root / "data").rglob("*.yaml"):
        _age(path)


def test_second_load_comes_from_the_cache(minimal_group: Path) -> None:
    _age_all(minimal_group)
    first = load_repository(minimal_group)
    cache = RecordCache(minimal_group)
    assert cache.path.is_file()
    stat = (minimal_group / COMMITMENT).stat()

    cached = cache.get(COMMITMENT, stat_key(stat))
    assert cached is not None
    record, problems = cached
    # The cache keeps what the file holds; its updates are applied on every load.
    assert record == CommitmentFile(**{
        name: getattr(first.commitments["repair-survey"], name)
        for name in CommitmentFile.model_fields
        if name != "due"
    }, due=first.commitments["repair-survey"].agreed_due)  # fmt: skip
    assert problems == []


def test_an_edited_file_is_read_again(minimal_group: Path) -> None:
    _age_all(minimal_group)
    load_repository(minimal_group)
    path = minimal_group / COMMITMENT
    path.write_text(path.read_text().replace("title: Repair survey", "title: Repair census"))
    repository = load_repository(minimal_group)
    assert repository.commitments["repair-survey"].title == "Repair census"


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(minimal_group: Path) -> None:
    """Same size, same mtime (an editor restoring timestamps): ctime/inode differ."""
    _age_all(minimal_group)
    path = minimal_group / COMMITMENT
    before = path.stat()
    load_repository(minimal_group)
    path.write_text(path.read_text().replace("Repair survey", "Repair SURVEY"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert load_repository(minimal_group).commitments["repair-survey"].title == "Repair SURVEY"


def test_a_broken_file_stays_broken_when_cached(minimal_group: Path) -> None:
    path = minimal_group / "data/updates/repair-survey/2024-04-02-north-tenants.yaml"
    path.write_text(path.read_text().replace("status: in-progress", "status: progress"))
    _age_all(minimal_group)
    first = run_cli("validate", cwd=minimal_group)
    second = run_cli("validate", cwd=minimal_group)
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout
    assert "[schema-enum]" in second.stdout


def test_a_corrupt_cache_is_ignored_and_rebuilt(minimal_group: Path) -> None:
    _age_all(minimal_group)
    load_repository(minimal_group)
    cache_file = RecordCache(minimal_group).path
    cache_file.write_bytes(b"not JSON at all")
    repository = load_repository(minimal_group)
    assert set(repository.commitments) == {"repair-survey"}
    assert cache_file.read_bytes() != b"not JSON at all"


def test_a_deleted_file_disappears(minimal_group: Path) -> None:
    _age_all(minimal_group)
    load_repository(minimal_group)
    (minimal_group / COMMITMENT).unlink()
    assert load_repository(minimal_group).commitments == {}


def test_files_written_just_now_are_not_cached(minimal_group: Path) -> None:
    """Within the racy window a second write could keep the same stat."""
    load_repository(minimal_group)

    stat = (minimal_group / COMMITMENT).stat()
    assert RecordCache(minimal_group).get(COMMITMENT, stat_key(stat)) is None


def test_a_fresh_edit_does_not_rewrite_the_whole_cache(minimal_group: Path) -> None:
    """After `tracker update` writes one file, the next run must not pay for
    rewriting every entry just because that file is inside the racy window."""
    _age_all(minimal_group)
    load_repository(minimal_group)
    cache_file = RecordCache(minimal_group).path
    written = cache_file.stat().st_mtime_ns
    path = minimal_group / COMMITMENT
    path.write_text(path.read_text().replace("Repair survey", "Repair census"))
    repository = load_repository(minimal_group)
    assert repository.commitments["repair-survey"].title == "Repair census"
    assert cache_file.stat().st_mtime_ns == written
    _age(path)
    assert load_repository(minimal_group).commitments["repair-survey"].title == "Repair census"
    assert cache_file.stat().st_mtime_ns != written


def test_the_cache_is_keyed_by_the_code_that_filled_it(tmp_path: Path) -> None:
    """A new schema rule without a version bump (installed from git) must not
    be hidden by results cached by the code before it."""
    import cso_tracker
    from cso_tracker.repo import cache

    package = tmp_path / "package"
    package.mkdir()
    module = package / "models.py"
    module.write_text("A = 1\n", encoding="utf-8")
    (package / "notes.txt").write_text("not code\n", encoding="utf-8")
    before = code_fingerprint(package)
    (package / "notes.txt").write_text("still not code\n", encoding="utf-8")
    assert code_fingerprint(package) == before
    module.write_text("A = 22\n", encoding="utf-8")
    assert code_fingerprint(package) != before
    assert cache.version_key().endswith("/" + code_fingerprint(Path(cso_tracker.__file__).parent))


def test_the_cache_is_keyed_by_the_installed_pydantic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pydantic's messages are in the problems a cache keeps: a new install
    of it (found without importing it) is a new key."""
    from cso_tracker.repo import cache

    package = tmp_path / "fakepydantic"
    package.mkdir()
    (package / "__init__.py").write_text("VERSION = '1'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = cache._installed("fakepydantic")
    (package / "__init__.py").write_text("VERSION = '22'\n", encoding="utf-8")
    assert cache._installed("fakepydantic") != before
    assert "fakepydantic" not in sys.modules
    assert cache._installed("no_such_package_here") == "none"
