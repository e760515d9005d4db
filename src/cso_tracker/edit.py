"""The write path: change one record file without losing anything, or refuse.

Every write is one transaction under the repository lock:

1. with --commit, make sure there is a git repository to commit to;
2. take the lock (an exclusive `flock`, so concurrent commands queue up);
3. read the record file's bytes and load the repository (fast reader);
4. apply a typed change to the file's round-trip document;
5. render it so that only the changed lines differ (see `render`);
6. validate: the new file through the same reader and schema as `validate`,
   then the cross-record rules with the new record in place of the old one;
   a change that introduces an error is refused and nothing is written;
7. re-read the file: if it changed since step 3 (an editor, a process that
   does not take the lock), refuse with ConflictError;
8. replace the file atomically (store.write_atomic), and with --commit make
   the git commit while still holding the lock.

Nothing here prints; the CLI renders the returned `Edit`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import difflib
import os
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from cso_tracker import fmt, yamlio
from cso_tracker.errors import (
    ConflictError,
    GitError,
    InvalidDataError,
    TrackerError,
    UsageError,
)
from cso_tracker.models import (
    RECORD_MODELS,
    SLUG_PATTERN,
    Attendance,
    Commitment,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Member,
    MemberType,
    Person,
    PersonRef,
    Role,
    Scope,
    Status,
    Update,
)
from cso_tracker.problems import Problem
from cso_tracker.store import (
    DATA_DIR,
    KIND_SINGULAR,
    RecordFile,
    Repository,
    load_repository,
    parse_record,
    record_path,
    relative,
    require_record,
    write_atomic,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

LOCK_NAME: Final = "cso-tracker.lock"
DEFAULT_LOCK_TIMEOUT: Final = 60.0
"""Seconds to wait for another tracker command to finish writing."""

Hook = Callable[[Path], None]
"""Called with the file's path just before the lost-update check (tests use
it to change the file underneath a running command)."""


# --- the result -------------------------------------------------------------------


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

    def diff(self) -> str:
        """A unified diff, as `git diff` would show the change."""
        old = (
            _lines(self.before.decode("utf-8", errors="replace")) if self.before is not None else []
        )
        new = _lines(self.after.decode("utf-8", errors="replace"))
        lines = difflib.unified_diff(
            old,
            new,
            fromfile=f"a/{self.rel}" if self.before is not None else "/dev/null",
            tofile=f"b/{self.rel}",
        )
        return "".join(
            line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
            for line in lines
        )


def _lines(text: str) -> list[str]:
    """Split after each \\n only (str.splitlines also splits at U+2028 and
    friends, which are ordinary characters in a YAML scalar)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1] != "":
        lines.append(parts[-1])
    return lines


# --- the lock ---------------------------------------------------------------------------


def lock_path(root: Path) -> Path:
    """`.git/cso-tracker.lock` of the repository holding `root` when there is
    one (git ignores it), else `data/.cso-tracker.lock` (the store skips dot
    files)."""
    for folder in (root, *root.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return dot_git / LOCK_NAME
        if dot_git.is_file():  # a worktree: "gitdir: <path>"
            text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                target = (folder / text.removeprefix("gitdir:").strip()).resolve()
                if target.is_dir():
                    return target / LOCK_NAME
            break
    return root / DATA_DIR / f".{LOCK_NAME}"


@contextlib.contextmanager
def repository_lock(root: Path, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the exclusive write lock of the tracker at `root`.

    The operating system releases the lock when the process dies, so a
    killed command never leaves a stale lock behind. The lock file is never
    deleted (deleting it would let two processes hold "the" lock at once)."""
    path = lock_path(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise TrackerError(
            f"cannot open the lock file {path}: {error.strerror or error}; nothing was written",
            hint="the tracker needs to write there; check the folder's permissions",
        ) from error
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(descriptor):
            if time.monotonic() >= deadline:
                raise ConflictError(
                    f"another tracker command has been writing to this tracker for more "
                    f"than {timeout:g} s (lock {path})",
                    hint="wait for it to finish and run the command again",
                )
            time.sleep(random.uniform(0.005, 0.03))  # jitter, not security
        try:
            yield
        finally:
            _unlock(descriptor)
    finally:
        os.close(descriptor)


def _try_lock(descriptor: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - not exercised on CI
        import msvcrt

        os.lseek(descriptor, 0, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(descriptor: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(descriptor, fcntl.LOCK_UN)


# --- rendering: only the changed lines differ -------------------------------------------


def render(original: str, base: str, document: Any, indent: yamlio.Indent) -> tuple[str, bool]:
    """The edited `document` as text in the layout of `original`.

    `base` is ruamel's rendering, in `indent`, of the document *before* the
    edit. When the original is exactly that (the usual case: one
    configuration, see TECH-NOTES), the new rendering is the answer.
    Otherwise the file has lines ruamel would write differently (a wrapped
    long line, `---`, extra spaces): the edit (base -> new) is merged into
    the original three-way, keeping every untouched line as it was; where the
    edit touches such lines they take ruamel's rendering. If no merge means
    exactly what the edited document means, the whole new rendering is used.
    The second value says whether more than the changed lines were rewritten."""
    new = yamlio.dump_roundtrip(document, indent)
    if base == original:
        return new, False
    meaning = yamlio.load(new)
    old, ours, theirs = _lines(base), _lines(original), _lines(new)

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
            if yamlio.load(text) == meaning:
                return text, count > 0
        except yamlio.YamlError:
            pass
    return new, True


def merge3(
    base: list[str],
    ours: list[str],
    theirs: list[str],
    *,
    take_theirs: frozenset[int] = frozenset(),
) -> tuple[list[str], int, int]:
    """Apply the change base -> theirs to ours (diff3).

    Where both sides changed the same stretch of lines but different lines
    in it, both changes are applied, unless the stretch's number (counting
    such stretches from 0) is in `take_theirs`. Where they changed the same
    lines, theirs wins and counts as a conflict. Returns the lines, the
    number of conflicts and the number of stretches merged both ways."""
    regions = _sync_regions(base, ours, theirs)
    out: list[str] = []
    conflicts = merged_both = 0
    zi = ai = bi = 0
    for zmatch, zend, amatch, aend, bmatch, bend in regions:
        a_part, b_part, z_part = ours[ai:amatch], theirs[bi:bmatch], base[zi:zmatch]
        if a_part or b_part or z_part:
            if a_part == b_part or b_part == z_part:
                out.extend(a_part)
            elif a_part == z_part:
                out.extend(b_part)
            else:
                both = _merge_disjoint(z_part, a_part, b_part)
                if both is None:
                    out.extend(b_part)
                    conflicts += 1
                else:
                    out.extend(b_part if merged_both in take_theirs else both)
                    merged_both += 1
        out.extend(ours[amatch:aend])
        zi, ai, bi = zend, aend, bend
    return out, conflicts, merged_both


def _changes(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return [
        (i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]


def _merge_disjoint(base: list[str], ours: list[str], theirs: list[str]) -> list[str] | None:
    """Both sides' changes to `base`, when they touch different lines."""
    mine, their = _changes(base, ours), _changes(base, theirs)
    for a_start, a_end, _ in mine:
        for b_start, b_end, _ in their:
            if a_start < b_end and b_start < a_end:
                return None  # the same base lines changed on both sides
            if a_start == a_end and b_start == b_end and a_start == b_start:
                return None  # both insert at the same place
            if (a_start == a_end and b_start < a_start < b_end) or (
                b_start == b_end and a_start < b_start < a_end
            ):
                return None
    out: list[str] = []
    position = 0
    for start, end, lines in sorted([*mine, *their], key=lambda change: (change[0], change[1])):
        out.extend(base[position:start])
        out.extend(lines)
        position = end
    out.extend(base[position:])
    return out


def _sync_regions(
    base: list[str], ours: list[str], theirs: list[str]
) -> list[tuple[int, int, int, int, int, int]]:
    a_blocks = difflib.SequenceMatcher(None, base, ours, autojunk=False).get_matching_blocks()
    b_blocks = difflib.SequenceMatcher(None, base, theirs, autojunk=False).get_matching_blocks()
    regions = []
    ia = ib = 0
    while ia < len(a_blocks) and ib < len(b_blocks):
        a_base, a_start, a_len = a_blocks[ia]
        b_base, b_start, b_len = b_blocks[ib]
        low, high = max(a_base, b_base), min(a_base + a_len, b_base + b_len)
        if low < high:
            a_sub = a_start + (low - a_base)
            b_sub = b_start + (low - b_base)
            regions.append((low, high, a_sub, a_sub + high - low, b_sub, b_sub + high - low))
        if a_base + a_len < b_base + b_len:
            ia += 1
        else:
            ib += 1
    end = (len(base), len(base), len(ours), len(ours), len(theirs), len(theirs))
    regions.append(end)
    return regions


# --- validation before writing -----------------------------------------------------------


def _key(problem: Problem) -> tuple[str, str, str, str]:
    """What makes a problem the same one before and after a change. Numbers
    in a message (dates, list indexes) may shift without the problem being
    new; a warning is the same warning when its file and rule are (its text
    may count things the change added: "owns 2 open commitments")."""
    text = re.sub(r"\d+", "#", problem.message) if problem.is_error else ""
    return (problem.path, problem.severity.value, problem.rule, text)


def _introduced(before: Sequence[Problem], after: Sequence[Problem]) -> list[Problem]:
    """Problems in `after` that `before` did not have (line numbers aside)."""
    seen = Counter(_key(p) for p in before)
    new = []
    for problem in after:
        key = _key(problem)
        if seen[key] > 0:
            seen[key] -= 1
        else:
            new.append(problem)
    return new


def _check_change(
    repository: Repository, record_file: RecordFile, data: bytes, *, today: dt.date
) -> list[Problem]:
    """Check the record in `data` as the new content of `record_file`: raise
    InvalidDataError for errors the change introduces (in the file itself or
    through any cross-record rule), and return the warnings it introduces.

    The rules run over the whole repository with the new record in place.
    Only if that finds problems do they run again over the repository as it
    was, to tell the problems the change makes from those it found: a clean
    repository pays for one pass, not two."""
    from cso_tracker.checks import check_repository

    kind, rel = record_file.kind, record_file.rel
    record, problems = parse_record(data, rel, RECORD_MODELS[kind])
    errors = [p for p in problems if p.is_error]
    if record is None or errors:
        raise InvalidDataError(
            f"refused: the change would make {rel} invalid; nothing was written", errors
        )
    assert record.id == record_file.stem_id, f"{rel} holds id {record.id}"  # ids are checked first
    records = repository.records(kind)
    old = records.get(record.id)
    records[record.id] = record
    repository.files[(kind, record.id)] = record_file
    positions = yamlio.Positions()
    yamlio.load(yamlio.decode(data), positions=positions)
    repository.remember_positions(record_file.path, positions)
    after = check_repository(repository, today=today)
    if not after:
        return []
    if old is None:
        del records[record.id], repository.files[(kind, record.id)]
    else:
        records[record.id] = old
    # (Problems of the old record are placed by the new file's positions;
    # only their rule and text are compared, see _key.)
    introduced = _introduced(check_repository(repository, today=today), after)
    errors = [p for p in introduced if p.is_error]
    if errors:
        raise InvalidDataError(
            f"refused: the change would make the records invalid; nothing was written "
            f"({len(errors)} problem{'s' if len(errors) != 1 else ''})",
            errors,
        )
    return [p for p in introduced if not p.is_error]


# --- the transaction ------------------------------------------------------------------------


@dataclass(frozen=True)
class WriteOptions:
    """How a change is written; shared by every command."""

    today: dt.date
    dry_run: bool = False
    commit: bool = False
    before_replace: Hook | None = None
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT


Change = Callable[[Any, Repository], str]
"""Edits a round-trip document in place; returns the commit message."""


def _editable_file(repository: Repository, kind: str, record_id: str) -> RecordFile:
    """The file of the record (kind, record_id), if it is one the tracker may
    edit: named after the id, and loaded without errors of its own."""
    expected = record_path(repository.root, kind, record_id)
    found = repository.files.get((kind, record_id))
    if found is not None and found.path == expected:
        return found
    if found is None and not (SLUG_PATTERN.match(record_id) and expected.is_file()):
        require_record(repository, kind, record_id)  # raises: no such record, with suggestions
    # The file is there but did not load, or the id lives in a file named
    # otherwise (an id-mismatch): editing either would hide the error.
    broken = found.rel if found is not None else relative(repository.root, expected)
    raise _refused_broken(broken, [p for p in repository.problems if p.path == broken])


def _refused_broken(rel: str, problems: Sequence[Problem]) -> InvalidDataError:
    return InvalidDataError(
        f"{rel} has errors, so the tracker will not edit it",
        [p for p in problems if p.is_error],
        hint="fix them by hand first (`tracker validate` lists them)",
    )


@contextlib.contextmanager
def _transaction(root: Path, options: WriteOptions) -> Iterator[None]:
    if options.commit:
        require_git(root)
    with repository_lock(root, timeout=options.lock_timeout):
        yield


def edit_record(
    root: Path, kind: str, record_id: str, change: Change, *, options: WriteOptions
) -> Edit:
    """Apply `change` to the record file of (kind, record_id) as one transaction."""
    with _transaction(root, options):
        # Read the bytes first: if the file changes after this (a writer that
        # does not take the lock), the check before replacing catches it.
        early = _read_if_there(record_path(root, kind, record_id))
        repository = load_repository(root)
        record_file = _editable_file(repository, kind, record_id)
        before = early if early is not None else record_file.path.read_bytes()
        # The record as these exact bytes say (not as a cache remembers it):
        # the change reads the old values from it.
        current, problems = parse_record(before, record_file.rel, RECORD_MODELS[kind])
        # A record that loaded can still carry a problem of its own (a tab
        # after a colon), which the round-trip reader would stop at.
        if current is None or current.id != record_id or any(p.is_error for p in problems):
            raise _refused_broken(record_file.rel, problems)
        repository.records(kind)[record_id] = current
        style = fmt.TextStyle.of_bytes(before)
        original = style.normalise(yamlio.decode(before))
        document = yamlio.load_roundtrip(original)
        indent = fmt.detect_indent(original)
        base = yamlio.dump_roundtrip(document, indent)
        if base != original and indent != yamlio.CANONICAL_INDENT:
            # detect_indent reads a few lines; a file exactly in the canonical
            # layout is in it, whatever those lines suggested.
            canonical = yamlio.dump_roundtrip(document)
            if canonical == original:
                indent, base = yamlio.CANONICAL_INDENT, canonical
        message = change(document, repository)
        text, reformatted = render(original, base, document, indent)
        after = style.apply(text).encode("utf-8")
        return _finish(repository, record_file, before, after, message, reformatted, options)


def _read_if_there(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:  # not there (or not readable: loading reports why)
        return None


def create_record(
    root: Path,
    kind: str,
    record_id: str,
    build: Callable[[Repository], tuple[Any, str]],
    *,
    options: WriteOptions,
) -> Edit:
    """Create the record file of (kind, record_id); `build` returns its
    document and the commit message (it sees the repository, under the lock,
    for what depends on other records: a commitment's number)."""
    with _transaction(root, options):
        repository = load_repository(root)
        path = record_path(root, kind, record_id)
        rel = relative(root, path)
        if record_id in repository.records(kind) or path.exists():
            raise InvalidDataError(
                f"refused: {KIND_SINGULAR[kind]} '{record_id}' already exists ({rel})",
                (),
                hint="pass --id to choose another id",
            )
        document, message = build(repository)
        after = yamlio.dump_roundtrip(document).encode("utf-8")
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
    warnings = _check_change(repository, record_file, after, today=options.today)
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
    written: list[str] = []
    for change in edits:
        try:
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


def require_git(root: Path) -> None:
    """Refuse --commit outside git before anything is written (rather than
    write the file and then fail to commit it)."""
    from cso_tracker import git

    if not git.is_repository(root):
        raise GitError(
            f"{root} is not inside a git repository, so --commit cannot commit; "
            "nothing was written",
            hint="run `git init` there, or leave out --commit",
        )


def commit_written(root: Path, paths: Sequence[Path], message: str) -> str:
    """Commit files already written; if git refuses (a hook, a broken index),
    say that the files were written, so the user does not think nothing happened."""
    from cso_tracker import git

    try:
        return git.commit(root, paths, message)
    except GitError as error:
        names = " ".join(relative(root, path) for path in paths)
        raise GitError(
            f"{names} written, but not committed: {error.message}",
            hint=f"fix what git reports, then run `git add {names} && git commit {names}`",
        ) from error


# --- who is writing --------------------------------------------------------------------------


def default_by(repository: Repository) -> tuple[str, str | None]:
    """The member an update is by when --by is not given, and the person
    (when the git identity names one): settings.default_member first, then
    the git user.name / user.email matched against members' people."""
    if repository.settings.default_member is not None:
        return repository.settings.default_member, None
    from cso_tracker import git

    name, email = (
        git.identity(repository.root) if git.is_repository(repository.root) else (None, None)
    )
    matches = sorted(
        {
            (member.id, person.name)
            for member in repository.members.values()
            for person in member.people
            if (name is not None and person.name.casefold() == name.casefold())
            or (
                email is not None
                and person.email is not None
                and person.email.casefold() == email.casefold()
            )
        }
    )
    if len({member for member, _ in matches}) == 1:
        return matches[0][0], matches[0][1] if len(matches) == 1 else None
    who = " / ".join(part for part in (name, email) if part) or "not set"
    reason = (
        f"it matches people of several members ({', '.join(m for m, _ in matches)})"
        if matches
        else "it matches no member's people"
    )
    raise UsageError(
        f"cannot tell which member this update is by: your git identity ({who}) {reason}",
        hint="pass --by MEMBER, or set default_member in tracker.yaml",
    )


# --- ids -------------------------------------------------------------------------------------


def slugify(text: str, *, limit: int = 60) -> str:
    """'Finalise the WHO/UNODC document' -> 'finalise-the-who-unodc-document'."""
    spaced = re.sub(r"[^\w]+|_", " ", text)  # dashes and punctuation separate words
    ascii_text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit and slug:
            break
        slug = candidate[:limit]
    return slug


def _given_id(record_id: str | None, derived_from: str, option: str) -> str:
    if record_id is not None:
        if not SLUG_PATTERN.match(record_id):
            raise UsageError(
                f"{option} {record_id!r} is not a valid id",
                hint="use lowercase letters, digits and single hyphens, e.g. tenant-guide",
            )
        return record_id
    slug = slugify(derived_from)
    if slug == "":
        raise UsageError(
            f"cannot make an id from {derived_from!r} (no Latin letters or digits)",
            hint=f"pass {option} with an id of lowercase letters, digits and hyphens",
        )
    return slug


# --- document helpers -------------------------------------------------------------------------


def _unique(items: Sequence[str]) -> list[str]:
    """An option given twice counts once (`--add-owner x --add-owner x`
    would otherwise write x twice, and a second --remove-owner x crash)."""
    return list(dict.fromkeys(items))


def _seq(items: Sequence[Any]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    sequence = CommentedSeq(items)
    sequence.fa.set_block_style()
    return sequence


def _map(model: type[BaseModel], values: dict[str, Any]) -> Any:
    """A new mapping in the model's key order; None values are left out and
    strings are quoted where they need it."""
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    for name in fmt.field_order(model):
        value = values.get(name)
        if value is None or (isinstance(value, list | tuple) and len(value) == 0):
            continue
        mapping[name] = _value(value)
    unknown = set(values) - set(fmt.field_order(model))
    assert not unknown, f"{model.__name__} has no field {sorted(unknown)}"
    return mapping


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return fmt.scalar(value)
    if isinstance(value, list | tuple):
        return _seq([_value(item) for item in value])
    return value


def _set(mapping: Any, model: type[BaseModel], key: str, value: Any) -> None:
    """Set `key` (inserted at its place in the model's order if missing)."""
    fmt.insert_key(mapping, key, _value(value), fmt.field_order(model))


def _append(mapping: Any, model: type[BaseModel], key: str, item: Any) -> None:
    existing = mapping.get(key)
    if existing is None or not hasattr(existing, "fa"):
        _set(mapping, model, key, _seq([item]))
    else:
        fmt.append_item(existing, item)


def _remove_from(mapping: Any, key: str, value: str) -> None:
    sequence = mapping[key]
    index = [str(item) for item in sequence].index(value)
    if len(sequence) == 1:
        # The key goes with its only item; remove_key keeps the comments
        # after the list in front of the next key (emptying the list first
        # would leave them nowhere to go).
        fmt.remove_key(mapping, key)
    else:
        fmt.remove_item(sequence, index)


# --- commitments -------------------------------------------------------------------------------

CLEAR: Final = "none"
"""`--due none` removes the due date."""


@dataclass(frozen=True)
class UpdateRequest:
    by: str | None
    date: dt.date | None = None
    """The update's date; None for today."""
    status: Status | None = None
    note: str | None = None
    author: str | None = None
    evidence: tuple[str, ...] = ()
    due: dt.date | None = None
    clear_due: bool = False
    add_owners: tuple[str, ...] = ()
    remove_owners: tuple[str, ...] = ()
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Nothing to record: only who wrote the update and when."""
        values = (self.status, self.note, self.due)
        lists = (
            self.evidence,
            self.add_owners,
            self.remove_owners,
            self.add_tags,
            self.remove_tags,
        )
        return all(v is None for v in values) and not self.clear_due and not any(lists)


def update_commitment(
    root: Path, commitment_id: str, request: UpdateRequest, *, options: WriteOptions
) -> Edit:
    """Append an update to a commitment; set its status, due date, owners and
    tags, each change also written into the update's note."""
    if request.is_empty:
        raise UsageError(
            "nothing to record",
            hint="give --status, --note, --evidence, --due, --add-owner, --remove-owner, "
            "--add-tag or --remove-tag",
        )

    def change(document: Any, repository: Repository) -> str:
        by, person = (request.by, None) if request.by is not None else default_by(repository)
        author = request.author if request.author is not None else person
        old: Commitment = repository.commitments[commitment_id]
        notes: list[str] = [request.note] if request.note is not None else []
        summary: list[str] = []
        if request.status is not None:
            document["status"] = fmt.scalar(str(request.status))
            summary.append(
                f"{old.status} → {request.status}"
                if request.status is not old.status
                else f"still {old.status}"
            )
        if request.due is not None or request.clear_due:
            summary.append(_change_due(document, old, request, notes))
        for key, label, adding, removing in (
            ("owners", "owner", request.add_owners, request.remove_owners),
            ("tags", "tag", request.add_tags, request.remove_tags),
        ):
            present: tuple[str, ...] = getattr(old, key)
            for value in _unique(adding):
                if value in present:
                    raise UsageError(f"{commitment_id} already has {label} '{value}'")
                _append(document, Commitment, key, fmt.scalar(value))
                notes.append(f"{label.capitalize()} {value} added.")
                summary.append(f"+{label} {value}")
            for value in _unique(removing):
                if value not in present:
                    listed = ", ".join(present) or "none"
                    raise UsageError(f"{commitment_id} has no {label} '{value}'; {key}: {listed}")
                _remove_from(document, key, value)
                notes.append(f"{label.capitalize()} {value} removed.")
                summary.append(f"-{label} {value}")
        if not summary:
            summary.append("evidence" if request.note is None else "note")
        update = _map(
            Update,
            {
                "date": request.date if request.date is not None else options.today,
                "by": by,
                "author": author,
                "status": str(request.status) if request.status is not None else None,
                "note": _join_notes(notes),
                "evidence": _unique(request.evidence),
            },
        )
        _append(document, Commitment, "updates", update)
        message = f"{commitment_id}: {', '.join(summary)} ({by})"
        return message + (f"\n\n{request.note}\n" if request.note is not None else "\n")

    return edit_record(root, "commitments", commitment_id, change, options=options)


def _join_notes(notes: Sequence[str]) -> str | None:
    """The member's note, then one sentence per field change."""
    text = ""
    for part in notes:
        if text and not text.rstrip().endswith((".", "!", "?", "。", "…")):
            text += "."
        text = f"{text} {part}" if text else part
    return text if notes else None  # an empty --note reaches the schema, which refuses it


def _change_due(document: Any, old: Commitment, request: UpdateRequest, notes: list[str]) -> str:
    if request.clear_due:
        if old.due is None:
            raise UsageError(f"{old.id} has no due date to remove")
        fmt.remove_key(document, "due")
        notes.append(f"Due date removed (was {old.due}).")
        return "due removed"
    assert request.due is not None
    if request.due == old.due:
        raise UsageError(f"{old.id} is already due {old.due}; nothing to change")
    _set(document, Commitment, "due", request.due)
    if old.due is None:
        notes.append(f"Due date set to {request.due}.")
    else:
        notes.append(f"Due date changed from {old.due} to {request.due}.")
    return f"due {request.due}"


def add_commitment(
    root: Path,
    *,
    title: str,
    text: str,
    owners: Sequence[str],
    meeting: str,
    due: dt.date | None = None,
    record_id: str | None = None,
    partners: Sequence[str] = (),
    tags: Sequence[str] = (),
    options: WriteOptions,
) -> Edit:
    """Create a commitment agreed at `meeting`, numbered next for that meeting."""
    new_id = _given_id(record_id, title, "--id")

    def build(repository: Repository) -> tuple[Any, str]:
        numbers = [
            c.number
            for c in repository.commitments.values()
            if c.agreed_at == meeting and c.number is not None
        ]
        number = max(numbers, default=0) + 1
        document = _map(
            Commitment,
            {
                "id": new_id,
                "number": number,
                "title": title,
                "text": text,
                "agreed_at": meeting,
                "owners": _unique(owners),
                "partners": _unique(partners),
                "status": str(Status.AGREED),
                "due": due,
                "tags": _unique(tags),
            },
        )
        return document, f"{new_id}: add commitment {number} of {meeting}\n"

    return create_record(root, "commitments", new_id, build, options=options)


# --- meetings ---------------------------------------------------------------------------------


def add_meeting(
    root: Path,
    *,
    title: str,
    date: dt.date,
    kind: MeetingKind,
    status: MeetingStatus | None = None,
    end: dt.date | None = None,
    location: str | None = None,
    convened_by: str | None = None,
    chair_member: str | None = None,
    chair_person: str | None = None,
    record_id: str | None = None,
    options: WriteOptions,
) -> Edit:
    """Plan a meeting (a date after today) or record one that was held."""
    if record_id is None:
        record_id = f"{date}-{_given_id(None, title, '--id')}"
    new_id = _given_id(record_id, title, "--id")
    if status is None:
        status = MeetingStatus.PLANNED if date > options.today else MeetingStatus.HELD
    if chair_person is not None and chair_member is None:
        raise UsageError("--chair-person needs --chair-member (the member the chair is from)")
    chair = (
        _map(PersonRef, {"member": chair_member, "person": chair_person})
        if chair_member is not None
        else None
    )
    document = _map(
        Meeting,
        {
            "id": new_id,
            "title": title,
            "date": date,
            "end": end,
            "kind": str(kind),
            "status": str(status),
            "location": location,
            "convened_by": convened_by,
            "chair": chair,
        },
    )
    message = f"{new_id}: add meeting ({status})\n"
    return create_record(root, "meetings", new_id, lambda _: (document, message), options=options)


def attend_meeting(
    root: Path,
    meeting_id: str,
    *,
    member: str,
    people: Sequence[str] = (),
    apology: bool = False,
    options: WriteOptions,
) -> Edit:
    """Record that `member` (and which of its people) attended, or sent apologies."""
    target, other = ("apologies", "attendees") if apology else ("attendees", "apologies")
    people = _unique(people)

    def change(document: Any, repository: Repository) -> str:
        meeting: Meeting = repository.meetings[meeting_id]
        if any(a.member == member for a in getattr(meeting, other)):
            raise UsageError(
                f"'{member}' is already listed under {other} of {meeting_id}",
                hint="edit the meeting file by hand to move it",
            )
        listed = next((a for a in getattr(meeting, target) if a.member == member), None)
        if listed is None:
            entry = _map(Attendance, {"member": member, "people": list(people)})
            _append(document, Meeting, target, entry)
        else:
            missing = [p for p in people if p not in listed.people]
            if not missing:
                raise UsageError(f"'{member}' is already listed under {target} of {meeting_id}")
            entries = document[target]
            index = next(i for i, e in enumerate(entries) if str(e.get("member")) == member)
            for person in missing:
                _append(entries[index], Attendance, "people", fmt.scalar(person))
        who = f" ({', '.join(people)})" if people else ""
        verb = "apologies from" if apology else "attended by"
        return f"{meeting_id}: {verb} {member}{who}\n"

    return edit_record(root, "meetings", meeting_id, change, options=options)


# --- members -------------------------------------------------------------------------------------


def add_member(
    root: Path,
    *,
    name: str,
    member_type: MemberType,
    role: Role = Role.MEMBER,
    acronym: str | None = None,
    scope: Scope | None = None,
    region: str | None = None,
    joined: dt.date | None = None,
    github: Sequence[str] = (),
    record_id: str | None = None,
    options: WriteOptions,
) -> Edit:
    """Add a member organisation; its id is a slug of the acronym (else the name)."""
    new_id = _given_id(record_id, acronym if acronym is not None else name, "--id")
    document = _map(
        Member,
        {
            "id": new_id,
            "name": name,
            "acronym": acronym,
            "type": str(member_type),
            "role": str(role),
            "scope": str(scope) if scope is not None else None,
            "region": region,
            "joined": joined,
            "github": _unique(github),
        },
    )
    message = f"{new_id}: add member\n"
    return create_record(root, "members", new_id, lambda _: (document, message), options=options)


@dataclass(frozen=True)
class PersonRequest:
    name: str
    title: str | None = None
    email: str | None = None
    github: str | None = None
    focal_point: bool | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def set_person(
    root: Path, member_id: str, request: PersonRequest, *, options: WriteOptions
) -> Edit:
    """Add a person to a member, or update the fields given for an existing one."""

    def change(document: Any, repository: Repository) -> str:
        member: Member = repository.members[member_id]
        values: dict[str, Any] = {
            "title": request.title,
            "email": request.email,
            "github": request.github,
            "since": request.since,
            "until": request.until,
        }
        values = {k: v for k, v in values.items() if v is not None}
        existing = member.person(request.name)
        if existing is None:
            entry = _map(
                Person, {"name": request.name, "focal_point": request.focal_point or None} | values
            )
            _append(document, Member, "people", entry)
            return f"{member_id}: add person {request.name}\n"
        people = document["people"]
        entry = next(p for p in people if str(p.get("name")) == request.name)
        changed = []
        for key, value in values.items():
            _set(entry, Person, key, value)
            changed.append(key)
        if request.focal_point is True:
            _set(entry, Person, "focal_point", True)
            changed.append("focal point")
        elif request.focal_point is False and "focal_point" in entry:
            fmt.remove_key(entry, "focal_point")
            changed.append("no longer focal point")
        if not changed:
            raise UsageError(
                f"'{request.name}' is already one of {member_id}'s people; nothing to change",
                hint="give --title, --email, --github, --focal-point/--no-focal-point, "
                "--since or --left",
            )
        return f"{member_id}: {request.name}: {', '.join(changed)}\n"

    return edit_record(root, "members", member_id, change, options=options)


def member_left(
    root: Path, member_id: str, *, left: dt.date | None = None, options: WriteOptions
) -> Edit:
    """Record that a member left the group (its history stays); `left` is
    today unless given."""
    day = left if left is not None else options.today

    def change(document: Any, repository: Repository) -> str:
        _set(document, Member, "left", day)
        return f"{member_id}: left the group on {day}\n"

    return edit_record(root, "members", member_id, change, options=options)


__all__ = [
    "Edit",
    "PersonRequest",
    "UpdateRequest",
    "WriteOptions",
    "add_commitment",
    "add_meeting",
    "add_member",
    "attend_meeting",
    "create_record",
    "edit_record",
    "member_left",
    "repository_lock",
    "require_git",
    "set_person",
    "slugify",
    "update_commitment",
    "write_edits",
]
