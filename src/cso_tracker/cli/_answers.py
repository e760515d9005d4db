"""Reports written again from an earlier run's text (repo/outputs.py) while
nothing they are made of has changed.

The key of a report is everything its text depends on: the scan's
fingerprint of the records and tracker.yaml (repo/scan.py; None when a
file is too fresh to trust, and then nothing is stored), the source
(work tree, or which revision), the command and every option as given,
today (relative dates count from it, and the rules' verdict depends on
it) and the time zone, the code and the package's templates, the
encoding of standard output (JSON escapes what it cannot show), and, for
a report that shows git's data version or history, git's state
(git/state.py). A report that renders a group's own templates, or a
--template file, is never stored: they may include any file.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import typer

from cso_tracker import clock
from cso_tracker.cli._app import options
from cso_tracker.cli._common import files_with_errors, source_at, warn_broken
from cso_tracker.cli._words import naming

if TYPE_CHECKING:
    from cso_tracker.repo.repository import Repository
    from cso_tracker.repo.scan import Scan
    from cso_tracker.repo.source import Source


def report_text(
    ctx: typer.Context,
    at: str | None,
    make: Callable[[Repository], str],
    *,
    storable: bool,
    reads_git: bool,
) -> str:
    """The text `make` gives for the records (at revision `at`, when given),
    after the warning about files with errors; taken from the store while
    its key is unchanged. `storable`: the text depends on nothing the key
    leaves out; `reads_git`: it shows the data version or the history."""
    from cso_tracker.repo.outputs import OutputStore, StoredReport
    from cso_tracker.repo.scan import scan

    global_options = options(ctx)
    root = global_options.find_root()
    source = source_at(root, at)
    storable = storable and global_options.use_cache
    state = _git_state(source) if storable and reads_git else None
    scanned = scan(source, use_cache=global_options.use_cache)
    git_state = state() if state is not None else ""
    key = _key(ctx, source, scanned, git_state) if storable else None
    store = OutputStore(root, source.cache_name) if key is not None else None
    if store is not None and key is not None and (stored := store.get(key)) is not None:
        warn_broken(stored.broken, at)
        return stored.text
    from cso_tracker.repo.load import load

    with naming("--at"):
        repository = load(source, use_cache=global_options.use_cache,
                          freeze=global_options.own_process, scanned=scanned)  # fmt: skip
    broken = files_with_errors(repository)
    warn_broken(broken, at)
    text = make(repository)
    # A commit made meanwhile is in the text: kept under the state from
    # before it, the text would be given for that state if HEAD went back
    # to it (a record file's stat, unlike HEAD, never comes back).
    if store is not None and key is not None and (state is None or _git_now(source) == git_state):
        store.put(key, StoredReport(text, broken))
    return text


def _git_state(source: Source) -> Callable[[], str]:
    """git's state (git/state.py), asked in a thread while the records are listed."""
    from cso_tracker.git.state import report_state_soon

    return report_state_soon(source.root, source.commit)


def _git_now(source: Source) -> str:
    from cso_tracker.git.state import report_state

    return report_state(source.root, source.commit)


def _key(ctx: typer.Context, source: Source, scanned: Scan, state: str) -> str | None:
    from cso_tracker.render.packaged import package_templates_key
    from cso_tracker.repo.cache import version_key

    if scanned.fingerprint is None:
        return None
    command = ctx.command.name or ""
    given = repr(sorted(ctx.params.items()))
    parts = (
        version_key(), package_templates_key(), command, given, clock.today().isoformat(),
        os.environ.get("TZ", ""), repr(time.tzname), str(getattr(sys.stdout, "encoding", None)),
        source.cache_name, scanned.fingerprint, state,
    )  # fmt: skip
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
