"""The git command: the only module that runs it.

Git is called as a subprocess (never a library) so the tracker sees exactly
what the member's own git sees: their config, hooks and identity.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from cso_tracker.errors import GitError, NotInGitError


def _executable() -> str:
    executable = shutil.which("git")
    if executable is None:
        raise GitError("git is not installed or not on PATH", hint="install git and try again")
    return executable


def _run(root: Path, args: tuple[str, ...], input_data: bytes | None) -> tuple[int, bytes, str]:
    """Run `git args` in `root`: its exit code, its raw output, its stderr."""
    environment = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    completed = subprocess.run(
        [_executable(), *args], cwd=root, capture_output=True, env=environment,
        input=input_data, check=False,
    )  # fmt: skip
    return completed.returncode, completed.stdout, completed.stderr.decode("utf-8", "replace")


def _git(root: Path, *args: str, check: bool = True, input_text: str | None = None) -> str:
    """`git args` as text (undecodable bytes replaced)."""
    feed = input_text.encode("utf-8") if input_text is not None else None
    code, output, errors = _run(root, args, feed)
    text = output.decode("utf-8", errors="replace")
    if check and code != 0:
        raise GitError(f"git {args[0]} failed: {errors.strip() or text.strip()}")
    return text


def _git_bytes(root: Path, *args: str, input_data: bytes) -> bytes:
    """`git args` fed and answering raw bytes (blob content is not text)."""
    code, output, errors = _run(root, args, input_data)
    if code != 0:
        raise GitError(f"git {args[0]} failed: {errors.strip()}")
    return output


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
        return short(self.commit) if self.commit is not None else None


def short(commit: str) -> str:
    """The abbreviation every message and report shows for a commit."""
    return commit[:12]


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
        raise NotInGitError(root)
    relative = [str(p.relative_to(root)) if p.is_absolute() else str(p) for p in paths]
    _git(root, "add", "--", *relative)
    _git(root, "commit", "--quiet", "--file=-", "--", *relative, input_text=message)
    return _git(root, "rev-parse", "HEAD").strip()


def require_identity(cwd: Path) -> None:
    """Refuse, before anything is written, when git could not record who
    commits: `git var` answers exactly as `git commit` would (config, the
    GIT_AUTHOR_*/GIT_COMMITTER_* variables, or what git may guess)."""
    _executable()
    for ident in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        code, _, errors = _run(cwd, ("var", ident), None)
        if code != 0:
            reason = errors.strip().splitlines()[-1] if errors.strip() else f"git var {ident}"
            raise GitError(
                f"git does not know who you are, so it cannot commit ({reason})",
                hint='run `git config --global user.name "Your Name"` and '
                "`git config --global user.email you@example.org`, then try again",
            )


def init_repository(root: Path) -> None:
    """`git init` in `root`, on a branch named main (GitHub's default)."""
    _git(root, "init", "--quiet", "--initial-branch=main")


# --- reading a revision without checking it out --------------------------------------

LINK_MODE: Final = "120000"
"""The mode git records for a symbolic link (its blob holds the target)."""


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    kind: str
    """`blob`, or `commit` for a submodule."""
    oid: str
    size: int
    path: str
    """Relative to the folder git was asked from, with forward slashes."""


def resolve_commit(root: Path, revision: str) -> str:
    """The full hash of the commit `revision` names (a tag, branch, HEAD~3...)."""
    _executable()  # without git, every folder would look like one outside a repository
    if not is_repository(root):
        raise GitError(
            f"{root} is not inside a git repository, so it has no revision '{revision}'",
            hint="run the command without a revision to read the files as they are",
        )
    found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                 f"{revision}^{{commit}}", check=False).strip()  # fmt: skip
    if not found:
        raise GitError(
            f"no commit '{revision}' in this repository",
            hint="`git log --oneline` lists commits; a shallow clone may lack older ones "
            "(fetch them with `git fetch --unshallow`)",
        )
    return found


def ls_tree(root: Path, commit: str, paths: Sequence[str]) -> list[TreeEntry]:
    """Every file under `paths` (relative to `root`) in `commit`, in one call."""
    output = _git(root, "ls-tree", "-r", "-z", "--long", commit, "--", *paths)
    entries = []
    for line in output.split("\0"):
        if not line:
            continue
        meta, path = line.split("\t", 1)
        mode, kind, oid, size = meta.split()
        entries.append(TreeEntry(mode, kind, oid, int(size) if size != "-" else 0, path))
    return entries


def read_blobs(root: Path, oids: Sequence[str]) -> dict[str, bytes]:
    """The content of each blob, in one `git cat-file --batch`."""
    wanted = list(dict.fromkeys(oids))
    if not wanted:
        return {}
    output = _git_bytes(root, "cat-file", "--batch", input_data="\n".join(wanted).encode() + b"\n")
    found: dict[str, bytes] = {}
    position = 0
    for oid in wanted:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        if len(header) != 3:  # "<oid> missing"
            raise GitError(f"git cat-file failed: object {oid} is missing")
        size = int(header[2])
        found[oid] = output[end + 1 : end + 1 + size]
        position = end + 1 + size + 1
    return found


# --- the change a pull request makes ---------------------------------------------------


def require_repository(root: Path) -> None:
    """Raise unless git is installed and `root` is inside a work tree."""
    _executable()
    if not is_repository(root):
        raise GitError(
            f"{root} is not inside a git repository",
            hint="run the command in a clone of the tracker's repository",
        )


def is_shallow(root: Path) -> bool:
    """Whether the clone holds only part of the history (`git clone --depth`)."""
    return _git(root, "rev-parse", "--is-shallow-repository", check=False).strip() == "true"


def merge_base(root: Path, base: str, head: str) -> str | None:
    """The best common ancestor of two commits, or None when git finds none
    (unrelated histories, or a shallow clone that lacks it)."""
    code, output, errors = _run(root, ("merge-base", "--end-of-options", base, head), None)
    if code == 1 and not output.strip():
        return None
    if code != 0:
        raise GitError(f"git merge-base failed: {errors.strip()}")
    return output.decode("ascii").strip()


def top_level_prefix(root: Path) -> str:
    """Where `root` lies in its repository: `""` at the top, else `sub/dir/`."""
    return _git(root, "rev-parse", "--show-prefix").strip()


@dataclass(frozen=True)
class ChangedFile:
    """One entry of `git diff --name-status`: A(dded), M(odified), D(eleted)
    or R(enamed). Paths are relative to the repository's top level."""

    status: str
    path: str
    """The file as the change leaves it (for D, the file that was deleted)."""
    old_path: str | None = None
    """Where a renamed file was before; None unless `status` is R."""


def changed_files(root: Path, old: str, new: str) -> list[ChangedFile]:
    """Every file that differs between two commits, renames detected (`-M`),
    in one `git diff` (`--no-relative`: every file of the repository, whatever
    diff.relative says). A type change (a file become a link) counts as M; a
    copy (git reports one when diff.renames=copies) as A of the copy."""
    output = _git(root, "-c", "core.quotePath=false", "diff", "--no-relative", "--name-status", "-z", "-M",
                  "--no-ext-diff", "--no-textconv", "--end-of-options", old, new, "--")  # fmt: skip
    fields = output.split("\0")
    changes: list[ChangedFile] = []
    index = 0
    while index < len(fields) and fields[index]:
        letter = fields[index][0]
        if letter in "RC":
            source, target = fields[index + 1], fields[index + 2]
            index += 3
            if letter == "R":
                changes.append(ChangedFile("R", target, source))
            else:
                changes.append(ChangedFile("A", target))
            continue
        path = fields[index + 1]
        index += 2
        changes.append(ChangedFile(letter if letter in "AD" else "M", path))
    return changes


# --- history: the commits between two revisions (`tracker changes`, `tracker log`) ---

SHALLOW_HINT: Final = "run `git fetch --unshallow`, or set `fetch-depth: 0` in actions/checkout"
_NO_BLOB: Final = "0" * 40
_LOG_FORMAT: Final = "\x1e" + "\x1f".join(("%H", "%P", "%an", "%ae", "%cI", "%s"))


@dataclass(frozen=True)
class CommitInfo:
    """Who made a commit and when (`date`: the committer date, when the
    change entered the record, which `--since DATE` counts by)."""

    commit: str
    author: str
    email: str
    date: dt.datetime
    subject: str
    parents: tuple[str, ...] = ()
    merged: tuple[str, ...] = ()
    """For a merge: the authors of the commits it brought in (a pull request's)."""

    @property
    def short(self) -> str:
        return short(self.commit)


@dataclass(frozen=True)
class FileChange:
    """A file a commit changed (A, M, D or R; a type change is M), relative
    to the root, with its blob before and after (None: no file there)."""

    status: str
    path: str
    old_path: str | None
    old_blob: str | None
    new_blob: str | None
    new_mode: str


def require_history(root: Path) -> None:
    """Raise unless `root` is in a git work tree with its whole history: a
    shallow clone (actions/checkout's default) would give a short changelog."""
    _executable()
    if not is_repository(root):
        raise GitError(f"{root} is not inside a git repository, so it has no history to read",
                       hint="run the command in a clone of the tracker's repository")  # fmt: skip
    if is_shallow(root):
        raise GitError("this is a shallow clone: it holds only the latest commits, so the "
                       "history of the records is missing", hint=SHALLOW_HINT)  # fmt: skip


def _commit_info(header: str) -> CommitInfo:
    commit, parents, author, email, date, subject = header.removeprefix("\x1e").split("\x1f", 5)
    when = dt.datetime.fromisoformat(date)
    return CommitInfo(commit, author, email, when, subject, tuple(parents.split()))


def commit_info(root: Path, commit: str) -> CommitInfo:
    return _commit_info(_git(root, "show", "-s", f"--format={_LOG_FORMAT}", commit).strip())


def commit_on_or_before(root: Path, day: dt.date, until: str) -> str | None:
    """The last commit of `until`'s first-parent line made by the end of
    `day`, or None when the line starts later."""
    found = _git(root, "rev-list", "-1", "--first-parent", f"--before={day} 23:59:59",
                 "--end-of-options", until, "--")  # fmt: skip
    return found.strip() or None


def is_ancestor(root: Path, older: str, newer: str) -> bool:
    code, _, errors = _run(root, ("merge-base", "--is-ancestor", older, newer), None)
    if code not in (0, 1):
        raise GitError(f"git merge-base failed: {errors.strip()}")
    return code == 0


def log_changes(
    root: Path, since: str | None, until: str, paths: Sequence[str]
) -> list[tuple[CommitInfo, list[FileChange]]]:
    """Each commit after `since` (None: from the first) up to `until` that
    changed `paths`, oldest first, with its files, in one `git log --raw`.
    Only the first-parent line is walked, a merge against its first parent:
    applied in order, the changes lead exactly from `since` to `until`."""
    span = f"{since}..{until}" if since is not None else until
    output = _git(root, "log", "--reverse", "--first-parent", "--diff-merges=first-parent", "--raw",
                  "-z", "--no-abbrev", "-M", "--relative", f"--format={_LOG_FORMAT}",
                  "--end-of-options", span, "--", *paths)  # fmt: skip
    commits = []
    for chunk in output.split("\x1e")[1:]:
        header, _, body = chunk.partition("\0")
        commits.append((_commit_info(header), _raw_files(body.lstrip("\n").split("\0"))))
    if any(len(info.parents) > 1 for info, _ in commits):
        merged = _merged_authors(root, span)
        commits = [(replace(info, merged=merged.get(info.commit, ())), f) for info, f in commits]
    return commits


def _merged_authors(root: Path, span: str) -> dict[str, tuple[str, ...]]:
    """Each merge of the first-parent line -> the authors of the commits it
    brought in (reachable from its other parents, not merged before)."""
    parents, authors = {}, {}
    for line in _git(root, "log", "--format=%H %P%x1f%an", span).splitlines():
        ids, authors[line[:40]] = line.split("\x1f", 1)
        parents[line[:40]] = ids.split()[1:]
    first_parents = _git(root, "rev-list", "--reverse", "--first-parent", span).split()
    claimed, found = set(first_parents), {}
    for merge in first_parents:
        todo, names = parents.get(merge, [])[1:], set()
        while todo:
            commit = todo.pop()
            if commit not in claimed and commit in parents:
                claimed.add(commit)
                names.add(authors[commit])
                todo.extend(parents[commit])
        if names:
            found[merge] = tuple(sorted(names))
    return found


def _raw_files(fields: list[str]) -> list[FileChange]:
    """`:old-mode new-mode old-blob new-blob status`, then the path (two for
    a rename or a copy; a copy counts as the copy added)."""
    files, index = [], 0
    while index < len(fields) and fields[index].startswith(":"):
        _, mode, old, new, status = fields[index][1:].split()
        two = status[0] in "RC"
        source, target = fields[index + 1], fields[index + (2 if two else 1)]
        index += 3 if two else 2
        letter = {"R": "R", "C": "A", "A": "A", "D": "D"}.get(status[0], "M")
        files.append(FileChange(letter, target, source if letter == "R" else None,
                                None if old == _NO_BLOB or letter == "A" else old,
                                None if new == _NO_BLOB else new, mode))  # fmt: skip
    return files
