"""Option values coerced without pydantic where typer's own rule is plain.

Typer coerces every parameter's value through a pydantic TypeAdapter it
builds on first use, even for an option not given (its value None): the
first one imports most of pydantic (~90 ms of CPU), which a command that
reads no record (`tracker validate` answered by a stored verdict, `tracker
CMD --help`) needs for nothing else. Here each parameter's coercion is built
when a value needs it instead. A value typer hands back as it is, or turns
into the obvious thing (an absent option, a default, a member of a choice, a
plain string, a whole number within bounds, a path that passes its checks), is
coerced here with typer's own functions; every other value, and every value
typer refuses, goes to typer's own coercion, so the result and the error
message are always typer's (tests/cli/test_coercion.py compares them for every
parameter of every command).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

_UNDECIDED: Final = object()
"""Not a value coerced here: typer's own coercion decides."""


class _OnDemand:
    """Typer's coercion of one parameter (its `_runtime_param`), built on
    the first value that needs it."""

    def __init__(self, descriptor: Any) -> None:
        self.descriptor = descriptor

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        coerced = _as_typer_would(self.descriptor, value, param, ctx)
        if coerced is not _UNDECIDED:
            return coerced
        from typer._coercion import build_runtime_param

        built = build_runtime_param(self.descriptor)
        param._runtime_param = built
        return built.coerce(value, param=param, ctx=ctx)


def on_demand(params: Iterable[Any]) -> None:
    """Let each of `params` (click parameters typer made) build its coercion
    when a value needs it. A typer without a lazily built coercion (no
    `_runtime_param`), or without the helpers used here, is left as it is:
    they are typer's own, not its public interface, and a release may
    rename them."""
    if not _typer_has_helpers():
        return
    for param in params:
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            param._runtime_param = _OnDemand(param.type_descriptor)


def _typer_has_helpers() -> bool:
    """Whether the installed typer has what this module calls (typer itself
    imported them already: asking costs nothing)."""
    try:
        from typer._click.exceptions import BadParameter  # noqa: F401
        from typer._coercion import build_runtime_param  # noqa: F401
        from typer._param_types import (  # noqa: F401
            coerce_cli_choice,
            coerce_cli_path,
            routes_to_path,
        )
    except ImportError:
        return False
    return True


def _as_typer_would(descriptor: Any, value: Any, param: Any, ctx: Any) -> Any:
    many = param.multiple or param.nargs == -1
    if value is None:  # an option not given: as typer's RuntimeParam.coerce
        return () if many else None
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None:
        return _UNDECIDED
    if not many:
        return _one(descriptor.annotation, info, value, param, ctx, descriptor=descriptor)
    if not isinstance(value, (list, tuple)) or not descriptor.is_list:
        return _UNDECIDED
    (item_type,) = descriptor.annotation.__args__
    items = [_one(item_type, info, item, param, ctx) for item in value]
    return _UNDECIDED if any(item is _UNDECIDED for item in items) else items


def _one(
    annotation: Any, info: Any, value: Any, param: Any, ctx: Any, *, descriptor: Any = None
) -> Any:
    """One value as typer's adapter for `annotation` returns it, or _UNDECIDED.
    The cases in the order typer's build_leaf_adapter tries them."""
    from typer._param_types import coerce_cli_choice, coerce_cli_path, routes_to_path

    if descriptor is not None and descriptor.choices is not None:
        try:
            return coerce_cli_choice(
                value, choices=descriptor.choices, case_sensitive=info.case_sensitive, ctx=ctx
            )
        except (ValueError, AssertionError):  # typer's message, through pydantic
            return _UNDECIDED
    if annotation is int:
        return _whole_number(value, info)
    if annotation is str:
        return value if type(value) is str else _UNDECIDED
    if annotation is Path and info.path_type is None and routes_to_path(annotation, info):
        if type(value) is not str:
            return _UNDECIDED
        from typer._click.exceptions import BadParameter

        try:
            # A Path, not the string: typer's would go through pydantic to
            # make the same Path (its error messages show the string given,
            # so any refusal is left to it).
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        except (BadParameter, ValueError, OSError):
            return _UNDECIDED
    return _UNDECIDED


def _whole_number(value: Any, info: Any) -> Any:
    if info.clamp:
        return _UNDECIDED
    if type(value) is int:
        number = value
    elif type(value) is str and value.isascii() and value.isdigit():
        number = int(value)  # pydantic reads ASCII digits the same way
    else:
        return _UNDECIDED
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        return _UNDECIDED
    return number
