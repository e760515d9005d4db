"""A per-user cache of parsed, schema-checked records, so that a warm
`tracker status` or `tracker update` on 10,000 records does not parse 10,000
YAML files again.

Each entry is keyed by the file's path and its source's key: its stat on disk
(size, mtime, ctime, inode), or its blob id at a git revision (work tree and
revisions have a cache file each); the whole cache by the tracker's version,
its own modules (code_fingerprint) and the installed pydantic (version_key). An
entry whose file changed in the last two seconds is not stored (the "racy
git" problem: a second write within the same timestamp tick would look
unchanged). A cache that cannot be read is ignored and rebuilt: it only ever
saves time, it is never the source of truth.

The cache lives in the user's own cache folder ($XDG_CACHE_HOME or
~/.cache/cso-tracker), never in the repository. It is plain JSON data
(repo/plain.py), never a pickle: a cache folder may be shared or planted, and
reading a pickle runs whatever it says. It is read only when the file and
its folder belong to the user and no one else may write them (where the
system has owners); anything unexpected (another owner or mode, corrupt
JSON, another version, a value of the wrong shape) is a miss, and the cache
is rebuilt. It is written atomically (atomic.py), readable by its owner
only; two runs at once each write a whole file, the last one wins.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from cso_tracker import __version__
from cso_tracker.atomic import write_atomic
from cso_tracker.repo.plain_problems import NotPlain, problems_from_plain, problems_to_plain
from cso_tracker.repo.scan import is_racy
from cso_tracker.repo.source import CacheKey
from cso_tracker.userdirs import cache_home

_FORMAT: Final = 2
"""2: JSON (1 was a pickle)."""
_MAX_BYTES: Final = 1 << 30
_OTHERS_WRITE: Final = stat.S_IWGRP | stat.S_IWOTH


def cache_folder() -> Path:
    return cache_home() / "records"


def code_fingerprint(folder: Path) -> str:
    """The size and mtime of every module in `folder` and its subfolders:
    they change whenever
    the code that produced the cached results does. The version number alone
    does not: installed from git (a pre-commit hook, `git pull` on an editable
    install), a new rule in models.py kept version 0.1.0, and records checked
    before it kept their old, clean result."""
    parts = []
    for path in sorted(folder.rglob("*.py")):
        stat_ = path.stat()
        parts.append(f"{path.relative_to(folder)}:{stat_.st_size}:{stat_.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()[:16]


@functools.cache
def version_key() -> str:
    """What every cache file is valid for: the format, the tracker's version
    and code (models.py holds the schema's version), and pydantic's
    installed version (its messages are in the problems), all without
    importing pydantic: a warm `validate` answered from a stored verdict
    never needs it. Once per process: a running process's code does not
    change under it."""
    code = code_fingerprint(Path(__file__).parent.parent)
    return f"{_FORMAT}/{__version__}/{_installed('pydantic')}/{_installed('pydantic_core')}/{code}"


def _installed(package: str) -> str:
    """A stamp of the installed copy of `package` (its __init__ file's path,
    size and mtime), found without importing it: a new install rewrites it."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return "none"
    try:
        info = Path(spec.origin).stat()
    except OSError:
        return "unknown"
    return f"{spec.origin}:{info.st_size}:{info.st_mtime_ns}"


def trusted(info: os.stat_result) -> bool:
    """Whether a cache file or folder with this stat is the user's own and
    no one else may write it (always, where the system has no owners)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # pragma: no cover - Windows
        return True
    return info.st_uid == getuid() and not info.st_mode & _OTHERS_WRITE


def cache_file(root: Path, name: str, suffix: str = ".json") -> Path:
    """The user's cache file `name` for the tracker at `root` (one set per root)."""
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    return cache_folder() / f"{digest}-{name}{suffix}"


def read_trusted(path: Path, max_bytes: int = _MAX_BYTES) -> bytes | None:
    """The bytes of `path` if it and its folder are trusted, else None. The
    file is checked through its open descriptor (not its name, which could
    be swapped in between) and never through a symbolic link."""
    try:
        if not trusted(path.parent.stat()):
            return None
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode) or not trusted(info) or info.st_size > max_bytes:
            return None
        return stream.read()


def _key(value: Any) -> CacheKey:
    if type(value) is not list or not all(type(part) in (int, str) for part in value):
        raise NotPlain("not a cache key")
    return tuple(value)


def _entry(value: Any, from_plain: Callable[[Any], Any]) -> tuple[CacheKey, tuple[Any, list[Any]]]:
    if not (isinstance(value, list) and len(value) == 3):
        raise NotPlain("not a cache entry")
    key, record, problems = value
    return _key(key), (from_plain(record), problems_from_plain(problems))


class RecordCache:
    """Parsed results by relative path, valid while the file's stat matches."""

    def __init__(self, root: Path, name: str = "worktree") -> None:
        self.path = cache_file(root, name)
        self._entries: dict[str, tuple[CacheKey, Any]] = {}
        self._fresh: dict[str, tuple[CacheKey, Any]] = {}
        self._dirty = False
        self._version = version_key()
        self._load()

    def _load(self) -> None:
        data = read_trusted(self.path)
        if data is None:
            self._dirty = self.path.exists() or self.path.is_symlink()
            return
        try:
            stored = json.loads(data)
            if not isinstance(stored, dict) or stored.get("version") != self._version:
                raise NotPlain("another version")
            entries = stored.get("entries")
            if not isinstance(entries, dict):
                raise NotPlain("no entries")
            from cso_tracker.repo import plain  # the models: only once a cache is read

            build = plain.from_plain
            self._entries = {_str_key(rel): _entry(value, build) for rel, value in entries.items()}
        except (ValueError, RecursionError):  # NotPlain, JSON errors, bad UTF-8
            self._entries = {}
            self._dirty = True

    def peek(self, rel: str, key: CacheKey) -> bool:
        """Whether `get` would find an entry (without marking it as seen)."""
        entry = self._entries.get(rel)
        return entry is not None and entry[0] == key

    def get(self, rel: str, key: CacheKey) -> Any | None:
        entry = self._entries.get(rel)
        if entry is None or entry[0] != key:
            return None
        self._fresh[rel] = entry
        return entry[1]

    def put(self, rel: str, key: CacheKey, value: Any) -> None:
        if is_racy(key, time.time_ns()):
            # Too fresh to trust its stat. Keep whatever entry the file had:
            # its stat no longer matches, so it is never served, and keeping
            # it spares rewriting the whole cache after every edit.
            if rel in self._entries:
                self._fresh[rel] = self._entries[rel]
            return
        self._dirty = True
        self._fresh[rel] = (key, value)

    def save(self) -> None:
        """Write the entries seen in this run (dropping those of deleted
        files), unless nothing changed."""
        if not self._dirty and self._fresh.keys() == self._entries.keys():
            return
        from cso_tracker.repo import plain

        entries = {
            rel: [list(key), plain.to_plain(record), problems_to_plain(problems)]
            for rel, (key, (record, problems)) in self._fresh.items()
        }
        payload = {"version": self._version, "entries": entries}
        if write_trusted(self.path, payload):
            self.path.with_suffix(".pickle").unlink(missing_ok=True)  # format 1's file


def write_trusted(path: Path, payload: object) -> bool:
    """Write `payload` as JSON to the cache file `path` (see write_trusted_bytes)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return write_trusted_bytes(path, text.encode("utf-8"))


def write_trusted_bytes(path: Path, data: bytes) -> bool:
    """Write `data` to the cache file `path`, readable by its owner only,
    atomically; False (and nothing written) when the folder is someone
    else's or others may write it, or it cannot be written: a read-only home
    folder costs speed, not correctness."""
    try:
        folder = path.parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not trusted(folder.stat()):
            return False  # never ours to fill
        write_atomic(path, data, mode=0o600)
    except OSError:
        return False
    return True


def _str_key(value: Any) -> str:
    if not isinstance(value, str):
        raise NotPlain("not a path")
    return value
