"""`tracker --no-cache`: every record file read and checked, the record
cache neither read nor written, by every command that loads records."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest

from conftest import commit_all, init_git, run_cli
from cso_tracker.repo.cache import RecordCache, cache_folder
from cso_tracker.repo.load import load_repository
from cso_tracker.repo.source import stat_key

pytestmark = pytest.mark.today(dt.date(2024, 5, 1))

COMMITMENT = "data/commitments/repair-survey.yaml"


def _age_all(root: Path) -> None:
    """Out of the racy window, so the cache believes the files' stat."""
    then = time.time() - 10
    for path in (root / "data").rglob("*.yaml"):
        os.utime(path, (then, then))


def _cached_files() -> list[Path]:
    folder = cache_folder()
    return sorted(folder.rglob("*")) if folder.exists() else []


def _titles(root: Path, *global_options: str) -> list[str]:
    result = run_cli(*global_options, "list", "--format", "json", cwd=root)
    assert result.exit_code == 0, result.output
    return [item["title"] for item in json.loads(result.stdout)["commitments"]]


def test_reading_and_validating_leave_the_cache_folder_empty(minimal_group: Path) -> None:
    _age_all(minimal_group)
    checked = run_cli("--no-cache", "validate", cwd=minimal_group)
    assert checked.exit_code == 0, checked.output
    assert _titles(minimal_group, "--no-cache") == ["Repair survey"]
    status = run_cli("--no-cache", "status", "--format", "md", cwd=minimal_group)
    assert status.exit_code == 0, status.output
    assert _cached_files() == []
    # The same commands without the option do fill it: the check above can fail.
    assert run_cli("validate", cwd=minimal_group).exit_code == 0
    assert _cached_files() != []


def test_a_cached_entry_is_not_believed(minimal_group: Path) -> None:
    """A planted entry with the file's own stat: the cache serves it, --no-cache
    reads the file."""
    _age_all(minimal_group)
    load_repository(minimal_group)
    cache = RecordCache(minimal_group)
    key = stat_key((minimal_group / COMMITMENT).stat())
    cached = cache.get(COMMITMENT, key)
    assert cached is not None
    record, problems = cached
    cache.put(COMMITMENT, key, (record.model_copy(update={"title": "Planted title"}), problems))
    cache.save()

    assert _titles(minimal_group) == ["Planted title"]
    planted = cache.path.read_bytes()  # as that run left it, with the other files too
    assert _titles(minimal_group, "--no-cache") == ["Repair survey"]
    assert cache.path.read_bytes() == planted


def test_a_corrupt_cache_is_left_as_it_is(minimal_group: Path) -> None:
    _age_all(minimal_group)
    load_repository(minimal_group)
    cache_file = RecordCache(minimal_group).path
    cache_file.write_bytes(b"not JSON at all")
    assert _titles(minimal_group, "--no-cache") == ["Repair survey"]
    assert cache_file.read_bytes() == b"not JSON at all"


def test_a_write_neither_reads_nor_writes_the_cache(minimal_group: Path) -> None:
    _age_all(minimal_group)
    result = run_cli("--no-cache", "update", "repair-survey", "--note", "Halfway.",
                     "--by", "north-tenants", cwd=minimal_group)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _cached_files() == []


def test_git_history_and_pull_requests_leave_the_cache_folder_empty(
    minimal_group: Path,
) -> None:
    init_git(minimal_group)
    commit_all(minimal_group, "initial records")
    path = minimal_group / COMMITMENT
    path.write_text(path.read_text().replace("title: Repair survey", "title: Repair census"))
    commit_all(minimal_group, "rename the survey")
    at = run_cli("--no-cache", "list", "--at", "HEAD~1", "--format", "json", cwd=minimal_group)
    assert at.exit_code == 0, at.output
    assert [c["title"] for c in json.loads(at.stdout)["commitments"]] == ["Repair survey"]
    changes = run_cli("--no-cache", "changes", "--since", "HEAD~1", "--format", "json",
                      cwd=minimal_group)  # fmt: skip
    assert changes.exit_code == 0, changes.output
    assert "Repair census" in changes.stdout
    story = run_cli("--no-cache", "log", "repair-survey", "--format", "json", cwd=minimal_group)
    assert story.exit_code == 0, story.output
    review = run_cli("--no-cache", "check-pr", "--base", "HEAD~1", "--head", "HEAD",
                     "--author", "someone", cwd=minimal_group)  # fmt: skip
    assert review.exit_code in (0, 1), review.output
    assert "Traceback" not in review.output
    assert _cached_files() == []


def test_help_explains_the_option() -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "--no-cache" in result.stdout
    assert "neither reading nor writing the record" in " ".join(result.stdout.split())
