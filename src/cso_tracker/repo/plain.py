"""Records as plain JSON data and back, for the record cache.

`to_plain` is pydantic's JSON dump of what a file set (`exclude_unset`, so
the rebuilt record has the same fields set). `from_plain` rebuilds the
record as `model_construct` does, skipping validation: the cache holds only
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
from cso_tracker.repo.plain_problems import NotPlain, problems_from_plain, problems_to_plain

MODELS: Final[dict[str, type[BaseModel]]] = {
    model.__name__: model for model in (*RECORD_MODELS.values(), Settings)
}
"""The models the cache may hold, by name: nothing else is ever built."""

__all__ = [
    "MODELS",
    "NotPlain",
    "from_plain",
    "problems_from_plain",
    "problems_to_plain",
    "to_plain",
]


Convert = Callable[[Any], Any]


def to_plain(record: BaseModel | None) -> Any:
    if record is None:
        return None
    return [type(record).__name__, record.model_dump(mode="json", exclude_unset=True)]


def from_plain(value: Any) -> BaseModel | None:
    if value is None:
        return None
    shaped = type(value) is list and len(value) == 2 and type(value[0]) is str
    convert = _BUILDERS.get(value[0]) if shaped else None
    if convert is None:
        raise NotPlain("not a cached record")
    record: BaseModel = convert(value[1])
    return record


_FIELDS_SETS: Final[dict[tuple[str, ...], set[str]]] = {}
"""One "fields set" per combination of fields given, shared by every record
that gave them: records are frozen, so nothing adds to it, and pydantic
copies it before a model_copy changes it. At 10,000 commitments, 40,000
sets of some 700 bytes each were 29 MB."""


def shared_fields_set(names: tuple[str, ...]) -> set[str]:
    shared = _FIELDS_SETS.get(names)
    if shared is None:
        shared = _FIELDS_SETS[names] = set(names)
    return shared


def share_fields_set(record: BaseModel) -> None:
    """Give `record` (as validated) the shared set of the fields it set."""
    given = tuple(record.__pydantic_fields_set__)
    object.__setattr__(record, "__pydantic_fields_set__", shared_fields_set(given))


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
    members = cls._value2member_map_

    def convert(value: Any) -> Any:
        found = members.get(value) if type(value) in (str, int) else None
        if found is None:
            raise NotPlain(f"{value!r} is not a {cls.__name__}")
        return found

    return convert


def _optional(inner: Convert) -> Convert:
    return lambda value: None if value is None else inner(value)


def _tuple(inner: Convert) -> Convert:
    exact = _EXACT.get(inner)

    def convert(value: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise NotPlain(f"expected a list, got {type(value).__name__}")
        if exact is not None:  # a list of text: checked, not converted
            if any(type(item) is not exact for item in value):
                raise NotPlain(f"expected a list of {exact.__name__}")
            return tuple(value)
        return tuple(inner(item) for item in value)

    return convert


def _mapping(key: Convert, inner: Convert) -> Convert:
    """tracker.yaml's `rules:`: text -> a level."""

    def convert(value: Any) -> dict[Any, Any]:
        if type(value) is not dict:
            raise NotPlain(f"expected a mapping, got {type(value).__name__}")
        return {key(name): inner(item) for name, item in value.items()}

    return convert


_SCALARS: Final[dict[Any, Convert]] = {str: _str, int: _int, bool: _bool, dt.date: _date}
_EXACT: Final[dict[Convert, type]] = {_str: str, _int: int, _bool: bool}
"""Converters that only check a value's type: `_model` checks it inline."""


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
    elif origin is dict and len(arguments) == 2:
        return _mapping(_converter(arguments[0]), _converter(arguments[1]))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation)
    elif isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _enum(annotation)
    elif annotation in _SCALARS:
        return _SCALARS[annotation]
    # A field of a kind this module does not know: fail loudly in the tests,
    # never guess at what a cache holds.
    raise TypeError(f"the record cache cannot hold a field of type {annotation!r}")


_MISSING: Final = object()


def _field(annotation: Any) -> tuple[bool, type | None, Convert]:
    """(may be None, the exact type it must have if only checked, its converter)."""
    convert = _converter(annotation)
    optional = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation):
        optional = True
        (annotation,) = (a for a in typing.get_args(annotation) if a is not type(None))
        convert = _converter(annotation)
    return optional, _EXACT.get(convert), convert


@functools.cache
def _model(cls: type[BaseModel]) -> Convert:
    """A converter that builds `cls` from its plain mapping as
    `model_construct` does (the values as given, defaults for the rest, the
    given names as the fields set), minus its per-call look-ups of the
    defaults: a warm load builds some 10,000 records. Every default of our
    models is immutable (None, (), a number), so one copy serves them all."""
    fields = {name: _field(info.annotation) for name, info in cls.model_fields.items()}
    template = {
        name: _MISSING if info.is_required() else info.get_default(call_default_factory=True)
        for name, info in cls.model_fields.items()
    }
    required = frozenset(name for name, value in template.items() if value is _MISSING)
    if cls.__pydantic_post_init__ is not None or cls.__private_attributes__:
        raise TypeError(f"the record cache cannot build {cls.__name__}")  # pragma: no cover
    setattr_ = object.__setattr__

    def convert(value: Any) -> BaseModel:
        if type(value) is not dict:
            raise NotPlain(f"expected a mapping for {cls.__name__}")
        attributes = template.copy()  # the given values replace defaults in the fields' order
        for name, item in value.items():
            spec = fields.get(name)
            if spec is None:
                raise NotPlain(f"{cls.__name__} has no field {name!r}")
            optional, exact, inner = spec
            if type(item) is exact:  # most fields: text, checked and kept as it is
                attributes[name] = item
            elif item is None:
                if not optional:
                    raise NotPlain(f"{cls.__name__}.{name} may not be empty")
                attributes[name] = item
            elif exact is not None:
                raise NotPlain(f"{cls.__name__}.{name}: expected {exact.__name__}")
            else:
                attributes[name] = inner(item)
        if not required <= value.keys():  # every key given is a field (checked above)
            raise NotPlain(f"{cls.__name__} lacks {sorted(required - value.keys())}")
        record = cls.__new__(cls)
        setattr_(record, "__dict__", attributes)
        setattr_(record, "__pydantic_fields_set__", shared_fields_set(tuple(value)))
        setattr_(record, "__pydantic_extra__", None)
        setattr_(record, "__pydantic_private__", None)
        return record

    return convert


_BUILDERS: Final[dict[str, Convert]] = {name: _model(model) for name, model in MODELS.items()}
"""The converter of each model the cache may hold, by name."""
