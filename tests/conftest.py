"""Shared test helpers: real tracker folders, real git repositories, the real CLI."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO_ROOT = Path(__file__).resolve().parent.parent

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


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
        env={**os.environ, **GIT_ENV},
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
        status: in-progress
        due: 2024-06-30
        updates:
          - date: 2024-04-02
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
