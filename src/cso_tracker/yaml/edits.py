"""Structural edits of a round-trip document that keep every comment and
blank line in front of what it introduced.

Comments in a ruamel document hang off the *last line* before them: a comment
block between two keys is stored on the deepest last value of the first one.
When something is inserted, removed or moved, `take_following` and
`give_following` move the full-line comments and blank lines so they stay in
front of whatever followed them in the file (docs/yaml.md, "Appending to a
list").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# --- where comments live -----------------------------------------------------------


def is_map(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap

    return isinstance(node, CommentedMap)


def is_seq(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedSeq

    return isinstance(node, CommentedSeq)


def _is_block(node: Any) -> bool:
    return (is_map(node) or is_seq(node)) and len(node) > 0 and not node.fa.flow_style()


def _slot(container: Any, key: Any) -> tuple[Any, Any]:
    """The (container, key) holding the comment after the last line of the
    entry `key` of `container` (descending into block collections)."""
    value = container[key]
    while _is_block(value):
        container, key = value, (next(reversed(value)) if is_map(value) else len(value) - 1)
        value = container[key]
    return container, key


def _index(container: Any) -> int:
    return 2 if is_map(container) else 0


def _get_token(container: Any, key: Any) -> Any:
    entry = container.ca.items.get(key)
    index = _index(container)
    if entry is None or len(entry) <= index:
        return None
    return entry[index]


def _set_token(container: Any, key: Any, token: Any) -> None:
    index = _index(container)
    entry = container.ca.items.get(key)
    if entry is None:
        if token is None:
            return
        entry = [None, None, None, None]
        container.ca.items[key] = entry
    while len(entry) <= index:
        entry.append(None)
    entry[index] = token
    if all(part is None for part in entry):
        del container.ca.items[key]


def _new_token(value: str) -> Any:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    return CommentToken(value, CommentMark(0), None)


def take_following(container: Any, key: Any, *, keep_indented: int | None = None) -> str:
    """Detach the full-line comments and blank lines after the entry `key`
    (keeping its end-of-line comment) and return them as text.

    With `keep_indented`, comment lines right after the entry that are
    indented at least that far stay with it: they belong to the entry (a
    note under its last field, a commented-out list item), not to what follows.
    """
    slot = _slot(container, key)
    token = _get_token(*slot)
    if token is None or not isinstance(token.value, str):
        return ""
    text: str = token.value
    end = text.find("\n")
    if end < 0 or end == len(text) - 1:
        return ""
    own, following = text[: end + 1], text[end + 1 :]
    if keep_indented is not None:
        lines = following.split("\n")
        kept = 0
        for line in lines[:-1]:
            stripped = line.lstrip(" ")
            if not stripped.startswith("#") or len(line) - len(stripped) < keep_indented:
                break
            kept += 1
        own += "".join(line + "\n" for line in lines[:kept])
        following = "\n".join(lines[kept:])
    if own == "\n":
        _set_token(*slot, None)
    else:
        token.value = own
    return following


def column_of(node: Any) -> int | None:
    column = getattr(getattr(node, "lc", None), "col", None)
    return column if isinstance(column, int) else None


def take_before(container: Any, key: Any) -> str:
    """Detach the comment lines ruamel stored *in front of* the entry `key`
    (it does so after a flow collection) and return them as text."""
    entry = container.ca.items.get(key)
    if entry is None or len(entry) < 2 or not isinstance(entry[1], list):
        return ""
    text = "".join(t.value for t in entry[1] if t is not None and isinstance(t.value, str))
    entry[1] = None
    if all(part is None for part in entry):
        del container.ca.items[key]
    return text


def peek_following(container: Any, key: Any) -> str:
    token = _get_token(*_slot(container, key))
    if token is None or not isinstance(token.value, str):
        return ""
    text: str = token.value
    end = text.find("\n")
    return "" if end < 0 else text[end + 1 :]


def dedent_following(container: Any, key: Any, columns: int) -> None:
    """Move the comment lines after the entry `key` (not its end-of-line
    comment) `columns` to the left, as far as they are indented: for a
    value that moved out of a deeper place."""
    token = _get_token(*_slot(container, key))
    if token is None or not isinstance(token.value, str) or columns <= 0:
        return
    own, newline, following = token.value.partition("\n")
    lines = following.split("\n")
    shifted = [line[min(columns, len(line) - len(line.lstrip(" "))) :] for line in lines]
    token.value = own + newline + "\n".join(shifted)


def give_following(container: Any, key: Any, following: str) -> None:
    """Put comment lines after the entry `key` (after any end-of-line comment)."""
    if following == "":
        return
    slot = _slot(container, key)
    token = _get_token(*slot)
    if token is not None and isinstance(token.value, str) and token.value.endswith("\n"):
        token.value += following
    else:
        _set_token(*slot, _new_token("\n" + following))


# --- structural edits that keep comments in place -------------------------------


def new_list(items: Sequence[Any]) -> Any:
    """A new round-trip list, written in block style (one `- item` a line)."""
    from ruamel.yaml.comments import CommentedSeq

    sequence = CommentedSeq(items)
    sequence.fa.set_block_style()
    return sequence


def new_map() -> Any:
    """A new, empty round-trip mapping."""
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap()


def append_item(sequence: Any, item: Any) -> None:
    """Append to a list: comments after the old last item move below the new
    one, and a blank line between items is repeated before the new one."""
    if len(sequence) == 0:
        sequence.append(item)
        sequence.fa.set_block_style()
        return
    last = len(sequence) - 1
    separator = peek_following(sequence, last - 1) if last >= 1 else ""
    if separator.strip("\n") != "":
        separator = ""
    # A comment at column 0 always introduces what comes next (a list flush
    # with its key has its dashes at column 0 too).
    column = column_of(sequence)
    following = take_following(sequence, last, keep_indented=max(column or 0, 1))
    sequence.append(item)
    give_following(sequence, last, separator)
    give_following(sequence, last + 1, following)


def remove_item(sequence: Any, index: int) -> None:
    """Remove one list item; comments below it stay where they were."""
    following = take_following(sequence, index)
    del sequence[index]
    if following and index > 0:
        give_following(sequence, index - 1, following)
    elif following and len(sequence) > 0:
        # The first item went: keep its trailing comments after the new first.
        give_following(sequence, 0, following)


def insert_key(mapping: Any, key: str, value: Any, order: Sequence[str]) -> None:
    """Insert `key` at its place in `order` (or set it if present)."""
    if key in mapping:
        mapping[key] = value
        return
    rank = {name: position for position, name in enumerate(order)}
    mine = rank.get(key, len(order))
    keys = list(mapping)
    position = 0
    for index, existing in enumerate(keys):
        if rank.get(existing, len(order) + 1) < mine:
            position = index + 1
    column = column_of(mapping)
    following = (
        take_following(
            mapping, keys[position - 1], keep_indented=column + 1 if column is not None else None
        )
        if position > 0
        else ""
    )
    mapping.insert(position, key, value)
    give_following(mapping, key, following)


def remove_key(mapping: Any, key: str, *, keep_indented: int | None = None) -> None:
    """Remove `key`; the comments after it stay in front of what followed it.
    With `keep_indented`, comment lines right after it indented at least
    that far go with the removed value instead (take_following): a value
    moved elsewhere keeps the note under its last line."""
    keys = list(mapping)
    index = keys.index(key)
    following = take_before(mapping, key) + take_following(
        mapping, key, keep_indented=keep_indented
    )
    del mapping[key]
    mapping.ca.items.pop(key, None)
    if following and index > 0:
        give_following(mapping, keys[index - 1], following)
    elif following and len(mapping) > 0:
        give_following(mapping, next(iter(mapping)), following)
