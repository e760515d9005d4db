"""Reading the records as committed at a git revision: the same records,
problems and settings a checkout of that commit gives, by any name of the
commit, with the work tree and index untouched; and the errors of a revision
that cannot be read.

Every repository here is real (tests/conftest.py); the comparison checkout
is a clone in tmp_path, never the repository under test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import MINIMAL_GROUP, commit_all, git, init_git, write_records
from cso_tracker.errors import GitError
from cso_tracker.models import Settings
from cso_tracker.repo.load import load
from cso_tracker.repo.revision import Revision
from cso_tracker.repo.source import WorkTree
from revision_helpers import SURVEY, C, checkout, edit, facts, make_history, snapshot


@pytest.fixture
def history(git_group: Path) -> Path:
    return make_history(git_group)


# --- the same records as a checkout ----------------------------------------------------


@pytest.mark.parametrize("revision", ["HEAD~2", "HEAD~1", "HEAD"])
def test_a_revision_loads_exactly_what_a_checkout_of_it_loads(
    history: Path, tmp_path: Path, revision: str
) -> None:
    clone = checkout(history, revision, tmp_path / f"clone-{revision}")
    at_revision = facts(load(Revision(history, revision), use_cache=False))
    assert at_revision == facts(load(WorkTree(clone), use_cache=False))
    assert at_revision != facts(load(WorkTree(history), use_cache=False))


def test_the_revision_before_the_last_has_the_broken_record_and_its_problem(
    history: Path,
) -> None:
    repository = load(Revision(history, "HEAD~1"))
    assert repository.settings.group == "Lakeside Housing Council"
    assert len(repository.commitments["repair-survey"].updates) == 2
    assert "broken" not in repository.commitments
    assert ("commitments", "broken") in repository.unloaded
    assert [(p.path, p.line, p.column, p.rule) for p in repository.problems] == [
        (C + "broken.yaml", 9, 13, "schema-enum")
    ]
    assert repository.files_checked == 7


def test_loading_a_revision_changes_neither_the_work_tree_nor_the_index(history: Path) -> None:
    before = snapshot(history)
    assert before[0].splitlines() == [
        "M  data/commitments/repair-survey.yaml",
        " M tracker.yaml",
        "?? data/commitments/new-one.yaml",
    ]
    for revision in ("HEAD~2", "HEAD~1", "HEAD"):
        load(Revision(history, revision))
    assert snapshot(history) == before


def test_a_tag_a_branch_and_head_n_name_the_same_records(history: Path) -> None:
    first = git(history, "rev-parse", "v1").strip()
    git(history, "tag", "--annotate", "--message=the first records", "v1-annotated", "v1")
    sources = [Revision(history, name) for name in ("v1", "v1-annotated", "first", "HEAD~2")]
    assert {source.commit for source in sources} == {first}
    loaded = [facts(load(source)) for source in sources]
    assert loaded[1:] == loaded[:-1]
    assert loaded[0]["settings"].group == "Lakeside Housing Forum"
    assert set(loaded[0]["members"]) == {"north-tenants", "city-office"}


def test_a_tracker_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    (tmp_path / "monorepo").mkdir()
    repo = init_git(tmp_path / "monorepo")
    root = write_records(repo / "groups" / "lakeside", MINIMAL_GROUP)
    (repo / "data" / "members").mkdir(parents=True)  # another tracker's data, above it
    (repo / "data" / "members" / "other.yaml").write_text("id: other\n")
    commit_all(repo)
    edit(root / SURVEY, "title: Repair survey", "title: Repair census")
    at_head = facts(load(Revision(root, "HEAD")))
    assert at_head["commitments"]["repair-survey"].title == "Repair survey"
    assert set(at_head["members"]) == {"north-tenants", "city-office"}
    clone = checkout(repo, "HEAD", tmp_path / "clone")
    assert at_head == facts(load(WorkTree(clone / "groups" / "lakeside")))


# --- tracker.yaml at a revision ---------------------------------------------------------


def test_tracker_yaml_is_read_as_it_was_at_the_revision(history: Path) -> None:
    assert load(Revision(history, "v1")).settings == Settings(
        group="Lakeside Housing Forum", stale_after_days=60, due_soon_days=21
    )
    assert load(Revision(history, "HEAD")).settings == Settings(
        group="Lakeside Housing Council", stale_after_days=60, due_soon_days=21
    )
    assert load(WorkTree(history)).settings.stale_after_days == 45


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, []),
        ("group: Lakeside\nstale_after_days: soon\n",
         [("tracker.yaml", 2, 19, "stale_after_days: expected a whole number, got 'soon' (text)")]),
        ("group: [unclosed\n",
         [("tracker.yaml", 1, 8,
           "this '[' is never closed: expected ',' or ']' before line 2, column 1")]),
        ("# " + "x" * 256 * 1024 + "\n",
         [("tracker.yaml", 1, 1, "file is 262,147 bytes; the limit is 262,144 bytes")]),
    ],
    ids=["absent", "schema-problem", "syntax-problem", "too-large"],
)  # fmt: skip
def test_a_revision_s_tracker_yaml_has_the_problems_a_checkout_s_has(
    git_group: Path, tmp_path: Path, content: str | None, expected: list[tuple[Any, ...]]
) -> None:
    settings = git_group / "tracker.yaml"
    if content is None:
        settings.unlink()
    else:
        settings.write_text(content, encoding="utf-8")
    commit_all(git_group, "tracker.yaml changed")
    settings.write_text("group: The work tree's own\n", encoding="utf-8")
    repository = load(Revision(git_group, "HEAD"))
    assert [(p.path, p.line, p.column, p.message) for p in repository.problems] == expected
    if expected:
        assert repository.settings == Settings()
    clone = checkout(git_group, "HEAD", tmp_path / "clone")
    assert facts(repository) == facts(load(WorkTree(clone)))


# --- what cannot be read ------------------------------------------------------------------


@pytest.mark.parametrize("revision", ["no-such-branch", "HEAD~5", "0" * 40, "--all"])
def test_a_revision_that_does_not_exist_says_how_to_find_one(
    git_group: Path, revision: str
) -> None:
    with pytest.raises(GitError) as raised:
        Revision(git_group, revision)
    assert raised.value.message == f"no commit '{revision}' in this repository"
    # A complete clone: the hint is where to look, not to fetch (the
    # shallow case has its own message, tests/test_at_revision.py).
    assert raised.value.hint == "`git log --oneline` lists the commits and `git tag` the tags"
    assert raised.value.exit_code == 1


def test_a_repository_without_commits_has_no_head(minimal_group: Path) -> None:
    init_git(minimal_group)
    with pytest.raises(GitError) as raised:
        Revision(minimal_group, "HEAD")
    assert raised.value.message == "no commit 'HEAD' in this repository"
    assert raised.value.exit_code == 1


def test_a_folder_outside_git_has_no_revisions(minimal_group: Path) -> None:
    with pytest.raises(GitError) as raised:
        Revision(minimal_group, "HEAD")
    assert raised.value.message == (
        f"{minimal_group} is not inside a git repository, so it has no revision 'HEAD'"
    )
    assert raised.value.hint == "run the command without a revision to read the files as they are"
    assert raised.value.exit_code == 1


def test_without_git_on_path_the_message_says_so(
    git_group: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It said the folder was not inside a git repository."""
    (tmp_path / "empty-bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(GitError) as raised:
        Revision(git_group, "HEAD")
    assert raised.value.message == "git is not installed or not on PATH"
    assert raised.value.hint == "install git and try again"
    assert raised.value.exit_code == 1
