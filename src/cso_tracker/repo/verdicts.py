"""The verdicts of earlier runs, by the fingerprint of what they judged.

A verdict is every problem `tracker validate` found in a source's records
on one day (the rules compare dates with today), and how many files it
checked. Stored under the scan's fingerprint (repo/scan.py), it is reused
while no file, tracker.yaml or the code changed: a warm `tracker validate`
then reads no record at all, and a report skips the rules it would only
run to count the files with errors.

Kept in the user's cache folder beside the record cache, with its checks
(repo/cache.py): read only if trusted, anything unexpected is a miss.
A few verdicts are kept per source kind, the latest first, so that
switching between two branches or two revisions keeps both.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from cso_tracker.problems import Problem
from cso_tracker.repo.cache import cache_file, read_trusted, version_key, write_trusted
from cso_tracker.repo.plain_problems import NotPlain, problems_from_plain, problems_to_plain

KEPT: Final = 8


@dataclass(frozen=True)
class Verdict:
    problems: list[Problem]
    files_checked: int


class VerdictStore:
    def __init__(self, root: Path, name: str) -> None:
        self.path = cache_file(root, name, ".verdicts.json")
        self._read: list[Any] | None = None

    def _entries(self) -> list[Any]:
        """The stored entries, read once (a miss is followed by a put)."""
        if self._read is None:
            self._read = self._read_entries()
        return self._read

    def _read_entries(self) -> list[Any]:
        data = read_trusted(self.path)
        if data is None:
            return []
        try:
            stored = json.loads(data)
        except (ValueError, RecursionError):
            return []
        if not isinstance(stored, dict) or stored.get("version") != version_key():
            return []
        entries = stored.get("verdicts")
        if not isinstance(entries, list):
            return []
        return [e for e in entries if isinstance(e, list) and len(e) == 4]

    def get(self, fingerprint: str, today: dt.date) -> Verdict | None:
        wanted = [fingerprint, today.isoformat()]
        for entry in self._entries():
            if entry[:2] == wanted:
                files_checked, problems = entry[2:]
                try:
                    if type(files_checked) is not int:
                        raise NotPlain("not a count")
                    return Verdict(problems_from_plain(problems), files_checked)
                except NotPlain:
                    return None
        return None

    def put(self, fingerprint: str, today: dt.date, verdict: Verdict) -> None:
        day = today.isoformat()
        entry = [fingerprint, day, verdict.files_checked, problems_to_plain(verdict.problems)]
        # Other days' verdicts can never be asked for again.
        kept = [e for e in self._entries() if e[0] != fingerprint and e[1] == day]
        self._read = [entry, *kept][:KEPT]
        write_trusted(self.path, {"version": version_key(), "verdicts": self._read})
