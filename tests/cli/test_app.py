"""The one error boundary: every way a command can end maps to one exit code
and a message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import run_cli, run_tracker
from cso_tracker.cli._app import EXIT_BUG, EXIT_INTERRUPTED, _BoundaryGroup
from cso_tracker.errors import ConflictError, UsageError


def _app_raising(error: BaseException) -> typer.Typer:
    """A real Typer app behind the real boundary, whose one command fails."""
    app = typer.Typer(cls=_BoundaryGroup, pretty_exceptions_enable=False)

    @app.command()
    def fail() -> None:
        raise error

    @app.command()
    def other() -> None:  # a second command keeps Typer from collapsing the group
        """Unused."""

    return app


def _invoke(error: BaseException) -> tuple[int, str]:
    result = CliRunner().invoke(_app_raising(error), ["fail"], catch_exceptions=False)
    return result.exit_code, result.stderr


def test_a_user_fixable_error_is_one_message_and_exit_1() -> None:
    code, stderr = _invoke(ConflictError("data/x.yaml changed on disk", hint="run it again"))
    assert code == 1
    assert stderr == "error: data/x.yaml changed on disk\nhint: run it again\n"


def test_a_usage_error_exits_2() -> None:
    code, stderr = _invoke(UsageError("--as-of: 'someday' is not a date"))
    assert code == 2
    assert stderr == "error: --as-of: 'someday' is not a date\n"


def test_a_bug_exits_3_with_the_traceback_in_a_log_not_on_screen(tmp_path: Path) -> None:
    code, stderr = _invoke(RuntimeError("the unexpected"))
    assert code == EXIT_BUG == 3
    assert "Traceback" not in stderr
    assert (
        "an unexpected error occurred (this is a bug in tracker): RuntimeError: the unexpected"
        in stderr
    )
    log = tmp_path / ".cache" / "cso-tracker" / "tracker.log"
    assert f"please report it; the details are in {log}" in stderr.replace("\n", " ")
    written = log.read_text(encoding="utf-8")
    assert "Traceback" in written
    assert "RuntimeError: the unexpected" in written


def test_ctrl_c_exits_130_quietly() -> None:
    code, stderr = _invoke(KeyboardInterrupt())
    assert code == EXIT_INTERRUPTED == 130
    assert stderr == "interrupted\n"


def test_importing_the_entry_point_imports_nothing_heavy() -> None:
    """`tracker` runs `from cso_tracker.cli import main` before any boundary
    exists: a Ctrl-C while that imported typer and the commands (~0.1 s)
    printed a traceback. Importing it now loads neither typer nor the commands."""
    import subprocess
    import sys

    code = (
        "import sys; import cso_tracker.cli; "
        "print(sorted(m for m in ('typer', 'cso_tracker.cli._app') if m in sys.modules))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"


def test_ctrl_c_while_the_commands_load_exits_130_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import cso_tracker.cli

    def interrupted(command: str | None = None) -> typer.Typer:
        raise KeyboardInterrupt

    monkeypatch.setattr(cso_tracker.cli, "_load_app", interrupted)
    with pytest.raises(SystemExit) as caught:
        cso_tracker.cli.main()
    assert caught.value.code == EXIT_INTERRUPTED
    assert capsys.readouterr().err == "interrupted\n"


def test_a_bad_option_value_is_a_usage_error(minimal_group: Path) -> None:
    result = run_cli("validate", "--format", "xml", cwd=minimal_group)
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_an_unknown_command_is_a_usage_error(minimal_group: Path) -> None:
    result = run_tracker("statsu", cwd=minimal_group)
    assert result.exit_code == 2
    assert "No such command 'statsu'" in result.stderr
    assert "Traceback" not in result.output


def test_every_command_and_group_explains_itself() -> None:
    """Docs are tests: every command, and every option of it, has help text."""
    from cso_tracker.cli import app

    group = typer.main.get_group(app)
    stack = [(name, command) for name, command in group.commands.items()]
    assert {"status", "validate", "update", "meeting", "member"} <= {n for n, _ in stack}
    while stack:
        name, command = stack.pop()
        assert command.help, f"{name} has no help text"
        for parameter in command.params:
            if isinstance(parameter, typer.core.TyperOption):
                assert parameter.help, f"{name} {parameter.opts} has no help text"
        stack.extend((f"{name} {sub}", c) for sub, c in getattr(command, "commands", {}).items())


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_the_commands(flag: str) -> None:
    result = run_cli(flag)
    assert result.exit_code == 0
    assert "Commands:" in result.stdout


def test_an_output_file_that_cannot_be_written_is_a_usage_error(minimal_group: Path) -> None:
    (minimal_group / "taken").write_text("a file, not a folder\n")
    result = run_cli("status", "--format", "md", "--output", "taken/status.md", cwd=minimal_group)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --output: cannot write taken/status.md: ")
