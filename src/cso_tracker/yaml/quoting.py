"""Which text needs quotes to read back as the same text, in YAML 1.2 and in
the YAML 1.1 tools members also use, and how a new value is written."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any, Final

from cso_tracker.dates import ISO_DATE

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


def requote(value: Any, *, date_field: bool) -> Any:
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
    if date_field and ISO_DATE.fullmatch(text):
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
