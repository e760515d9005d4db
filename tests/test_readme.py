"""The README's examples run as written: every `tracker ...` line of its
shell code blocks (and the `git` steps among them), in order, on a copy of the bundled record in a git
repository of its own (the writing examples change that copy, never data/),
exits 0, or the code its comment gives ("exit 1"), and prints something."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
from pathlib import Path

import pytest

from conftest import REPO_ROOT, commit_all, git, init_git, run_cli, set_today

README = REPO_ROOT / "README.md"
TODAY = dt.date(2026, 12, 1)
"""The day the examples run on (the record is from 2013; the planned
meeting of the examples, 2027-01-14, is still to come)."""

pytestmark = pytest.mark.today(TODAY)

PLACEHOLDERS = frozenset({"COMMAND", "ID", "FILE", "FILE...", "DIR", "MEMBER", "DATE", "PATH"})
"""Words that make a line a form, not a command (`tracker COMMAND --help`)."""


_ON_DAY = re.compile(r"^\s*# on ([0-9]{4}-[0-9]{2}-[0-9]{2})\b")
"""A comment line `# on 2027-01-21, ...`: the commands after it run on that day."""


def readme_commands() -> list[tuple[list[str], int]]:
    """Each `tracker` command of the README's ```sh blocks (continued lines
    joined), as its arguments and the exit code its comment documents; a
    `# on DAY` line is the step ["on", DAY], and each block starts with
    ["on", TODAY]."""
    text = README.read_text(encoding="utf-8")
    commands: list[tuple[list[str], int]] = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, re.MULTILINE | re.DOTALL):
        commands.append((["on", TODAY.isoformat()], 0))  # each block starts on TODAY
        for line in block.replace("\\\n", " ").splitlines():
            if (day := _ON_DAY.match(line)) is not None:
                commands.append((["on", day.group(1)], 0))
                continue
            words = shlex.split(line, comments=True)
            if not words or words[0] not in ("tracker", ".venv/bin/tracker", "git"):
                continue
            if PLACEHOLDERS.intersection(words[1:]):
                continue
            if words[0] == "git":
                commands.append((words, 0))
                continue
            documented = re.search(r"#.*\bexit (\d)\b", line)
            commands.append((words[1:], int(documented.group(1)) if documented else 0))
    return commands


def test_the_readme_has_examples_to_run() -> None:
    """The extraction finds the examples (and so cannot pass on nothing)."""
    commands = [" ".join(args) for args, _ in readme_commands() if args[0] != "on"]
    assert "list --tag overdose --format json" in commands
    assert any(c.startswith("update overdose-document --status in-progress") for c in commands)
    assert any(c.startswith("init riverside-forum") for c in commands)
    assert len(commands) >= 20


def test_every_readme_example_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "record"
    record.mkdir()
    shutil.copytree(REPO_ROOT / "data", record / "data")
    shutil.copy(REPO_ROOT / "tracker.yaml", record / "tracker.yaml")
    init_git(record)
    # A short history, as a clone of this repository has: the record went
    # into git on 2026-11-28, and three more commits after it.
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-11-28T12:00:00")
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-11-28T12:00:00")
    commit_all(record, "the bundled record")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-11-30T12:00:00")
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-11-30T12:00:00")
    for number in range(3):
        git(record, "commit", "--quiet", "--allow-empty", "-m", f"commit {number + 2}")
    elsewhere = tmp_path / "elsewhere"  # where `tracker init` makes a new group
    elsewhere.mkdir()
    for args, expected in readme_commands():
        if args[0] == "git":  # a step of the example (`git tag ...`), in the same folder
            git(record, *args[1:])
            continue
        if args[0] == "on":  # the example moves on to a later day
            set_today(monkeypatch, dt.date.fromisoformat(args[1]))
            continue
        cwd = elsewhere if args[0] == "init" else record
        result = run_cli(*args, cwd=cwd)
        shown = f"tracker {shlex.join(args)}\n{result.output}"
        assert result.exit_code == expected, shown
        assert result.output.strip() != "", shown
        assert "Traceback" not in result.output, shown
    assert (record / "status.md").read_text(encoding="utf-8").startswith("# Status of")
    assert (elsewhere / "riverside-forum" / "tracker.yaml").is_file()
    assert not (REPO_ROOT / "status.md").exists()


def test_the_query_examples_find_something_true(tmp_path: Path) -> None:
    """The examples of `list` the README shows return items of the bundled
    record: the overdose items, and HRI's one item with a deadline."""
    tagged = run_cli("--root", str(REPO_ROOT), "list", "--tag", "overdose", "--format", "csv")
    assert [line.split(",")[0] for line in tagged.stdout.splitlines()[1:]] == [
        "harm-reduction-in-global-fund-new-funding-model",
        "overdose-document",
        "overdose-hepatitis-c-in-global-fund-proposals",
    ]
    dated = run_cli(
        "--root", str(REPO_ROOT), "list", "--due-before", "2013-12-31", "--owner", "HRI",
        "--format", "csv",
    )  # fmt: skip
    assert [line.split(",")[0] for line in dated.stdout.splitlines()[1:]] == ["data-collaboration"]
