"""Shared test helpers: real tracker folders, real git repositories, the real CLI."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO_ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = REPO_ROOT / "tests" / "expected"
RIVERSIDE = REPO_ROOT / "tests" / "fixtures" / "groups" / "riverside"
"""The fictional group most tests read: a forum with a history of updates."""
"""The checked-in golden files: output that tests compare exactly."""

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's git config, tracker root or terminal width."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("TRACKER_ROOT", raising=False)
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / ".cache"))


def set_today(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """The command line's one clock (cso_tracker.clock) reads `day` as today."""
    monkeypatch.setattr("cso_tracker.clock.today", lambda: day)


@pytest.fixture(autouse=True)
def _today_from_marker(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """`@pytest.mark.today(day)` on a test, or `pytestmark = pytest.mark.today(day)`
    in a module, fixes the one clock for it: a module (or a folder split into
    several modules) says which day it runs on in one line, and every test
    fakes today the same way."""
    marker = request.node.get_closest_marker("today")
    if marker is not None:
        set_today(monkeypatch, marker.args[0])


# --- golden files ---------------------------------------------------------------------
#
# One switch regenerates every golden file: after a deliberate change of
# output, run `pytest --regen-golden`; each test that compares with a file
# under tests/expected/ rewrites it from the current output and passes. Then
# read `git diff tests/expected/` before committing. Without the switch every
# comparison is exact.


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files in tests/expected/ from the current output "
        "instead of comparing with them (then review git diff tests/expected/)",
    )


GoldenCheck = Callable[[str, Path], None]
"""assert_matches_golden(actual, path): the type of the fixture, for annotations."""


class _GoldenFiles:
    def __init__(self, regenerate: bool) -> None:
        self.regenerate = regenerate
        self.written: dict[Path, str] = {}

    def assert_matches(self, actual: str, path: Path) -> None:
        # Only files under tests/expected/: a wrong path must not let the
        # switch overwrite a fixture, a template or the docs.
        assert path.resolve().is_relative_to(GOLDEN_DIR), f"{path} is not in {GOLDEN_DIR}"
        if self.regenerate:
            # Several tests compare with one file (the status report as
            # Markdown, piped, from a subprocess); if they disagree, the last
            # one to run must not silently win.
            first = self.written.setdefault(path.resolve(), actual)
            assert actual == first, f"two tests of this run produce different {path.name}"
            if not path.is_file() or path.read_text(encoding="utf-8") != actual:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(actual, encoding="utf-8")
            return
        assert path.is_file(), f"{path} is missing; run pytest --regen-golden to create it"
        assert actual == path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def _golden_files(request: pytest.FixtureRequest) -> _GoldenFiles:
    return _GoldenFiles(regenerate=bool(request.config.getoption("--regen-golden")))


@pytest.fixture
def assert_matches_golden(_golden_files: _GoldenFiles) -> GoldenCheck:
    """Assert that `actual` is exactly the golden file at `path` (with
    --regen-golden: write it there, then pass)."""
    return _golden_files.assert_matches


def git(
    cwd: Path,
    *args: str,
    author: str | None = None,
    email: str | None = None,
    when: str | None = None,
) -> str:
    """`git args` in `cwd` with the pinned identity; a commit made by `author`
    (and `email`) at `when` (an ISO date-time, author and committer alike)."""
    env = {**os.environ, **GIT_ENV}
    if author is not None:
        env["GIT_AUTHOR_NAME"] = author
    if email is not None:
        env["GIT_AUTHOR_EMAIL"] = email
    if when is not None:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env,
    ).stdout  # fmt: skip


def init_git(folder: Path) -> Path:
    git(folder, "init", "--quiet", "--initial-branch=main")
    git(folder, "config", "user.name", "Test Author")
    git(folder, "config", "user.email", "author@example.org")
    git(folder, "config", "commit.gpgsign", "false")
    return folder


def commit_all(folder: Path, message: str = "records") -> str:
    git(folder, "add", "-A")
    git(folder, "commit", "--quiet", "-m", message)
    return git(folder, "rev-parse", "HEAD").strip()


def copy_group(source: Path, target: Path) -> Path:
    """A copy of a group's data/ and tracker.yaml, outside git (so a report's
    data version is stable) and without its templates/."""
    shutil.copytree(source / "data", target / "data")
    shutil.copy2(source / "tracker.yaml", target / "tracker.yaml")
    return target


def age_files(root: Path) -> Path:
    """tracker.yaml and every record file written in the last few seconds
    moved out of the window in which a stat is not trusted (repo/scan.py),
    as if written a while ago: the next run stores what it concluded, and
    the one after can use it. Older files are left alone (touching them
    would change their stat, and so whatever is keyed by it)."""
    now = time.time()
    for path in [root / "tracker.yaml", *(root / "data").rglob("*.yaml")]:
        if path.exists() and path.stat().st_mtime > now - 5:
            os.utime(path, (now - 10, now - 10))
    return root


def write_records(root: Path, files: Mapping[str, str]) -> Path:
    """Write {relative path: YAML text (dedented)} under `root`."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


MINIMAL_GROUP: dict[str, str] = {
    "tracker.yaml": """
        group: Lakeside Housing Forum
        stale_after_days: 60
        due_soon_days: 21
    """,
    "data/members/north-tenants.yaml": """
        id: north-tenants
        name: North Shore Tenants Union
        acronym: NSTU
        type: civil-society
        role: member
        people:
          - name: Ana Ferreira
            focal_point: true
          - name: Tomasz Nowak
    """,
    "data/members/city-office.yaml": """
        id: city-office
        name: Lakeside City Housing Office
        type: other
        role: secretariat
        people:
          - name: Priya Raman
            focal_point: true
    """,
    "data/meetings/2024-03-05-kickoff.yaml": """
        id: 2024-03-05-kickoff
        title: Kick-off meeting
        date: 2024-03-05
        kind: in-person
        status: held
        convened_by: city-office
        attendees:
          - member: north-tenants
            people:
              - Ana Ferreira
          - member: city-office
            people:
              - Priya Raman
    """,
    "data/commitments/repair-survey.yaml": """
        id: repair-survey
        number: 1
        title: Repair survey
        text: Survey the repair backlog in all member buildings.
        agreed_at: 2024-03-05-kickoff
        owners:
          - north-tenants
        due: 2024-06-30
    """,
    "data/updates/repair-survey/2024-04-02-north-tenants.yaml": """
        date: 2024-04-02
        by: north-tenants
        author: Ana Ferreira
        status: in-progress
        note: Questionnaire drafted.
    """,
}
"""A small, valid, fictional group. Tests copy it and break one thing."""


@pytest.fixture
def minimal_group(tmp_path: Path) -> Path:
    root = tmp_path / "group"
    return write_records(root, MINIMAL_GROUP)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(*args: str, cwd: Path | None = None, input_text: str | None = None) -> Result:
    """The real CLI through Typer's runner, in-process."""
    from cso_tracker.cli import app

    runner = CliRunner()
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = runner.invoke(app, list(args), input=input_text, catch_exceptions=False)
    finally:
        os.chdir(old)
    return Result(result.exit_code, result.stdout, result.stderr)


def run_tracker(*args: str, cwd: Path, env: Mapping[str, str] | None = None) -> Result:
    """The real CLI as a subprocess, exactly as a user starts it."""
    completed = subprocess.run(
        [sys.executable, "-m", "cso_tracker", *args], cwd=cwd, capture_output=True,
        text=True, env={**os.environ, **(env or {})}, timeout=120, check=False,
    )  # fmt: skip
    return Result(completed.returncode, completed.stdout, completed.stderr)


@pytest.fixture
def git_group(minimal_group: Path) -> Iterator[Path]:
    """The minimal group, committed in a real git repository."""
    init_git(minimal_group)
    commit_all(minimal_group, "initial records")
    yield minimal_group
