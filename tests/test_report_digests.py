"""`tracker status --per-member DIR`: one Markdown digest per member, for
the secretariat to send (golden files for a bundled and a fictional
member), and the refusals that keep it one thing."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GOLDEN_DIR, REPO_ROOT, RIVERSIDE, GoldenCheck, Result, copy_group, run_cli


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def test_bundled_digests(tmp_path: Path, assert_matches_golden: GoldenCheck) -> None:
    """Every one of the 16 members gets a file, created with its folder; the
    14 that own no open item get a short one saying so, and stderr says it."""
    root = copy_group(REPO_ROOT, tmp_path / "bundled")
    folder = tmp_path / "out" / "digests"
    result = ok(run_cli("--root", str(root), "status", "--as-of", "2026-11-28",
                        "--per-member", str(folder)))  # fmt: skip
    assert result.stdout == ""
    assert f"wrote 16 digests to {folder} (14 of them say the member has no open items)" in (
        result.stderr
    )
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 16
    assert all(name.endswith(".md") for name in names)  # no temporary file left
    assert_matches_golden((folder / "hri.md").read_text("utf-8"), GOLDEN_DIR / "digest-hri.md")
    quiet = (folder / "ahrn.md").read_text("utf-8")
    assert "Nothing is owed before the next call." in quiet
    assert "No open items." in quiet
    unodc = (folder / "unodc.md").read_text("utf-8")
    assert "- #14 `data-collaboration`" in unodc
    assert "13 years late" in unodc


def test_fictional_digest(tmp_path: Path, assert_matches_golden: GoldenCheck) -> None:
    """A member with items from several meetings, focal points and a call
    planned: its numbers name their meeting, what it owes before the call
    comes first."""
    root = copy_group(RIVERSIDE, tmp_path / "riverside")
    folder = tmp_path / "digests"
    result = ok(run_cli("--root", str(root), "status", "--as-of", "2026-11-10",
                        "--per-member", str(folder)))  # fmt: skip
    assert f"wrote 5 digests to {folder}\n" in result.stderr
    text = (folder / "clearwater-lab.md").read_text("utf-8")
    assert_matches_golden(text, GOLDEN_DIR / "digest-riverside-clearwater-lab.md")
    owed = text.split("## Before the next call\n", 1)[1].split("\n## ", 1)[0]
    assert "The next call: January teleconference, 2027-01-14 (teleconference)." in owed
    assert "13 months late" in owed
    assert "in 10 days" in owed


def test_digest_rewrites_the_folder_in_place(tmp_path: Path) -> None:
    """A second run replaces each digest (atomically) and keeps other files."""
    root = copy_group(RIVERSIDE, tmp_path / "riverside")
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "basin-agency.md").write_text("old\n", encoding="utf-8")
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    ok(run_cli("--root", str(root), "status", "--as-of", "2026-11-10", "--per-member",
               str(folder)))  # fmt: skip
    assert (folder / "basin-agency.md").read_text("utf-8").startswith("# LBWA: ")
    assert (folder / "notes.txt").read_text("utf-8") == "mine\n"


def test_repository_member_template_is_used(tmp_path: Path) -> None:
    root = copy_group(RIVERSIDE, tmp_path / "riverside")
    (root / "templates").mkdir()
    (root / "templates" / "member.md.j2").write_text(
        "{{ member.id }} owes {{ owed|length }}\n", encoding="utf-8"
    )
    folder = tmp_path / "digests"
    ok(run_cli("--root", str(root), "status", "--as-of", "2026-11-10", "--per-member",
               str(folder)))  # fmt: skip
    assert (folder / "clearwater-lab.md").read_text("utf-8") == "clearwater-lab owes 3\n"


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--owner", "clearwater-lab"], "--owner"),
        (["--format", "json"], "--format json"),
        (["--output", "x.md"], "--output"),
    ],
)
def test_per_member_refuses_what_it_cannot_honour(
    tmp_path: Path, extra: list[str], named: str
) -> None:
    """--per-member writes Markdown files of its own: a narrowing, another
    format or one output file would be silently ignored, so they are refused."""
    root = copy_group(RIVERSIDE, tmp_path / "riverside")
    result = run_cli("--root", str(root), "status", "--per-member", str(tmp_path / "d"), *extra)
    assert result.exit_code == 2, result.output
    assert (
        f"--per-member writes one Markdown file per member; it cannot be combined with {named}"
        in (result.stderr)
    )
    assert not (tmp_path / "d").exists()


def test_per_member_folder_that_is_a_file(tmp_path: Path) -> None:
    root = copy_group(RIVERSIDE, tmp_path / "riverside")
    blocker = tmp_path / "digests"
    blocker.write_text("a file\n", encoding="utf-8")
    result = run_cli("--root", str(root), "status", "--per-member", str(blocker))
    assert result.exit_code == 2, result.output
    assert f"--per-member: cannot write {blocker / 'basin-agency.md'}" in result.stderr


def test_one_quiet_digest_is_counted_in_the_singular(tmp_path: Path) -> None:
    """A member with no items added to a group where every other member owns some."""
    root = copy_group(RIVERSIDE, tmp_path / "riverside")
    (root / "data" / "members" / "quiet-trust.yaml").write_text(
        "id: quiet-trust\nname: Quiet Trust\ntype: civil-society\nrole: member\n", "utf-8"
    )
    folder = tmp_path / "digests"
    result = ok(run_cli("--root", str(root), "status", "--as-of", "2026-11-10",
                        "--per-member", str(folder)))  # fmt: skip
    assert f"wrote 6 digests to {folder} (1 of them says the member has no open items)\n" in (
        result.stderr
    )
