"""The tracker's own folder in the user's cache ($XDG_CACHE_HOME, else
~/.cache): the record cache and the crash log live there, never in a
tracker's repository."""

from __future__ import annotations

import os
from pathlib import Path


def cache_home() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cso-tracker"
