"""The package's own report templates, where they are and what stamps them,
without Jinja2 or the rest of render/ (a stored report's key needs the
stamp, cli/_answers.py)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Final

PACKAGE_TEMPLATES: Final = Path(__file__).resolve().parent.parent / "templates"
REPOSITORY_TEMPLATES: Final = "templates"


@functools.cache
def package_templates_key() -> str:
    """The size and mtime of each of the package's templates: a stored
    report (cli/_answers.py) is of these templates, which the code's own
    fingerprint (Python modules only) does not cover."""
    parts = []
    for path in sorted(PACKAGE_TEMPLATES.rglob("*")):
        info = path.stat()
        parts.append(f"{path.relative_to(PACKAGE_TEMPLATES)}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts)


@functools.cache
def package_names() -> frozenset[str]:
    """The names of the package's templates."""
    return frozenset(path.name for path in PACKAGE_TEMPLATES.glob("*.j2"))


def group_supplies_any(root: Path | None, committed: Mapping[str, str] | None) -> bool:
    """Whether the group has its own copy of any of the package's templates
    (in the revision's templates/ when `committed`, else in its folder).
    Then every report runs in the sandbox: a package template that includes
    another would otherwise take the package's copy of it, not the group's."""
    names = package_names()
    if committed is not None:
        return not names.isdisjoint(committed)
    if root is None:
        return False
    folder = root / REPOSITORY_TEMPLATES
    return folder.is_dir() and any((folder / name).exists() for name in names)
