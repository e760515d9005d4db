"""Every write is one transaction under the repository lock:

1. with a commit asked for, make sure there is a git repository to commit to;
2. take the lock (an exclusive `flock`, so concurrent commands queue up);
3. read the record file's bytes and load the repository (fast reader);
4. apply a typed change to the file's round-trip document;
5. render it so that only the changed lines differ (preserve.py);
6. check it (guard.py): a change that introduces an error is refused and
   nothing is written;
7. re-read the file: if it changed since step 3 (an editor, a process that
   does not take the lock), refuse with ConflictError;
8. replace the file atomically, and with a commit asked for make the git
   commit while still holding the lock.

Nothing here prints; the CLI renders the returned `Edit`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cso_tracker.atomic import write_atomic
from cso_tracker.errors import ConflictError, InvalidDataError, RecordExistsError, TrackerError
from cso_tracker.models import RECORD_MODELS
from cso_tracker.problems import Problem
from cso_tracker.repo.layout import KIND_SINGULAR, RecordFile, record_path, relative
from cso_tracker.repo.load import load_repository
from cso_tracker.repo.parse import parse_record
from cso_tracker.repo.repository import Repository
from cso_tracker.vocabulary import is_slug
from cso_tracker.write.commit import commit_written, require_git
from cso_tracker.write.guard import check_change
from cso_tracker.write.lock import DEFAULT_LOCK_TIMEOUT, note_writes, repository_lock
from cso_tracker.write.preserve import keep_layout
from cso_tracker.write.result import Edit
from cso_tracker.yaml import reader, roundtrip

Hook = Callable[[Path], None]
"""Called with the file's path just before the lost-update check (tests use
it to change the file underneath a running command)."""


@dataclass(frozen=True)
class WriteOptions:
    """How a change is written; shared by every command."""

    today: dt.date
    dry_run: bool = False
    commit: bool = False
    before_replace: Hook | None = None
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    use_cache: bool = True
    """Whether the records are loaded through the record cache (--no-cache)."""
    freeze: bool = False
    """Whether what is loaded is frozen for the garbage collector: only in a
    process that ends after one command (see repo.load.load)."""


Change = Callable[[Any, Repository], str]
"""Edits a round-trip document in place; returns the commit message."""


class Found:
    """The id of the record to edit, found from the records under the lock
    (a unique beginning of an id, a member's acronym): pass it to
    `edit_record` in place of the id, and read `id` in the change."""

    def __init__(self, find: Callable[[Repository], str]) -> None:
        self._find = find
        self.id = ""

    def __call__(self, repository: Repository) -> str:
        self.id = self._find(repository)
        return self.id


def editable_file(repository: Repository, kind: str, record_id: str) -> RecordFile:
    """The file of the record (kind, record_id), if it is one the tracker may
    edit or add updates to: named after the id, and loaded without errors of
    its own. Otherwise RecordNotFoundError (with close ids) or InvalidDataError."""
    expected = record_path(repository.root, kind, record_id)
    found = repository.files.get((kind, record_id))
    if found is not None and found.path == expected:
        return found
    if found is None and not (is_slug(record_id) and _is_there(expected)):
        repository.require(kind, record_id)  # raises: no such record, with suggestions
    # The file is there but did not load, or the id lives in a file named
    # otherwise (an id-mismatch): editing either would hide the error.
    broken = found.rel if found is not None else relative(repository.root, expected)
    raise _refused_broken(broken, _problems_at(repository, broken))


def _is_there(path: Path) -> bool:
    """Whether a file is at `path`, even one that cannot be read (its
    file-unreadable problem then says why it is not edited)."""
    try:
        return path.is_file()
    except OSError:
        return True


def _problems_at(repository: Repository, rel: str) -> list[Problem]:
    """The problems of a file, and of each folder above it that hides it
    (one that cannot be listed, or is not a folder)."""
    folders = {rel, *(rel.rsplit("/", n)[0] for n in range(1, rel.count("/") + 1))}
    return [p for p in repository.problems if p.path in folders]


def _refused_broken(rel: str, problems: Sequence[Problem]) -> InvalidDataError:
    return InvalidDataError(
        f"{rel} has errors, so the tracker will not edit it",
        [p for p in problems if p.is_error],
        hint="fix them by hand first (`tracker validate` lists them)",
    )


@contextlib.contextmanager
def locked(root: Path, options: WriteOptions) -> Iterator[None]:
    """The one transaction of every write: git checked (with a commit asked
    for), then the repository lock held until the files are written."""
    if options.commit:
        require_git(root)
    with repository_lock(root, timeout=options.lock_timeout):
        yield


def edit_record(
    root: Path,
    kind: str,
    record_id: str | Callable[[Repository], str],
    change: Change,
    *,
    options: WriteOptions,
) -> Edit:
    """Apply `change` to the record file of (kind, record_id) as one
    transaction. The id may depend on the records (a prefix, an acronym)."""
    with locked(root, options):
        # Read the bytes first: if the file changes after this (a writer that
        # does not take the lock), the check before replacing catches it. An
        # id found from the records is read after loading: the check before
        # replacing still compares with the bytes the change was made to.
        early = (
            _read_if_there(record_path(root, kind, record_id))
            if isinstance(record_id, str)
            else None
        )
        repository = load_repository(root, use_cache=options.use_cache, freeze=options.freeze)
        if callable(record_id):
            record_id = record_id(repository)
        record_file = editable_file(repository, kind, record_id)
        before = early if early is not None else record_file.path.read_bytes()
        # The record as these exact bytes say (not as a cache remembers it):
        # the change reads the old values from it.
        current, problems = parse_record(before, record_file.rel, RECORD_MODELS[kind])
        # A record that loaded can still carry a problem of its own (a tab
        # after a colon), which the round-trip reader would stop at.
        if (
            current is None
            or getattr(current, "id", None) != record_id
            or any(p.is_error for p in problems)
        ):
            raise _refused_broken(record_file.rel, problems)
        repository.replace(record_file, current, before)
        changed = edit_text(before, lambda document: change(document, repository))
        after, reformatted, message = changed
        return _finish(repository, record_file, before, after, message, reformatted, options)


def edit_text(before: bytes, change: Callable[[Any], str]) -> tuple[bytes, bool, str]:
    """Apply `change` to the round-trip document of `before`: the new bytes
    (only the changed lines differ, see preserve.py), whether more had to be
    rewritten, and what `change` returned."""
    style = roundtrip.TextStyle.of_bytes(before)
    original = style.normalise(reader.decode(before))
    document = roundtrip.load_roundtrip(original)
    indent = roundtrip.detect_indent(original)
    base = roundtrip.dump_roundtrip(document, indent)
    if base != original and indent != roundtrip.CANONICAL_INDENT:
        # detect_indent reads a few lines; a file exactly in the canonical
        # layout is in it, whatever those lines suggested.
        canonical = roundtrip.dump_roundtrip(document)
        if canonical == original:
            indent, base = roundtrip.CANONICAL_INDENT, canonical
    message = change(document)
    text, reformatted = keep_layout(original, base, document, indent)
    return style.apply(text).encode("utf-8"), reformatted, message


def _read_if_there(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:  # not there (or not readable: loading reports why)
        return None


def create_record(
    root: Path,
    kind: str,
    record_id: str | Callable[[Repository], str],
    build: Callable[[Repository], tuple[Any, str]],
    *,
    options: WriteOptions,
    nearby: Callable[[], Repository | None] | None = None,
) -> Edit:
    """Create the record file of (kind, record_id); `build` returns its
    document and the commit message (it sees the repository, under the lock,
    for what depends on other records: a commitment's number). The id may
    itself depend on the records (an update's file name names its member).
    `nearby` gives the records the new one can change the verdict of (see
    write/neighbourhood.py), or None for all; with --no-cache all are read."""
    with locked(root, options):
        repository = nearby() if nearby is not None and options.use_cache else None
        if repository is None:
            repository = load_repository(root, use_cache=options.use_cache, freeze=options.freeze)
        if callable(record_id):
            record_id = record_id(repository)
        path = record_path(root, kind, record_id)
        rel = relative(root, path)
        try:
            exists = path.exists()
        except OSError:  # a folder that cannot be searched: its own problem says so
            folder = relative(root, path.parent)
            raise _refused_broken(folder, _problems_at(repository, folder)) from None
        if record_id in repository.records(kind) or exists:
            raise RecordExistsError(
                f"refused: {KIND_SINGULAR[kind]} '{record_id}' already exists ({rel})", record_id
            )
        document, message = build(repository)
        after = roundtrip.dump_roundtrip(document).encode("utf-8")
        record_file = RecordFile(kind, path, rel)
        return _finish(repository, record_file, None, after, message, False, options)


def _finish(
    repository: Repository,
    record_file: RecordFile,
    before: bytes | None,
    after: bytes,
    message: str,
    reformatted: bool,
    options: WriteOptions,
) -> Edit:
    """Check the change, then (unless a dry run) write and maybe commit it."""
    warnings = check_change(repository, record_file, after, today=options.today)
    result = Edit(
        path=record_file.path,
        rel=record_file.rel,
        before=before,
        after=after,
        message=message,
        warnings=tuple(warnings),
        reformatted=reformatted,
    )
    if options.dry_run or not result.changed:
        return result
    commit = write_edits(
        repository.root,
        [result],
        message=message,
        commit=options.commit,
        before_replace=options.before_replace,
    )
    return dataclasses.replace(result, written=True, commit=commit)


def write_edits(
    root: Path,
    edits: Sequence[Edit],
    *,
    message: str,
    commit: bool,
    before_replace: Hook | None = None,
) -> str | None:
    """Replace the files of `edits` (the caller holds the lock) and, with
    `commit`, commit exactly those files; returns the commit's hash.

    If any file changed on disk since it was read (an editor, a process that
    does not take the lock), nothing is written: a lost update is refused."""
    for change in edits:
        if before_replace is not None:
            before_replace(change.path)
        try:
            current: bytes | None = change.path.read_bytes()
        except FileNotFoundError:
            current = None
        if current != change.before:
            what = "was created" if change.before is None else "changed on disk"
            raise ConflictError(
                f"{change.rel} {what} since it was read; nothing was written",
                hint="run the command again (it will read the new version)",
            )
    note_writes(root, [change.path for change in edits])
    written: list[str] = []
    for change in edits:
        try:
            if change.before is None:  # a new update may start its commitment's folder
                change.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(change.path, change.after)
        except OSError as error:
            done = (
                f"; already written: {', '.join(written)}" if written else "; nothing was written"
            )
            raise TrackerError(
                f"cannot write {change.rel}: {error.strerror or error}{done}",
                hint="check the free disk space and the folder's permissions, then run the "
                "command again",
            ) from error
        written.append(change.rel)
    return commit_written(root, [e.path for e in edits], message) if commit else None
