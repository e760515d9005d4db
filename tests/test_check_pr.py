"""`tracker check-pr`: who may change what in a pull request, with rights read
from the base revision, on real git repositories through the real CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from check_pr_helpers import (
    EXISTING_UPDATE,
    HILL,
    LAKESIDE,
    OWN_UPDATE,
    OWN_UPDATE_TEXT,
    TODAY,
    Group,
    make_group,
)
from conftest import REPO_ROOT, commit_all, git, init_git, run_cli, run_tracker
from cso_tracker.checks.rights import RULES

pytestmark = pytest.mark.today(TODAY)

NOT_OWNER = (
    "adds an update to 'wetland-survey', which is owned by 'lakeside-trust'; @hill-org acts "
    "for 'hill-farmers' and may add updates only to their commitments [pr-update-not-owner]"
)
HISTORY = (
    "updates are never edited, moved or deleted once merged; to correct one, add a new update "
    "with `corrects: 2026-10-15-lakeside-trust.yaml`"
)


def unknown_author(login: str, verb: str) -> str:
    return (
        f"@{login} is not the GitHub handle of any member, or of a current person of one, at "
        f"the base revision, so may not change anything ({verb} this file); the secretariat "
        "lists a member's handles in its file under data/members/ [pr-author-unknown]"
    )


@pytest.fixture
def group(tmp_path: Path) -> Group:
    return make_group(tmp_path)


# --- what a member may do ---------------------------------------------------------------


def test_a_member_adds_an_update_to_its_own_commitment(group: Group) -> None:
    """A person's handle acts for its member; the update is allowed."""
    group.write(OWN_UPDATE, OWN_UPDATE_TEXT)
    group.commit()
    result = group.check("lake-lee")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ("1 file changed by @lake-lee acting for lakeside-trust: all allowed\n")


def test_handles_compare_without_case_or_a_leading_at(group: Group) -> None:
    group.write(OWN_UPDATE, OWN_UPDATE_TEXT)
    group.commit()
    result = group.check("@Lake-LEE")
    assert result.exit_code == 0
    assert result.stderr == ("1 file changed by @Lake-LEE acting for lakeside-trust: all allowed\n")


def test_a_member_edits_the_people_of_its_own_member_file(group: Group) -> None:
    group.edit(HILL, "  - name: Dana Ridge\n", "  - name: Sam Vale\n  - name: Dana Ridge\n")
    group.commit()
    result = group.check("hill-org")
    assert result.exit_code == 0
    assert result.stderr == "1 file changed by @hill-org acting for hill-farmers: all allowed\n"


def test_the_secretariat_may_change_anything_including_code(group: Group) -> None:
    group.write("pyproject.toml", '[project]\nname = "forum-records-2"\n')
    group.edit(".github/workflows/tracker.yml", "on: pull_request", "on: push")
    group.edit("data/commitments/hedge-planting.yaml", "due: 2027-04-30", "due: 2027-05-31")
    group.edit(HILL, "role: member", "role: observer")
    (group.root / EXISTING_UPDATE).unlink()
    group.write("data/updates/hedge-planting/2026-11-25-hill-farmers.yaml",
                "date: 2026-11-25\nby: hill-farmers\nnote: Reported at the plenary.\n")  # fmt: skip
    group.commit()
    result = group.check("forum-sec")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == (
        "6 files changed by @forum-sec acting for forum-office (secretariat): all allowed\n"
    )


# --- what a member may not do -----------------------------------------------------------


def test_an_update_on_another_members_commitment_fails(group: Group) -> None:
    """Owners are read at the base; the file is named with the rule."""
    name = "data/updates/wetland-survey/2026-11-20-hill-farmers.yaml"
    group.write(name, "date: 2026-11-20\nby: hill-farmers\nnote: We helped.\n")
    group.commit()
    result = group.check("hill-org")
    assert result.exit_code == 1
    mine, theirs = result.stdout.splitlines()
    assert mine == f"{name}:1:1: error: {NOT_OWNER}"
    # validate's own view of a non-owner's update (its words are validate's)
    assert theirs.startswith(f"{name}:2:5: warning: ")
    assert theirs.endswith("[update-not-owner]")
    assert result.stderr == (
        "1 file changed by @hill-org acting for hill-farmers: 1 change not allowed; "
        "the records at head have 0 errors, 1 warning\n"
    )


def test_an_update_by_another_member_fails(group: Group) -> None:
    name = "data/updates/wetland-survey/2026-11-20-hill-farmers.yaml"
    group.write(name, "date: 2026-11-20\nby: hill-farmers\nnote: Survey started.\n")
    group.commit()
    result = group.check("lake-lee")
    assert result.exit_code == 1
    mine, theirs = result.stdout.splitlines()
    assert mine == (
        f"{name}:2:5: error: the update is by 'hill-farmers', but @lake-lee acts only for "
        "'lakeside-trust' [pr-update-by]"
    )
    assert theirs.endswith("[update-not-owner]")


def test_an_unknown_handle_may_change_nothing(group: Group) -> None:
    group.write(OWN_UPDATE, OWN_UPDATE_TEXT)
    group.commit()
    result = group.check("stranger")
    assert result.exit_code == 1
    assert result.stdout == f"{OWN_UPDATE}:1:1: error: {unknown_author('stranger', 'adds')}\n"
    assert result.stderr == (
        "1 file changed by @stranger, who acts for no member: 1 change not allowed\n"
    )


def test_a_person_who_has_left_no_longer_acts_for_the_member(group: Group) -> None:
    group.write(OWN_UPDATE, OWN_UPDATE_TEXT)
    group.commit()
    result = group.check("lake-former")
    assert result.exit_code == 1
    assert result.stdout == f"{OWN_UPDATE}:1:1: error: {unknown_author('lake-former', 'adds')}\n"


def test_rights_come_from_the_base_not_from_the_pull_request(group: Group) -> None:
    """A PR that adds its author's handle to a member file and an update at once."""
    group.edit(HILL, "  - hill-org\n", "  - hill-org\n  - newcomer\n")
    update = "data/updates/hedge-planting/2026-11-20-hill-farmers.yaml"
    group.write(update, "date: 2026-11-20\nby: hill-farmers\nnote: Hedges ordered.\n")
    group.commit()
    result = group.check("newcomer")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{HILL}:1:1: error: {unknown_author('newcomer', 'changes')}\n"
        f"{update}:1:1: error: {unknown_author('newcomer', 'adds')}\n"
    )
    assert result.stderr == (
        "2 files changed by @newcomer, who acts for no member: 2 changes not allowed\n"
    )


def test_editing_another_members_file_fails(group: Group) -> None:
    group.edit(HILL, "name: Dana Ridge", "name: Dana Ridge-Marsh")
    group.commit()
    result = group.check("lake-lee")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{HILL}:1:1: error: changes the member file of 'hill-farmers': @lake-lee may edit "
        "only the file of 'lakeside-trust' [pr-member-other]\n"
    )


@pytest.mark.parametrize(
    ("old", "new", "position"),
    [
        ("role: member", "role: secretariat", "4:7"),
        ("type: civil-society", "type: other", "3:7"),
    ],
)
def test_a_member_may_not_change_its_own_role_or_type(
    group: Group, old: str, new: str, position: str
) -> None:
    group.edit(LAKESIDE, old, new)
    group.commit()
    result = group.check("lake-lee")
    assert result.exit_code == 1
    field, before = old.split(": ")
    after = new.split(": ")[1]
    assert result.stdout == (
        f"{LAKESIDE}:{position}: error: changes `{field}` from '{before}' to '{after}': only "
        "the secretariat may change a member's id, role or type [pr-member-field]\n"
    )


def test_adding_a_member_file_is_for_the_secretariat(group: Group) -> None:
    new = "data/members/valley-group.yaml"
    group.write(new, "id: valley-group\nname: Valley Group\ntype: other\nrole: member\n")
    group.commit()
    result = group.check("hill-org")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{new}:1:1: error: adds a member file: only the secretariat may add or delete "
        "members [pr-secretariat-only]\n"
    )


def test_a_new_commitment_and_its_first_update_are_for_the_secretariat(group: Group) -> None:
    """A commitment new in the pull request has no owners at the base."""
    group.write("data/commitments/reed-beds.yaml",
                "id: reed-beds\nnumber: 3\ntitle: Reed beds\ntext: Plant reed beds.\n"
                "agreed_at: 2026-10-01-plenary\nowners:\n  - lakeside-trust\n"
                "due: 2027-06-30\n")  # fmt: skip
    update = "data/updates/reed-beds/2026-11-20-lakeside-trust.yaml"
    group.write(update, OWN_UPDATE_TEXT)
    group.commit()
    result = group.check("lake-lee")
    assert result.exit_code == 1
    assert result.stdout == (
        "data/commitments/reed-beds.yaml:1:1: error: adds a commitment: only the secretariat "
        "may add, change or delete commitments [pr-secretariat-only]\n"
        f"{update}:1:1: error: adds an update to 'reed-beds', which is not a commitment at "
        "the base revision (a new one has no owners yet); @lake-lee acts for "
        "'lakeside-trust' and may add updates only to their commitments [pr-update-not-owner]\n"
    )


@pytest.mark.parametrize(
    ("rel", "what"),
    [
        ("data/meetings/2026-10-01-plenary.yaml", "changes a meeting: only the secretariat "
         "may add, change or delete meetings"),
        ("tracker.yaml", "changes the group settings: only the secretariat may add, change "
         "or delete tracker.yaml"),
        ("data/commitments/wetland-survey.yaml", "changes a commitment: only the secretariat "
         "may add, change or delete commitments"),
    ],
)  # fmt: skip
def test_meetings_commitments_and_settings_are_for_the_secretariat(
    group: Group, rel: str, what: str
) -> None:
    with (group.root / rel).open("a", encoding="utf-8") as file:
        file.write("# a comment\n")
    group.commit()
    result = group.check("lake-lee")
    assert result.exit_code == 1
    assert result.stdout == f"{rel}:1:1: error: {what} [pr-secretariat-only]\n"


@pytest.mark.parametrize("rel", ["pyproject.toml", ".github/workflows/tracker.yml"])
def test_a_member_may_not_touch_code_or_workflows(group: Group, rel: str) -> None:
    with (group.root / rel).open("a", encoding="utf-8") as file:
        file.write("# a comment\n")
    group.commit()
    result = group.check("lake-lee")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{rel}:1:1: error: changes {rel}, which is not a record a member keeps: only the "
        "secretariat may change the tracker's code, workflows and other files "
        "[pr-outside-data]\n"
    )


# --- history is append-only ---------------------------------------------------------------


def test_modifying_an_existing_update_fails(group: Group) -> None:
    group.edit(EXISTING_UPDATE, "Volunteers recruited.", "Volunteers recruited and trained.")
    group.commit()
    result = group.check("lake-lee")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{EXISTING_UPDATE}:1:1: error: changes an existing update: {HISTORY} [pr-update-history]\n"
    )


def test_deleting_an_existing_update_fails(group: Group) -> None:
    (group.root / EXISTING_UPDATE).unlink()
    group.commit()
    result = group.check("lake-lee")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{EXISTING_UPDATE}:1:1: error: deletes an existing update: {HISTORY} [pr-update-history]\n"
    )


def test_renaming_an_existing_update_fails(group: Group) -> None:
    renamed = "data/updates/wetland-survey/2026-10-15-lakeside-trust-first.yaml"
    git(group.root, "mv", EXISTING_UPDATE, renamed)
    group.commit()
    result = group.check("lake-lee")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{renamed}:1:1: error: renames the update {EXISTING_UPDATE}: {HISTORY} "
        "[pr-update-history]\n"
    )


def test_a_correction_is_a_new_update_and_allowed(group: Group) -> None:
    group.write("data/updates/wetland-survey/2026-11-20-lakeside-trust.yaml",
                "date: 2026-11-20\nby: lakeside-trust\nnote: Volunteers recruited and trained.\n"
                "corrects: 2026-10-15-lakeside-trust.yaml\n")  # fmt: skip
    group.commit()
    result = group.check("lake-lee")
    assert result.exit_code == 0, result.output
    assert result.stderr == "1 file changed by @lake-lee acting for lakeside-trust: all allowed\n"


# --- the head is validated too ------------------------------------------------------------


def test_a_validation_error_in_head_is_reported(group: Group) -> None:
    """An allowed change that breaks the data contract still fails."""
    group.write(OWN_UPDATE, OWN_UPDATE_TEXT.replace("in-progress", "finished"))
    group.commit()
    result = group.check("lake-lee")
    assert result.exit_code == 1
    line = result.stdout.splitlines()
    assert len(line) == 1
    assert line[0].startswith(f"{OWN_UPDATE}:3:9: error: ")
    assert line[0].endswith("[schema-enum]")
    assert result.stderr == (
        "1 file changed by @lake-lee acting for lakeside-trust: all allowed; "
        "the records at head have 1 error, 0 warnings\n"
    )


# --- formats ------------------------------------------------------------------------------


def _two_violations(group: Group) -> str:
    """@hill-org adds an update, by lakeside-trust, to lakeside-trust's commitment."""
    group.write(OWN_UPDATE, OWN_UPDATE_TEXT)
    return group.commit()


def test_github_format_is_annotations_then_the_summary(group: Group) -> None:
    _two_violations(group)
    result = group.check("hill-org", "--format", "github")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout == (
        f"::error file={OWN_UPDATE},line=1,col=1,title=pr-update-not-owner::adds an update to "
        "'wetland-survey', which is owned by 'lakeside-trust'; @hill-org acts for "
        "'hill-farmers' and may add updates only to their commitments\n"
        f"::error file={OWN_UPDATE},line=2,col=5,title=pr-update-by::the update is by "
        "'lakeside-trust', but @hill-org acts only for 'hill-farmers'\n"
        "1 file changed by @hill-org acting for hill-farmers: 2 changes not allowed\n"
    )


def test_json_format_is_the_documented_shape(group: Group) -> None:
    head = _two_violations(group)
    base = group.sha("main")
    result = group.check("hill-org", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert json.loads(result.stdout) == {
        "schema_version": 1,
        "passed": False,
        "base": base,
        "merge_base": base,
        "head": head,
        "author": {"login": "hill-org", "members": ["hill-farmers"], "secretariat": False},
        "changes": [{"status": "A", "path": OWN_UPDATE, "old_path": None}],
        "violations": 2,
        "errors": 2,
        "warnings": 0,
        "problems": [
            {
                "path": OWN_UPDATE, "line": 1, "column": 1, "severity": "error",
                "message": NOT_OWNER.removesuffix(" [pr-update-not-owner]"),
                "rule": "pr-update-not-owner",
            },
            {
                "path": OWN_UPDATE, "line": 2, "column": 5, "severity": "error",
                "message": "the update is by 'lakeside-trust', but @hill-org acts only for "
                "'hill-farmers'",
                "rule": "pr-update-by",
            },
        ],
    }  # fmt: skip
    assert result.stdout.endswith("}\n")


def test_json_of_a_rename_names_the_old_path(group: Group) -> None:
    renamed = "data/updates/wetland-survey/2026-10-15-lakeside-trust-a.yaml"
    git(group.root, "mv", EXISTING_UPDATE, renamed)
    group.commit()
    document = json.loads(group.check("forum-sec", "--format", "json").stdout)
    assert document["passed"] is True
    assert document["author"] == {
        "login": "forum-sec", "members": ["forum-office"], "secretariat": True,
    }  # fmt: skip
    assert document["changes"] == [{"status": "R", "path": renamed, "old_path": EXISTING_UPDATE}]


def test_the_installed_command_runs_as_a_subprocess(group: Group) -> None:
    """`python -m cso_tracker`, with the real clock: the verdict on the
    rights does not depend on the day, validation's may (so only the start
    of the summary is compared)."""
    group.write(OWN_UPDATE, OWN_UPDATE_TEXT)
    group.commit()
    result = run_tracker("check-pr", "--base", "main", "--author", "@stranger", cwd=group.root)
    assert result.exit_code == 1
    assert result.stdout == f"{OWN_UPDATE}:1:1: error: {unknown_author('stranger', 'adds')}\n"
    assert result.stderr.startswith(
        "1 file changed by @stranger, who acts for no member: 1 change not allowed"
    )


# --- clear errors -------------------------------------------------------------------------


def test_an_unknown_base_revision_is_a_clear_error(group: Group) -> None:
    result = run_cli("check-pr", "--base", "no-such-branch", "--author", "lake-lee",
                     cwd=group.root)  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: the base revision 'no-such-branch' is not a commit in this repository\n"
        "hint: fetch it first (`git fetch origin`), or check the name (`git log --oneline "
        "--all` lists the commits)\n"
    )


SHALLOW = (
    "hint: this clone is shallow (made with --depth), so it lacks older commits: in GitHub "
    "Actions, check out with `fetch-depth: 0` (actions/checkout); elsewhere run "
    "`git fetch --unshallow`\n"
)


def _shallow_clone(group: Group, tmp_path: Path, *options: str) -> Path:
    """The group with main and pr each one commit past their fork point,
    cloned one commit deep."""
    group.write(OWN_UPDATE, OWN_UPDATE_TEXT)
    group.commit("an update")
    git(group.root, "checkout", "--quiet", "main")
    group.edit("tracker.yaml", "Lakeside and Hills Forum", "Lakeside and Hills Council")
    group.commit("renamed")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "--quiet", "--depth", "1", *options, f"file://{group.root}",
        str(clone))  # fmt: skip
    return clone


def test_a_shallow_clone_without_the_merge_base_says_fetch_depth_0(
    group: Group, tmp_path: Path
) -> None:
    clone = _shallow_clone(group, tmp_path, "--no-single-branch")
    result = run_cli("check-pr", "--base", "origin/main", "--head", "origin/pr",
                     "--author", "lake-lee", cwd=clone)  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: the base 'origin/main' and the head 'origin/pr' have no merge base in this "
        "clone\n" + SHALLOW
    )


def test_a_shallow_clone_without_the_base_says_fetch_depth_0(group: Group, tmp_path: Path) -> None:
    base = group.sha("main")
    clone = _shallow_clone(group, tmp_path, "--branch", "pr")
    result = run_cli("check-pr", "--base", base, "--author", "lake-lee", cwd=clone)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: the base revision '{base}' is not a commit in this repository\n" + SHALLOW
    )


def test_outside_a_git_repository_is_a_clear_error(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    (root / "data" / "members").mkdir(parents=True)
    result = run_cli("check-pr", "--base", "main", "--author", "lake-lee", cwd=root)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {root} is not inside a git repository\n"
        "hint: run the command in a clone of the tracker's repository\n"
    )


def test_without_git_is_a_clear_error(group: Group, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(group.root / "no-bin"))
    result = group.check("lake-lee")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: git is not installed or not on PATH\nhint: install git and try again\n"
    )


def test_an_author_that_is_not_a_login_is_a_usage_error(group: Group) -> None:
    result = group.check("not a login")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --author: 'not a login' is not a GitHub login (such as octo-cat)\n"
    )


# --- help and docs ------------------------------------------------------------------------


def test_help_explains_each_option_and_where_the_author_comes_from() -> None:
    result = run_cli("check-pr", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for option in ("--base REV", "--head REV", "--author LOGIN", "--format", "--root"):
        assert option in text
    assert "github.event.pull_request.user.login, never github.actor" in text
    assert "fetch-depth: 0" in text
    assert "read from here only" in text


def test_the_docs_list_every_rule_in_the_same_words() -> None:
    docs = (REPO_ROOT / "docs" / "check-pr.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `(pr-[a-z-]+)` \| (.+) \|$", docs, flags=re.MULTILINE))
    assert table == RULES


# --- base, merge base and head --------------------------------------------------------------


def _advance_main(group: Group, rel: str, old: str, new: str) -> None:
    """A commit on main after the pull request branched off, then back to the branch."""
    git(group.root, "checkout", "--quiet", "main")
    group.edit(rel, old, new)
    group.commit("the secretariat, on main")
    git(group.root, "checkout", "--quiet", "pr")


def test_own_fields_are_compared_with_the_merge_base_not_the_base(group: Group) -> None:
    """main changed the member's role after the branch forked; the pull
    request, which leaves the role as it found it, changes only its people."""
    group.edit(LAKESIDE, "name: Lee Marsh", "name: Lee Marsh-Hart")
    group.commit()
    _advance_main(group, LAKESIDE, "role: member", "role: observer")
    result = group.check("lake-lee")
    assert result.exit_code == 0, result.output
    assert result.stderr == "1 file changed by @lake-lee acting for lakeside-trust: all allowed\n"


def test_a_handle_removed_on_the_base_after_the_fork_no_longer_counts(group: Group) -> None:
    group.write(OWN_UPDATE, OWN_UPDATE_TEXT)
    group.commit()
    _advance_main(group, LAKESIDE, "    github: lake-lee\n", "")
    result = group.check("lake-lee")
    assert result.exit_code == 1
    assert result.stdout == f"{OWN_UPDATE}:1:1: error: {unknown_author('lake-lee', 'adds')}\n"


def test_a_tracker_in_a_subfolder_sees_every_file_of_the_repository(tmp_path: Path) -> None:
    """Paths are relative to the tracker root; a file above it is still checked."""
    repository = tmp_path / "repository"
    group = make_group(repository)  # the group lives in repository/forum
    git(group.root, "checkout", "--quiet", "main")
    shutil.rmtree(group.root / ".git")
    init_git(repository)
    commit_all(repository, "the group, in a subfolder")
    git(repository, "checkout", "--quiet", "-b", "pr")
    group.write(OWN_UPDATE, OWN_UPDATE_TEXT)
    (repository / "README.md").write_text("Our records.\n", encoding="utf-8")
    commit_all(repository)
    result = group.check("lake-lee")
    assert result.exit_code == 1
    assert result.stdout == (
        "../README.md:1:1: error: adds ../README.md, which is not a record a member keeps: "
        "only the secretariat may change the tracker's code, workflows and other files "
        "[pr-outside-data]\n"
    )
    assert result.stderr == (
        "2 files changed by @lake-lee acting for lakeside-trust: 1 change not allowed\n"
    )
