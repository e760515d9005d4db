"""What a writing command changed, or in a dry run would change."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cso_tracker.problems import Problem


@dataclass(frozen=True)
class Edit:
    """What a command changed (or, in a dry run, would change)."""

    path: Path
    rel: str
    before: bytes | None
    """The file as it was; None when the command creates it."""
    after: bytes
    message: str
    """The structured commit message: `overdose-document: agreed → in-progress (hri)`."""
    warnings: tuple[Problem, ...] = ()
    """Warnings (not errors) that the change introduces."""
    written: bool = False
    commit: str | None = None
    reformatted: bool = False
    """True when the file's layout could not be kept around the change, so
    more lines than the changed ones were rewritten (in the canonical layout)."""

    @property
    def changed(self) -> bool:
        return self.before != self.after
