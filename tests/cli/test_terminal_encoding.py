"""A terminal whose encoding cannot show every character (PYTHONIOENCODING
=latin-1 or ascii): tracker prints what can be shown, replaces the rest
and exits as it would anywhere else. `tracker status` exited 3 with a
UnicodeEncodeError on the first en dash."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT

RIVERSIDE = REPO_ROOT / "tests" / "fixtures" / "groups" / "riverside"
NOTE = "Culvert cleared \u2013 works signed off"
"""An en dash: in neither latin-1 nor ASCII."""

COMMANDS: dict[str, tuple[list[str], int]] = {
    "status": (["status", "--as-of", "2026-11-10"], 0),
    "status-md": (["status", "--as-of", "2026-11-10", "--format", "md"], 0),
    "status-rich": (["status", "--as-of", "2026-11-10", "--format", "rich"], 0),
    "agenda": (["agenda", "--as-of", "2026-11-10"], 0),
    "list": (["list"], 0),
    "list-md": (["list", "--format", "md"], 0),
    "show": (["show", "culvert-repair"], 0),
    "members": (["members"], 0),
    "meetings": (["meetings"], 0),
    "validate": (["validate"], 0),
    "help": (["--help"], 0),
    "dry-run": (
        [
            "update",
            "culvert-repair",
            "--note",
            NOTE,
            "--by",
            "riverside-council",
            "--date",
            "2026-11-09",
            "--dry-run",
        ],
        0,
    ),
    "error": (["show", "no\u2013such"], 1),
}


def run_all(
    group: Path, encoding: str, commands: dict[str, list[str]]
) -> dict[str, tuple[int, bytes, bytes]]:
    """Every command at once (a subprocess each, stdout and stderr pipes in
    `encoding`): name -> (exit code, stdout, stderr)."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    started = {
        name: subprocess.Popen(
            [sys.executable, "-m", "cso_tracker", "--root", str(group), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for name, args in commands.items()
    }
    results = {}
    for name, process in started.items():
        out, err = process.communicate(timeout=120)
        results[name] = (process.returncode, out, err)
    return results


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_every_command_prints_what_it_can(tmp_path: Path, encoding: str) -> None:
    group = Path(shutil.copytree(RIVERSIDE, tmp_path / "riverside"))
    results = run_all(group, encoding, {name: args for name, (args, _) in COMMANDS.items()})
    for name, (code, out, err) in results.items():
        expected = COMMANDS[name][1]
        assert (name, code) == (name, expected), err.decode("utf-8", "replace")
        assert b"Traceback" not in err and b"this is a bug" not in err, name
        out.decode(encoding)  # nothing the terminal cannot show
        err.decode(encoding)
    assert "Culvert cleared ? works signed off" in results["dry-run"][1].decode(encoding)
    # Python's stderr already writes what it cannot show as an escape.
    assert "error: no record with id 'no\\u2013such'" in results["error"][2].decode(encoding)
    assert results["status-md"][1].startswith(b"# Status of commitments")


def test_json_keeps_every_character_on_an_ascii_terminal(tmp_path: Path) -> None:
    """JSON escapes what ASCII cannot show (\\u2013) rather than replacing it:
    the same data as on a UTF-8 terminal."""
    group = Path(shutil.copytree(RIVERSIDE, tmp_path / "riverside"))
    commands = {"status": ["status", "--as-of", "2026-11-10", "--format", "json"],
                "list": ["list", "--format", "json"]}  # fmt: skip
    ascii_runs = run_all(group, "ascii", commands)
    utf8_runs = run_all(group, "utf-8", commands)
    for name in commands:
        code, out, _ = ascii_runs[name]
        assert code == 0
        out.decode("ascii")
        assert json.loads(out) == json.loads(utf8_runs[name][1])
