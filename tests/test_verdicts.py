"""Stored verdicts (repo/verdicts.py, repo/scan.py): a warm `tracker
validate` reads no record, and is never wrong: every change to what it
judged, another day, a revision of its own, a corrupt or untrusted store
and --no-cache each give the verdict a cold run gives."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import commit_all, run_cli, set_today
from cso_tracker.checks.run import validate_source
from cso_tracker.problems import Problem
from cso_tracker.repo.layout import RecordFile
from cso_tracker.repo.source import WorkTree
from cso_tracker.repo.verdicts import VerdictStore

DAY = dt.date(2024, 5, 1)
pytestmark = pytest.mark.today(DAY)

COMMITMENT = "data/commitments/repair-survey.yaml"
UPDATE = "data/updates/repair-survey/2024-04-02-north-tenants.yaml"


@dataclass
class CountingTree(WorkTree):
    """The work tree, counting the record files it reads."""

    reads: int = 0

    def read(self, record_file: RecordFile) -> bytes | Problem:
        self.reads += 1
        return super().read(record_file)


def _age(root: Path) -> None:
    """Every file out of the window in which a stat is not trusted."""
    then = time.time() - 10
    for path in [root / "tracker.yaml", *(root / "data").rglob("*.yaml")]:
        os.utime(path, (then, then))


def _rules(root: Path, *options: str) -> tuple[int, list[str]]:
    result = run_cli(*options, "validate", "--format", "json", cwd=root)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, [p["rule"] for p in json.loads(result.stdout)["problems"]]


def _store_path(root: Path) -> Path:
    return VerdictStore(root, "worktree").path


def test_a_warm_validate_reads_no_record_and_says_the_same(minimal_group: Path) -> None:
    _age(minimal_group)
    cold = CountingTree(minimal_group)
    first = validate_source(cold, today=DAY)
    assert cold.reads == 5  # every record file (tracker.yaml is read apart)
    warm = CountingTree(minimal_group)
    assert validate_source(warm, today=DAY) == first
    assert warm.reads == 0
    off = CountingTree(minimal_group)
    assert validate_source(off, today=DAY, use_cache=False) == first
    assert off.reads == 5


def _edit(root: Path) -> None:
    path = root / COMMITMENT
    path.write_text(path.read_text().replace("due: 2024-06-30", "due: 2024-02-30"))


def _add(root: Path) -> None:
    (root / "data/members/broken.yaml").write_text("id: broken\nname: [unclosed\n")


def _remove(root: Path) -> None:
    (root / UPDATE).unlink()
    (root / "data/members/north-tenants.yaml").unlink()


def _rename(root: Path) -> None:
    (root / COMMITMENT).rename(root / "data/commitments/repair-plan.yaml")


def _settings(root: Path) -> None:
    path = root / "tracker.yaml"
    path.write_text(path.read_text().replace("stale_after_days: 60", "stale_after_days: 0"))


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        (_edit, "schema-value"),
        (_add, "yaml-syntax"),
        (_remove, "ref-member"),
        (_rename, "id-mismatch"),
        (_settings, "schema-type"),
    ],
    ids=["edited", "added", "removed", "renamed", "tracker.yaml edited"],
)
def test_a_change_is_seen_by_the_next_run(
    minimal_group: Path, change: Callable[[Path], None], rule: str
) -> None:
    _age(minimal_group)
    assert _rules(minimal_group) == (0, [])
    assert _store_path(minimal_group).exists()
    change(minimal_group)
    _age(minimal_group)  # so that the run after it does use the store
    code, rules = _rules(minimal_group)
    assert code == 1
    assert rule in rules
    assert _rules(minimal_group) == (code, rules)  # now from the store
    assert _rules(minimal_group, "--no-cache") == (code, rules)


def test_files_written_just_now_leave_no_verdict(minimal_group: Path) -> None:
    """A file changed within the last seconds may change again without its
    stat changing: nothing judged from it is kept."""
    assert _rules(minimal_group) == (0, [])
    assert not _store_path(minimal_group).exists()
    _age(minimal_group)
    assert _rules(minimal_group) == (0, [])
    assert _store_path(minimal_group).exists()


def test_a_verdict_is_of_its_day(minimal_group: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules compare dates with today: an update dated tomorrow is a
    error today and nothing the day after."""
    path = minimal_group / UPDATE
    path.write_text(path.read_text().replace("date: 2024-04-02", "date: 2024-05-02"))
    path.rename(path.with_name("2024-05-02-north-tenants.yaml"))
    _age(minimal_group)
    assert _rules(minimal_group) == (1, ["update-in-future"])
    assert _rules(minimal_group) == (1, ["update-in-future"])
    set_today(monkeypatch, dt.date(2024, 5, 3))
    assert _rules(minimal_group) == (0, [])
    set_today(monkeypatch, DAY)
    assert _rules(minimal_group) == (1, ["update-in-future"])


def _plant_a_clean_verdict(root: Path) -> Path:
    """Break a record, store its verdict, then rewrite the store to say it is clean."""
    _edit(root)
    _age(root)
    assert _rules(root) == (1, ["schema-value"])
    store = _store_path(root)
    stored = json.loads(store.read_text())
    for entry in stored["verdicts"]:
        entry[3] = []
    store.write_text(json.dumps(stored))
    return store


def test_the_store_is_believed_only_when_it_is_the_users_own(minimal_group: Path) -> None:
    store = _plant_a_clean_verdict(minimal_group)
    assert _rules(minimal_group) == (0, [])  # the test's own plant is served: the check can fail
    store.chmod(0o666)
    assert _rules(minimal_group) == (1, ["schema-value"])


def test_no_cache_never_reads_nor_writes_the_store(minimal_group: Path) -> None:
    store = _plant_a_clean_verdict(minimal_group)
    planted = store.read_bytes()
    assert _rules(minimal_group, "--no-cache") == (1, ["schema-value"])
    assert store.read_bytes() == planted


@pytest.mark.parametrize("damage", [b"", b"{", b'{"version": 1}', b"[1, 2]", b"\xff\xfe"])
def test_a_corrupt_store_is_rebuilt(minimal_group: Path, damage: bytes) -> None:
    _edit(minimal_group)
    _age(minimal_group)
    assert _rules(minimal_group) == (1, ["schema-value"])
    store = _store_path(minimal_group)
    store.write_bytes(damage)
    assert _rules(minimal_group) == (1, ["schema-value"])
    assert json.loads(store.read_text())["verdicts"][0][3][0][5] == "schema-value"


def test_each_revision_has_its_own_verdict(git_group: Path) -> None:
    _edit(git_group)
    commit_all(git_group, "an owner nobody knows")
    for _ in range(2):
        assert run_cli("validate", "--at", "HEAD~1", cwd=git_group).exit_code == 0
        result = run_cli("validate", "--at", "HEAD", "--format", "json", cwd=git_group)
        assert [p["rule"] for p in json.loads(result.stdout)["problems"]] == ["schema-value"]
