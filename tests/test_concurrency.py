"""Concurrent writers and crashes: no update is lost silently, no file is torn.

These start real processes (the CLI as a user runs it, and forked writers)
and use real signals; nothing about the file system is mocked."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cso_tracker.checks.run import validate as validate_records
from cso_tracker.models import Commitment
from cso_tracker.repo.load import load_repository
from cso_tracker.write import commitments, lock, transaction

RECORD = "data/commitments/repair-survey.yaml"
TODAY = dt.date(2024, 5, 1)

# Each test here runs for seconds (twenty CLI processes at once, dozens of
# SIGKILLs): `pytest -m "not slow"` leaves them out of a quick run.
pytestmark = pytest.mark.slow


def _tracker(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cso_tracker", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )


def _notes(root: Path) -> list[str]:
    repository = load_repository(root)
    record = repository.commitments["repair-survey"]
    assert isinstance(record, Commitment)
    return [u.note for u in record.updates if u.note is not None]


def _assert_every_file_parses_and_validates(root: Path) -> None:
    result = validate_records(load_repository(root), today=TODAY)
    assert result.errors == [], [str(p) for p in result.errors]
    assert result.files_checked == len(list((root / "data").rglob("*.yaml")))


def test_twenty_concurrent_updates_all_land(minimal_group: Path) -> None:
    """Twenty `tracker update` processes on one record: each either lands or
    fails loudly; with the lock they all land."""
    fixed = ("--by", "north-tenants", "--date", "2024-05-01")
    processes = [
        _tracker(
            minimal_group, "update", "repair-survey", "--note", f"Concurrent update {n}.", *fixed
        )
        for n in range(20)
    ]
    outcomes = [(p.wait(timeout=120), p.communicate()) for p in processes]

    succeeded = {n for n, (code, _) in enumerate(outcomes) if code == 0}
    failed = {n: err for n, (code, (_, err)) in enumerate(outcomes) if code != 0}
    for error in failed.values():
        assert "error:" in error  # a failure is always reported
    notes = _notes(minimal_group)
    landed = {n for n in range(20) if f"Concurrent update {n}." in notes}
    assert landed == succeeded  # never fewer than reported, never silently lost
    assert len(succeeded) == 20, failed
    assert len(notes) == 21  # the original update plus twenty
    _assert_every_file_parses_and_validates(minimal_group)


def test_concurrent_adds_get_distinct_numbers(minimal_group: Path) -> None:
    fixed = ("--text", "Do it.", "--owner", "north-tenants", "--meeting", "2024-03-05-kickoff")
    processes = [_tracker(minimal_group, "add", "--title", f"Task {n}", *fixed) for n in range(6)]
    codes = [p.wait(timeout=120) for p in processes]
    for p in processes:
        p.communicate()
    assert codes == [0] * 6
    repository = load_repository(minimal_group)
    numbers = sorted(c.number for c in repository.commitments.values() if c.number is not None)
    assert numbers == [1, 2, 3, 4, 5, 6, 7]


def _kill_after(process: subprocess.Popen[str], seconds: float) -> None:
    time.sleep(seconds)
    process.send_signal(signal.SIGKILL)
    process.communicate()


def test_cli_killed_at_random_moments_never_leaves_a_torn_file(minimal_group: Path) -> None:
    """SIGKILL `tracker update` at random moments, many times: every file
    always parses and validates."""
    rng = random.Random(4)
    deadline = time.monotonic() + 8
    runs = 0
    while time.monotonic() < deadline or runs < 10:
        process = _tracker(
            minimal_group, "update", "repair-survey", "--note", f"Run {runs}.",
            "--by", "north-tenants", "--date", "2024-05-01",
        )  # fmt: skip
        _kill_after(process, rng.uniform(0.1, 1.5))
        runs += 1
        _assert_every_file_parses_and_validates(minimal_group)
    # Some runs finished before their kill, so the test did exercise writes.
    assert len(_notes(minimal_group)) > 1


def _write_forever(root: Path) -> None:  # pragma: no cover - runs in the child
    # Tags, added one after another: each write replaces the commitment's
    # own file with a longer one (an update would only add new files).
    n = 0
    while True:
        n += 1
        commitments.change_agreement(
            root,
            "repair-survey",
            commitments.AgreementChange(add_tags=(f"write-{os.getpid()}-{n}",)),
            options=transaction.WriteOptions(today=TODAY),
        )


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")
def test_writer_killed_mid_write_many_times_leaves_old_or_new_file(minimal_group: Path) -> None:
    """A writer that does nothing but write, killed 60 times at random
    moments: the file is always the old or the new version, never torn, and
    a killed writer never leaves the lock held."""
    context = multiprocessing.get_context("fork")
    rng = random.Random(9)
    path = minimal_group / RECORD
    seen_lengths = set()
    for _ in range(60):
        child = context.Process(target=_write_forever, args=(minimal_group,))
        child.start()
        time.sleep(rng.uniform(0.01, 0.12))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        _assert_every_file_parses_and_validates(minimal_group)
        seen_lengths.add(len(path.read_bytes()))
    assert len(seen_lengths) > 10  # the writer really was writing between kills
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    # A kill between creating the temporary file and renaming it may leave
    # one behind; the store ignores dot files, so it is harmless.
    assert all(name.startswith(".repair-survey.yaml.") for name in leftovers)
    # The lock is free again: a normal write goes through at once.
    with lock.repository_lock(minimal_group, timeout=1):
        pass
