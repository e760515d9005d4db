"""Where each key and value of a document stands, for locating problems."""

from __future__ import annotations

from dataclasses import dataclass, field

Path_ = tuple[str | int, ...]
"""A location inside a document: keys and list indexes from the root."""


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
