"""The one place that knows the YAML dialect of record files.

Reading uses libyaml's event stream (ruamel's C parser) and builds plain Python
values with our own small, iterative composer, because that is the only route
that is fast (about 10x the round-trip loader, see TECH-NOTES) *and* safe:

* no recursion, so deeply nested input cannot crash the C composer;
* nesting is capped before libyaml's quadratic flow scanner gets going;
* anchors and aliases are refused as they are parsed (no "billion laughs");
* tags other than the YAML core ones are refused, never constructed;
* duplicate keys are errors at the second key;
* dates stay text, so an impossible date (2013-02-30) is reported by the
  schema with its position instead of crashing the loader.

Writing uses ruamel's round-trip mode, configured once here with the layout
every record file shares, so an edit changes only the lines it means to.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from cso_tracker.errors import TrackerError

if TYPE_CHECKING:
    from ruamel.yaml import YAML

MAX_FILE_BYTES: Final = 256 * 1024
MAX_DEPTH: Final = 32

Path_ = tuple[str | int, ...]
"""A location inside a document: keys and list indexes from the root."""


class YamlError(TrackerError):
    """A file that is not a readable record document, with a 1-based position."""

    def __init__(self, message: str, *, line: int, column: int, rule: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.rule = rule


@dataclass
class Positions:
    """1-based (line, column) of each key and value in a document."""

    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that exists."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            found = table.get(path[:end]) if end == len(path) else self.values.get(path[:end])
            if found is not None:
                return found
        return (1, 1)


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
        line, column = _line_col_of_offset(data, exc.start)
        raise YamlError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            line=line,
            column=column,
            rule="yaml-encoding",
        ) from None
    return text.removeprefix("\ufeff")


def _line_col_of_offset(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


TAB_MESSAGE: Final = "tab character; indent and separate with spaces"


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
            line, column = _line_col_of_offset(text.encode(), len(text[: match.start()].encode()))
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
_INT: Final = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT: Final = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
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
        if _INT.match(value):
            if value.startswith("0o"):
                return int(value[2:], 8)
            if value.startswith("0x"):
                return int(value[2:], 16)
            return int(value)
        if _FLOAT.match(value):
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
    _check_flow_nesting(text)
    from ruamel.yaml import cyaml

    # ruamel re-exports libyaml's parser from whichever C extension is installed.
    parser = cyaml.CParser(text)  # type: ignore[attr-defined]
    try:
        return _compose(parser, text, positions)
    finally:
        parser.dispose()


def _syntax_error(exc: Exception, text: str) -> YamlError:
    from ruamel.yaml.error import MarkedYAMLError

    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark if exc.problem_mark is not None else exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = exc.problem if exc.problem is not None else str(exc)
        context_mark = exc.context_mark
        explained = _explain_syntax(
            problem,
            exc.context,
            (line, column),
            (context_mark.line + 1, context_mark.column + 1) if context_mark is not None else None,
            text,
        )
        if explained is not None:
            problem, (line, column) = explained
        elif exc.context:
            problem = f"{problem} ({exc.context})"
        return YamlError(problem, line=line, column=column, rule="yaml-syntax")
    # A ReaderError (a control character) carries a byte offset, not a mark.
    offset = getattr(exc, "position", None)
    line, column = _line_col_of_offset(text.encode(), offset) if isinstance(offset, int) else (1, 1)
    reason = getattr(exc, "reason", None)
    character = getattr(exc, "character", None)
    message = (
        f"character U+{character:04X} is not allowed ({reason})"
        if reason is not None and isinstance(character, int)
        else str(exc).splitlines()[0]
    )
    return YamlError(message, line=line, column=column, rule="yaml-syntax")


def _explain_syntax(
    problem: str,
    context: str | None,
    at: tuple[int, int],
    context_at: tuple[int, int] | None,
    text: str,
) -> tuple[str, tuple[int, int]] | None:
    """libyaml's wording for the mistakes members make most, said in their
    terms and placed where the fix goes; None to keep libyaml's own words."""
    lines = text.splitlines()
    line, column = at
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    character = source[column - 1] if 0 < column <= len(source) else ""
    if context in ("while parsing a flow sequence", "while parsing a flow mapping"):
        opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
        if context_at is not None:
            return (
                f"this '{opener}' is never closed: expected ',' or '{closer}' "
                f"before line {line}, column {column}",
                context_at,
            )
    if context == "while scanning a quoted scalar" and context_at is not None:
        return "this quote is never closed; end the text with the same quote mark", context_at
    if context == "while scanning a simple key" and context_at is not None:
        return "expected 'key: value' on this line, but it has no ': '", context_at
    if problem == "mapping values are not allowed in this context":
        if ": " in source[: column - 1] or source[: column - 1].rstrip().endswith(":"):
            return (
                "a second ': ' on this line; if it is part of the value, "
                "put the whole value in quotes",
                at,
            )
        return "unexpected ': '; check this line's indentation against the line above", at
    if problem == "found unexpected ':'" and context == "while scanning a plain scalar":
        # `evidence: [https://example.org/x]`: inside brackets a URL needs quotes.
        return (
            "a ':' inside a value in brackets ([...] or {...}); put that value in quotes, "
            'e.g. ["https://example.org/report"]',
            context_at if context_at is not None else at,
        )
    if problem == "found character that cannot start any token" and character not in ("", "\t"):
        return f"a value cannot start with '{character}'; put the value in quotes", at
    if problem in ("did not find expected key", "did not find expected '-' indicator"):
        if character in ("]", "}", ","):
            return f"unexpected '{character}': there is nothing to close or separate here", at
        if context_at is not None:
            expected, shape = (
                ("'key: value'", "mapping") if problem.endswith("key") else ("'- item'", "list")
            )
            return (
                f"expected {expected} here, lined up with the {shape} that starts at "
                f"line {context_at[0]}, column {context_at[1]}; check the indentation",
                at,
            )
    return None


def _where(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


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
            raise _syntax_error(exc, text) from None
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


# --- round trip (writing) ----------------------------------------------------

LINE_WIDTH: Final = 4096
"""Wide enough that ruamel never re-wraps a member's long line."""


Indent = tuple[int, int, int]
"""ruamel's (mapping, sequence, offset) indentation."""

CANONICAL_INDENT: Final[Indent] = (2, 4, 2)
"""Mappings indented 2, list items indented 2 under their key."""


def roundtrip_yaml(indent: Indent = CANONICAL_INDENT) -> YAML:
    """The ruamel configuration for editing a file in place: same layout in,
    same layout out. `indent` is the canonical one unless a hand-written
    file uses another, which an edit must not re-indent."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    mapping, sequence, offset = indent
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.width = LINE_WIDTH
    yaml.allow_duplicate_keys = False
    return yaml


def load_roundtrip(text: str) -> Any:
    """A document with its comments, quoting and key order, for editing.

    Raises YamlError, located, for what this reader refuses although the fast
    one read it: a tab after a key's colon, an impossible date (2013-02-30).
    Both were a crash report (exit 3) from `tracker fmt` and `tracker update`."""
    from ruamel.yaml.error import YAMLError

    tabs = find_tabs(text)
    if tabs:
        line, column = tabs[0]
        raise YamlError(TAB_MESSAGE, line=line, column=column, rule="yaml-tab")
    try:
        return roundtrip_yaml().load(text)
    except YAMLError as exc:
        raise _syntax_error(exc, text) from exc
    except ValueError as exc:  # a timestamp the calendar does not have
        for number, source in enumerate(text.splitlines(), start=1):
            for match in _PLAIN_DATE.finditer(source):
                try:
                    dt.date.fromisoformat(match.group())
                except ValueError:
                    raise YamlError(
                        f"'{match.group()}' is not a real date ({exc})",
                        line=number, column=match.start() + 1, rule="schema-value",
                    ) from exc  # fmt: skip
        raise YamlError(str(exc), line=1, column=1, rule="yaml-syntax") from exc


_PLAIN_DATE: Final = re.compile(r"(?<![\w.'\"-])\d{4}-\d{2}-\d{2}(?![\w.:'\"-])")


def dump_roundtrip(document: Any, indent: Indent = CANONICAL_INDENT) -> str:
    stream = io.StringIO()
    roundtrip_yaml(indent).dump(document, stream)
    return stream.getvalue()
