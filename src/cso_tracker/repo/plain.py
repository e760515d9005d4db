"""Records as plain JSON data and back, for the record cache.

`to_plain` is pydantic's JSON dump of what a file set (`exclude_unset`, so
the rebuilt record has the same fields set). `from_plain` rebuilds the
record with `model_construct`, skipping validation: the cache holds only
what the loader produced after validating it. It still checks the shape
of every value against the model's annotations (a date is an ISO string,
a status one of the statuses, a list where a tuple goes, no unknown key),
and raises NotPlain for anything else, so a cache that is corrupt, of
another version or edited by hand is a miss, never a wrong record.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, Final

from pydantic import BaseModel

from cso_tracker.models import RECORD_MODELS, Settings
from cso_tracker.problems import Problem, Severity

MODELS: Final[dict[str, type[BaseModel]]] = {
    model.__name__: model for model in (*RECORD_MODELS.values(), Settings)
}
"""The models the cache may hold, by name: nothing else is ever built."""


class NotPlain(ValueError):
    """Cached data that does not have the shape of what was stored."""


Convert = Callable[[Any], Any]


def to_plain(record: BaseModel | None) -> Any:
    if record is None:
        return None
    return [type(record).__name__, record.model_dump(mode="json", exclude_unset=True)]


def from_plain(value: Any) -> BaseModel | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and value[0] in MODELS):
        raise NotPlain("not a cached record")
    record: BaseModel = _model(MODELS[value[0]])(value[1])
    return record


def problems_to_plain(problems: list[Problem]) -> list[list[Any]]:
    return [[p.path, p.line, p.column, p.severity.value, p.message, p.rule] for p in problems]


def problems_from_plain(value: Any) -> list[Problem]:
    if not isinstance(value, list):
        raise NotPlain("not a list of problems")
    found = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 6):
            raise NotPlain("not a problem")
        path, line, column, severity, message, rule = item
        found.append(Problem(_str(path), _int(line), _int(column), _enum(Severity)(severity),
                             _str(message), _str(rule)))  # fmt: skip
    return found


# --- one converter per annotation ----------------------------------------------------


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise NotPlain(f"expected text, got {type(value).__name__}")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise NotPlain(f"expected a number, got {type(value).__name__}")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise NotPlain(f"expected true or false, got {type(value).__name__}")
    return value


def _date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(_str(value))
    except ValueError as exc:
        raise NotPlain(str(exc)) from None


def _enum(cls: type[enum.Enum]) -> Convert:
    def convert(value: Any) -> Any:
        try:
            return cls(value)
        except ValueError as exc:
            raise NotPlain(str(exc)) from None

    return convert


def _optional(inner: Convert) -> Convert:
    return lambda value: None if value is None else inner(value)


def _tuple(inner: Convert) -> Convert:
    def convert(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise NotPlain(f"expected a list, got {type(value).__name__}")
        return tuple(inner(item) for item in value)

    return convert


_SCALARS: Final[dict[Any, Convert]] = {str: _str, int: _int, bool: _bool, dt.date: _date}


def _converter(annotation: Any) -> Convert:
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _converter(arguments[0])
    if origin in (typing.Union, types.UnionType):
        others = [a for a in arguments if a is not type(None)]
        if len(others) == 1 and len(arguments) == 2:
            return _optional(_converter(others[0]))
    elif origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        return _tuple(_converter(arguments[0]))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation)
    elif isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _enum(annotation)
    elif annotation in _SCALARS:
        return _SCALARS[annotation]
    # A field of a kind this module does not know: fail loudly in the tests,
    # never guess at what a cache holds.
    raise TypeError(f"the record cache cannot hold a field of type {annotation!r}")


@functools.cache
def _model(cls: type[BaseModel]) -> Convert:
    fields = {name: _converter(info.annotation) for name, info in cls.model_fields.items()}

    def convert(value: Any) -> BaseModel:
        if not isinstance(value, dict):
            raise NotPlain(f"expected a mapping for {cls.__name__}")
        try:
            values = {name: fields[name](item) for name, item in value.items()}
        except KeyError as exc:
            raise NotPlain(f"{cls.__name__} has no field {exc}") from None
        return cls.model_construct(**values)

    return convert
