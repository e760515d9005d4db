"""Reports written by earlier runs, by the key of everything they were made of.

A report (`tracker status`, `tracker list`) is a function of the records,
the day, the command's options, the code and, for some, git's state and the
templates. The command line keys each report it writes by all of them
(cli/_answers.py); while none changed, a warm run writes the stored text
instead of building 40,000 records again to reach the same answer.

One file per report in the user's cache folder beside the record cache,
with its checks (repo/cache.py): read only if trusted. The file starts with
a header line (the code's version key, the report's key, the SHA-256 of
the text, how many files had errors); anything unexpected is a miss. The
latest few are kept per tracker and source kind.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cso_tracker.repo.cache import cache_file, read_trusted, version_key, write_trusted_bytes

KEPT: Final = 16
MAX_BYTES: Final = 64 << 20
"""Larger reports are not kept: reading one would cost about as much as
making it again."""
_SUFFIX: Final = ".report"


@dataclass(frozen=True)
class StoredReport:
    text: str
    broken: int
    """How many record files had errors (the warning a report prints)."""


class OutputStore:
    def __init__(self, root: Path, name: str) -> None:
        self._prefix = cache_file(root, f"{name}-report-", "")

    def _path(self, key: str) -> Path:
        return self._prefix.with_name(f"{self._prefix.name}{key[:40]}{_SUFFIX}")

    def get(self, key: str) -> StoredReport | None:
        data = read_trusted(self._path(key), MAX_BYTES)
        if data is None:
            return None
        header, newline, body = data.partition(b"\n")
        try:
            fields = json.loads(header) if newline else None
            if not isinstance(fields, dict) or fields.get("version") != version_key():
                return None
            if fields.get("key") != key or fields.get("sha256") != hashlib.sha256(body).hexdigest():
                return None
            broken = fields.get("broken")
            text = body.decode("utf-8")
        except (ValueError, RecursionError):  # not JSON, not UTF-8: someone else's file
            return None
        return StoredReport(text, broken) if type(broken) is int and broken >= 0 else None

    def put(self, key: str, report: StoredReport) -> None:
        try:
            body = report.text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: could never be read back
            return
        if len(body) > MAX_BYTES:
            return
        header = {"version": version_key(), "key": key, "broken": report.broken,
                  "sha256": hashlib.sha256(body).hexdigest()}  # fmt: skip
        line = json.dumps(header, separators=(",", ":")).encode()
        if write_trusted_bytes(self._path(key), line + b"\n" + body):
            self._prune()

    def _prune(self) -> None:
        """Only the latest KEPT reports: the others were of other days, other
        records or other options, and would only fill the folder."""
        folder = self._prefix.parent
        try:
            found = [p for p in folder.glob(f"{self._prefix.name}*{_SUFFIX}") if p.is_file()]
            found.sort(key=lambda path: path.stat().st_mtime_ns, reverse=True)
            for stale in found[KEPT:]:
                stale.unlink(missing_ok=True)
        except OSError:  # another run pruned it first
            return
