"""What a report reads from git besides the records, as one text: the key
of a stored report (repo/outputs.py) must change whenever any of it does.
Part of `cso_tracker.git`.

A status report shows the data version (the last commit that changed the
records, and whether the work tree has changed them since) and the
changes since the last meeting (git's history up to HEAD, or up to the
revision read). Both are functions of: the commit the history runs to
(a commit id names its whole history), whether the clone is shallow and
where its history stops, and, for the work tree, git's view of which
record files differ from HEAD.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Final

from cso_tracker.git import DATA_PATHS, _run, is_repository, records_status

NO_GIT: Final = "no-git"


def report_state(root: Path, until: str | None) -> str:
    """The git state behind a report on the records at `root`: of the work
    tree (until None: up to HEAD, with `git status` of the records) or of
    the revision `until` (a commit id)."""
    if not is_repository(root):
        return NO_GIT
    wanted = f"{until or 'HEAD'}^{{commit}}"
    code, output, _errors = _run(
        root, ("rev-parse", "--is-shallow-repository", "--git-path", "shallow",
               "--verify", "--quiet", wanted), None,
    )  # fmt: skip
    lines = output.decode("utf-8", "replace").splitlines()
    shallow, shallow_file = [*lines, "", ""][:2]
    head = lines[2] if code == 0 and len(lines) > 2 else "unborn"
    parts = [f"commit {head}", f"shallow {shallow}"]
    if shallow == "true":
        parts.append(_boundary(root / shallow_file))
    if until is None:
        # Staged or not, any difference from HEAD makes the data version
        # "uncommitted changes"; an untracked file does too, unless ignored.
        parts.append(records_status(root, DATA_PATHS, beside_other_work=True))
    return "\n".join(parts)


def _boundary(path: Path) -> str:
    """Where a shallow clone's history stops (its `shallow` file)."""
    try:
        return path.read_text(encoding="ascii", errors="replace")
    except OSError as exc:
        return f"unreadable: {exc.strerror}"


def report_state_soon(root: Path, until: str | None) -> Callable[[], str]:
    """`report_state`, asked now and answered when called: git works on the
    other core while the caller lists the records (`git status` of 40,000
    files takes as long as half the listing)."""
    answer: list[str] = []
    failure: list[BaseException] = []

    def ask() -> None:
        try:
            answer.append(report_state(root, until))
        except BaseException as exc:  # handed to the caller, raised there
            failure.append(exc)

    worker = threading.Thread(target=ask, name="git-state", daemon=True)
    worker.start()

    def result() -> str:
        worker.join()
        if failure:
            raise failure[0]
        return answer[0]

    return result
