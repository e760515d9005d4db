"""The git command: the only module that runs it.

Git is called as a subprocess (never a library) so the tracker sees exactly
what the member's own git sees: their config, hooks and identity.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, NamedTuple

from cso_tracker.errors import (
    GitError,
    GitTooOldError,
    NoRevisionsError,
    NotInGitError,
    UnknownRevisionError,
)

MINIMUM_VERSION: Final = (2, 28)
"""The oldest git with every feature the tracker uses: `--end-of-options`
(2.24, so a revision that starts with `-` is never read as an option),
`git init --initial-branch` and `git diff --no-relative` (2.28)."""


def _executable() -> str:
    executable = shutil.which("git")
    if executable is None:
        raise GitError("git is not installed or not on PATH", hint="install git and try again")
    _require_version(executable)
    return executable


@functools.cache
def _require_version(executable: str) -> None:
    """Refuse a git older than MINIMUM_VERSION: asked once per executable
    and process, the first time git is needed."""
    completed = subprocess.run(
        [executable, "--version"], capture_output=True, check=False,
        env={**os.environ, "LC_ALL": "C"},
    )  # fmt: skip
    found = parse_version(completed.stdout.decode("utf-8", "replace"))
    if found is not None and found < MINIMUM_VERSION:
        needed = ".".join(map(str, MINIMUM_VERSION))
        raise GitTooOldError(".".join(map(str, found)), needed)


def parse_version(text: str) -> tuple[int, ...] | None:
    """(2, 39, 5) from `git version 2.39.5 (Apple Git-154)`; None when the
    text is not of that form (then nothing is refused: a git we cannot
    read the version of is given the benefit of the doubt)."""
    words = text.split()
    if len(words) < 3 or words[:2] != ["git", "version"]:
        return None
    numbers = []
    for part in words[2].split("."):
        if not part.isdigit():
            break
        numbers.append(int(part))
    return tuple(numbers) if len(numbers) >= 2 else None


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


DATA_PATHS: Final = ("data", "tracker.yaml")
"""What a report's data version follows: the records and the group's settings."""


@dataclass(frozen=True)
class Version:
    """Which state of the records a report describes: the last commit that
    changed them, and whether the work tree has changed them since."""

    commit: str | None
    """The full hash of the last commit that changed the records, or None
    outside git or before they were first committed."""
    dirty: bool
    """Whether the records differ from HEAD (uncommitted or untracked changes)."""
    date: str | None = None
    """The commit's author date, YYYY-MM-DD (as `git log` shows it)."""
    author: str | None = None
    """The commit's author, as recorded in it."""
    cut: bool = False
    """The commit is where a shallow clone's history stops: git sees it as
    adding every file, so the records may have last changed in an older
    commit that this clone lacks."""

    @property
    def short(self) -> str | None:
        return short(self.commit) if self.commit is not None else None


def short(commit: str) -> str:
    """The abbreviation every message and report shows for a commit."""
    return commit[:12]


def version(root: Path, paths: Sequence[str] = DATA_PATHS) -> Version | None:
    """The records in the work tree: the last commit reachable from HEAD that
    changed `paths` (what a clean checkout of that commit would say too), and
    whether they have uncommitted changes; None outside git."""
    if not is_repository(root):
        return None
    head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).strip() or None
    dirty = bool(records_status(root, paths).strip())
    if head is None:
        return Version(commit=None, dirty=dirty)
    committed = version_at(root, head, paths)
    return Version(committed.commit, dirty, committed.date, committed.author, committed.cut)


def records_status(root: Path, paths: Sequence[str], *, beside_other_work: bool = False) -> str:
    """`git status --porcelain` of `paths`: every file staged, changed or
    untracked (unless ignored). Asked with no optional lock, so the index is
    never rewritten under a git command the member runs meanwhile.
    `beside_other_work`: the caller is busy on the other core meanwhile, and
    git stats the files on one thread (its default uses every core, and
    then both contend: a whole report took about 0.05 s more at 10,000
    commitments)."""
    threads = ("-c", "core.preloadIndex=false") if beside_other_work else ()
    return _git(root, "--no-optional-locks", *threads, "status", "--porcelain",
                "--untracked-files=all", "--ignored=no", "--", *paths)  # fmt: skip


def version_at(root: Path, commit: str, paths: Sequence[str] = DATA_PATHS) -> Version:
    """The records as committed at `commit`: the last commit reachable from it
    that changed `paths` (`git log -1 COMMIT -- PATHS`), never dirty."""
    output = _git(root, "log", "-1", "--no-show-signature", "--date=short",
                  "--format=%H%x00%ad%x00%an%x00%P", "--end-of-options", commit, "--", *paths)  # fmt: skip
    if not output.strip():
        return Version(commit=None, dirty=False)
    found, date, author, parents = output.rstrip("\n").split("\0")
    cut = not parents and _is_shallow_boundary(root, found)
    return Version(commit=found, dirty=False, date=date, author=author, cut=cut)


def _is_shallow_boundary(root: Path, commit: str) -> bool:
    """Whether `commit` is where a shallow clone's history stops (asked only
    of a commit without parents: a root commit, or such a boundary)."""
    lines = _git(root, "rev-parse", "--is-shallow-repository", "--git-path", "shallow").split("\n")
    if lines[0].strip() != "true":
        return False
    try:
        boundary = (root / lines[1].strip()).read_text(encoding="ascii").split()
    except OSError:  # cannot tell: say the history may be cut, never that it is whole
        return True
    return commit in boundary


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


class TreeEntry(NamedTuple):
    """One entry of `git ls-tree` (a named tuple: a revision of 10,000
    commitments lists 40,000, and a frozen dataclass cost twice as much to
    make)."""

    mode: str
    kind: str
    """`blob`, or `commit` for a submodule."""
    oid: str
    size: int
    """-1 when git cannot read the object (`BAD`: unreadable or corrupt)."""
    path: str
    """Relative to the folder git was asked from, with forward slashes."""


def resolve_commit(root: Path, revision: str) -> str:
    """The full hash of the commit `revision` names (a tag, branch, HEAD~3...)."""
    _executable()  # without git, every folder would look like one outside a repository
    if not is_repository(root):
        raise NoRevisionsError(root, revision)
    found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                 f"{revision}^{{commit}}", check=False).strip()  # fmt: skip
    if not found:
        raise UnknownRevisionError(revision, shallow=is_shallow(root))
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
        # "-" is a submodule's size; "BAD" an object git cannot read.
        number = int(size) if size.isascii() and size.isdigit() else (0 if size == "-" else -1)
        entries.append(TreeEntry(mode, kind, oid, number, path))
    return entries


def read_blobs(root: Path, oids: Sequence[str]) -> dict[str, bytes]:
    """The content of each blob, in one `git cat-file --batch`; a blob git
    cannot read (missing, unreadable or corrupt) is left out, for the caller
    to report with the file it belongs to."""
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
            position = end + 1
            continue
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


# The history (`tracker changes`, `tracker log`, status's changes) lives in
# git/history.py to keep each module small; it is part of this one interface.
from cso_tracker.git.history import (
    SHALLOW_HINT as SHALLOW_HINT,
)
from cso_tracker.git.history import (
    CommitInfo as CommitInfo,
)
from cso_tracker.git.history import (
    FileChange as FileChange,
)
from cso_tracker.git.history import (
    commit_info as commit_info,
)
from cso_tracker.git.history import (
    commit_on_or_before as commit_on_or_before,
)
from cso_tracker.git.history import (
    is_ancestor as is_ancestor,
)
from cso_tracker.git.history import (
    log_changes as log_changes,
)
from cso_tracker.git.history import (
    require_history as require_history,
)
