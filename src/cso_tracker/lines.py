"""Text as lines, the way git and diff count them."""

from __future__ import annotations


def split_lines(text: str) -> list[str]:
    """Split after each \\n only (str.splitlines also splits at U+2028 and
    friends, which are ordinary characters in a YAML scalar)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1] != "":
        lines.append(parts[-1])
    return lines
