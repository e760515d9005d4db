"""A fast reader for the one shape nearly every record file has: block
mappings and block sequences of single-line scalars, as `tracker` writes
them and as the data contract shows them.

It reads that shape in a few regular-expression passes instead of a
Python object per libyaml event (about three times faster over a 10,000
commitment registry), and says None for anything else: a comment after a
value, a tab, a multi-line or block scalar, flow collections, a quoted key,
an escape in double quotes, anchors, tags, document markers, an odd
indentation, a duplicate key, a character YAML treats specially. Blank
lines and lines that are only a comment are passed over.
The reader (reader.py) then reads the file with libyaml, which also gives
every error its position. So a file this module accepts gives exactly the
value libyaml's reading would (tests/test_yaml_simple.py compares the two
on every file in the repository and on generated text), and a file it
declines loses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

_LINE: Final = re.compile(
    r"^( *)(?:(- )?([A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*):(?: (.*))?|- (.*))$", re.M
)
"""One line: indentation, then `key:` / `key: value`, the same after `- `
(the first key of a mapping in a sequence), or `- value`."""

_DECLINED: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff\t\r]"
)
"""What this reader leaves to libyaml: characters YAML treats as breaks or
forbids, tabs and carriage returns."""
_IGNORED: Final = re.compile(r"^ *(?:#.*)?\n", re.M)
"""A blank line or a line that is only a comment: outside a multi-line
value (which this reader declines anyway) it means nothing."""

_PLAIN: Final = re.compile(r"""[^-?:,\[\]{}#&*!|>'"%@` ](?:(?!: | #).)*(?<![ :])""")
"""A plain scalar that means itself in block context: no indicator first,
no `: ` or ` #` inside, no space or colon at the end."""
_SINGLE: Final = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE: Final = re.compile(r'"([^"\\]*)"')

Line = tuple[int, bool, str, str | None, str | None]
"""(indentation, whether `- ` starts it, key or "", what follows the key's
colon (None for nothing), the value of a `- value` item (None when not one))."""


class _Declined(Exception):
    pass


def load_simple(text: str, plain_scalar: Callable[[str], Any], max_depth: int) -> Any | None:
    """The value of `text` when it has the simple shape, else None.

    `plain_scalar` resolves an unquoted value as the reader does (YAML 1.2's
    core schema); nesting as deep as `max_depth` is declined (the reader
    refuses deeper, and says where)."""
    if _DECLINED.search(text):
        return None
    if _IGNORED.search(text):
        text = _IGNORED.sub("", text)
    if not text:
        return None
    found = _LINE.findall(text)
    if len(found) != text.count("\n") + (0 if text.endswith("\n") else 1):
        return None  # some line is of another shape
    lines: list[Line] = []
    for indent, dash, key, rest, item in found:
        if key:
            lines.append((len(indent), dash != "", key, rest or None, None))
        else:
            lines.append((len(indent), True, "", None, item))
    if lines[0][0] != 0 or lines[0][1]:
        return None  # a top-level sequence, or an indented first line
    reader = _Reader(lines, plain_scalar, max_depth)
    try:
        value, end = reader.mapping(0, 0, 1)
    except _Declined:
        return None
    return value if end == len(lines) else None


class _Reader:
    def __init__(self, lines: list[Line], plain_scalar: Callable[[str], Any], depth: int) -> None:
        self.lines = lines
        self.plain_scalar = plain_scalar
        self.max_depth = depth

    def scalar(self, text: str) -> Any:
        if _PLAIN.fullmatch(text):
            try:
                return self.plain_scalar(text)
            except ValueError:  # a number too long for int(): the reader says so, placed
                raise _Declined from None
        quoted = _SINGLE.fullmatch(text)
        if quoted:
            return quoted.group(1).replace("''", "'")
        quoted = _DOUBLE.fullmatch(text)
        if quoted:
            return quoted.group(1)
        raise _Declined

    def value(self, index: int, key_indent: int, rest: str | None, depth: int) -> tuple[Any, int]:
        """The value of the key on line `index - 1`, and the line after it."""
        lines = self.lines
        following = lines[index] if index < len(lines) else None
        if rest is not None:
            if following is not None and following[0] > key_indent:
                raise _Declined  # a continued (multi-line) scalar, or worse
            return self.scalar(rest), index
        if following is None:
            return None, index
        if following[0] > key_indent:
            if following[1] or following[2] == "":
                return self.sequence(index, following[0], depth + 1)
            return self.mapping(index, following[0], depth + 1)
        if following[0] == key_indent and following[1]:  # a sequence not indented under its key
            return self.sequence(index, key_indent, depth + 1)
        return None, index

    def mapping(self, index: int, indent: int, depth: int) -> tuple[dict[str, Any], int]:
        if depth >= self.max_depth:
            raise _Declined
        lines = self.lines
        found: dict[str, Any] = {}
        while index < len(lines):
            line_indent, dash, key, rest, _ = lines[index]
            if line_indent < indent or (line_indent == indent and dash):
                break  # the mapping ends; what holds it reads on
            if line_indent > indent or key in found:
                raise _Declined
            found[key], index = self.value(index + 1, indent, rest, depth)
        return found, index

    def sequence(self, index: int, indent: int, depth: int) -> tuple[list[Any], int]:
        if depth >= self.max_depth:
            raise _Declined
        lines = self.lines
        found: list[Any] = []
        while index < len(lines):
            line_indent, dash, key, rest, item = lines[index]
            if line_indent < indent or (line_indent == indent and not dash):
                break
            if line_indent > indent:
                raise _Declined
            if item is not None:
                found.append(self.scalar(item))
                index += 1
                if index < len(lines) and lines[index][0] > indent:
                    raise _Declined
                continue
            # `- key: ...`: a mapping whose keys stand two columns in.
            first, index = self.value(index + 1, indent + 2, rest, depth + 1)
            rest_of_it, index = self.mapping(index, indent + 2, depth + 1)
            if key in rest_of_it:
                raise _Declined
            found.append({key: first, **rest_of_it})
        return found, index
