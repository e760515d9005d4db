"""Loading runs with the garbage collector off, and gives it back as it was;
only the command line's own process freezes what it loaded."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import run_cli
from cso_tracker.problems import Problem
from cso_tracker.repo.layout import RecordFile
from cso_tracker.repo.load import load, load_repository
from cso_tracker.repo.source import WorkTree


@pytest.fixture
def _collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:  # pragma: no cover - pytest runs with the collector on
        gc.disable()


@pytest.mark.usefixtures("_collector_restored")
def test_the_collector_is_on_again_after_loading(minimal_group: Path) -> None:
    gc.enable()
    repository = load_repository(minimal_group)
    assert set(repository.commitments) == {"repair-survey"}
    assert gc.isenabled()


@pytest.mark.usefixtures("_collector_restored")
def test_a_collector_the_caller_turned_off_stays_off(minimal_group: Path) -> None:
    gc.disable()
    load_repository(minimal_group)
    assert not gc.isenabled()


@pytest.mark.usefixtures("_collector_restored")
class _Interrupted(WorkTree):
    """A work tree whose listing is interrupted (Ctrl-C halfway through)."""

    def record_files(self) -> tuple[list[RecordFile], list[Problem]]:
        raise KeyboardInterrupt


@pytest.mark.usefixtures("_collector_restored")
def test_the_collector_is_on_again_when_loading_stops(minimal_group: Path) -> None:
    gc.enable()
    with pytest.raises(KeyboardInterrupt):
        load(_Interrupted(minimal_group))
    assert gc.isenabled()


def test_library_and_test_runner_loads_freeze_nothing(minimal_group: Path) -> None:
    before = gc.get_freeze_count()
    load_repository(minimal_group)
    assert run_cli("validate", cwd=minimal_group).exit_code == 0
    assert gc.get_freeze_count() == before


_PROBE = """\
import atexit, gc, sys
atexit.register(lambda: print("frozen", gc.get_freeze_count() > 0, file=sys.stderr))
sys.argv = ["tracker", *sys.argv[1:]]
from cso_tracker.cli import main
main()
"""


@pytest.mark.parametrize("args", [("validate",), ("list", "--format", "json")])
def test_the_command_line_process_freezes_what_it_loaded(
    minimal_group: Path, args: tuple[str, ...]
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], cwd=minimal_group,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("frozen True\n"), done.stderr
