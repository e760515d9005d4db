"""`tracker list | head -1`: a reader that goes away is not an error. Every
command exits 0 with nothing on stderr, whichever way it writes (rich's
console, typer.echo, sys.stdout).

Deterministic: the pipe's read end is closed before tracker starts, so its
very first write to stdout fails with EPIPE (BrokenPipeError), whatever
the pipe's capacity. A reader that stops after a line meets the same error,
only later and by chance.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from conftest import REPO_ROOT, write_records

RIVERSIDE = REPO_ROOT / "tests" / "fixtures" / "groups" / "riverside"


@pytest.fixture
def group(tmp_path: Path) -> Path:
    return Path(shutil.copytree(RIVERSIDE, tmp_path / "riverside"))


def into_closed_pipes(commands: Sequence[Sequence[str]]) -> dict[str, tuple[int, str]]:
    """`python ARGS` for each command, all at once, each writing into a pipe
    nobody reads: command -> (exit code, stderr)."""
    started = []
    for args in commands:
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            process = subprocess.Popen(
                [sys.executable, *args], stdout=write_end, stderr=subprocess.PIPE
            )
        finally:
            os.close(write_end)
        started.append((" ".join(args), process))
    results = {}
    for name, process in started:
        _, stderr = process.communicate(timeout=120)
        results[name] = (process.returncode, stderr.decode("utf-8", errors="replace"))
    return results


def test_a_reader_that_went_away_is_not_an_error(group: Path) -> None:
    """Rich's console caught the BrokenPipeError itself and raised SystemExit(1)
    past the boundary: `list`, `show`, `members`, `meetings` exited 1."""
    tracker = ("-m", "cso_tracker", "--root", str(group))
    commands = [
        ["list"],
        ["list", "--format", "json"],
        ["status", "--format", "md"],
        ["show", "culvert-repair"],
        ["members"],
        ["meetings"],
    ]
    # -X dev reports what the interpreter's last flush of stdout could not write.
    runs = [[*tracker, *command] for command in commands] + [["-X", "dev", *tracker, "list"]]
    results = into_closed_pipes(runs)
    assert results == {" ".join(run): (0, "") for run in runs}


def test_validate_stops_quietly_too(group: Path) -> None:
    """A clean run writes only its summary, to stderr, as always; one with
    problems writes them to stdout, which is gone, and then nothing more."""
    tracker = ("-m", "cso_tracker", "--root", str(group), "validate")
    assert into_closed_pipes([tracker]) == {
        " ".join(tracker): (0, "36 files checked: no problems\n")
    }
    write_records(group, {"data/commitments/broken.yaml": "id: broken\nstatus: [\n"})
    runs = [[*tracker, "--format", name] for name in ("text", "json", "github")]
    assert into_closed_pipes(runs) == {" ".join(run): (0, "") for run in runs}


def test_the_global_options_stop_quietly_too() -> None:
    """--help and --version print while the options are parsed, before any
    command (and its boundary) runs: they exited 1."""
    runs = [["-m", "cso_tracker", option] for option in ("--help", "--version")]
    assert into_closed_pipes(runs) == {" ".join(run): (0, "") for run in runs}
