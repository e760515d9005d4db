"""The repository of records: find its root, map ids to files, load and check
the schema of every file, and write a file atomically.

Loading collects every problem (YAML and schema) with its file, line and
column instead of stopping at the first; cross-record rules live in checks.py.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from cso_tracker.cache import RecordCache

from cso_tracker import yamlio
from cso_tracker.errors import NotATrackerError, RecordNotFoundError, UsageError, did_you_mean
from cso_tracker.models import (
    RECORD_MODELS,
    Commitment,
    Meeting,
    Member,
    Record,
    Settings,
    nested_model,
)
from cso_tracker.problems import Problem, Severity, sort_problems

DATA_DIR: Final = "data"
SETTINGS_FILE: Final = "tracker.yaml"
RECORD_SUFFIX: Final = ".yaml"
KINDS: Final = tuple(RECORD_MODELS)  # members, meetings, commitments
ROOT_ENV_VAR: Final = "TRACKER_ROOT"

KIND_SINGULAR: Final = {"members": "member", "meetings": "meeting", "commitments": "commitment"}

ModelT = TypeVar("ModelT", bound=BaseModel)


# --- finding the root ----------------------------------------------------------


def is_tracker_root(folder: Path) -> bool:
    if (folder / SETTINGS_FILE).is_file():
        return True
    data = folder / DATA_DIR
    return data.is_dir() and any((data / kind).is_dir() for kind in KINDS)


def find_root(explicit: Path | None, environ: Mapping[str, str], cwd: Path) -> Path:
    """The tracker root: `--root`, then $TRACKER_ROOT, then the nearest folder
    at or above `cwd` that holds a tracker (a `tracker.yaml` or a `data/`
    folder with record kinds)."""
    for given, origin in ((explicit, "--root"), (environ.get(ROOT_ENV_VAR), ROOT_ENV_VAR)):
        if given is None or given == "":
            continue
        folder = Path(given).expanduser().resolve()
        if not is_tracker_root(folder):
            raise NotATrackerError(
                f"{origin} points at {folder}, which holds no tracker "
                f"(no {SETTINGS_FILE} and no {DATA_DIR}/ with members, meetings or commitments)",
                hint=f"point it at the folder that holds {DATA_DIR}/; to start a new tracker "
                f"there, create {DATA_DIR}/members/ and add a member (tracker member add)",
            )
        return folder
    here = cwd.resolve()
    for folder in (here, *here.parents):
        if is_tracker_root(folder):
            return folder
    raise NotATrackerError(
        f"no tracker found in {here} or any folder above it",
        hint=f"run inside a tracker (a folder holding {DATA_DIR}/), "
        f"or pass --root PATH, or set {ROOT_ENV_VAR}",
    )


# --- files --------------------------------------------------------------------


@dataclass(frozen=True)
class RecordFile:
    kind: str
    """`members`, `meetings` or `commitments`."""
    path: Path
    """Absolute path on disk."""
    rel: str
    """Path relative to the root, with forward slashes: what problems show."""

    @property
    def stem_id(self) -> str:
        return self.path.name.removesuffix(RECORD_SUFFIX)


def record_path(root: Path, kind: str, record_id: str) -> Path:
    return root / DATA_DIR / kind / f"{record_id}{RECORD_SUFFIX}"


def relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def list_record_files(root: Path) -> tuple[list[RecordFile], list[Problem]]:
    """Every record file under data/, sorted, and problems with the layout
    itself (a wrong suffix, a link leading out of data/ or nowhere, a folder
    or other non-file named like a record, a record file outside the three
    record folders): anything that would otherwise be silently skipped."""
    # os.scandir, not pathlib: on 10,000 files pathlib's objects cost ~0.4 s.
    files: list[RecordFile] = []
    problems: list[Problem] = []
    data = (root / DATA_DIR).resolve()
    for kind in KINDS:
        folder = root / DATA_DIR / kind
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            name = entry.name
            rel = f"{DATA_DIR}/{kind}/{name}"
            if name.startswith("."):
                continue
            if _is_yaml_name(name) and not name.endswith(RECORD_SUFFIX):
                stem = name[: name.rindex(".")]
                problems.append(
                    Problem(rel, 1, 1, Severity.ERROR,
                            f"record files end in {RECORD_SUFFIX}; rename to "
                            f"{stem}{RECORD_SUFFIX}", "file-suffix")
                )  # fmt: skip
                continue
            path = folder / name
            if not name.endswith(RECORD_SUFFIX):
                if entry.is_dir(follow_symlinks=False):
                    problems.extend(_stray_records(root, path, f"{DATA_DIR}/{kind}/"))
                continue
            if entry.is_symlink():
                try:
                    target = path.resolve()
                except (OSError, RuntimeError):  # a loop: 3.11 raises RuntimeError
                    problems.append(_unreadable(rel, "symbolic link that loops back on itself"))
                    continue
                if not target.is_relative_to(data):
                    problems.append(
                        Problem(rel, 1, 1, Severity.ERROR,
                                f"symbolic link to {target}, outside {DATA_DIR}/; "
                                "records must live in the repository", "file-symlink")
                    )  # fmt: skip
                    continue
                if not target.exists():
                    problems.append(
                        _unreadable(rel, f"symbolic link to {relative(root, target)}, "
                                         "which does not exist")
                    )  # fmt: skip
                    continue
            if not entry.is_file():
                what = "a folder" if entry.is_dir() else "not a regular file"
                problems.append(_unreadable(rel, f"{what}, named like a record file"))
                continue
            files.append(RecordFile(kind, path, rel))
    problems.extend(_stray_records(root, root / DATA_DIR, None))
    return files, problems


_RECORD_FOLDERS: Final = f"{DATA_DIR}/members/, {DATA_DIR}/meetings/ or {DATA_DIR}/commitments/"


def _is_yaml_name(name: str) -> bool:
    return name.lower().endswith((RECORD_SUFFIX, ".yml"))


def _unreadable(rel: str, what: str) -> Problem:
    return Problem(rel, 1, 1, Severity.ERROR, f"cannot read: {what}", "file-unreadable")


def _stray_records(root: Path, folder: Path, record_folder: str | None) -> list[Problem]:
    """YAML files the tracker would never read: in data/ itself, in a folder
    of data/ that is not a record folder (`data/comitments/`), or in a
    subfolder of a record folder (`record_folder`)."""
    problems: list[Problem] = []
    for current, folders, names in os.walk(folder):
        here = Path(current)
        if record_folder is None and here == folder:
            folders[:] = [name for name in folders if name not in KINDS]
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or not _is_yaml_name(name):
                continue
            rel = relative(root, here / name)
            parts = Path(rel).parts
            if record_folder is not None:
                why = f"records are not read from subfolders; move it to {record_folder}"
            elif len(parts) == 2:
                why = f"records live in {_RECORD_FOLDERS}, not in {DATA_DIR}/ itself"
            else:
                guess = did_you_mean(parts[1], KINDS)
                why = (
                    f"{DATA_DIR}/{parts[1]}/ is not a record folder"
                    f"{guess + ' ' if guess else '; '}records live in {_RECORD_FOLDERS}"
                )
            problems.append(
                Problem(rel, 1, 1, Severity.ERROR, f"not read: {why}", "file-location")
            )  # fmt: skip
    return problems


def classify(root: Path, path: Path) -> RecordFile | None:
    """The RecordFile for a path given on the command line, if it is one."""
    absolute = path if path.is_absolute() else Path.cwd() / path
    # Resolve the folder, not the file itself: a record file that is a symlink
    # leading out of data/ is still that record file, and gets its
    # file-symlink problem instead of a usage error.
    try:
        located = absolute.parent.resolve() / absolute.name
        parts = located.relative_to((root / DATA_DIR).resolve()).parts
    except ValueError:
        return None
    if len(parts) != 2 or parts[0] not in KINDS or not _is_yaml_name(parts[1]):
        return None
    resolved = root / DATA_DIR / parts[0] / parts[1]
    return RecordFile(parts[0], resolved, relative(root, resolved))


def named_record_file(root: Path, path: Path) -> RecordFile:
    """The record file a user named on the command line."""
    if not path.exists() and not path.is_symlink():
        raise UsageError(f"{path}: no such file")
    record_file = classify(root, path)
    if record_file is None:
        raise UsageError(
            f"{path} is not a record file of this tracker",
            hint=f"records are {DATA_DIR}/<members|meetings|commitments>/<id>.yaml under {root}",
        )
    return record_file


# --- schema errors in the user's terms -----------------------------------------


def field_label(loc: Sequence[str | int]) -> str:
    """('updates', 2, 'by') -> 'updates[2].by'"""
    label = ""
    for part in loc:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else part)
    return label


def _fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The field names allowed in the mapping at `loc` inside `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if info is None:
            return []
        current = nested_model(info.annotation)
        if current is None:
            return []
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def schema_problems(
    exc: ValidationError, model: type[BaseModel], rel: str, positions: yamlio.Positions
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc: tuple[str | int, ...] = tuple(error["loc"])
        kind = error["type"]
        label = field_label(loc)
        given = error.get("input")
        if kind == "missing":
            message = f"missing required field '{loc[-1]}'"
            if len(loc) > 1:
                message += f" in {field_label(loc[:-1])}"
            line, column = positions.of(loc[:-1])
            rule = "schema-missing"
        elif kind == "extra_forbidden":
            allowed = _fields_at(model, loc[:-1])
            hint = did_you_mean(str(loc[-1]), allowed) or (
                f"; allowed here: {', '.join(allowed)}" if allowed else ""
            )
            message = f"unknown field '{label}'{hint}"
            line, column = positions.of(loc, key=True)
            rule = "schema-unknown-field"
        elif kind == "enum":
            expected = str(error.get("ctx", {}).get("expected", ""))
            options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
            if isinstance(given, str | int | float | bool):
                message = f"{label}: '{given}' is not one of {', '.join(options)}"
                message += did_you_mean(str(given), options)
            else:  # a list or mapping: its Python repr would mean nothing to a member
                got = _TYPE_NAMES.get(type(given), type(given).__name__)
                message = f"{label}: expected one of {', '.join(options)}, got {got}"
            line, column = positions.of(loc)
            rule = "schema-enum"
        elif kind == "value_error":
            message = f"{label}: {error['msg'].removeprefix('Value error, ')}"
            line, column = positions.of(loc)
            rule = "schema-value"
        else:
            message = f"{label}: {_type_message(kind, error['msg'], given)}"
            line, column = positions.of(loc)
            rule = "schema-type"
        problems.append(Problem(rel, line, column, Severity.ERROR, message, rule))
    return problems


_TYPE_NAMES: Final = {
    str: "text", int: "a whole number", float: "a number", bool: "true or false",
    list: "a list", dict: "a mapping", type(None): "empty",
}  # fmt: skip


def _type_message(kind: str, pydantic_message: str, given: Any) -> str:
    got = _TYPE_NAMES.get(type(given), type(given).__name__)
    expected = {
        "string_type": "text",
        "int_type": "a whole number",
        "bool_type": "true or false",
        "tuple_type": "a list",
        "list_type": "a list",
        "model_type": "a mapping",
        "dict_type": "a mapping",
        "string_too_short": "non-empty text",
        "greater_than_equal": "a number of at least 1",
    }.get(kind)
    if expected is None:
        return pydantic_message
    if kind == "string_too_short":
        return "must not be empty"
    shown = repr(given) if isinstance(given, str | int | float | bool) else got
    return f"expected {expected}, got {shown}" + (f" ({got})" if shown != got else "")


# --- loading --------------------------------------------------------------------


@dataclass
class Repository:
    """Every record that loaded and passed its schema, plus every problem found
    on the way. Records that failed are absent from the dicts."""

    root: Path
    settings: Settings
    members: dict[str, Member] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    files: dict[tuple[str, str], RecordFile] = field(default_factory=dict)
    """(kind, id) -> the file the record came from."""
    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    unloaded: set[tuple[str, str]] = field(default_factory=set)
    """(kind, file stem) of record files that exist but did not load. Their
    own problems say why; references to them are not reported again."""
    _positions: dict[Path, yamlio.Positions] = field(default_factory=dict, repr=False)

    def exists(self, kind: str, record_id: str) -> bool:
        """A record of that id loaded, or its file is there but broken."""
        return record_id in self.records(kind) or (kind, record_id) in self.unloaded

    def records(self, kind: str) -> dict[str, Any]:
        if kind == "members":
            return self.members
        if kind == "meetings":
            return self.meetings
        return self.commitments

    def file_of(self, kind: str, record_id: str) -> RecordFile:
        return self.files[(kind, record_id)]

    def position(
        self, kind: str, record_id: str, loc: Sequence[str | int], *, key: bool = False
    ) -> tuple[int, int]:
        """Line and column of a field of a loaded record (parsed again on demand:
        only records with problems pay for positions)."""
        record_file = self.files[(kind, record_id)]
        positions = self._positions.get(record_file.path)
        if positions is None:
            positions = yamlio.Positions()
            yamlio.load(yamlio.decode(record_file.path.read_bytes()), positions=positions)
            self._positions[record_file.path] = positions
        return positions.of(tuple(loc), key=key)

    def remember_positions(self, path: Path, positions: yamlio.Positions) -> None:
        """Positions for a file's new content, before it is written (the write
        path checks a change against the repository before touching disk)."""
        self._positions[path] = positions

    def problem(
        self,
        kind: str,
        record_id: str,
        loc: Sequence[str | int],
        severity: Severity,
        message: str,
        rule: str,
        *,
        key: bool = False,
    ) -> Problem:
        line, column = self.position(kind, record_id, loc, key=key)
        return Problem(self.file_of(kind, record_id).rel, line, column, severity, message, rule)

    def find(self, record_id: str) -> tuple[str, Record]:
        """A record of any kind by id or unique id prefix."""
        exact = [(k, self.records(k)[record_id]) for k in KINDS if record_id in self.records(k)]
        if len(exact) == 1:
            return exact[0]
        candidates = [
            (k, r) for k in KINDS for i, r in self.records(k).items() if i.startswith(record_id)
        ]
        if len(exact) > 1:
            candidates = exact
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            names = ", ".join(sorted(f"{r.id} ({KIND_SINGULAR[k]})" for k, r in candidates))
            raise RecordNotFoundError(f"'{record_id}' is ambiguous: it matches {names}",
                                      hint="give more of the id")  # fmt: skip
        every = [i for k in KINDS for i in self.records(k)]
        suggestion = did_you_mean(record_id, every, most=3).removeprefix("; ")
        raise RecordNotFoundError(
            f"no record with id '{record_id}'",
            hint=suggestion
            or "`tracker list`, `tracker members` and `tracker meetings` show the ids",
        )


def _read_bounded(path: Path, rel: str, size: int) -> bytes | Problem:
    """The file's bytes, or the problem that stops us reading them. The size
    is checked from the disk first: reading a huge file to refuse it would be
    the memory exhaustion the limit exists to prevent."""
    if size > yamlio.MAX_FILE_BYTES:
        limit = "the limit is" if rel == SETTINGS_FILE else "records are limited to"
        return Problem(rel, 1, 1, Severity.ERROR,
                       f"file is {size:,} bytes; {limit} {yamlio.MAX_FILE_BYTES:,} bytes",
                       "file-too-large")  # fmt: skip
    try:
        return path.read_bytes()
    except OSError as exc:
        return _unreadable(rel, str(exc.strerror))


def read_settings(root: Path) -> tuple[Settings, list[Problem]]:
    path = root / SETTINGS_FILE
    try:
        if not path.is_file():
            return Settings(), []
        data = _read_bounded(path, SETTINGS_FILE, path.stat().st_size)
    except OSError as exc:
        data = _unreadable(SETTINGS_FILE, str(exc.strerror))
    if isinstance(data, Problem):
        return Settings(), [data]
    document, problems = parse_record(data, SETTINGS_FILE, Settings)
    if document is None or problems:
        return Settings(), problems
    assert isinstance(document, Settings)
    return document, []


def parse_record(data: bytes, rel: str, model: type[ModelT]) -> tuple[ModelT | None, list[Problem]]:
    try:
        text = yamlio.decode(data)
    except yamlio.YamlError as exc:
        return None, [Problem(rel, exc.line, exc.column, Severity.ERROR, exc.message, exc.rule)]
    tabs = yamlio.find_tabs(text)
    problems = [
        Problem(rel, line, column, Severity.ERROR, yamlio.TAB_MESSAGE, "yaml-tab")
        for line, column in tabs
    ]  # fmt: skip
    try:
        value = yamlio.load(text)
    except yamlio.YamlError as exc:
        # A tab used as indentation stops libyaml with "found character that
        # cannot start any token" at the tab: the yaml-tab problem says it better.
        if exc.rule == "yaml-syntax" and any(
            line == exc.line and column <= exc.column for line, column in tabs
        ):
            return None, problems
        return None, [
            *problems,
            Problem(rel, exc.line, exc.column, Severity.ERROR, exc.message, exc.rule),
        ]
    if value is None:
        return None, [*problems, Problem(rel, 1, 1, Severity.ERROR, "file is empty", "yaml-empty")]
    if not isinstance(value, dict):
        shape = "a list" if isinstance(value, list) else "a single value"
        return None, [
            *problems,
            Problem(rel, 1, 1, Severity.ERROR,
                    f"a record is a mapping of fields (key: value), but this file holds {shape}",
                    "yaml-not-mapping"),
        ]  # fmt: skip
    try:
        record = model.model_validate(value)
    except ValidationError as exc:
        positions = yamlio.Positions()
        yamlio.load(text, positions=positions)
        return None, [*problems, *schema_problems(exc, model, rel, positions)]
    return record, problems


def load_repository(root: Path, *, use_cache: bool = True) -> Repository:
    """Read and schema-check every record file under `root`/data.

    With `use_cache`, files unchanged since an earlier run are taken from the
    user's record cache (cache.py) instead of being parsed again."""
    from cso_tracker.cache import RecordCache

    settings, problems = read_settings(root)
    repository = Repository(root=root, settings=settings, problems=problems)
    files, layout_problems = list_record_files(root)
    repository.problems.extend(layout_problems)
    cache = RecordCache(root) if use_cache else None
    for record_file in files:
        load_file_into(repository, record_file, cache)
    if cache is not None:
        cache.save()
    repository.problems = sort_problems(repository.problems)
    return repository


def load_file_into(
    repository: Repository, record_file: RecordFile, cache: RecordCache | None = None
) -> None:
    from cso_tracker.cache import stat_key

    repository.files_checked += 1
    try:
        stat = record_file.path.stat()
    except OSError as exc:
        _add_record(
            repository, record_file, None, [_unreadable(record_file.rel, str(exc.strerror))]
        )
        return
    cached = cache.get(record_file.rel, stat_key(stat)) if cache is not None else None
    if cached is not None:
        _add_record(repository, record_file, *cached)
        return
    data = _read_bounded(record_file.path, record_file.rel, stat.st_size)
    if isinstance(data, Problem):
        _add_record(repository, record_file, None, [data])
        return
    record, problems = parse_record(data, record_file.rel, RECORD_MODELS[record_file.kind])
    if cache is not None:
        cache.put(record_file.rel, stat_key(stat), (record, problems))
    _add_record(repository, record_file, record, problems)


def _add_record(
    repository: Repository,
    record_file: RecordFile,
    record: Record | None,
    problems: list[Problem],
) -> None:
    repository.problems.extend(problems)
    if record is None:
        repository.unloaded.add((record_file.kind, record_file.stem_id))
        return
    table = repository.records(record_file.kind)
    if record.id in table:
        holder = repository.files[(record_file.kind, record.id)]
        if holder.stem_id != record.id and record_file.stem_id == record.id:
            # The file named after the id owns it. The other one (already
            # reported as id-mismatch) was read first only because its name
            # sorts first: it is the copy, and cross-record rules use this one.
            table[record.id] = record
            repository.files[(record_file.kind, record.id)] = record_file
            repository.problems.append(
                Problem(holder.rel, 1, 1, Severity.ERROR,
                        f"id '{record.id}' is already used by {record_file.rel}", "id-duplicate")
            )  # fmt: skip
            return
        repository.problems.append(
            Problem(record_file.rel, 1, 1, Severity.ERROR,
                    f"id '{record.id}' is already used by {holder.rel}", "id-duplicate")
        )  # fmt: skip
        return
    table[record.id] = record
    repository.files[(record_file.kind, record.id)] = record_file
    if record.id != record_file.stem_id:
        repository.problems.append(
            repository.problem(record_file.kind, record.id, ("id",), Severity.ERROR,
                               f"id '{record.id}' does not match the file name; rename the file "
                               f"to {record.id}{RECORD_SUFFIX} or set id: {record_file.stem_id}",
                               "id-mismatch")
        )  # fmt: skip


# --- writing --------------------------------------------------------------------


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash at any moment leaves either
    the old file or the new one, never a torn one."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(descriptor)


def require_record(repository: Repository, kind: str, record_id: str) -> Record:
    record = repository.records(kind).get(record_id)
    if record is None:
        suggestion = did_you_mean(record_id, repository.records(kind), most=3)
        raise RecordNotFoundError(
            f"no {KIND_SINGULAR[kind]} with id '{record_id}'",
            hint=suggestion.removeprefix("; ") or None,
        )
    assert isinstance(record, Member | Meeting | Commitment)
    return record
