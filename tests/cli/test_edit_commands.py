"""The writing commands through the real CLI: update, add, fmt, meeting, member.
Every failure asserts both its message and its exit code."""

from __future__ import annotations

import datetime as dt
import errno
import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer

from conftest import Result, git, init_git, run_cli, set_today
from cso_tracker.cli import app

RECORD = "data/commitments/repair-survey.yaml"
TODAY = dt.date(2024, 5, 1)
pytestmark = pytest.mark.today(TODAY)

UPDATES = "data/updates/repair-survey"
EARLIER = f"{UPDATES}/2024-04-02-north-tenants.yaml"


def new_name(day: str = "2024-05-01", by: str = "north-tenants") -> str:
    """The pattern of a file `tracker update` creates: date, member, 4 random hex digits."""
    return rf"{UPDATES}/{day}-{by}-[0-9a-f]{{4}}\.yaml"


def tree(root: Path) -> dict[str, bytes]:
    """Every record under data/, by relative path: what a refused command must
    leave alone."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "data").rglob("*.yaml"))
        if p.is_file()
    }


def added_files(root: Path, before: dict[str, bytes]) -> list[str]:
    """The files under data/ that are new since `before`."""
    return [path for path in tree(root) if path not in before]


def tracker(root: Path, *args: str) -> Result:
    return run_cli("--root", str(root), *args)


# --- help -----------------------------------------------------------------------------------------

WRITING_COMMANDS = [
    ("update",),
    ("add",),
    ("fmt",),
    ("meeting", "add"),
    ("meeting", "attend"),
    ("member", "add"),
    ("member", "person"),
    ("member", "leave"),
]


@pytest.mark.parametrize("path", WRITING_COMMANDS, ids=" ".join)
def test_every_option_has_help_text(path: tuple[str, ...]) -> None:
    group = typer.main.get_command(app)
    command: Any = group
    for name in path:
        assert hasattr(command, "get_command"), f"{command.name} is not a group"
        found = command.get_command(typer.Context(command), name)
        assert found is not None, name
        command = found
    assert command.help, f"{' '.join(path)} has no help"
    missing = [
        param.name
        for param in command.params
        if not getattr(param, "help", None) and param.name not in ("help",)
    ]
    assert missing == []
    options = {opt for param in command.params for opt in param.opts}
    assert {"--dry-run", "--commit"} <= options


@pytest.mark.parametrize("path", WRITING_COMMANDS, ids=" ".join)
def test_help_runs(path: tuple[str, ...]) -> None:
    result = run_cli(*path, "--help")
    assert result.exit_code == 0
    assert "--dry-run" in result.stdout


# --- tracker update -----------------------------------------------------------------------------------


def test_update_creates_an_update_file_and_reports(minimal_group: Path) -> None:
    before = tree(minimal_group)
    result = run_cli(
        "--root",
        str(minimal_group),
        "update",
        "repair-survey",
        "--status",
        "done",
        "--note",
        "Report published.",
        "--evidence",
        "https://example.org/report",
        "--by",
        "north-tenants",
        "--author",
        "Ana Ferreira",
    )
    assert result.exit_code == 0, result.output
    [created] = added_files(minimal_group, before)
    assert re.fullmatch(new_name(), created)
    assert result.stderr == f"created {created}\n"
    assert (minimal_group / created).read_text() == (
        "date: 2024-05-01\n"
        "by: north-tenants\n"
        "author: Ana Ferreira\n"
        "status: done\n"
        "note: Report published.\n"
        "evidence:\n"
        "  - https://example.org/report\n"
    )
    # No existing file changes: not the commitment, not the earlier update.
    assert {path: data for path, data in tree(minimal_group).items() if path != created} == before


def test_update_dry_run_prints_the_diff_and_writes_nothing(minimal_group: Path) -> None:
    before = tree(minimal_group)
    result = run_cli(
        "--root", str(minimal_group), "update", "repair-survey",
        "--note", "Perhaps.", "--by", "north-tenants", "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    match = re.fullmatch(
        r"--- /dev/null\n"
        rf"\+\+\+ b/({new_name()})\n"
        r"@@ -0,0 \+1,3 @@\n"
        r"\+date: 2024-05-01\n"
        r"\+by: north-tenants\n"
        r"\+note: Perhaps\.\n",
        result.stdout,
    )
    assert match, result.stdout
    assert f"dry run: {match.group(1)} not written" in result.stderr
    assert tree(minimal_group) == before


def test_refused_update_exits_1_with_the_validator_message(minimal_group: Path) -> None:
    """Closing without evidence: the rule's message, exit 1, nothing written."""
    before = tree(minimal_group)
    result = run_cli(
        "--root", str(minimal_group), "update", "repair-survey",
        "--status", "done", "--note", "Finished.", "--by", "north-tenants",
    )  # fmt: skip
    assert result.exit_code == 1
    assert re.search(
        rf"^{new_name()}:3:9: error: status 'done' needs evidence \(a URL or document "
        r"reference\): add it under evidence: \[closed-without-evidence\]$",
        result.stderr,
        re.MULTILINE,
    ), result.stderr
    assert "error: refused: the change would make the records invalid; nothing was written" in (
        result.stderr
    )
    assert tree(minimal_group) == before


def test_write_commands_take_the_date_words_list_takes(minimal_group: Path) -> None:
    """One date parser for every command: `+2w`, `eom` and `yesterday` count
    from today (2024-05-01 here), as they do for `tracker list`. A revised
    deadline goes in the update file; the agreed one stays."""
    commitment = (minimal_group / RECORD).read_bytes()
    before = tree(minimal_group)
    result = run_cli(
        "--root", str(minimal_group), "update", "repair-survey",
        "--note", "Moved.", "--by", "north-tenants", "--date", "yesterday", "--due", "+2w",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [created] = added_files(minimal_group, before)
    assert re.fullmatch(new_name("2024-04-30"), created)
    assert (minimal_group / created).read_text() == (
        "date: 2024-04-30\nby: north-tenants\ndue: 2024-05-15\nnote: Moved.\n"
    )
    assert (minimal_group / RECORD).read_bytes() == commitment
    added = run_cli(
        "--root", str(minimal_group), "add", "--title", "Month end", "--text", "x",
        "--owner", "north-tenants", "--meeting", "2024-03-05-kickoff", "--due", "eom",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "due: 2024-05-31\n" in (minimal_group / "data/commitments/month-end.yaml").read_text()


def test_update_with_a_bad_date_is_a_usage_error(minimal_group: Path) -> None:
    result = run_cli(
        "--root", str(minimal_group), "update", "repair-survey",
        "--note", "x", "--by", "north-tenants", "--date", "2024-13-01",
    )  # fmt: skip
    assert result.exit_code == 2
    # One date parser for every command: the wording `list --due-before` has.
    assert "error: --date: '2024-13-01' is not a real date (month must be in 1..12)" in (
        result.stderr
    )


def test_update_with_a_bad_status_is_a_usage_error(minimal_group: Path) -> None:
    result = run_cli(
        "--root", str(minimal_group), "update", "repair-survey", "--status", "finished",
        "--by", "north-tenants",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "'finished' is not one of" in result.stderr


def test_update_without_by_and_no_identity_match_says_pass_by(git_group: Path) -> None:
    result = run_cli("--root", str(git_group), "update", "repair-survey", "--note", "x")
    assert result.exit_code == 2
    assert "cannot tell which member this update is by" in result.stderr
    assert "hint: pass --by MEMBER, or set default_member in tracker.yaml" in result.stderr


def test_update_by_a_git_identity_matching_two_members_says_pass_by(git_group: Path) -> None:
    git(git_group, "config", "user.name", "Ana Ferreira")
    office = git_group / "data/members/city-office.yaml"
    office.write_text(office.read_text() + "  - name: Ana Ferreira\n")
    result = tracker(git_group, "update", "repair-survey", "--note", "x")
    assert result.exit_code == 2
    assert (
        "error: cannot tell which member this update is by: your git identity "
        "(Ana Ferreira / author@example.org) it matches people of several members "
        "(city-office, north-tenants)"
    ) in result.stderr
    assert "hint: pass --by MEMBER, or set default_member in tracker.yaml" in result.stderr


def test_a_change_that_breaks_the_schema_exits_1_with_its_message(minimal_group: Path) -> None:
    before = tree(minimal_group)
    result = tracker(
        minimal_group, "update", "repair-survey", "--note", "", "--by", "north-tenants"
    )
    assert result.exit_code == 1
    match = re.search(
        rf"^({new_name()}):3:7: error: note: must not be empty \[schema-type\]$",
        result.stderr,
        re.MULTILINE,
    )
    assert match, result.stderr
    assert (
        f"error: refused: the change would make {match.group(1)} invalid; nothing was written"
    ) in result.stderr
    assert tree(minimal_group) == before


def test_update_by_defaults_from_the_git_identity(git_group: Path) -> None:
    git(git_group, "config", "user.email", "ana@example.org")
    person = git_group / "data/members/north-tenants.yaml"
    person.write_text(
        person.read_text().replace(
            "  - name: Ana Ferreira\n", "  - name: Ana Ferreira\n    email: ana@example.org\n"
        )
    )
    before = tree(git_group)
    result = run_cli("--root", str(git_group), "update", "repair-survey", "--note", "Via email.")
    assert result.exit_code == 0, result.output
    [created] = added_files(git_group, before)
    assert re.fullmatch(new_name(), created)
    assert (git_group / created).read_text() == (
        "date: 2024-05-01\nby: north-tenants\nauthor: Ana Ferreira\nnote: Via email.\n"
    )


def test_update_commit_makes_a_structured_commit(git_group: Path) -> None:
    result = run_cli(
        "--root", str(git_group), "update", "repair-survey", "--status", "stalled",
        "--note", "Boards have not answered.", "--by", "north-tenants", "--commit",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [created] = git(git_group, "show", "--name-only", "--format=", "HEAD").split()
    assert re.fullmatch(new_name(), created)
    sha = git(git_group, "rev-parse", "--short=12", "HEAD").strip()
    assert result.stderr == (
        f"created {created}\n"
        f"committed {sha}: repair-survey: in-progress → stalled (north-tenants)\n"
    )
    assert git(git_group, "log", "-1", "--format=%s").strip() == (
        "repair-survey: in-progress → stalled (north-tenants)"
    )
    assert git(git_group, "log", "-1", "--format=%b").strip() == "Boards have not answered."
    assert git(
        git_group, "show", "--format=", "--diff-filter=A", "--name-only", "HEAD"
    ).split() == [created]
    assert git(git_group, "status", "--porcelain") == ""


def test_commit_only_commits_the_changed_file(git_group: Path) -> None:
    other = git_group / "data/members/city-office.yaml"
    other.write_text(other.read_text() + "# a local, uncommitted note\n")
    result = run_cli(
        "--root", str(git_group), "update", "repair-survey", "--note", "x",
        "--by", "north-tenants", "--commit",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert git(git_group, "status", "--porcelain").strip() == "M data/members/city-office.yaml"


def test_commit_outside_git_is_refused_before_writing(minimal_group: Path) -> None:
    """--commit where there is no git: refused, and the file is not written."""
    before = (minimal_group / RECORD).read_bytes()
    result = run_cli(
        "--root", str(minimal_group), "update", "repair-survey", "--note", "x",
        "--by", "north-tenants", "--commit",
    )  # fmt: skip
    assert result.exit_code == 1
    assert (
        f"error: {minimal_group} is not inside a git repository, so --commit cannot commit; "
        "nothing was written"
    ) in result.stderr
    assert "hint: run `git init` there, or leave out --commit" in result.stderr
    assert (minimal_group / RECORD).read_bytes() == before


def test_commit_refused_by_a_hook_says_the_file_was_written(git_group: Path) -> None:
    """A pre-commit hook that fails: exit 1, git's words, and that the update
    file is written (so the user does not believe nothing happened)."""
    hook = git_group / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = tree(git_group)
    result = run_cli(
        "--root", str(git_group), "update", "repair-survey", "--note", "Hooked.",
        "--by", "north-tenants", "--commit",
    )  # fmt: skip
    assert result.exit_code == 1
    [created] = added_files(git_group, before)
    assert re.fullmatch(new_name(), created)
    assert f"error: {created} written, but not committed: " in result.stderr
    assert "hook says no" in result.stderr
    assert (
        f"hint: fix what git reports, then run `git add {created} && git commit {created}`"
        in result.stderr
    )
    assert "note: Hooked." in (git_group / created).read_text()
    assert git(git_group, "status", "--porcelain").strip() == f"A  {created}"


def test_commit_leaves_other_staged_files_staged(git_group: Path) -> None:
    """--commit commits the record it wrote, not whatever else the user staged."""
    other = git_group / "data/members/city-office.yaml"
    other.write_text(other.read_text() + "# staged, not for this commit\n")
    git(git_group, "add", "data/members/city-office.yaml")
    result = run_cli(
        "--root", str(git_group), "update", "repair-survey", "--note", "x",
        "--by", "north-tenants", "--commit",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [committed] = git(git_group, "show", "--name-only", "--format=", "HEAD").split()
    assert re.fullmatch(new_name(), committed)
    assert git(git_group, "status", "--porcelain").strip() == "M  data/members/city-office.yaml"


def test_a_failed_write_is_reported_not_a_crash(
    minimal_group: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk (or a read-only folder) is the user's to fix: exit 1 with
    what failed, not a crash report."""

    def full_disk(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("cso_tracker.write.transaction.write_atomic", full_disk)
    before = tree(minimal_group)
    result = tracker(
        minimal_group, "update", "repair-survey", "--note", "x", "--by", "north-tenants"
    )
    assert result.exit_code == 1
    assert re.search(
        rf"^error: cannot write {new_name()}: No space left on device; nothing was written$",
        result.stderr,
        re.MULTILINE,
    ), result.stderr
    assert "hint: check the free disk space and the folder's permissions" in result.stderr
    assert tree(minimal_group) == before


def test_dry_run_and_commit_together_are_refused(minimal_group: Path) -> None:
    result = run_cli(
        "--root", str(minimal_group), "update", "repair-survey", "--note", "x",
        "--by", "north-tenants", "--commit", "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--dry-run and --commit cannot be combined" in result.stderr


def test_update_due_is_a_revised_deadline_in_the_update_file(minimal_group: Path) -> None:
    commitment = (minimal_group / RECORD).read_bytes()
    before = tree(minimal_group)
    result = tracker(
        minimal_group, "update", "repair-survey", "--by", "city-office", "--due", "2024-09-30"
    )
    assert result.exit_code == 0, result.output
    [created] = added_files(minimal_group, before)
    assert re.fullmatch(new_name(by="city-office"), created)
    assert (minimal_group / created).read_text() == (
        "date: 2024-05-01\nby: city-office\ndue: 2024-09-30\n"
    )
    assert (minimal_group / RECORD).read_bytes() == commitment


def test_owner_and_tag_changes_edit_the_commitment_and_add_no_update(git_group: Path) -> None:
    before = tree(git_group)
    result = tracker(
        git_group, "update", "repair-survey", "--add-owner", "city-office",
        "--add-tag", "survey", "--commit",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert added_files(git_group, before) == []
    assert (git_group / RECORD).read_text() == (
        before[RECORD]
        .decode()
        .replace("  - north-tenants\n", "  - north-tenants\n  - city-office\n")
        + "tags:\n  - survey\n"
    )
    assert git(git_group, "log", "-1", "--format=%s").strip() == (
        "repair-survey: +owner city-office, +tag survey"
    )
    assert git(git_group, "show", "--name-only", "--format=", "HEAD").split() == [RECORD]
    assert result.stderr.startswith(f"updated {RECORD}\ncommitted ")


@pytest.mark.parametrize(
    "progress",
    [
        ("--status", "done"),
        ("--note", "x"),
        ("--evidence", "https://example.org/x"),
        ("--due", "2024-09-30"),
        ("--by", "north-tenants"),
        ("--author", "Ana Ferreira"),
        ("--date", "2024-04-30"),
    ],
    ids=lambda option: option[0],
)
@pytest.mark.parametrize(
    "agreement", ["--add-owner", "--remove-owner", "--add-tag", "--remove-tag"]
)
def test_agreement_and_progress_options_together_are_a_usage_error(
    minimal_group: Path, agreement: str, progress: tuple[str, str]
) -> None:
    """What was agreed and what happened since are separate files, so separate commands."""
    before = tree(minimal_group)
    result = tracker(minimal_group, "update", "repair-survey", agreement, "city-office", *progress)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[0] == (
        "error: --add-owner, --remove-owner, --add-tag and --remove-tag change the commitment "
        "itself; record progress (--status, --note, --evidence, --due, --corrects, --by, "
        "--author, --date) in a separate `tracker update`"
    )
    assert tree(minimal_group) == before


def test_update_corrects_an_earlier_update_in_a_new_file(minimal_group: Path) -> None:
    before = tree(minimal_group)
    result = tracker(
        minimal_group, "update", "repair-survey", "--by", "north-tenants",
        "--corrects", "2024-04-02-north-tenants.yaml", "--status", "agreed",
        "--note", "Not started yet: the draft was someone else's.",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [created] = added_files(minimal_group, before)
    assert re.fullmatch(new_name(), created)
    assert result.stderr == f"created {created}\n"
    assert (minimal_group / created).read_text() == (
        "date: 2024-05-01\n"
        "by: north-tenants\n"
        "status: agreed\n"
        'note: "Not started yet: the draft was someone else\'s."\n'
        "corrects: 2024-04-02-north-tenants.yaml\n"
    )
    assert (minimal_group / EARLIER).read_bytes() == before[EARLIER]
    shown = json.loads(tracker(minimal_group, "show", "repair-survey", "--format", "json").stdout)
    assert shown["commitment"]["status"] == "agreed"
    assert [u["file"] for u in shown["commitment"]["corrected"]] == [EARLIER.rsplit("/", 1)[1]]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ("--by", "north-tenants"),
            "error: nothing to record\nhint: give --status, --note, --evidence, --due or "
            "--corrects (progress), or --add-owner, --remove-owner, --add-tag or --remove-tag "
            "(what was agreed)",
        ),
        (
            ("--add-owner", "north-tenants"),
            "error: repair-survey already has owner 'north-tenants'",
        ),
        (
            ("--remove-owner", "city-office"),
            "error: repair-survey has no owner 'city-office'; owners: north-tenants",
        ),
        (("--remove-tag", "survey"), "error: repair-survey has no tag 'survey'; tags: none"),
        (
            ("--by", "north-tenants", "--due", "2024-06-30"),
            "error: repair-survey is already due 2024-06-30; nothing",
        ),
        (
            ("--by", "north-tenants", "--due", "31/12/2024"),
            "error: --due: '31/12/2024' is not a date\nhint: use YYYY-MM-DD",
        ),
    ],
    ids=["nothing", "owner-twice", "not-an-owner", "no-such-tag", "same-due", "bad-due"],
)
def test_update_usage_errors_exit_2_and_write_nothing(
    minimal_group: Path, options: tuple[str, ...], message: str
) -> None:
    """Each change the record cannot take is a usage error naming the value."""
    before = tree(minimal_group)
    result = tracker(minimal_group, "update", "repair-survey", *options)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert tree(minimal_group) == before


def test_an_option_given_twice_counts_once(minimal_group: Path) -> None:
    """--add-owner x twice adds x once; --remove-tag x twice removes it once
    (it used to write x twice, and to crash on the second removal)."""
    before = tree(minimal_group)
    result = tracker(
        minimal_group, "update", "repair-survey",
        "--add-owner", "city-office", "--add-owner", "city-office",
        "--add-tag", "survey", "--add-tag", "survey",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (minimal_group / RECORD).read_text()
    assert "owners:\n  - north-tenants\n  - city-office\ndue:" in text
    assert text.endswith("tags:\n  - survey\n")
    result = tracker(
        minimal_group, "update", "repair-survey",
        "--remove-owner", "city-office", "--remove-owner", "city-office",
        "--remove-tag", "survey", "--remove-tag", "survey",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (minimal_group / RECORD).read_bytes() == before[RECORD]
    assert added_files(minimal_group, before) == []


def test_update_of_an_unknown_commitment_exits_1(minimal_group: Path) -> None:
    result = run_cli(
        "--root", str(minimal_group), "update", "roof-repair", "--note", "x", "--by",
        "north-tenants",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "error: no commitment with id 'roof-repair'" in result.stderr


def test_an_id_that_is_not_an_id_is_not_found(minimal_group: Path) -> None:
    """A path in place of an id names no record (it used to reach the file
    `data/commitments/../members/...` and call it broken)."""
    result = tracker(
        minimal_group, "update", "../members/city-office", "--note", "x", "--by", "north-tenants"
    )
    assert result.exit_code == 1
    assert "error: no commitment with id '../members/city-office'" in result.stderr


# An owner/tag change edits the commitment's file; a progress update adds a
# file beside it. Either way a broken or misnamed commitment file is refused:
# the change would be checked against a record that is not what the file says.
CHANGES = pytest.mark.parametrize(
    "change", [("--add-tag", "survey"), ("--note", "Checked.")], ids=["agreement", "progress"]
)


@CHANGES
def test_editing_a_file_with_errors_is_refused_with_them(
    minimal_group: Path, change: tuple[str, str]
) -> None:
    path = minimal_group / RECORD
    path.write_text(path.read_text().replace("due: 2024-06-30\n", "due: someday\n"))
    before = tree(minimal_group)
    result = tracker(minimal_group, "update", "repair-survey", *change)
    assert result.exit_code == 1
    assert (
        f"{RECORD}:8:6: error: due: expected a date as YYYY-MM-DD, got 'someday' [schema-value]"
    ) in result.stderr
    assert f"error: {RECORD} has errors, so the tracker will not edit it" in result.stderr
    assert "hint: fix them by hand first (`tracker validate` lists them)" in result.stderr
    assert tree(minimal_group) == before


@CHANGES
def test_a_record_in_a_file_named_otherwise_is_not_edited(
    minimal_group: Path, change: tuple[str, str]
) -> None:
    """The id lives in a file named for another id: refused with the
    id-mismatch problem (it used to fail with a "bug:" message)."""
    renamed = minimal_group / "data/commitments/repair.yaml"
    (minimal_group / RECORD).rename(renamed)
    before = tree(minimal_group)
    result = tracker(minimal_group, "update", "repair-survey", *change)
    assert result.exit_code == 1
    assert "[id-mismatch]" in result.stderr
    assert (
        "error: data/commitments/repair.yaml has errors, so the tracker will not edit it"
        in result.stderr
    )
    assert "bug" not in result.stderr
    assert tree(minimal_group) == before


# --- tracker add ------------------------------------------------------------------------------------------


def test_add_creates_the_next_numbered_commitment(git_group: Path) -> None:
    result = run_cli(
        "--root", str(git_group), "add", "--title", "Tenant guide", "--text", "Write it.",
        "--owner", "north-tenants", "--meeting", "2024-03-05-kickoff", "--due", "2024-12-31",
        "--commit",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = git_group / "data/commitments/tenant-guide.yaml"
    assert path.read_text() == (
        "id: tenant-guide\nnumber: 2\ntitle: Tenant guide\ntext: Write it.\n"
        "agreed_at: 2024-03-05-kickoff\nowners:\n  - north-tenants\n"
        "due: 2024-12-31\n"
    )
    assert git(git_group, "log", "-1", "--format=%s").strip() == (
        "tenant-guide: add commitment 2 of 2024-03-05-kickoff"
    )
    assert run_cli("--root", str(git_group), "fmt", "--check").exit_code == 0


def test_add_refuses_an_existing_id(minimal_group: Path) -> None:
    result = run_cli(
        "--root", str(minimal_group), "add", "--title", "Other", "--text", "x",
        "--owner", "north-tenants", "--meeting", "2024-03-05-kickoff", "--id", "repair-survey",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "error: refused: commitment 'repair-survey' already exists" in result.stderr
    assert "hint: pass --id to choose another id" in result.stderr


def test_add_with_a_title_that_makes_no_id_asks_for_one(minimal_group: Path) -> None:
    result = run_cli(
        "--root", str(minimal_group), "add", "--title", "Обзор", "--text", "x",
        "--owner", "north-tenants", "--meeting", "2024-03-05-kickoff",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "cannot make an id from 'Обзор'" in result.stderr


def test_add_with_an_id_that_is_not_an_id_is_a_usage_error(minimal_group: Path) -> None:
    result = tracker(
        minimal_group, "add", "--title", "Guide", "--text", "x", "--owner", "north-tenants",
        "--meeting", "2024-03-05-kickoff", "--id", "../guide",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "error: --id '../guide' is not a valid id" in result.stderr
    assert "hint: use lowercase letters, digits and single hyphens" in result.stderr
    assert not (minimal_group / "data/guide.yaml").exists()


def test_add_dry_run_shows_the_new_file(minimal_group: Path) -> None:
    result = run_cli(
        "--root", str(minimal_group), "add", "--title", "Tenant guide", "--text", "Write it.",
        "--owner", "north-tenants", "--meeting", "2024-03-05-kickoff", "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "--- /dev/null\n+++ b/data/commitments/tenant-guide.yaml\n@@ -0,0 +1,7 @@\n+id: tenant-guide\n"
    )
    assert not (minimal_group / "data/commitments/tenant-guide.yaml").exists()


# --- tracker meeting / member ---------------------------------------------------------------------------


def test_meeting_add_and_attend_with_commit(
    git_group: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added = run_cli(
        "--root", str(git_group), "meeting", "add", "--title", "Follow-up call",
        "--date", "2024-06-04", "--kind", "teleconference", "--convened-by", "city-office",
        "--commit",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert git(git_group, "log", "-1", "--format=%s").strip() == (
        "2024-06-04-follow-up-call: add meeting (planned)"
    )
    set_today(monkeypatch, dt.date(2024, 6, 4))  # attendance is taken on the day or after
    attended = run_cli(
        "--root", str(git_group), "meeting", "attend", "2024-06-04-follow-up-call",
        "--member", "north-tenants", "--person", "Ana Ferreira", "--person", "Tomasz Nowak",
        "--commit",
    )  # fmt: skip
    assert attended.exit_code == 0, attended.output
    assert git(git_group, "log", "-1", "--format=%s").strip() == (
        "2024-06-04-follow-up-call: attended by north-tenants (Ana Ferreira, Tomasz Nowak)"
    )
    apology = run_cli(
        "--root", str(git_group), "meeting", "attend", "2024-06-04-follow-up-call",
        "--member", "city-office", "--apology",
    )  # fmt: skip
    assert apology.exit_code == 0, apology.output
    assert (git_group / "data/meetings/2024-06-04-follow-up-call.yaml").read_text() == (
        "id: 2024-06-04-follow-up-call\n"
        "title: Follow-up call\n"
        "date: 2024-06-04\n"
        "kind: teleconference\n"
        "status: planned\n"
        "convened_by: city-office\n"
        "attendees:\n"
        "  - member: north-tenants\n"
        "    people:\n"
        "      - Ana Ferreira\n"
        "      - Tomasz Nowak\n"
        "apologies:\n"
        "  - member: city-office\n"
    )


def test_attend_twice_is_a_usage_error(minimal_group: Path) -> None:
    result = run_cli(
        "--root", str(minimal_group), "meeting", "attend", "2024-03-05-kickoff",
        "--member", "north-tenants", "--person", "Ana Ferreira",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "'north-tenants' is already listed under attendees of 2024-03-05-kickoff" in (
        result.stderr
    )


def test_attend_after_apologies_is_a_usage_error_with_a_hint(minimal_group: Path) -> None:
    meeting = minimal_group / "data/meetings/2024-03-05-kickoff.yaml"
    before = meeting.read_bytes()
    result = tracker(
        minimal_group, "meeting", "attend", "2024-03-05-kickoff", "--member", "city-office",
        "--apology",
    )  # fmt: skip
    assert result.exit_code == 2
    assert (
        "error: 'city-office' is already listed under attendees of 2024-03-05-kickoff"
    ) in result.stderr
    assert "hint: `tracker meeting attendance` sets both lists at once" in result.stderr
    assert meeting.read_bytes() == before


def test_attend_with_a_person_given_twice_lists_them_once(minimal_group: Path) -> None:
    result = tracker(
        minimal_group, "meeting", "attend", "2024-03-05-kickoff", "--member", "north-tenants",
        "--person", "Tomasz Nowak", "--person", "Tomasz Nowak",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (minimal_group / "data/meetings/2024-03-05-kickoff.yaml").read_text()
    assert text.count("Tomasz Nowak") == 1


def test_meeting_chair_person_without_member_is_a_usage_error(minimal_group: Path) -> None:
    result = tracker(
        minimal_group, "meeting", "add", "--title", "Call", "--date", "2024-06-04",
        "--chair-person", "Priya Raman",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "error: --chair-person needs --chair-member (the member the chair is from)" in (
        result.stderr
    )
    assert not (minimal_group / "data/meetings/2024-06-04-call.yaml").exists()


def test_member_add_person_and_leave(minimal_group: Path) -> None:
    added = run_cli(
        "--root", str(minimal_group), "member", "add", "--name", "Harbour Residents",
        "--acronym", "HR", "--type", "civil-society", "--joined", "2024-04-01",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    person = run_cli(
        "--root", str(minimal_group), "member", "person", "hr", "--name", "Noa Levi",
        "--focal-point", "--email", "noa@example.org",
    )  # fmt: skip
    assert person.exit_code == 0, person.output
    no_focal = run_cli(
        "--root", str(minimal_group), "member", "person", "hr", "--name", "Noa Levi",
        "--no-focal-point", "--left", "2024-04-30",
    )  # fmt: skip
    assert no_focal.exit_code == 0, no_focal.output
    left = run_cli("--root", str(minimal_group), "member", "leave", "hr", "--left", "2024-04-30")
    assert left.exit_code == 0, left.output
    assert (minimal_group / "data/members/hr.yaml").read_text() == (
        "id: hr\n"
        "name: Harbour Residents\n"
        "acronym: HR\n"
        "type: civil-society\n"
        "role: member\n"
        "joined: 2024-04-01\n"
        "left: 2024-04-30\n"
        "people:\n"
        "  - name: Noa Levi\n"
        "    email: noa@example.org\n"
        "    until: 2024-04-30\n"
    )
    assert run_cli("--root", str(minimal_group), "validate").exit_code == 0


def test_member_person_with_nothing_to_change_is_a_usage_error(minimal_group: Path) -> None:
    result = run_cli(
        "--root", str(minimal_group), "member", "person", "north-tenants", "--name", "Ana Ferreira"
    )
    assert result.exit_code == 2
    assert "'Ana Ferreira' is already one of north-tenants's people; nothing to change" in (
        result.stderr
    )


def test_member_person_dry_run_shows_the_focal_point_line(minimal_group: Path) -> None:
    path = minimal_group / "data/members/north-tenants.yaml"
    before = path.read_bytes()
    result = run_cli(
        "--root", str(minimal_group), "member", "person", "north-tenants",
        "--name", "Tomasz Nowak", "--focal-point", "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("   - name: Tomasz Nowak\n+    focal_point: true\n")
    assert path.read_bytes() == before


def test_commands_find_the_root_from_the_working_folder(minimal_group: Path) -> None:
    init_git(minimal_group)
    result = run_cli(
        "update", "repair-survey", "--note", "From inside.", "--by", "north-tenants",
        cwd=minimal_group / "data",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_fmt_commit_commits_only_the_reformatted_files(git_group: Path) -> None:
    path = git_group / RECORD
    path.write_text(path.read_text().replace("  - north-tenants\n", "- north-tenants\n", 1))
    git(git_group, "commit", "--quiet", "-am", "hand edit")
    result = run_cli("--root", str(git_group), "fmt", "--commit")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{RECORD}\n"
    assert git(git_group, "log", "-1", "--format=%s").strip() == "fmt: canonical layout for 1 file"
    assert git(git_group, "show", "--name-only", "--format=", "HEAD").split() == [RECORD]
    assert git(git_group, "status", "--porcelain") == ""
