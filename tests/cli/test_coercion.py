"""Option values coerced without pydantic (cli/_coercion.py) come out
exactly as typer's own coercion gives them: the same value, or the same
error with the same message, for every parameter of every command."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._coercion import build_runtime_param

from cso_tracker.cli._coercion import _OnDemand, on_demand


def _parameters() -> Iterator[tuple[str, Any, Any]]:
    """(command and parameter name, parameter, context) for every parameter
    of the app, its help options included."""
    from cso_tracker.cli import app

    group = typer.main.get_group(app)
    root = group.context_class(group, info_name="tracker")
    stack: list[tuple[str, Any, Any]] = [("tracker", group, root)]
    while stack:
        name, command, ctx = stack.pop()
        for param in command.get_params(ctx):
            yield f"{name} {param.name}", param, ctx
        for sub, subcommand in getattr(command, "commands", {}).items():
            child = subcommand.context_class(subcommand, info_name=sub, parent=ctx)
            stack.append((f"{name} {sub}", subcommand, child))


def _values(param: Any, folder: Path) -> list[Any]:
    """What a user (or a default) may hand the parameter: good and bad."""
    descriptor = param.type_descriptor
    choices = descriptor.choices or ()
    words = [str(c.value if isinstance(c, Enum) else c) for c in choices]
    one: list[Any] = [*choices, *words, *(w.upper() for w in words), "bogus", "", "x y"]
    one += ["0", "5", "007", "30", "-1", "+3", " 4", "4_000", "1.5", "\u0661\u0662", 7, -2, True]
    one += [".", "missing", "a//b/", str(folder / "file"), str(folder / "dir"), folder]
    values: list[Any] = [None, param.default, *one]
    values += [(), ("one",), ("a", "b"), (".", str(folder / "file")), ("x", 3), ["dir"]]
    return values


def _outcome(coercion: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = coercion.coerce(value, param=param, ctx=ctx)
    except Exception as error:  # whatever typer raises, ours must raise too
        return ("error", (type(error), str(getattr(error, "message", error))))
    return ("value", (type(result), result))


def test_every_parameter_coerces_every_value_as_typer_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("")
    (tmp_path / "dir").mkdir()
    monkeypatch.chdir(tmp_path)
    compared = decided_here = 0
    for name, param, ctx in _parameters():
        typer_coercion = build_runtime_param(param.type_descriptor)
        for value in _values(param, tmp_path):
            ours = _OnDemand(param.type_descriptor)
            param._runtime_param = ours
            outcome = _outcome(ours, value, param, ctx)
            assert outcome == _outcome(typer_coercion, value, param, ctx), f"{name} = {value!r}"
            compared += 1
            decided_here += param._runtime_param is ours
    assert compared > 2000
    assert decided_here > compared // 4  # the comparison covers both ways


def test_a_value_typer_refuses_is_still_refused_by_typer(
    minimal_group: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import run_cli

    monkeypatch.chdir(minimal_group)
    result = run_cli("status", "--max-rows", "-1")
    assert result.exit_code == 2
    assert "Invalid value for '--max-rows'" in result.stderr
    assert "greater than or equal to 0" in result.stderr


def test_a_parameter_coerced_by_typer_keeps_typers_coercion() -> None:
    """The first value typer must coerce builds its coercion, once."""
    param, ctx = next((p, c) for _, p, c in _parameters() if p.name == "max_rows")
    on_demand([param])
    assert param.get_runtime_param().coerce("12", param=param, ctx=ctx) == 12
    assert isinstance(param._runtime_param, _OnDemand)
    assert param.get_runtime_param().coerce("4_000", param=param, ctx=ctx) == 4000
    assert not isinstance(param._runtime_param, _OnDemand)


def test_a_typer_without_the_helpers_keeps_its_own_coercion(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The helpers are typer's own, not its interface: a release without one
    leaves every parameter to typer, and values still come out right."""
    param, ctx = next((p, c) for _, p, c in _parameters() if p.name == "max_rows")
    monkeypatch.setitem(sys.modules, "typer._param_types", None)  # as if renamed away
    on_demand([param])
    assert not isinstance(param._runtime_param, _OnDemand)
    monkeypatch.undo()
    assert param.get_runtime_param().coerce("12", param=param, ctx=ctx) == 12
