"""The git command: the only module that runs it.

Git is called as a subprocess (never a library) so the tracker sees exactly
what the member's own git sees: their config, hooks and identity.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cso_tracker.errors import GitError


def _git(root: Path, *args: str, check: bool = True, input_text: str | None = None) -> str:
    executable = shutil.which("git")
    if executable is None:
        raise GitError("git is not installed or not on PATH", hint="install git and try again")
    environment = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    completed = subprocess.run(
        [executable, *args],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=environment,
        input=input_text,
        check=False,
    )
    if check and completed.returncode != 0:
        detail = completed.stderr.strip() or completed.stdout.strip()
        raise GitError(f"git {args[0]} failed: {detail}")
    return completed.stdout


def is_repository(root: Path) -> bool:
    if shutil.which("git") is None:
        return False
    return _git(root, "rev-parse", "--is-inside-work-tree", check=False).strip() == "true"


@dataclass(frozen=True)
class Version:
    """Which state of the records a report describes."""

    commit: str | None
    """The full hash of HEAD, or None outside git or before the first commit."""
    dirty: bool
    """Whether the records differ from HEAD (uncommitted or untracked changes)."""

    @property
    def short(self) -> str | None:
        return self.commit[:12] if self.commit is not None else None


def version(root: Path, paths: Sequence[str] = ("data", "tracker.yaml")) -> Version | None:
    """HEAD and whether `paths` have uncommitted changes; None outside git."""
    if not is_repository(root):
        return None
    head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).strip() or None
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths)
    return Version(commit=head, dirty=bool(status.strip()))


def identity(root: Path) -> tuple[str | None, str | None]:
    """The user's configured name and email, as git would record them."""
    name = _git(root, "config", "user.name", check=False).strip() or None
    email = _git(root, "config", "user.email", check=False).strip() or None
    return name, email


def commit(root: Path, paths: Sequence[Path], message: str) -> str:
    """Stage exactly `paths` and commit them; returns the new commit's hash."""
    if not is_repository(root):
        raise GitError(
            f"{root} is not inside a git repository, so --commit cannot commit",
            hint="run `git init` there, or leave out --commit",
        )
    relative = [str(p.relative_to(root)) if p.is_absolute() else str(p) for p in paths]
    _git(root, "add", "--", *relative)
    _git(root, "commit", "--quiet", "--file=-", "--", *relative, input_text=message)
    return _git(root, "rev-parse", "HEAD").strip()
