"""The canonical layout of a record file: keys in the order the record's
model declares them (recursively), the round-trip indentation, block style
for non-empty lists and mappings, dates as YYYY-MM-DD, and quotes only where
a value needs them. Comments are kept; formatting is idempotent.

The key order comes in as a `Layout`, plain data built from the models by
the write path, so this room knows YAML and nothing of pydantic.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cso_tracker.errors import TrackerError
from cso_tracker.yaml import reader, roundtrip
from cso_tracker.yaml.edits import give_following, is_map, is_seq, take_before, take_following
from cso_tracker.yaml.quoting import requote


@dataclass(frozen=True)
class Layout:
    """The canonical shape of a mapping: its keys in order, the layout of
    each key that holds a mapping (or a list of them), and which keys hold
    dates. Keys it does not name keep their relative place at the end."""

    order: tuple[str, ...] = ()
    nested: Mapping[str, Layout] = field(default_factory=dict)
    dates: frozenset[str] = frozenset()


def canonicalize(node: Any, layout: Layout | None) -> None:
    """Bring a round-trip document into the canonical layout, in place."""
    if is_seq(node):
        if len(node) > 0 and node.fa.flow_style():
            node.fa.set_block_style()
        for index in range(len(node)):
            value = node[index]
            if is_map(value) or is_seq(value):
                canonicalize(value, layout)
            else:
                node[index] = requote(value, date_field=False)
        return
    if not is_map(node):
        return
    if len(node) > 0 and node.fa.flow_style():
        node.fa.set_block_style()
    if layout is not None:
        _reorder(node, layout.order)
    for key in list(node):
        value = node[key]
        if is_map(value) or is_seq(value):
            canonicalize(value, layout.nested.get(key) if layout is not None else None)
        else:
            is_date = layout is not None and key in layout.dates
            node[key] = requote(value, date_field=is_date)


def _reorder(mapping: Any, order: Sequence[str]) -> None:
    keys = list(mapping)
    rank = {name: position for position, name in enumerate(order)}
    # Unknown keys (a typo validate reports) keep their relative place at the end.
    wanted = sorted(keys, key=lambda k: (rank.get(k, len(order)), keys.index(k)))
    if wanted == keys:
        return
    # A comment block between two keys introduces the second one: detach each
    # block, reorder, then put it back in front of the key it introduced.
    before = {key: take_before(mapping, key) for key in keys}
    leading: dict[Any, str] = {keys[0]: before[keys[0]]}
    for previous, current in itertools.pairwise(keys):
        leading[current] = take_following(mapping, previous) + before[current]
    tail = take_following(mapping, keys[-1])
    for key in wanted:
        mapping.move_to_end(key)
    # Blank lines have no place in front of the first key.
    head = "".join(line + "\n" for line in leading.get(wanted[0], "").split("\n") if line.strip())
    for previous, current in itertools.pairwise(wanted):
        give_following(mapping, previous, leading.get(current, ""))
    give_following(mapping, wanted[-1], tail)
    if head:
        # The first key has no line before it inside this mapping; keep its
        # comments right after it rather than dropping them.
        give_following(mapping, wanted[0], head)


def format_text(text: str, layout: Layout, *, style: roundtrip.TextStyle | None = None) -> str:
    """`text` (a whole record file) in the canonical layout. Raises YamlError
    for a file the fast reader refuses, and TrackerError if formatting would
    change what the file means (a bug guard: it never should)."""
    if style is None:
        style = roundtrip.TextStyle.of(text)
    plain = style.normalise(text)
    meaning = reader.load(plain)
    document = roundtrip.load_roundtrip(plain)
    canonicalize(document, layout)
    result = roundtrip.dump_roundtrip(document)
    if reader.load(result) != meaning:
        raise TrackerError(
            "formatting would change what the file means; it was left as it is",
            hint="please report this with the file attached",
        )
    return style.apply(result, keep_missing_newline=False)
