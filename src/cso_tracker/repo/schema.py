"""Schema errors (pydantic's ValidationError) as located problems in the
words of the members who edit records: the field, what was expected, what
was found, and the closest allowed name for a typo."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from cso_tracker.errors import did_you_mean
from cso_tracker.models import nested_model
from cso_tracker.problems import Problem, Severity
from cso_tracker.yaml.positions import Positions


def field_label(loc: Sequence[str | int]) -> str:
    """('updates', 2, 'by') -> 'updates[2].by'"""
    label = ""
    for part in loc:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else part)
    return label


def _fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The field names allowed in the mapping at `loc` inside `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if info is None:
            return []
        current = nested_model(info.annotation)
        if current is None:
            return []
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def schema_problems(
    exc: ValidationError, model: type[BaseModel], rel: str, positions: Positions
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc: tuple[str | int, ...] = tuple(error["loc"])
        kind = error["type"]
        label = field_label(loc)
        given = error.get("input")
        if kind == "missing":
            message = f"missing required field '{loc[-1]}'"
            if len(loc) > 1:
                message += f" in {field_label(loc[:-1])}"
            line, column = positions.of(loc[:-1])
            rule = "schema-missing"
        elif kind == "extra_forbidden":
            allowed = _fields_at(model, loc[:-1])
            hint = did_you_mean(str(loc[-1]), allowed) or (
                f"; allowed here: {', '.join(allowed)}" if allowed else ""
            )
            message = f"unknown field '{label}'{hint}"
            line, column = positions.of(loc, key=True)
            rule = "schema-unknown-field"
        elif kind == "enum":
            expected = str(error.get("ctx", {}).get("expected", ""))
            options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
            if isinstance(given, str | int | float | bool):
                message = f"{label}: '{given}' is not one of {', '.join(options)}"
                message += did_you_mean(str(given), options)
            else:  # a list or mapping: its Python repr would mean nothing to a member
                got = _TYPE_NAMES.get(type(given), type(given).__name__)
                message = f"{label}: expected one of {', '.join(options)}, got {got}"
            line, column = positions.of(loc)
            rule = "schema-enum"
        elif kind == "value_error":
            message = f"{label}: {error['msg'].removeprefix('Value error, ')}"
            line, column = positions.of(loc)
            rule = "schema-value"
        else:
            message = f"{label}: {_type_message(kind, error['msg'], given)}"
            line, column = positions.of(loc)
            rule = "schema-type"
        problems.append(Problem(rel, line, column, Severity.ERROR, message, rule))
    return problems


_TYPE_NAMES: Final = {
    str: "text", int: "a whole number", float: "a number", bool: "true or false",
    list: "a list", dict: "a mapping", type(None): "empty",
}  # fmt: skip


def _type_message(kind: str, pydantic_message: str, given: Any) -> str:
    got = _TYPE_NAMES.get(type(given), type(given).__name__)
    expected = {
        "string_type": "text",
        "int_type": "a whole number",
        "bool_type": "true or false",
        "tuple_type": "a list",
        "list_type": "a list",
        "model_type": "a mapping",
        "dict_type": "a mapping",
        "string_too_short": "non-empty text",
        "greater_than_equal": "a number of at least 1",
    }.get(kind)
    if expected is None:
        return pydantic_message
    if kind == "string_too_short":
        return "must not be empty"
    shown = repr(given) if isinstance(given, str | int | float | bool) else got
    return f"expected {expected}, got {shown}" + (f" ({got})" if shown != got else "")
