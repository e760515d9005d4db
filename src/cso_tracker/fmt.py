"""The canonical layout of a record file, and the layout primitives the write
path shares with `tracker fmt`.

Canonical means: keys in the order the model declares its fields (recursively
for nested models), the indentation of yamlio's round-trip configuration,
block style for non-empty lists and mappings, dates as YYYY-MM-DD, and quotes
only where a value needs them (for YAML 1.2 readers, and for YAML 1.1 tools
that would read `yes`, `on` or `10:30` as something other than text).
Comments are kept. Formatting is idempotent. Nothing here prints.

Comments in a ruamel document hang off the *last line* before them: a comment
block between two keys is stored on the deepest last value of the first one.
When something is inserted, removed or moved, `take_following` and
`give_following` move the full-line comments and blank lines so they stay in
front of whatever followed them in the file (see TECH-NOTES, "Appending to a
list").
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel

from cso_tracker import yamlio
from cso_tracker.errors import TrackerError
from cso_tracker.models import nested_model
from cso_tracker.problems import Problem, Severity

if TYPE_CHECKING:
    from cso_tracker.edit import Edit

# --- quoting ---------------------------------------------------------------------

_CLOCK_LIKE: Final = re.compile(r"^[-+]?\d+(:\d+)+(\.\d*)?$")
_YAML11_EXTRA: Final = frozenset({"y", "Y", "n", "N"})
"""Booleans in the YAML 1.1 spec that some 1.1 resolvers forget."""


@cache
def _analyzer() -> Any:
    from types import SimpleNamespace

    from ruamel.yaml.emitter import Emitter

    # analyze_scalar asks the serializer which YAML version it writes; answer
    # 1.1, the stricter one, so text is quoted wherever a 1.1 tool needs it.
    dumper = SimpleNamespace(_serializer=SimpleNamespace(use_version=(1, 1)))
    return Emitter(None, allow_unicode=True, dumper=dumper)


@cache
def _resolvers() -> tuple[Any, ...]:
    from ruamel.yaml.resolver import VersionedResolver

    return (VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2)))


def needs_quotes(text: str) -> bool:
    """Whether `text` must be quoted to read back as the same text, in YAML 1.2
    and in YAML 1.1 tools (PyYAML reads `no` as false and `10:30` as 630)."""
    if text == "" or text in _YAML11_EXTRA or _CLOCK_LIKE.match(text):
        return True
    analysis = _analyzer().analyze_scalar(text)
    if not analysis.allow_block_plain or analysis.multiline:
        return True
    from ruamel.yaml.nodes import ScalarNode

    return any(
        str(resolver.resolve(ScalarNode, text, (True, False))) != "tag:yaml.org,2002:str"
        for resolver in _resolvers()
    )


def scalar(text: str) -> Any:
    """A string value ready to put into a round-trip document: double-quoted
    when it needs quotes, a literal block when it spans lines, else plain."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if "\n" in text and _literal_ok(text):
        return LiteralScalarString(text)
    if needs_quotes(text):
        return DoubleQuotedScalarString(text)
    return text


_LITERAL_UNSAFE: Final = re.compile(
    r"[^\n\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _literal_ok(text: str) -> bool:
    # A literal block keeps text verbatim only when every line is printable,
    # no line ends in spaces, the first line does not start with a space and
    # the text does not end in more than one newline (the chomping we write).
    if _LITERAL_UNSAFE.search(text) or "\ufeff" in text or "\u2028" in text or "\u2029" in text:
        return False
    if text.startswith((" ", "\n")) or text.endswith("\n"):
        return False
    return not any(line != line.rstrip(" ") for line in text.split("\n"))


def _requote(value: Any, *, date_field: bool) -> Any:
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        FoldedScalarString,
        LiteralScalarString,
        PlainScalarString,
        SingleQuotedScalarString,
    )

    if not isinstance(value, str) or isinstance(value, LiteralScalarString | FoldedScalarString):
        return value
    text = str(value)
    if date_field and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:  # an impossible date: leave it for validate to report
            return value
    if "\n" in text:
        return value
    quoted = isinstance(value, SingleQuotedScalarString | DoubleQuotedScalarString)
    need = needs_quotes(text)
    if need and not quoted:
        return DoubleQuotedScalarString(text)
    if quoted and not need:
        # A plain str would inherit the old quotes (ruamel keeps a key's style).
        return PlainScalarString(text)
    return value


# --- where comments live -----------------------------------------------------------


def _is_map(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap

    return isinstance(node, CommentedMap)


def _is_seq(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedSeq

    return isinstance(node, CommentedSeq)


def _is_block(node: Any) -> bool:
    return (_is_map(node) or _is_seq(node)) and len(node) > 0 and not node.fa.flow_style()


def _slot(container: Any, key: Any) -> tuple[Any, Any]:
    """The (container, key) holding the comment after the last line of the
    entry `key` of `container` (descending into block collections)."""
    value = container[key]
    while _is_block(value):
        container, key = value, (next(reversed(value)) if _is_map(value) else len(value) - 1)
        value = container[key]
    return container, key


def _index(container: Any) -> int:
    return 2 if _is_map(container) else 0


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


def _column(node: Any) -> int | None:
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
    column = _column(sequence)
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
    column = _column(mapping)
    following = (
        take_following(
            mapping, keys[position - 1], keep_indented=column + 1 if column is not None else None
        )
        if position > 0
        else ""
    )
    mapping.insert(position, key, value)
    give_following(mapping, key, following)


def remove_key(mapping: Any, key: str) -> None:
    keys = list(mapping)
    index = keys.index(key)
    following = take_before(mapping, key) + take_following(mapping, key)
    del mapping[key]
    mapping.ca.items.pop(key, None)
    if following and index > 0:
        give_following(mapping, keys[index - 1], following)
    elif following and len(mapping) > 0:
        give_following(mapping, next(iter(mapping)), following)


# --- the shape of a model ----------------------------------------------------------


@dataclass(frozen=True)
class FieldShape:
    nested: type[BaseModel] | None
    """The model of the value, or of each list item."""
    is_date: bool


def _mentions(annotation: Any, wanted: type) -> bool:
    if annotation is wanted:
        return True
    return any(_mentions(arg, wanted) for arg in typing.get_args(annotation))


@cache
def shape(model: type[BaseModel]) -> dict[str, FieldShape]:
    """Field name -> its shape, in the order the model declares them."""
    return {
        name: FieldShape(
            nested=nested_model(info.annotation),
            is_date=_mentions(info.annotation, dt.date),
        )
        for name, info in model.model_fields.items()
    }


def field_order(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


# --- canonical layout ----------------------------------------------------------------


def canonicalize(node: Any, model: type[BaseModel] | None) -> None:
    """Bring a round-trip document into the canonical layout, in place."""
    if _is_seq(node):
        if len(node) > 0 and node.fa.flow_style():
            node.fa.set_block_style()
        for index in range(len(node)):
            value = node[index]
            if _is_map(value) or _is_seq(value):
                canonicalize(value, model)
            else:
                node[index] = _requote(value, date_field=False)
        return
    if not _is_map(node):
        return
    if len(node) > 0 and node.fa.flow_style():
        node.fa.set_block_style()
    fields = shape(model) if model is not None else {}
    if model is not None:
        _reorder(node, field_order(model))
    for key in list(node):
        value = node[key]
        info = fields.get(key) if isinstance(key, str) else None
        if _is_map(value) or _is_seq(value):
            canonicalize(value, info.nested if info is not None else None)
        else:
            node[key] = _requote(value, date_field=info is not None and info.is_date)


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


# --- indentation -----------------------------------------------------------------------


_KEY_LINE: Final = re.compile(r"^( *)[^\s#\-][^:#]*:\s*(#.*)?$")
_DASH_LINE: Final = re.compile(r"^( *)-( +)\S")


def detect_indent(text: str) -> yamlio.Indent:
    """The indentation a file uses, read from its first nested mapping and
    first block list (the canonical one where the file has neither)."""
    mapping: int | None = None
    sequence: tuple[int, int] | None = None
    lines = [
        line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")
    ]
    for line, following in itertools.pairwise(lines):
        key = _KEY_LINE.match(line)
        if key is None:
            continue
        column = len(key.group(1))
        dash = _DASH_LINE.match(following)
        if dash is not None and sequence is None:
            offset = len(dash.group(1)) - column
            if offset >= 0:
                sequence = (offset + 1 + len(dash.group(2)), offset)
        elif dash is None and mapping is None:
            inner = len(following) - len(following.lstrip(" "))
            if inner > column:
                mapping = inner - column
        if mapping is not None and sequence is not None:
            break
    found_sequence = sequence if sequence is not None else yamlio.CANONICAL_INDENT[1:]
    return (
        mapping if mapping is not None else yamlio.CANONICAL_INDENT[0],
        found_sequence[0],
        found_sequence[1],
    )


# --- text in, text out --------------------------------------------------------------------

_BOM: Final = "\ufeff"


@dataclass(frozen=True)
class TextStyle:
    """What a file's bytes say about its line endings, kept on rewrite."""

    crlf: bool
    bom: bool
    final_newline: bool

    @classmethod
    def of_bytes(cls, data: bytes) -> TextStyle:
        return cls.of(data.decode("utf-8", errors="replace"))

    @classmethod
    def of(cls, text: str) -> TextStyle:
        first = text.find("\n")
        return cls(
            crlf=first > 0 and text[first - 1] == "\r",
            bom=text.startswith(_BOM),
            final_newline=text == "" or text.endswith("\n"),
        )

    def normalise(self, text: str) -> str:
        return text.removeprefix(_BOM).replace("\r\n", "\n")

    def apply(self, text: str, *, keep_missing_newline: bool = True) -> str:
        if keep_missing_newline and not self.final_newline and text.endswith("\n"):
            text = text[:-1]
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (_BOM if self.bom else "") + text


def format_text(text: str, model: type[BaseModel], *, style: TextStyle | None = None) -> str:
    """`text` (a whole record file) in the canonical layout. Raises YamlError
    for a file the fast reader refuses, and TrackerError if formatting would
    change what the file means (a bug guard: it never should)."""
    if style is None:
        style = TextStyle.of(text)
    plain = style.normalise(text)
    meaning = yamlio.load(plain)
    document = yamlio.load_roundtrip(plain)
    canonicalize(document, model)
    result = yamlio.dump_roundtrip(document)
    if yamlio.load(result) != meaning:
        raise TrackerError(
            "formatting would change what the file means; it was left as it is",
            hint="please report this with the file attached",
        )
    return style.apply(result, keep_missing_newline=False)


Target = tuple[Path, str, type[BaseModel]]
"""A file to format: its path, its name relative to the root, and its model."""


def targets(root: Path, files: Sequence[Path]) -> list[Target]:
    """The files `tracker fmt` formats: those given, else tracker.yaml and
    every record file."""
    from cso_tracker import store
    from cso_tracker.errors import UsageError
    from cso_tracker.models import RECORD_MODELS, Settings

    settings = root / store.SETTINGS_FILE
    if not files:
        found: list[Target] = (
            [(settings, store.SETTINGS_FILE, Settings)] if settings.is_file() else []
        )
        record_files, _ = store.list_record_files(root)
        return found + [(f.path, f.rel, RECORD_MODELS[f.kind]) for f in record_files]
    chosen: list[Target] = []
    for path in files:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        if path.resolve() == settings.resolve():
            chosen.append((path.resolve(), store.SETTINGS_FILE, Settings))
            continue
        record_file = store.named_record_file(root, path)
        chosen.append((record_file.path, record_file.rel, RECORD_MODELS[record_file.kind]))
    return chosen


@dataclass
class FormatReport:
    changed: list[Edit] = field(default_factory=list)
    """Files that were, or with write=False would be, rewritten."""
    problems: list[Problem] = field(default_factory=list)
    """Files that could not be read as YAML, so were left alone."""
    checked: int = 0
    commit: str | None = None

    @property
    def message(self) -> str:
        """The commit message for the changed files."""
        count = len(self.changed)
        return f"fmt: canonical layout for {count} file{'s' if count != 1 else ''}\n"


def format_files(
    root: Path, files: Iterable[Target], *, write: bool, commit: bool = False
) -> FormatReport:
    """Format each file; with `write`, replace the changed ones and with
    `commit` also commit exactly those.

    The formatting (slow: the round-trip parser) runs without the lock; the
    writes happen together under it, with the lost-update check of every
    other write (edit.write_edits): a file edited meanwhile is not overwritten."""
    from cso_tracker import edit

    if commit:
        edit.require_git(root)
    report = FormatReport()
    for path, rel, model in files:
        report.checked += 1
        data = path.read_bytes()
        try:
            formatted = format_text(yamlio.decode(data), model, style=TextStyle.of_bytes(data))
        except yamlio.YamlError as exc:
            report.problems.append(
                Problem(rel, exc.line, exc.column, Severity.ERROR, exc.message, exc.rule)
            )
            continue
        new = formatted.encode("utf-8")
        if new != data:
            report.changed.append(edit.Edit(path, rel, data, new, message=FORMAT_MESSAGE))
    if write and report.changed:
        with edit.repository_lock(root):
            report.commit = edit.write_edits(
                root, report.changed, message=report.message, commit=commit
            )
    return report


FORMAT_MESSAGE: Final = "fmt: canonical layout\n"


__all__ = [
    "FormatReport",
    "append_item",
    "canonicalize",
    "format_files",
    "format_text",
    "insert_key",
    "needs_quotes",
    "remove_item",
    "remove_key",
    "scalar",
    "targets",
]
