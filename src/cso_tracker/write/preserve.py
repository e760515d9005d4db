"""Rendering an edited document so that only the changed lines differ from
the file as it was written, whatever layout a member gave it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cso_tracker.lines import split_lines
from cso_tracker.write.merge import merge3
from cso_tracker.yaml import reader, roundtrip
from cso_tracker.yaml.errors import YamlError


def keep_layout(
    original: str, base: str, document: Any, indent: roundtrip.Indent
) -> tuple[str, bool]:
    """The edited `document` as text in the layout of `original`.

    `base` is ruamel's rendering, in `indent`, of the document *before* the
    edit. When the original is exactly that (the usual case: one
    configuration, see docs/yaml.md), the new rendering is the answer.
    Otherwise the file has lines ruamel would write differently (a wrapped
    long line, `---`, extra spaces): the edit (base -> new) is merged into
    the original three-way, keeping every untouched line as it was; where the
    edit touches such lines they take ruamel's rendering. If no merge means
    exactly what the edited document means, the whole new rendering is used.
    The second value says whether more than the changed lines were rewritten."""
    new = roundtrip.dump_roundtrip(document, indent)
    if base == original:
        return new, False
    meaning = reader.load(new)
    old, ours, theirs = split_lines(base), split_lines(original), split_lines(new)

    def candidates() -> Iterator[tuple[list[str], int]]:
        merged, conflicts, both = merge3(old, ours, theirs)
        yield merged, conflicts
        # Where applying both sides' changes to one stretch does not read
        # back right (new lines indented unlike the old ones around them),
        # take ruamel's rendering of that stretch: one stretch at a time, then all.
        attempts = [frozenset({index}) for index in range(both)] + [frozenset(range(both))]
        for theirs_only in attempts if both > 0 else []:
            lines, count, _ = merge3(old, ours, theirs, take_theirs=theirs_only)
            yield lines, count + len(theirs_only)

    for lines, count in candidates():
        text = "".join(lines)
        try:
            if reader.load(text) == meaning:
                return text, count > 0
        except YamlError:
            pass
    return new, True
