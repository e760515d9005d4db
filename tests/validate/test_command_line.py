"""`tracker validate` as a user starts it: finding the tracker (--root,
TRACKER_ROOT, walking up), --version and --help, `python -m cso_tracker`, the
console script, and the bundled record validating clean."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from validate_helpers import ERROR_CASES, TODAY, lines, make_group

from conftest import REPO_ROOT, run_cli, run_tracker
from cso_tracker import __version__

# Date rules compare with a fixed day, so messages never change.
pytestmark = pytest.mark.today(TODAY)


# --- finding the tracker --------------------------------------------------------------


def test_root_option_before_and_after_the_command(tmp_path: Path) -> None:
    root = make_group(tmp_path, "ref-member")
    before = run_cli("--root", str(root), "validate", cwd=tmp_path)
    after = run_cli("validate", "--root", str(root), cwd=tmp_path)
    assert lines(before) == lines(after) == [ERROR_CASES["ref-member"]]


def test_root_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_group(tmp_path, "ref-member")
    monkeypatch.setenv("TRACKER_ROOT", str(root))
    assert lines(run_cli("validate", cwd=tmp_path)) == [ERROR_CASES["ref-member"]]


def test_root_option_wins_over_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_ROOT", str(tmp_path / "nowhere"))
    root = make_group(tmp_path)
    assert run_cli("validate", "--root", str(root), cwd=tmp_path).exit_code == 0


def test_root_found_by_walking_up(tmp_path: Path) -> None:
    root = make_group(tmp_path, "ref-member")
    result = run_cli("validate", cwd=root / "data" / "commitments")
    assert lines(result) == [ERROR_CASES["ref-member"]]


def test_no_tracker_found(tmp_path: Path) -> None:
    """Outside any tracker: say so, say how to fix it, exit 1."""
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("validate", cwd=empty)
    assert result.exit_code == 1
    assert f"error: no tracker found in {empty} or any folder above it" in result.stderr
    assert "hint: " in result.stderr and "--root" in result.stderr
    assert "TRACKER_ROOT" in result.stderr


def test_root_that_is_not_a_tracker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_ROOT", str(tmp_path))
    result = run_cli("validate", cwd=tmp_path)
    assert result.exit_code == 1
    assert f"error: TRACKER_ROOT points at {tmp_path}, which holds no tracker" in result.stderr
    # The hint named `tracker init`, a command that does not exist.
    assert "tracker init" not in result.stderr
    assert (
        "hint: point it at the folder that holds data/; to start a new tracker there, "
        "create data/members/ and add a member (tracker member add)"
    ) in " ".join(result.stderr.split())


# --- the command line itself ----------------------------------------------------------


def test_version() -> None:
    result = run_cli("--version")
    assert (result.exit_code, result.stdout) == (0, f"tracker (cso-tracker) {__version__}\n")


def test_version_alone_is_answered_before_the_app_and_says_the_same(tmp_path: Path) -> None:
    """`tracker --version` alone skips typer; among other options the eager
    option answers. Both print the same bytes and exit 0."""
    import subprocess

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "cso_tracker", *args],
            cwd=tmp_path, capture_output=True, timeout=60, check=False,
        )  # fmt: skip

    alone = run("--version")
    through_typer = run("--root", str(tmp_path), "--version")
    expected = f"tracker (cso-tracker) {__version__}\n".encode()
    assert (alone.returncode, alone.stdout, alone.stderr) == (0, expected, b"")
    assert (through_typer.returncode, through_typer.stdout) == (0, expected)
    probe = (
        "import sys\nsys.argv = ['tracker', '--version']\nfrom cso_tracker.cli import main\n"
        "try:\n    main()\nexcept SystemExit as done:\n    code = done.code\n"
        "print(code, 'typer' in sys.modules, 'pydantic' in sys.modules, file=sys.stderr)\n"
    )
    imported = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert imported.stderr == "0 False False\n"


def test_help_lists_every_command_with_a_one_line_description() -> None:
    import typer.main

    from cso_tracker.cli import app

    result = run_cli("--help")
    assert result.exit_code == 0
    group = typer.main.get_command(app)
    assert "validate" in group.commands  # type: ignore[attr-defined]
    commands = result.stdout.split("Commands:", 1)[1]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        description = command.get_short_help_str(limit=300)
        assert description, f"{name} has no help text"
        assert re.search(rf"^\s+{re.escape(name)}\s+\S", commands, re.MULTILINE), name


def test_python_m_works_and_output_never_has_a_traceback(tmp_path: Path) -> None:
    result = run_tracker("--help", cwd=tmp_path)
    assert result.exit_code == 0
    assert "validate" in result.stdout
    result = run_tracker("validate", "--format", "xml", cwd=tmp_path)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_bundled_record_validates_without_errors() -> None:
    """The record of the 21 February 2013 consultation, as shipped."""
    result = run_cli("validate", "--root", str(REPO_ROOT), "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["errors"] == 0
    assert document["files_checked"] > 0


def test_bundled_record_through_the_console_script() -> None:
    tracker = Path(sys.executable).with_name("tracker")
    if not tracker.exists():
        pytest.skip("the console script is not installed next to this Python")
    import subprocess

    completed = subprocess.run(
        [str(tracker), "validate", "--root", str(REPO_ROOT)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert ": error: " not in completed.stdout
    assert "Traceback" not in completed.stderr
