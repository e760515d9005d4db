"""A file whose lines end in both CRLF and LF: every write command that
edits it in place changes only the lines it means to, and every other line
keeps its bytes, ending included (a note-only edit turned nine untouched
CRLF lines into LF)."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest

from conftest import REPO_ROOT, run_cli

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "edit" / "mixed-line-endings.yaml"

pytestmark = pytest.mark.today(dt.date(2024, 5, 1))


def mixed(data: bytes) -> bytes:
    """Every other line ending turned into CRLF."""
    lines = data.split(b"\n")
    ends = [b"\r\n" if index % 2 == 0 else b"\n" for index in range(len(lines) - 1)]
    return b"".join(line + end for line, end in zip(lines, ends, strict=False)) + lines[-1]


def assert_only_added(before: bytes, after: bytes, added: list[bytes]) -> None:
    """`after` is `before` with exactly the lines `added` inserted (bytes,
    endings included): every untouched line compared byte for byte."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    inserted = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        assert tag in ("equal", "insert"), (tag, old[i1:i2], new[j1:j2])
        if tag == "insert":
            inserted.extend(new[j1:j2])
    assert inserted == added


def test_the_fixture_is_mixed() -> None:
    data = FIXTURE.read_bytes()
    assert 0 < data.count(b"\r\n") < data.count(b"\n")


@pytest.mark.parametrize(
    ("option", "value", "added"),
    [("--add-owner", "city-office", [b"  - city-office\r\n"]),
     ("--add-tag", "survey", [b"  - survey\r\n"])],
)  # fmt: skip
def test_update_changes_only_its_lines(
    minimal_group: Path, option: str, value: str, added: list[bytes]
) -> None:
    path = minimal_group / "data" / "commitments" / "repair-survey.yaml"
    before = FIXTURE.read_bytes()
    path.write_bytes(before)
    result = run_cli("update", "repair-survey", option, value, cwd=minimal_group)
    assert result.exit_code == 0, result.output
    assert_only_added(before, path.read_bytes(), added)


def test_a_note_leaves_the_file_alone(minimal_group: Path) -> None:
    path = minimal_group / "data" / "commitments" / "repair-survey.yaml"
    path.write_bytes(FIXTURE.read_bytes())
    result = run_cli("update", "repair-survey", "--note", "Halfway.", "--by", "north-tenants",
                     cwd=minimal_group)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == FIXTURE.read_bytes()


def test_member_edit_changes_only_its_lines(minimal_group: Path) -> None:
    path = minimal_group / "data" / "members" / "north-tenants.yaml"
    before = mixed(path.read_bytes())
    path.write_bytes(before)
    result = run_cli("member", "person", "north-tenants", "--name", "Tomasz Nowak",
                     "--title", "Organiser", cwd=minimal_group)  # fmt: skip
    assert result.exit_code == 0, result.output
    # The first line ends in CRLF: so does the new one.
    assert_only_added(before, path.read_bytes(), [b"    title: Organiser\r\n"])


def test_meeting_edit_changes_only_its_lines(minimal_group: Path) -> None:
    path = minimal_group / "data" / "meetings" / "2024-03-05-kickoff.yaml"
    before = mixed(path.read_bytes())
    path.write_bytes(before)
    result = run_cli("meeting", "attend", "2024-03-05-kickoff", "--member", "north-tenants",
                     "--person", "Tomasz Nowak", cwd=minimal_group)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert_only_added(before, path.read_bytes(), [b"      - Tomasz Nowak\r\n"])


def test_fmt_keeps_the_endings_of_lines_it_does_not_change(minimal_group: Path) -> None:
    path = minimal_group / "data" / "commitments" / "repair-survey.yaml"
    canonical = path.read_bytes()
    before = mixed(canonical.replace(b"owners:\n  - north-tenants", b"owners: [north-tenants]"))
    path.write_bytes(before)
    result = run_cli("fmt", cwd=minimal_group)
    assert result.exit_code == 0, result.output
    after = path.read_bytes()
    assert after.replace(b"\r\n", b"\n") == canonical
    kept = [line for line in before.splitlines(keepends=True) if b"owners" not in line]
    assert [line for line in after.splitlines(keepends=True) if line in kept] == kept
