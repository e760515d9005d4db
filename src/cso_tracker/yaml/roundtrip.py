"""ruamel's round-trip mode, configured once: editing one file in place with
its comments, quoting and key order, and writing it back in the same layout.
Never used to read a whole repository (it reads about 200 records a second).
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from cso_tracker.lines import split_lines
from cso_tracker.yaml.errors import YamlError
from cso_tracker.yaml.messages import syntax_error
from cso_tracker.yaml.reader import TAB_MESSAGE, find_tabs

if TYPE_CHECKING:
    from ruamel.yaml import YAML

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
        raise syntax_error(exc, text) from exc
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


# --- indentation -----------------------------------------------------------------------


_KEY_LINE: Final = re.compile(r"^( *)[^\s#\-][^:#]*:\s*(#.*)?$")
_DASH_LINE: Final = re.compile(r"^( *)-( +)\S")


def detect_indent(text: str) -> Indent:
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
    found_sequence = sequence if sequence is not None else CANONICAL_INDENT[1:]
    return (
        mapping if mapping is not None else CANONICAL_INDENT[0],
        found_sequence[0],
        found_sequence[1],
    )


# --- text in, text out --------------------------------------------------------------------

_BOM: Final = "\ufeff"


@dataclass(frozen=True)
class TextStyle:
    """What a file's bytes say about its line endings, kept on rewrite.

    A file whose lines end in both CRLF and LF (`mixed`) keeps each line's
    own ending: the edited text is lined up with the original, and every
    line that did not change takes its old ending back (new lines take the
    first line's). Otherwise a note-only edit turned nine untouched CRLF
    lines into LF."""

    crlf: bool
    bom: bool
    final_newline: bool
    source: str = field(default="", repr=False, compare=False)
    """The text as read (for a mixed file's line endings)."""

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
            source=text,
        )

    @property
    def mixed(self) -> bool:
        crlf = self.source.count("\r\n")
        return 0 < crlf < self.source.count("\n")

    def normalise(self, text: str) -> str:
        return text.removeprefix(_BOM).replace("\r\n", "\n")

    def apply(self, text: str, *, keep_missing_newline: bool = True) -> str:
        if keep_missing_newline and not self.final_newline and text.endswith("\n"):
            text = text[:-1]
        if self.mixed:
            text = _with_endings_of(self.source.removeprefix(_BOM), text, self.crlf)
        elif self.crlf:
            text = text.replace("\n", "\r\n")
        return (_BOM if self.bom else "") + text


def _with_endings_of(original: str, text: str, crlf: bool) -> str:
    """`text` (LF endings) with each line that is unchanged from `original`
    given its original ending back; other lines end as the first line does."""
    old = split_lines(original)
    plain = [line.removesuffix("\r\n") + "\n" if line.endswith("\r\n") else line for line in old]
    new = split_lines(text)
    ending = "\r\n" if crlf else "\n"
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, plain, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(old[i1:i2])
        else:
            out.extend(line[:-1] + ending if line.endswith("\n") else line for line in new[j1:j2])
    return "".join(out)
