"""`tracker migrate`: commitments written before updates had files of their
own (a `status:` and an `updates:` list in the commitment's file) become a
commitment file that holds only what was agreed, plus one file per update
under data/updates/<commitment-id>/.

All or nothing: every legacy file is checked first (each update against
the contract, the status against what its updates say), and only when all
of them can move are the files written, together, under the lock."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cso_tracker.errors import InvalidDataError, NothingToChangeError
from cso_tracker.models import (
    CommitmentFile,
    Status,
    Update,
    UpdateFile,
    with_updates,
)
from cso_tracker.problems import Problem, Severity
from cso_tracker.repo.layout import RecordFile, relative, update_path
from cso_tracker.repo.parse import LEGACY_FIELDS, positions_of
from cso_tracker.repo.schema import schema_problems
from cso_tracker.repo.source import WorkTree
from cso_tracker.vocabulary import SLUG_PATTERN
from cso_tracker.write.documents import layout_of
from cso_tracker.write.result import Edit
from cso_tracker.write.transaction import WriteOptions, edit_text, locked, write_edits
from cso_tracker.yaml import reader, roundtrip
from cso_tracker.yaml.canonical import format_text
from cso_tracker.yaml.edits import column_of, dedent_following, remove_key
from cso_tracker.yaml.errors import YamlError


class _LegacyCommitment(CommitmentFile):
    """A commitment file as it was written before update files."""

    status: Status = Status.AGREED
    updates: tuple[UpdateFile, ...] = ()


@dataclass
class Migration:
    edits: list[Edit] = field(default_factory=list)
    """The commitment files rewritten and the update files created."""
    moved: dict[str, int] = field(default_factory=dict)
    """Commitment id -> how many updates moved out of its file."""
    commit: str | None = None

    @property
    def message(self) -> str:
        count, updates = len(self.moved), sum(self.moved.values())
        return (
            f"migrate: progress of {count} commitment{'s' if count != 1 else ''} into "
            f"data/updates/ ({updates} update{'s' if updates != 1 else ''})\n"
        )


def migrate(root: Path, *, options: WriteOptions) -> Migration:
    """Move every legacy commitment's status and updates into update files."""
    with locked(root, options):
        migration = Migration()
        problems: list[Problem] = []
        record_files, _ = WorkTree(root).record_files()
        for record_file in record_files:
            if record_file.kind == "commitments":
                problems += _migrate_file(root, record_file, migration)
        if problems:
            raise InvalidDataError(
                f"nothing was migrated: {len(problems)} problem"
                f"{'s' if len(problems) != 1 else ''} to fix first", problems,
            )  # fmt: skip
        if not migration.edits:
            raise NothingToChangeError(
                "every commitment is already in the current shape", subject="migrate"
            )
        if not options.dry_run:
            migration.commit = write_edits(
                root, migration.edits, message=migration.message, commit=options.commit
            )
        return migration


def _legacy(data: bytes) -> dict[str, Any] | None:
    """The file's mapping when it holds a legacy field (broken YAML is left
    to `tracker validate`)."""
    try:
        value = reader.load(reader.decode(data))
    except YamlError:
        return None
    if isinstance(value, dict) and any(key in value for key in LEGACY_FIELDS):
        return value
    return None


def _migrate_file(root: Path, record_file: RecordFile, migration: Migration) -> list[Problem]:
    data = record_file.path.read_bytes()
    value = _legacy(data)
    if value is None:
        return []
    rel = record_file.rel
    try:
        legacy = _LegacyCommitment.model_validate(value)
    except ValidationError as exc:
        return schema_problems(exc, _LegacyCommitment, rel, positions_of(data))
    for index, update in enumerate(legacy.updates):
        # An acronym passes the schema (the reference rule names the id to
        # write), but the update's file would be named after it.
        if SLUG_PATTERN.fullmatch(update.by) is None:
            line, column = positions_of(data).of(("updates", index, "by"))
            return [Problem(rel, line, column, Severity.ERROR,
                            f"updates.{index}.by: '{update.by}' is not a valid id: use lowercase "
                            "letters, digits and single hyphens (the update's file is named "
                            "after it)", "schema-value")]  # fmt: skip
    names = list(_names(root, legacy))
    derived = with_updates(
        legacy,
        (Update.placed(u, legacy.id, n) for u, n in zip(legacy.updates, names, strict=True)),
    )  # fmt: skip
    if derived.status is not legacy.status:
        line, column = positions_of(data).of(("status",))
        said = (f"its updates say '{derived.status}'" if legacy.updates
                else "it has no update saying what happened")  # fmt: skip
        return [Problem(rel, line, column, Severity.ERROR,
                        f"status is '{legacy.status}' but {said}; make them agree, then migrate",
                        "update-in-commitment")]  # fmt: skip
    documents: list[Any] = []

    def strip(document: Any) -> str:
        moved: list[Any] = list(document.get("updates") or ())
        documents.extend(moved)
        # A comment under the last update's last line, indented as its
        # fields are, is about that update: it moves into the update's file.
        inside = column_of(moved[-1]) if moved else None
        for key in LEGACY_FIELDS:
            if key in document:
                remove_key(document, key, keep_indented=inside if key == "updates" else None)
        if inside:  # its fields start the update's own file at column 0
            dedent_following(moved[-1], next(reversed(moved[-1])), inside)
        return ""

    after, _, _ = edit_text(data, strip)
    migration.edits.append(Edit(record_file.path, rel, data, after, migration.message))
    for name, document in zip(names, documents, strict=True):
        path = update_path(root, legacy.id, name)
        text = format_text(roundtrip.dump_roundtrip(document), layout_of(UpdateFile))
        migration.edits.append(
            Edit(path, relative(root, path), None, text.encode("utf-8"), migration.message)
        )
    migration.moved[legacy.id] = len(names)
    return []


def _names(root: Path, legacy: _LegacyCommitment) -> Iterator[str]:
    """A file name for each update: its date and member, then -2, -3... for
    another of the same day and member, never one already taken."""
    taken: set[str] = set()
    for update in legacy.updates:
        stem, number = f"{update.date}-{update.by}", 1
        name = stem
        while name in taken or update_path(root, legacy.id, name).exists():
            number += 1
            name = f"{stem}-{number}"
        taken.add(name)
        yield name
