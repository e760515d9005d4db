"""A per-user cache of parsed, schema-checked records, so that a warm
`tracker status` or `tracker update` on 10,000 records does not parse 10,000
YAML files again.

Each entry is keyed by the file's path and its source's key: its stat on disk
(size, mtime, ctime, inode), or its blob id at a git revision (work tree and
revisions have a cache file each); the whole cache by the tracker, schema and pydantic versions and
the tracker's own modules (code_fingerprint). An
entry whose file changed in the last two seconds is not stored (the "racy
git" problem: a second write within the same timestamp tick would look
unchanged). A cache that cannot be read is ignored and rebuilt: it only ever
saves time, it is never the source of truth.

The cache lives in the user's own cache folder ($XDG_CACHE_HOME or
~/.cache/cso-tracker, created private), never in the repository. It is a
pickle because unpickling 10,000 models takes a third of the time of
re-validating them from JSON; it is read only from that private folder.
"""

from __future__ import annotations

import hashlib
import pickle
import time
from pathlib import Path
from typing import Any, Final

from cso_tracker import __version__
from cso_tracker.atomic import write_atomic
from cso_tracker.models import SCHEMA_VERSION
from cso_tracker.repo.source import CacheKey
from cso_tracker.userdirs import cache_home

_RACY_WINDOW_NS: Final = 2_000_000_000
_FORMAT: Final = 1


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
        stat = path.stat()
        parts.append(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()[:16]


def _version_key() -> str:
    import pydantic

    code = code_fingerprint(Path(__file__).parent.parent)
    return f"{_FORMAT}/{__version__}/{SCHEMA_VERSION}/{pydantic.VERSION}/{code}"


class RecordCache:
    """Parsed results by relative path, valid while the file's stat matches."""

    def __init__(self, root: Path, name: str = "worktree") -> None:
        digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
        self.path = cache_folder() / f"{digest}-{name}.pickle"
        self._entries: dict[str, tuple[CacheKey, Any]] = {}
        self._fresh: dict[str, tuple[CacheKey, Any]] = {}
        self._dirty = False
        self._version = _version_key()
        self._load()

    def _load(self) -> None:
        try:
            with self.path.open("rb") as stream:
                stored = pickle.load(stream)
        except FileNotFoundError:
            return
        except Exception:  # any unreadable cache (truncated, another format) is rebuilt
            self._dirty = True
            return
        if (
            isinstance(stored, dict)
            and stored.get("version") == self._version
            and isinstance(stored.get("entries"), dict)
        ):
            self._entries = stored["entries"]
        else:
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
        # A stat key's second field is the mtime; a blob id is never racy.
        mtime = key[1]
        if isinstance(mtime, int) and time.time_ns() - mtime < _RACY_WINDOW_NS:
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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            payload = {"version": self._version, "entries": self._fresh}
            write_atomic(self.path, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            return  # a read-only home folder costs speed, not correctness
