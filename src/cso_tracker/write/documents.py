"""Building round-trip values for new records and changed fields: mappings
in the model's key order, lists in block style, strings quoted where they
need it, and the canonical layout of each record model (yaml/canonical.py
knows YAML; this is where it learns the models' field order)."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel

from cso_tracker.models import nested_model
from cso_tracker.yaml.canonical import Layout
from cso_tracker.yaml.edits import (
    append_item,
    insert_key,
    new_list,
    new_map,
    remove_item,
    remove_key,
)
from cso_tracker.yaml.quoting import scalar


def field_order(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


def _mentions(annotation: Any, wanted: type) -> bool:
    if annotation is wanted:
        return True
    return any(_mentions(arg, wanted) for arg in typing.get_args(annotation))


@cache
def layout_of(model: type[BaseModel]) -> Layout:
    """The canonical layout of a record model: its fields in declared order,
    the layout of each nested model, and which fields hold dates."""
    nested: dict[str, Layout] = {}
    dates = set()
    for name, info in model.model_fields.items():
        inner = nested_model(info.annotation)
        if inner is not None:
            nested[name] = layout_of(inner)
        if _mentions(info.annotation, dt.date):
            dates.add(name)
    return Layout(order=field_order(model), nested=nested, dates=frozenset(dates))


def unique(items: Sequence[str]) -> list[str]:
    """An option given twice counts once (`--add-owner x --add-owner x`
    would otherwise write x twice, and a second --remove-owner x crash)."""
    return list(dict.fromkeys(items))


def new_mapping(model: type[BaseModel], values: dict[str, Any]) -> Any:
    """A new mapping in the model's key order; None values are left out and
    strings are quoted where they need it."""
    mapping = new_map()
    for name in field_order(model):
        value = values.get(name)
        if value is None or (isinstance(value, list | tuple) and len(value) == 0):
            continue
        mapping[name] = value_of(value)
    unknown = set(values) - set(field_order(model))
    assert not unknown, f"{model.__name__} has no field {sorted(unknown)}"
    return mapping


def value_of(value: Any) -> Any:
    if isinstance(value, str):
        return scalar(value)
    if isinstance(value, list | tuple):
        return new_list([value_of(item) for item in value])
    return value


def set_field(mapping: Any, model: type[BaseModel], key: str, value: Any) -> None:
    """Set `key` (inserted at its place in the model's order if missing)."""
    insert_key(mapping, key, value_of(value), field_order(model))


def append_to(mapping: Any, model: type[BaseModel], key: str, item: Any) -> None:
    existing = mapping.get(key)
    if existing is None or not hasattr(existing, "fa"):
        set_field(mapping, model, key, new_list([item]))
    else:
        append_item(existing, item)


def remove_from(mapping: Any, key: str, value: str) -> None:
    sequence = mapping[key]
    index = [str(item) for item in sequence].index(value)
    if len(sequence) == 1:
        # The key goes with its only item; remove_key keeps the comments
        # after the list in front of the next key (emptying the list first
        # would leave them nowhere to go).
        remove_key(mapping, key)
    else:
        remove_item(sequence, index)
