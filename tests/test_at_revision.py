"""`--at REV`: the records, the data version and the templates as committed
at a revision, read from git's objects. The report that was sent before a
call and committed at its tag comes back byte for byte; the work tree is
never touched. (Each command's --at and its refusals: tests/cli/test_at_*.py.)
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from at_history import AS_OF, CALLS, TAGS, git_as, harbour, report_path
from conftest import run_cli
from cso_tracker import git as tracker_git
from cso_tracker.render.wording import data_version
from revision_helpers import GitCalls, checkout, snapshot

__all__ = ["harbour"]  # the module-scoped fixture, used by name


def status_md(root: Path, *args: str) -> str:
    result = run_cli("--root", str(root), "status", "--format", "md", *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def committed(root: Path, revision: str, path: str) -> str:
    return git_as(root, None, None, "show", f"{revision}:{path}")


@pytest.mark.parametrize("tag", TAGS)
def test_status_at_a_tag_is_the_report_committed_there(harbour: Path, tag: str) -> None:
    sent = committed(harbour, tag, report_path(tag))
    assert status_md(harbour, "--at", tag, "--as-of", AS_OF[tag]) == sent


@pytest.mark.parametrize("tag", [TAGS[0], TAGS[2], TAGS[-1]])
def test_a_clean_checkout_of_the_tag_gives_the_same_report(
    harbour: Path, tag: str, tmp_path: Path
) -> None:
    """What a member who clones the repository at the tag would get."""
    clone = checkout(harbour, tag, tmp_path / "clone")
    here = status_md(clone, "--as-of", AS_OF[tag])
    assert here == status_md(harbour, "--at", tag, "--as-of", AS_OF[tag])
    assert here == committed(harbour, tag, report_path(tag))


def test_the_header_names_the_data_commit_its_day_and_author(harbour: Path) -> None:
    """The commit that changed the records (the tag's parent), not the report
    commit the tag is on."""
    data_commit = git_as(harbour, None, None, "rev-parse", "v2-update^").strip()
    report = status_md(harbour, "--at", "v2-update", "--as-of", "2025-02-05")
    assert (
        f"- **Data version:** as committed on 2025-02-03 by Bo Lindqvist (`{data_commit[:12]}`)\n"
    ) in report
    data = json.loads(
        run_cli("--root", str(harbour), "status", "--at", "v2-update", "--as-of", "2025-02-05",
                "--format", "json").stdout
    )  # fmt: skip
    assert data["version"] == {
        "commit": data_commit, "dirty": False, "date": "2025-02-03", "author": "Bo Lindqvist",
        "shallow_boundary": False,
    }  # fmt: skip


def test_a_commit_that_changes_no_record_keeps_the_data_version(harbour: Path) -> None:
    """HEAD~0 (a report commit) and HEAD~1 (the data commit under it) hold the
    same records: the same version, so the same report."""
    assert status_md(harbour, "--at", "HEAD", "--as-of", "2025-03-14") == status_md(
        harbour, "--at", "HEAD~1", "--as-of", "2025-03-14"
    )


def test_the_report_uses_the_templates_committed_at_the_revision(harbour: Path) -> None:
    """The group changed its template at v5; the report at v3 keeps v3's line."""
    work_tree_template = (harbour / "templates" / "status.md.j2").read_text(encoding="utf-8")
    assert "Prepared by the secretariat for the members." in work_tree_template
    at_v3 = status_md(harbour, "--at", "v3-owner", "--as-of", "2025-02-12")
    assert "\n_Prepared by the Harbour Liaison Office._\n" in at_v3
    assert "for the members" not in at_v3
    at_v2 = status_md(harbour, "--at", "v2-update", "--as-of", "2025-02-05")
    assert "Prepared" not in at_v2  # no templates/ yet: the built-in default


def test_a_template_file_given_still_wins_at_a_revision(harbour: Path, tmp_path: Path) -> None:
    own = tmp_path / "mine.md.j2"
    own.write_text("{{ report.group }} at {{ words.version(report.version) }}\n", "utf-8")
    text = status_md(
        harbour, "--at", "v1-founding", "--as-of", "2025-01-20", "--template", str(own)
    )
    first = git_as(harbour, None, None, "rev-parse", "v1-founding^").strip()
    assert text == (
        f"Harbour Lights Coalition at as committed on 2025-01-16 by Ana Díaz (`{first[:12]}`)\n"
    )


def test_a_broken_template_at_the_revision_is_named_as_committed(
    harbour: Path, tmp_path: Path
) -> None:
    clone = checkout(harbour, "v6-held", tmp_path / "clone")
    (clone / "templates" / "status.md.j2").write_text("{{ report.nothing }}\n", "utf-8")
    git_as(clone, "Ana Díaz", "2025-03-20", "commit", "--quiet", "-am", "broken template")
    result = run_cli("--root", str(clone), "status", "--at", "HEAD", "--format", "md")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: templates/status.md.j2:1: undefined value: 'cso_tracker.query.status.StatusReport "
        "object' has no attribute 'nothing'\n"
    )


def test_at_never_touches_the_work_tree_and_ignores_its_edits(harbour: Path) -> None:
    before = snapshot(harbour)
    status_md(harbour, "--at", "v4-due", "--as-of", "2025-02-21")
    assert snapshot(harbour) == before
    survey = harbour / "data" / "commitments" / "buoy-census.yaml"
    original = survey.read_text(encoding="utf-8")
    survey.write_text(original.replace("Buoy census", "Buoy count"), encoding="utf-8")
    try:
        at_tag = status_md(harbour, "--at", "v4-due", "--as-of", "2025-02-21")
        assert at_tag == committed(harbour, "v4-due", report_path("v4-due"))
        here = status_md(harbour, "--as-of", "2025-03-14")
        assert "Buoy count" in here and "Buoy count" not in at_tag
    finally:
        survey.write_text(original, encoding="utf-8")


def test_the_work_tree_header_says_plus_uncommitted_changes(harbour: Path) -> None:
    data_commit = git_as(harbour, None, None, "rev-parse", "HEAD^").strip()
    clean = f"as committed on 2025-03-13 by Bo Lindqvist (`{data_commit[:12]}`)"
    assert f"- **Data version:** {clean}\n" in status_md(harbour, "--as-of", "2025-03-14")
    extra = harbour / "data" / "members" / "new-member.yaml"
    extra.write_text("id: new-member\nname: New\ntype: other\nrole: observer\n", "utf-8")
    try:
        dirty = status_md(harbour, "--as-of", "2025-03-14")
        assert f"- **Data version:** {clean}, plus uncommitted changes\n" in dirty
        at_head = status_md(harbour, "--at", "HEAD", "--as-of", "2025-03-14")
        assert f"- **Data version:** {clean}\n" in at_head  # a revision has no uncommitted changes
    finally:
        extra.unlink()


def test_the_terminal_header_says_the_same_words(harbour: Path) -> None:
    data_commit = git_as(harbour, None, None, "rev-parse", "v1-founding^").strip()
    result = run_cli("--root", str(harbour), "status", "--at", "v1-founding",
                     "--as-of", "2025-01-20", "--format", "rich")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        f"Data version: as committed on 2025-01-16 by Ana Díaz ({data_commit[:12]})\n"
    ) in result.stdout


@pytest.mark.today(dt.date(2025, 2, 12))
def test_a_repeated_at_reads_no_record_blob(harbour: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The record cache is keyed by blob id: the second run at a revision
    reads every record from it (JSON: no templates to read either). On the
    day of the report no record has a problem, whose place would need the
    file's bytes."""
    args = ("--root", str(harbour), "status", "--at", "v3-owner", "--as-of", "2025-02-12",
            "--format", "json")  # fmt: skip
    first = run_cli(*args)
    calls = GitCalls(monkeypatch)
    again = run_cli(*args)
    assert again.stdout == first.stdout
    assert calls.count("cat-file") == 0
    assert calls.blob_bytes == 0
    assert calls.count("ls-tree") == 1


# --- the data version in words ------------------------------------------------------------

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(
    ("version", "words"),
    [
        (None, "not in a git repository"),
        (tracker_git.Version(commit=None, dirty=True), "not committed yet"),
        (
            tracker_git.Version(COMMIT, False, "2026-11-28", "Ana Díaz"),
            "as committed on 2026-11-28 by Ana Díaz (0123456789ab)",
        ),
        (
            tracker_git.Version(COMMIT, True, "2026-11-28", "Ana Díaz"),
            "as committed on 2026-11-28 by Ana Díaz (0123456789ab), plus uncommitted changes",
        ),
        (
            tracker_git.Version(COMMIT, False, "2026-11-28", "Ana Díaz", cut=True),
            "as of 0123456789ab of 2026-11-28, where this shallow clone's history stops "
            "(the records may have last changed in an older commit)",
        ),
    ],
)
def test_the_data_version_in_words(version: tracker_git.Version | None, words: str) -> None:
    assert data_version(version) == words


def test_an_author_s_name_is_escaped_in_markdown(harbour: Path, tmp_path: Path) -> None:
    clone = checkout(harbour, "v6-held", tmp_path / "clone")
    (clone / "data" / "commitments" / "signal-drill.yaml").write_text(
        (clone / "data" / "commitments" / "signal-drill.yaml").read_text("utf-8")
        + "tags:\n  - drills\n",
        "utf-8",
    )
    git_as(clone, "*Eve* & [Co]", "2025-03-20", "commit", "--quiet", "-am", "tag it")
    report = status_md(clone, "--as-of", "2025-03-21")
    assert "by \\*Eve\\* &amp; \\[Co\\] (`" in report


def test_calls_cover_the_history_the_issue_names() -> None:
    """Founding record, an update, an owner change, a revised due date, a
    member leaving, a held meeting: one tag each, in that order."""
    assert TAGS == ("v1-founding", "v2-update", "v3-owner", "v4-due", "v5-left", "v6-held")
    assert len({call.day for call in CALLS}) == len(CALLS)
