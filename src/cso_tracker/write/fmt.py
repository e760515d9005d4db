"""`tracker fmt`: rewrite record files into the canonical layout
(yaml/canonical.py), writing the changed ones together under the lock with
the lost-update check of every other write."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from pydantic import BaseModel

from cso_tracker.errors import UsageError
from cso_tracker.models import RECORD_MODELS, Settings
from cso_tracker.problems import Problem
from cso_tracker.repo.layout import SETTINGS_FILE, named_record_file
from cso_tracker.repo.parse import yaml_problem
from cso_tracker.repo.reading import read_file
from cso_tracker.repo.source import WorkTree
from cso_tracker.write.commit import require_git
from cso_tracker.write.documents import layout_of
from cso_tracker.write.lock import repository_lock
from cso_tracker.write.result import Edit
from cso_tracker.write.transaction import write_edits
from cso_tracker.yaml import reader, roundtrip
from cso_tracker.yaml.canonical import format_text
from cso_tracker.yaml.errors import YamlError

Target = tuple[Path, str, type[BaseModel]]
"""A file to format: its path, its name relative to the root, and its model."""


def targets(root: Path, files: Sequence[Path]) -> list[Target]:
    """The files `tracker fmt` formats: those given, else tracker.yaml and
    every record file."""
    settings = root / SETTINGS_FILE
    if not files:
        found: list[Target] = [(settings, SETTINGS_FILE, Settings)] if settings.is_file() else []
        record_files, _ = WorkTree(root).record_files()
        return found + [(f.path, f.rel, RECORD_MODELS[f.kind]) for f in record_files]
    chosen: list[Target] = []
    for path in files:
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        if path.resolve() == settings.resolve():
            chosen.append((path.resolve(), SETTINGS_FILE, Settings))
            continue
        record_file = named_record_file(root, path)
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
    other write (transaction.write_edits): a file edited meanwhile is not overwritten."""
    if commit:
        require_git(root)
    report = FormatReport()
    for path, rel, model in files:
        report.checked += 1
        data = read_file(path, rel)
        if isinstance(data, Problem):
            report.problems.append(data)
            continue
        try:
            style = roundtrip.TextStyle.of_bytes(data)
            formatted = format_text(reader.decode(data), layout_of(model), style=style)
        except YamlError as exc:
            report.problems.append(yaml_problem(rel, exc))
            continue
        new = formatted.encode("utf-8")
        if new != data:
            report.changed.append(Edit(path, rel, data, new, message=FORMAT_MESSAGE))
    if write and report.changed:
        with repository_lock(root):
            report.commit = write_edits(root, report.changed, message=report.message, commit=commit)
    return report


FORMAT_MESSAGE: Final = "fmt: canonical layout\n"
