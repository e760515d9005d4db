"""Every read command takes `--at REV` and answers from the records as
committed there: list, show, members, meetings, agenda and validate (status:
tests/test_at_revision.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from at_history import git_as, harbour
from conftest import Result, commit_all, run_cli, write_records
from revision_helpers import checkout

__all__ = ["harbour"]  # the module-scoped fixture, used by name


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def as_json(root: Path, *args: str) -> Any:
    return json.loads(ok(run_cli("--root", str(root), *args, "--format", "json")).stdout)


def short(root: Path, revision: str) -> str:
    return git_as(root, None, None, "rev-parse", revision).strip()[:12]


@pytest.mark.parametrize(
    ("tag", "statuses"),
    [
        ("v1-founding", {"buoy-census": "agreed", "lantern-repair": "agreed",
                         "pier-charter": "agreed"}),
        ("v2-update", {"buoy-census": "in-progress", "lantern-repair": "agreed",
                       "pier-charter": "agreed"}),
        ("v6-held", {"buoy-census": "done", "lantern-repair": "agreed",
                     "pier-charter": "in-progress", "signal-drill": "agreed"}),
    ],
)  # fmt: skip
def test_list_at_a_tag(harbour: Path, tag: str, statuses: dict[str, str]) -> None:
    data = as_json(harbour, "list", "--at", tag, "--sort", "id")
    assert {c["id"]: c["status"] for c in data["commitments"]} == statuses


def test_list_filters_use_the_records_at_the_revision(harbour: Path) -> None:
    """lantern-repair passed from gull-trust to tide-watch at v3."""

    def owned(tag: str, member: str) -> list[str]:
        data = as_json(harbour, "list", "--at", tag, "--owner", member, "--sort", "id")
        return [c["id"] for c in data["commitments"]]

    assert owned("v2-update", "gull-trust") == ["lantern-repair"]
    assert owned("v3-owner", "gull-trust") == []
    assert owned("v3-owner", "tide-watch") == ["buoy-census", "lantern-repair"]


def test_show_at_a_tag_has_the_owner_and_due_date_of_then(harbour: Path) -> None:
    before = as_json(harbour, "show", "lantern-repair", "--at", "v2-update")
    after = as_json(harbour, "show", "lantern-repair", "--at", "v3-owner")
    assert (before["commitment"]["owners"], after["commitment"]["owners"]) == (
        ["gull-trust"],
        ["tide-watch"],
    )
    agreed = as_json(harbour, "show", "pier-charter", "--at", "v3-owner")["commitment"]
    revised = as_json(harbour, "show", "pier-charter", "--at", "v4-due")["commitment"]
    assert (agreed["due"], revised["due"], revised["agreed_due"]) == (
        "2025-02-28", "2025-09-30", "2025-02-28"
    )  # fmt: skip


def test_show_of_a_record_added_later_says_it_did_not_exist_then(harbour: Path) -> None:
    result = run_cli("--root", str(harbour), "show", "signal-drill", "--at", "v5-left")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"error: 'signal-drill' did not exist at v5-left ({short(harbour, 'v5-left')})\n"
        "hint: `tracker list --at v5-left` and `tracker members --at v5-left` show the ids "
        "there; leave out --at for the records as they are now\n"
    )
    assert ok(run_cli("--root", str(harbour), "show", "signal-drill")).stdout


def test_show_of_a_record_that_did_not_exist_suggests_a_close_id(harbour: Path) -> None:
    result = run_cli("--root", str(harbour), "show", "pier-charters", "--at", "v1-founding")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: 'pier-charters' did not exist at v1-founding ({short(harbour, 'v1-founding')})\n"
        "hint: did you mean 'pier-charter'?\n"
    )


def test_show_at_a_commit_hash_names_the_commit_once(harbour: Path) -> None:
    commit = git_as(harbour, None, None, "rev-parse", "v1-founding").strip()
    result = run_cli("--root", str(harbour), "show", "signal-drill", "--at", commit)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: 'signal-drill' did not exist at {commit[:12]}\n")


def test_members_at_a_tag_before_and_after_one_left(harbour: Path) -> None:
    def left(tag: str) -> Any:
        members = as_json(harbour, "members", "--at", tag)["members"]
        return {m["id"]: m.get("left") for m in members}["gull-trust"]

    assert (left("v4-due"), left("v5-left")) == (None, "2025-02-28")


def test_meetings_at_a_tag_before_and_after_the_call(harbour: Path) -> None:
    def spring(tag: str) -> Any:
        meetings = as_json(harbour, "meetings", "--at", tag)["meetings"]
        return {m["id"]: m["status"] for m in meetings}["2025-03-12-spring-call"]

    assert (spring("v5-left"), spring("v6-held")) == ("planned", "held")


def test_agenda_at_a_tag_is_the_agenda_a_checkout_drafts(harbour: Path, tmp_path: Path) -> None:
    args = ("agenda", "--as-of", "2025-01-20")
    at_tag = ok(run_cli("--root", str(harbour), *args, "--at", "v1-founding")).stdout
    clone = checkout(harbour, "v1-founding", tmp_path / "clone")
    assert at_tag == ok(run_cli("--root", str(clone), *args)).stdout
    assert "# Draft agenda: Spring call\n" in at_tag
    assert "Signal drill" not in at_tag


# --- validate --at --------------------------------------------------------------------


@pytest.fixture
def fixed_later(git_group: Path) -> Path:
    """The minimal group with a commit whose record names an unknown meeting
    at line 5, then a commit that moves that line two lines down."""
    survey = git_group / "data" / "commitments" / "repair-survey.yaml"
    text = survey.read_text(encoding="utf-8")
    typo = text.replace("agreed_at: 2024-03-05-kickoff", "agreed_at: 2024-03-05-kickof")
    survey.write_text(typo, encoding="utf-8")
    commit_all(git_group, "meeting typo")
    moved = typo.replace("agreed_at:", "partners:\n  - City Council\nagreed_at:")
    survey.write_text(moved, encoding="utf-8")
    write_records(git_group, {"data/members/spare.yaml": """
        id: spare
        name: Spare Organisation
        type: other
        role: observer
    """})  # fmt: skip
    commit_all(git_group, "partners; a new member")
    return git_group


PROBLEM = (
    "data/commitments/repair-survey.yaml:{line}:12: error: agreed_at '2024-03-05-kickof' is not "
    "a meeting; did you mean '2024-03-05-kickoff'? [ref-meeting]\n"
)


def test_validate_at_places_problems_in_the_files_as_they_were(fixed_later: Path) -> None:
    now = run_cli("--root", str(fixed_later), "validate")
    assert (now.exit_code, now.stdout) == (1, PROBLEM.format(line=7))
    assert now.stderr == "6 files checked: 1 error, 0 warnings\n"
    result = run_cli("--root", str(fixed_later), "validate", "--at", "HEAD~1")
    assert (result.exit_code, result.stdout) == (1, PROBLEM.format(line=5))
    assert result.stderr == (
        f"5 files checked at HEAD~1 ({short(fixed_later, 'HEAD~1')}): 1 error, 0 warnings\n"
    )


def test_validate_at_in_json_and_github_names_the_commit(fixed_later: Path) -> None:
    commit = git_as(fixed_later, None, None, "rev-parse", "HEAD~1").strip()
    result = run_cli("--root", str(fixed_later), "validate", "--at", "HEAD~1", "--format", "json")
    data = json.loads(result.stdout)
    assert (data["commit"], data["files_checked"], data["errors"]) == (commit, 5, 1)
    assert data["problems"][0]["line"] == 5
    assert list(data) == [
        "schema_version", "commit", "files_checked", "errors", "warnings", "problems",
    ]  # fmt: skip
    now = run_cli("--root", str(fixed_later), "validate", "--format", "json")
    assert "commit" not in json.loads(now.stdout)  # the work tree: the shape as it always was
    github = run_cli("--root", str(fixed_later), "validate", "--at", "HEAD~1", "--format", "github")
    assert github.exit_code == 1
    assert github.stdout.startswith(
        "::error file=data/commitments/repair-survey.yaml,line=5,col=12,"
    )
    assert github.stdout.endswith(
        f"5 files checked at HEAD~1 ({commit[:12]}): 1 error, 0 warnings\n"
    )


def test_validate_at_a_file_since_deleted(fixed_later: Path) -> None:
    """A file named on the command line need not be on the disk any more."""
    spare = fixed_later / "data" / "members" / "spare.yaml"
    git_as(fixed_later, None, None, "rm", "--quiet", str(spare))
    commit_all(fixed_later, "spare gone")
    result = run_cli("--root", str(fixed_later), "validate", "--at", "HEAD~1", str(spare))
    assert result.exit_code == 0, result.output
    assert (
        result.stderr == f"1 file checked at HEAD~1 ({short(fixed_later, 'HEAD~1')}): no problems\n"
    )


def test_per_member_digests_at_a_tag_are_those_of_then(harbour: Path, tmp_path: Path) -> None:
    """lantern-repair was Gull Island Trust's until v3: its digest at v2 lists it."""
    then, now = tmp_path / "then", tmp_path / "now"
    ok(run_cli("--root", str(harbour), "status", "--at", "v2-update", "--as-of", "2025-02-05",
               "--per-member", str(then)))  # fmt: skip
    ok(run_cli("--root", str(harbour), "status", "--as-of", "2025-02-05", "--per-member", str(now)))

    def lists_lantern(folder: Path, member: str) -> bool:
        return "Lantern repair" in (folder / f"{member}.md").read_text(encoding="utf-8")

    assert (lists_lantern(then, "gull-trust"), lists_lantern(then, "tide-watch")) == (True, False)
    assert (lists_lantern(now, "gull-trust"), lists_lantern(now, "tide-watch")) == (False, True)
