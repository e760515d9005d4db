"""Reading record files: bytes -> plain Python values, fast and safe.

Reading uses libyaml's event stream (ruamel's C parser) and builds plain
values with our own small, iterative composer, because that is the only
route that is both fast (about ten times ruamel's round-trip loader; see
docs/yaml.md) and safe:

* no recursion, so deeply nested input cannot crash the C composer;
* nesting is capped before libyaml's quadratic flow scanner gets going;
* anchors and aliases are refused as they are parsed (no "billion laughs");
* tags other than the YAML core ones are refused, never constructed;
* duplicate keys are errors at the second key;
* dates stay text, so an impossible date (2013-02-30) is reported by the
  schema with its position instead of crashing the loader.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any, Final

from cso_tracker.errors import MissingDependencyError
from cso_tracker.yaml import MAX_FILE_BYTES
from cso_tracker.yaml.errors import YamlError, line_col_of_offset
from cso_tracker.yaml.messages import syntax_error
from cso_tracker.yaml.positions import Path_, Positions
from cso_tracker.yaml.simple import load_simple

MAX_DEPTH: Final = 32


# --- decoding --------------------------------------------------------------


def decode(data: bytes) -> str:
    """Bytes of a record file -> text, refusing what YAML tools would choke on."""
    if len(data) > MAX_FILE_BYTES:
        raise YamlError(
            f"file is {len(data):,} bytes; records are limited to {MAX_FILE_BYTES:,} bytes",
            line=1,
            column=1,
            rule="file-too-large",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = line_col_of_offset(data, exc.start)
        raise YamlError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            line=line,
            column=column,
            rule="yaml-encoding",
        ) from None
    return text.removeprefix("\ufeff")


TAB_MESSAGE: Final = "tab character; indent and separate with spaces"

# What git writes around the two sides of a conflict it could not merge (and
# `|||||||` before the base, with merge.conflictStyle=diff3 or zdiff3).
_CONFLICT_MARKERS: Final = ("<<<<<<<", "|||||||", "=======", ">>>>>>>")


def find_conflict_markers(text: str) -> list[int]:
    """The lines that are git's conflict markers: each starts a line, seven
    of one character, alone or (but `=======`) followed by a space and a
    label. No record has such a line (YAML would read most of them as a key
    without a value), so the file is a merge left half-done."""
    if not any(marker in text for marker in _CONFLICT_MARKERS):
        return []
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        marker = line[:7]
        if marker not in _CONFLICT_MARKERS:
            continue
        rest = line[7:]
        if rest.strip() == "" or (marker != "=======" and rest.startswith(" ")):
            found.append(number)
    return found


def find_tabs(text: str) -> list[tuple[int, int]]:
    """The first tab of each line that has one, quoted or not: YAML readers
    treat tabs inconsistently and editors show them at random widths, and a
    record never needs one (write "\\t" inside double quotes)."""
    found: list[tuple[int, int]] = []
    if "\t" not in text:
        return found
    for number, line in enumerate(text.splitlines(), start=1):
        column = line.find("\t")
        if column >= 0:
            found.append((number, column + 1))
    return found


_FLOW_BRACKETS: Final = re.compile(r"[\[\]{}]")


def _check_flow_nesting(text: str) -> None:
    # libyaml's scanner is quadratic in flow nesting (100,000 '[' took 66 s),
    # so refuse absurd nesting before it parses anything. Brackets inside
    # quoted text count too; no real record comes near the limit.
    if "[" not in text and "{" not in text:
        return
    depth = 0
    for match in _FLOW_BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            line, column = line_col_of_offset(text.encode(), len(text[: match.start()].encode()))
            raise YamlError(
                f"brackets nested more than {MAX_DEPTH} levels deep",
                line=line,
                column=column,
                rule="yaml-too-deep",
            )


# --- scalars (YAML 1.2 core schema) ------------------------------------------

_NULL: Final = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE: Final = frozenset({"true", "True", "TRUE"})
_FALSE: Final = frozenset({"false", "False", "FALSE"})
_INT: Final = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT: Final = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF_NAN: Final = {
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}  # fmt: skip
_CORE_TAG: Final = "tag:yaml.org,2002:"
_ALLOWED_EXPLICIT_TAGS: Final = frozenset(
    {_CORE_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq")} | {"!"}
)


def _plain_scalar(value: str) -> Any:
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    first = value[0]
    if first.isdigit() or first in "-+.":
        if _INT.fullmatch(value):
            if value.startswith("0o"):
                return int(value[2:], 8)
            if value.startswith("0x"):
                return int(value[2:], 16)
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
        if value in _INF_NAN:
            return _INF_NAN[value]
    return value


def _tagged_scalar(value: str, tag: str, line: int, column: int) -> Any:
    if tag in ("!", _CORE_TAG + "str"):
        return value
    converted = _plain_scalar(value)
    expected = {
        _CORE_TAG + "int": int,
        _CORE_TAG + "float": float,
        _CORE_TAG + "bool": bool,
        _CORE_TAG + "null": type(None),
    }.get(tag)
    if expected is None or type(converted) is not expected:
        raise YamlError(
            f"value {value!r} does not match its tag {tag}",
            line=line,
            column=column,
            rule="yaml-tag",
        )
    return converted


# --- the composer ------------------------------------------------------------


def load(text: str, *, positions: Positions | None = None) -> Any:
    """Parse one YAML document into plain dicts, lists and scalars.

    Raises YamlError for anything that is not a single, plain document. When
    `positions` is given it is filled with the place of every key and value.
    """
    parser_class = _c_parser()  # required even when unused: see _c_parser
    if positions is None:
        # Most records have the simple block shape, read without a Python
        # object per event; anything else is libyaml's, errors included.
        value = load_simple(text, _plain_scalar, MAX_DEPTH)
        if value is not None:
            return value
    _check_flow_nesting(text)
    parser = parser_class(text)
    try:
        return _compose(parser, text, positions)
    finally:
        parser.dispose()


@functools.cache
def _c_parser() -> Any:
    """libyaml's parser, which ruamel re-exports from its optional C extension.
    There is no pure-Python fallback: ruamel's own parser is some ten times
    slower and has none of the limits above, so its absence is said plainly.
    Required even where every file has the simple shape (yaml/simple.py):
    whether the tracker runs must not depend on how its records are written."""
    try:
        from ruamel.yaml import cyaml

        return cyaml.CParser  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        raise MissingDependencyError(
            "the C YAML parser (libyaml, from the package ruamel.yaml.clib) is not installed",
            hint="install it with: python -m pip install 'ruamel.yaml[oldlibyaml]' "
            "(a wheel exists for most platforms; elsewhere it needs a C compiler)",
        ) from None


def _where(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


# long on purpose: the loop runs for every event of every record, and local
# names and closures are what make it fast (helpers cost calls per event).
def _compose(parser: Any, text: str, positions: Positions | None) -> Any:
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )

    # This loop runs for every event of every record, so it is written for
    # speed: positions are computed only when asked for or on an error.
    # Each open collection on the stack: [container, path, pending key or
    # None, position of the pending key]. Lists ignore the key slots.
    stack: list[list[Any]] = []
    root: Any = None
    seen_root = False
    documents = 0
    get_event = parser.get_event

    def attach(value: Any, event: Any) -> None:
        nonlocal root, seen_root
        if not stack:
            root, seen_root = value, True
            if positions is not None:
                positions.values[()] = _where(event)
            return
        frame = stack[-1]
        container = frame[0]
        if container.__class__ is list:
            if positions is not None:
                positions.values[(*frame[1], len(container))] = _where(event)
            container.append(value)
            return
        key = frame[2]
        if key is None:
            if value.__class__ is dict or value.__class__ is list:
                line, column = _where(event)
                raise YamlError(
                    "a key must be a plain name, not a list or mapping",
                    line=line,
                    column=column,
                    rule="yaml-complex-key",
                )
            key = value if value.__class__ is str else event.value
            if key in container:
                line, column = _where(event)
                raise YamlError(
                    f"duplicate key '{key}': each key may appear once in a mapping",
                    line=line,
                    column=column,
                    rule="yaml-duplicate-key",
                )
            frame[2] = key
            if positions is not None:
                frame[3] = _where(event)
            return
        container[key] = value
        frame[2] = None
        if positions is not None:
            child = (*frame[1], key)
            positions.keys[child] = frame[3]
            positions.values[child] = _where(event)

    def refuse(event: Any, message: str, rule: str) -> YamlError:
        line, column = _where(event)
        return YamlError(message, line=line, column=column, rule=rule)

    while True:
        try:
            event = get_event()
        except YAMLError as exc:
            raise syntax_error(exc, text) from None
        kind = event.__class__
        if kind is ScalarEvent:
            if event.anchor is not None:
                raise refuse(event, _ALIAS_MESSAGE, "yaml-alias")
            tag = event.tag
            try:  # free in CPython 3.11+ unless it raises
                if tag is None or tag == "!":
                    value = _plain_scalar(event.value) if event.implicit[0] else event.value
                elif tag in _ALLOWED_EXPLICIT_TAGS:
                    line, column = _where(event)
                    value = _tagged_scalar(event.value, tag, line, column)
                else:
                    raise refuse(
                        event, f"tag '{tag}' is not allowed in records; remove it", "yaml-tag"
                    )
            except ValueError:
                # int() refuses more than 4,300 decimal digits (CVE-2020-10735);
                # no record needs such a number: say so at its place.
                raise refuse(
                    event,
                    f"a number of {len(event.value):,} digits is too long; quote it if it is text",
                    "schema-value",
                ) from None
            attach(value, event)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None:
                raise refuse(event, _ALIAS_MESSAGE, "yaml-alias")
            if event.tag is not None and event.tag not in _ALLOWED_EXPLICIT_TAGS:
                raise refuse(
                    event, f"tag '{event.tag}' is not allowed in records; remove it", "yaml-tag"
                )
            if len(stack) >= MAX_DEPTH:
                raise refuse(event, f"nested more than {MAX_DEPTH} levels deep", "yaml-too-deep")
            container: Any = {} if kind is MappingStartEvent else []
            path: Path_ = ()
            if positions is not None and stack:
                frame = stack[-1]
                if frame[0].__class__ is list:
                    path = (*frame[1], len(frame[0]))
                else:
                    path = (*frame[1], frame[2]) if frame[2] is not None else frame[1]
            attach(container, event)
            stack.append([container, path, None, None])
        elif kind is AliasEvent:
            raise refuse(event, _ALIAS_MESSAGE, "yaml-alias")
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise refuse(
                    event,
                    "a record file holds one document; found a second one (---)",
                    "yaml-multiple-documents",
                )
        elif kind is StreamEndEvent:
            break
    return root if seen_root else None


_ALIAS_MESSAGE: Final = (
    "anchors and aliases (&name, *name) are not allowed in records; write the value out"
)
