"""What a run imports before it answers: only the module of its command,
Rich or Jinja2 only where it prints with them, and not typer's pydantic
coercion of option values. Nothing here is timed; these keep a fixed
start-up cost, once removed, from coming back unseen (every command module
and its parameters cost ~60 ms, Rich ~35 ms, the coercion ~90 ms of CPU
where nothing else needs pydantic)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from conftest import age_files, run_tracker
from cso_tracker.cli import _COMMANDS, _command_named
from cso_tracker.cli._app import _HELP_ORDER, _console_type, print_plain, stderr_console

_RUN_AND_LIST_MODULES = """
import os, sys
from cso_tracker.cli import main
try:
    main()
finally:
    with open(os.environ["MODULES_OUT"], "w", encoding="utf-8") as out:
        out.write("\\n".join(sorted(sys.modules)))
"""
"""`tracker ARGS` as the console script runs it, then every module it imported."""


def _modules_of_a_run(*args: str, cwd: Path) -> set[str]:
    listed = cwd.parent / "modules.txt"
    completed = subprocess.run(
        [sys.executable, "-c", _RUN_AND_LIST_MODULES, *args], cwd=cwd, capture_output=True,
        text=True, env={**os.environ, "MODULES_OUT": str(listed)}, timeout=120, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    return set(listed.read_text(encoding="utf-8").split("\n"))


def _packages(modules: set[str], *names: str) -> set[str]:
    return {name for name in names if any(m.partition(".")[0] == name for m in modules)}


def _command_modules(modules: set[str]) -> set[str]:
    prefix = "cso_tracker.cli."
    return {m[len(prefix) :] for m in modules if m.startswith(prefix) and m[len(prefix)] != "_"}


@pytest.mark.parametrize(
    ("args", "module", "not_imported"),
    [
        (["validate"], "validate", {"rich", "jinja2"}),
        (["--no-cache", "validate"], "validate", {"rich", "jinja2"}),
        (["status", "--format", "md"], "report", {"rich"}),
        (["list", "--format", "json"], "records", {"rich", "jinja2"}),
        (
            ["list", "--status", "agreed", "--status", "done", "--sort", "due"],
            "records",
            {"jinja2"},
        ),
        (["status", "--format", "md", "--max-rows", "5"], "report", {"rich"}),
    ],
)
def test_a_command_imports_only_its_own_module_and_what_it_prints_with(
    minimal_group: Path, args: list[str], module: str, not_imported: set[str]
) -> None:
    modules = _modules_of_a_run(*args, cwd=minimal_group)
    assert _command_modules(modules) == {module}
    assert _packages(modules, "rich", "jinja2") & not_imported == set()
    assert "typer._adapters" not in modules  # typer's pydantic coercion: cli/_coercion.py


def test_help_imports_every_command_but_no_data_and_no_rich(minimal_group: Path) -> None:
    modules = _modules_of_a_run("--help", cwd=minimal_group)
    assert _command_modules(modules) == set(_COMMANDS.values())
    assert _packages(modules, "rich", "jinja2", "pydantic", "ruamel") == set()


def test_a_commands_help_imports_neither_pydantic_nor_the_data(minimal_group: Path) -> None:
    modules = _modules_of_a_run("--root", ".", "validate", "--help", cwd=minimal_group)
    assert _command_modules(modules) == {"validate"}
    assert _packages(modules, "rich", "jinja2", "pydantic", "ruamel") == set()


def test_a_validate_answered_from_its_stored_verdict_imports_no_model(
    minimal_group: Path,
) -> None:
    """The verdict of unchanged records is read without the models, pydantic
    or the YAML reader; the run that stored it needed them (the check can fail)."""
    age_files(minimal_group)
    first = _modules_of_a_run("validate", cwd=minimal_group)
    assert _packages(first, "pydantic", "ruamel") == {"pydantic", "ruamel"}
    again = _modules_of_a_run("validate", cwd=minimal_group)
    assert _packages(again, "pydantic", "ruamel", "rich", "jinja2") == set()
    assert "cso_tracker.models" not in again


def test_the_record_folders_are_the_models_kinds() -> None:
    """Listing the files names the kinds without importing the models."""
    from cso_tracker.models import RECORD_MODELS
    from cso_tracker.repo.layout import KINDS

    assert tuple(RECORD_MODELS) == KINDS


def test_the_table_names_the_module_that_registers_each_command() -> None:
    """A command missing from _COMMANDS still works (the whole app is built
    for it), but pays for every other command; this says where to add it."""
    from cso_tracker.cli import app

    group = typer.main.get_group(app)
    registered = {}
    for name, command in group.commands.items():
        callback = command.callback
        if callback is None:  # a group of its own (meeting, member): its commands
            callback = next(iter(getattr(command, "commands", {}).values())).callback
        assert callback is not None, name
        registered[name] = callback.__module__.removeprefix("cso_tracker.cli.")
    assert registered == _COMMANDS
    assert set(_HELP_ORDER) == set(_COMMANDS)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["validate"], "validate"),
        (["status", "--format", "md"], "status"),
        (["--root", "somewhere", "--no-cache", "check-pr", "--base", "x"], "check-pr"),
        (["--root=somewhere", "meeting", "add"], "meeting"),
        (["--root", "validate", "list"], "list"),  # validate is --root's value
        (["--root", "validate"], None),
        ([], None),
        (["--help", "validate"], None),  # the app's help lists every command
        (["-h"], None),
        (["--version", "list"], None),
        (["statsu"], None),  # an unknown command's error may suggest the others
        (["--bogus", "validate"], None),
        (["--", "validate"], None),
    ],
)
def test_the_command_a_run_names(args: list[str], named: str | None) -> None:
    assert _command_named(args) == named


def test_global_options_before_the_command_still_reach_it(
    minimal_group: Path, tmp_path: Path
) -> None:
    result = run_tracker("--root", str(minimal_group), "--no-cache", "validate", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "5 files checked: no problems\n"


def test_the_console_scripts_help_lists_every_command(minimal_group: Path) -> None:
    result = run_tracker("-h", cwd=minimal_group)
    assert result.exit_code == 0
    commands = result.stdout.partition("Commands:")[2].split("\n")
    named = [line.split()[0] for line in commands if line.startswith("  ") and line[2] != " "]
    assert named == list(_HELP_ORDER)


_PLAIN = [
    "34 files checked: 0 errors, 15 warnings",
    "wrote /tmp/a folder/status.md",
    "No commitments match.",
    "trailing spaces   ",
    "  leading spaces",
    "[bold]not markup[/]",
    "wide \u65e5\u672c\u8a9e and accents: \u00e9\u00e8 \U0001f600",
    "a long line " * 40,
    "",
]
"""Lines printed without Rich: Rich would print each exactly as it is."""
_RICH = [
    "an emoji code :warning: in a path",
    "a tab\there",
    "an escape \x1b[31m in a file name",
    "a bidi override \u202e in a note",
    "a no-break\u00a0space",
]
"""Lines still given to Rich, which changes them (or may)."""


@pytest.mark.parametrize("text", _PLAIN + _RICH)
def test_a_plain_line_is_printed_as_the_stderr_console_prints_it(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    stderr_console().print(text, markup=False)
    expected = capsys.readouterr().err
    print_plain(text)
    assert capsys.readouterr().err == expected


@pytest.mark.parametrize("text", _PLAIN)
def test_rich_leaves_a_plain_line_alone_even_on_a_terminal(text: str) -> None:
    screen = io.StringIO()
    console = _console_type()(
        file=screen, force_terminal=True, width=40, highlight=False, soft_wrap=True
    )
    console.print(text, markup=False)
    assert screen.getvalue() == text + "\n"


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--format", "md"],
        ["status", "--format", "json"],
        ["list", "--overdue", "--format", "json"],
    ],
)
def test_a_report_answered_from_the_store_imports_no_model(
    minimal_group: Path, args: list[str]
) -> None:
    """A report of unchanged records is written from the stored text
    (cli/_answers.py) without the models, pydantic, the YAML reader or Jinja2;
    the run that stored it needed them (the check can fail)."""
    age_files(minimal_group)
    first = _modules_of_a_run(*args, cwd=minimal_group)
    assert _packages(first, "pydantic", "ruamel") == {"pydantic", "ruamel"}
    again = _modules_of_a_run(*args, cwd=minimal_group)
    assert _packages(again, "pydantic", "ruamel", "rich", "jinja2") == set()
    assert "cso_tracker.models" not in again
