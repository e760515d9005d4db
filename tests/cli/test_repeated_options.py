"""An option that takes one value, given twice, in any command: a usage
error naming the option and both values (Click kept the last silently, so
`--note a --note b` lost the first note). Options meant to repeat still do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli


def _commands(group: Any, path: tuple[str, ...], ctx: Any) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, group
    for name in getattr(group, "commands", {}):
        command = group.get_command(ctx, name)
        yield from _commands(command, (*path, name), ctx)


def single_value_options() -> list[tuple[tuple[str, ...], str]]:
    """(command path, option) for every option of every command that takes
    one value: found from the application, so a new command is covered."""
    import typer.main

    from cso_tracker.cli import app

    root = typer.main.get_command(app)
    ctx = root.context_class(root, info_name="tracker")
    found = []
    for path, command in _commands(root, (), ctx):
        for param in command.get_params(ctx):
            is_option = param.param_type_name == "option"
            if is_option and not param.is_flag and not param.multiple and not param.count:
                found.append((path, max(param.opts, key=len)))
    return found


OPTIONS = single_value_options()


def test_every_command_is_covered() -> None:
    names = {" ".join(path) for path, _ in OPTIONS}
    assert {"", "list", "status", "update", "add", "member add", "meeting add", "check-pr"} <= names


@pytest.mark.parametrize(
    ("path", "option"), OPTIONS, ids=[" ".join(p) + " " + o for p, o in OPTIONS]
)
def test_one_value_option_given_twice_is_refused(path: tuple[str, ...], option: str) -> None:
    result = run_cli(*path, option, "first", option, "second value")
    assert result.exit_code == 2, result.output
    assert f"Error: {option}" in result.stderr
    assert "was given twice ('first' and 'second value'); give it once" in result.stderr


def test_three_times_and_a_short_name(minimal_group: Path) -> None:
    result = run_cli("status", "-o", "a", "--output=b", "--output", "c", cwd=minimal_group)
    assert result.exit_code == 2
    assert (
        "Error: --output (-o) was given 3 times ('a', 'b' and 'c'); give it once" in result.stderr
    )
    assert not (minimal_group / "a").exists() and not (minimal_group / "c").exists()


def test_a_value_that_looks_like_an_option_counts_as_click_reads_it(minimal_group: Path) -> None:
    """`--note --status` is a note saying "--status", not a second option."""
    result = run_cli(
        "update", "repair-survey", "--note", "--status", "--note", "b", cwd=minimal_group
    )
    assert result.exit_code == 2
    assert "--note was given twice ('--status' and 'b')" in result.stderr


def test_a_refused_write_changes_nothing(minimal_group: Path) -> None:
    before = sorted(p.read_bytes() for p in minimal_group.rglob("*.yaml"))
    result = run_cli("update", "repair-survey", "--note", "a", "--note", "b", "--by",
                     "north-tenants", cwd=minimal_group)  # fmt: skip
    assert result.exit_code == 2
    assert sorted(p.read_bytes() for p in minimal_group.rglob("*.yaml")) == before


@pytest.mark.today(dt.date(2024, 5, 1))
def test_options_meant_to_repeat_still_repeat(minimal_group: Path) -> None:
    listed = run_cli("list", "--status", "in-progress", "--status", "done", "--owner",
                     "north-tenants", "--owner", "city-office", cwd=minimal_group)  # fmt: skip
    assert listed.exit_code == 0, listed.output
    assert "repair-survey" in listed.stdout
    tagged = run_cli("update", "repair-survey", "--add-tag", "survey", "--add-tag", "repairs",
                     cwd=minimal_group)  # fmt: skip
    assert tagged.exit_code == 0, tagged.output
    text = (minimal_group / "data" / "commitments" / "repair-survey.yaml").read_text("utf-8")
    assert "- survey\n" in text and "- repairs\n" in text
