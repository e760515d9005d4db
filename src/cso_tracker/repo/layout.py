"""Where a tracker's records live: the root folder, the record folders under
data/, and the file of each record. Names only; nothing here reads a record.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from cso_tracker.errors import NotATrackerError, UsageError

DATA_DIR: Final = "data"
SETTINGS_FILE: Final = "tracker.yaml"
RECORD_SUFFIX: Final = ".yaml"
KINDS: Final = ("members", "meetings", "commitments", "updates")
"""The folders under data/, as models.RECORD_MODELS names them (a test keeps
the two equal: listing the files needs no model, nor pydantic)."""
RECORD_KINDS: Final = ("members", "meetings", "commitments")
"""The kinds whose files are records with an id of their own (an update is
known by its commitment and its file name)."""
UPDATES: Final = "updates"
ROOT_ENV_VAR: Final = "TRACKER_ROOT"

KIND_SINGULAR: Final = {
    "members": "member", "meetings": "meeting", "commitments": "commitment", "updates": "update",
}  # fmt: skip


# --- finding the root ----------------------------------------------------------


def is_tracker_root(folder: Path) -> bool:
    if (folder / SETTINGS_FILE).is_file():
        return True
    data = folder / DATA_DIR
    return data.is_dir() and any((data / kind).is_dir() for kind in RECORD_KINDS)


def find_root(
    explicit: Path | None, environ: Mapping[str, str], cwd: Path, *, explicit_origin: str
) -> Path:
    """The tracker root: `explicit` (named `explicit_origin` in messages: the
    option it came from), then $TRACKER_ROOT, then the nearest folder at or
    above `cwd` that holds a tracker (a `tracker.yaml` or a `data/` folder
    with record kinds)."""
    candidates = ((explicit, explicit_origin), (environ.get(ROOT_ENV_VAR), ROOT_ENV_VAR))
    for given, origin in candidates:
        if given is None or given == "":
            continue
        folder = Path(given).expanduser().resolve()
        try:
            found = is_tracker_root(folder)
        except OSError as exc:  # a folder that cannot be searched holds nothing we can read
            raise NotATrackerError(
                f"{origin} points at {folder}, which cannot be read: {exc.strerror}",
                hint="check the folder's permissions",
            ) from None
        if not found:
            raise NotATrackerError(
                f"{origin} points at {folder}, which holds no tracker "
                f"(no {SETTINGS_FILE} and no {DATA_DIR}/ with members, meetings or commitments)",
                hint=f"point it at the folder that holds {DATA_DIR}/; to start a new tracker "
                f"there, create {DATA_DIR}/members/ and add a member (tracker member add)",
            )
        return folder
    here = cwd.resolve()
    for folder in (here, *here.parents):
        try:
            if is_tracker_root(folder):
                return folder
        except OSError:  # cannot be searched: look further up, as git does
            continue
    raise NotATrackerError(
        f"no tracker found in {here} or any folder above it",
        hint=f"run inside a tracker (a folder holding {DATA_DIR}/), "
        f"or pass {explicit_origin} PATH, or set {ROOT_ENV_VAR}",
    )


# --- files --------------------------------------------------------------------


class RecordFile:
    """One record file: its kind, where it is, and what it is known by.

    A plain class with slots rather than a frozen dataclass: a scan makes
    one per file (40,000 at 10,000 commitments), and a run answered from a
    stored verdict never asks more of them than `kind` and `rel`. So the
    names are worked out from `rel` the first time one is asked for, and
    the Path only when it is; nothing is set through object.__setattr__
    (half the cost). `kind`, `rel` and `location` are Final and the names
    read-only: mypy refuses a change (its hash depends on them)."""

    __slots__ = ("_names", "_path", "kind", "location", "rel")

    kind: Final[str]
    """`members`, `meetings`, `commitments` or `updates`."""
    rel: Final[str]
    """Path relative to the root, with forward slashes: what problems show."""
    location: Final[str]
    """The absolute path on disk, as text (what os.open and os.stat take)."""
    _names: tuple[str, tuple[str, str], str] | None
    _path: Path | None

    def __init__(self, kind: str, path: Path | str, rel: str) -> None:
        self.kind = kind
        self.rel = rel
        self.location = os.fspath(path)
        self._path = path if isinstance(path, Path) else None
        self._names = None

    @property
    def stem_id(self) -> str:
        """The file's name without its suffix."""
        return (self._names or self._name())[0]

    @property
    def update_place(self) -> tuple[str, str]:
        """An update file's commitment id (its folder) and name (its stem)."""
        return (self._names or self._name())[1]

    @property
    def record_id(self) -> str:
        """What the record is known by: its id (the file's stem), or for an
        update `<commitment-id>/<file stem>`."""
        return (self._names or self._name())[2]

    def _name(self) -> tuple[str, tuple[str, str], str]:
        folder, _, name = self.rel.rpartition("/")
        stem = name.removesuffix(RECORD_SUFFIX)
        place = (folder.rpartition("/")[2], stem)
        names = self._names = (stem, place, f"{place[0]}/{stem}" if self.kind == UPDATES else stem)
        return names

    @property
    def path(self) -> Path:
        """The absolute path on disk."""
        path = self._path
        if path is None:
            path = self._path = Path(self.location)
        return path

    def _identity(self) -> tuple[str, str, str]:
        return (self.kind, self.location, self.rel)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecordFile):
            return NotImplemented
        return self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def __repr__(self) -> str:
        return f"RecordFile(kind={self.kind!r}, path={self.path!r}, rel={self.rel!r})"


def update_path(root: Path, commitment_id: str, name: str) -> Path:
    """The file of update `name` (a file stem) of a commitment."""
    return root / DATA_DIR / UPDATES / commitment_id / f"{name}{RECORD_SUFFIX}"


def update_folder(commitment_id: str) -> str:
    """The folder, relative to the root, that holds a commitment's updates."""
    return f"{DATA_DIR}/{UPDATES}/{commitment_id}"


def record_path(root: Path, kind: str, record_id: str) -> Path:
    return root / DATA_DIR / kind / f"{record_id}{RECORD_SUFFIX}"


def relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


RECORD_FOLDERS: Final = (
    f"{DATA_DIR}/members/, {DATA_DIR}/meetings/, {DATA_DIR}/commitments/ "
    f"or {DATA_DIR}/updates/<commitment-id>/"
)


def is_yaml_name(name: str) -> bool:
    return name.lower().endswith((RECORD_SUFFIX, ".yml"))


def record_kind(rel: str, *, any_yaml_suffix: bool = False) -> str | None:
    """The kind of record file a path relative to the root names
    (`data/<kind>/<id>.yaml`, `data/updates/<commitment-id>/<name>.yaml`),
    or None. With `any_yaml_suffix`, `.yml` and capitals count too (so that
    a misnamed file is reported, not ignored)."""
    parts = rel.split("/")
    name_ok = is_yaml_name(parts[-1]) if any_yaml_suffix else parts[-1].endswith(RECORD_SUFFIX)
    if len(parts) < 3 or parts[0] != DATA_DIR or not name_ok or parts[1] not in KINDS:
        return None
    return parts[1] if len(parts) == (4 if parts[1] == UPDATES else 3) else None


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
    kind = record_kind("/".join((DATA_DIR, *parts)), any_yaml_suffix=True)
    if kind is None:
        return None
    resolved = root.joinpath(DATA_DIR, *parts)
    return RecordFile(kind, resolved, relative(root, resolved))


def named_record_file(root: Path, path: Path) -> RecordFile:
    """The record file a user named on the command line."""
    try:
        path.lstat()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError:
        pass  # there, but cannot be looked at: reading it says why, located
    record_file = classify(root, path)
    if record_file is None:
        raise UsageError(
            f"{path} is not a record file of this tracker",
            hint=f"records are {DATA_DIR}/<members|meetings|commitments>/<id>.yaml "
            f"and {DATA_DIR}/updates/<commitment-id>/<name>.yaml under {root}",
        )
    return record_file
