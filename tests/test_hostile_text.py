"""Text that would act somewhere else: a title a spreadsheet runs as a
formula, escape sequences and bidi overrides a terminal or a CI log obeys.
CSV cells are made inert (a leading single quote, as OWASP recommends),
and control characters are shown as escapes on every way out to a screen:
problems (text and GitHub), error messages, Rich views and Markdown."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import MINIMAL_GROUP, REPO_ROOT, run_cli, write_records
from cso_tracker.render.csv import csv_text, spreadsheet_safe
from cso_tracker.render.escape import cell, md, mermaid, visible

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "hostile-text"
RAW = ("\x1b", "\x07", "\u202e", "\r")


@pytest.fixture
def group(tmp_path: Path) -> Path:
    root = write_records(tmp_path / "group", MINIMAL_GROUP)
    for fixture in FIXTURES.glob("*.yaml"):
        if fixture.name != "escape-sequence-in-key.yaml":
            shutil.copy(fixture, root / "data" / "commitments")
    return root


def assert_inert(text: str) -> None:
    for character in RAW:
        assert character not in text, repr(character)


# --- CSV -------------------------------------------------------------------------------


FORMULAS = {
    "formula-equals": '\'=HYPERLINK("http://example.org/x","click")',
    "formula-plus": "'+1+2",
    "formula-minus": "'-2+3",
    "formula-at": "'@SUM(A1:A2)",
    "formula-tab": "'\tTab first",
    "formula-carriage-return": "'\\x0dCR first",
}


def test_list_csv_cells_never_run_as_formulas(group: Path) -> None:
    result = run_cli("list", "--format", "csv", cwd=group)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    titles = {row["id"]: row["title"] for row in rows}
    assert {key: titles[key] for key in FORMULAS} == FORMULAS
    assert titles["repair-survey"] == "Repair survey"
    assert titles["escape-sequence-in-title"] == (
        "Plain \\x1b[2J\\x1b]0;pwned\\x07 and \\u202eexe.txt"
    )
    assert_inert(result.stdout)


@pytest.mark.parametrize(
    ("value", "shown"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\t=1", "'\t=1"),
     ("\uff1d1+1", "'\uff1d1+1"), ("a=1", "a=1"), ("", ""), ("2024-06-30", "2024-06-30"),
     ("two\nlines", "two\nlines")],
)  # fmt: skip
def test_spreadsheet_safe(value: str, shown: str) -> None:
    assert spreadsheet_safe(value) == shown


def test_csv_text_is_the_one_writer() -> None:
    """Header and cells alike; quoting as the csv module does it."""
    assert csv_text(["=h", "b"], [["-x", 'say "hi", then']]) == (
        '\'=h,b\n\'-x,"say ""hi"", then"\n'
    )


# --- terminals, CI logs ------------------------------------------------------------------


def test_visible() -> None:
    assert visible("a\x1b[31mb\u202ec\x00\x7f\x85") == "a\\x1b[31mb\\u202ec\\x00\\x7f\\x85"
    assert visible("one\ntwo\tthree") == "one\\x0atwo\\x09three"
    assert visible("one\ntwo", keep="\n") == "one\ntwo"
    plain = "\u00c5sa \u2013 ok"
    assert visible(plain) is plain


@pytest.mark.parametrize("command", [["list"], ["show", "escape-sequence-in-title"],
                                     ["status", "--format", "rich", "--as-of", "2024-06-20"]])  # fmt: skip
def test_rich_views_show_control_characters_escaped(group: Path, command: list[str]) -> None:
    result = run_cli(*command, cwd=group)
    assert result.exit_code == 0, result.output
    assert "\\x1b[2J" in result.stdout
    assert "\\u202eexe.txt" in result.stdout
    assert_inert(result.output)


def test_show_text_escaped_in_rich_view(group: Path) -> None:
    result = run_cli("show", "escape-sequence-in-title", cwd=group)
    assert "Clears the screen \\x1b[31mred" in result.stdout


def test_validate_text_and_github_show_a_key_escaped(group: Path) -> None:
    shutil.copy(FIXTURES / "escape-sequence-in-key.yaml", group / "data" / "commitments")
    text = run_cli("validate", cwd=group)
    assert text.exit_code == 1
    assert "escape-sequence-in-key.yaml:9:1: error: unknown field 'evil\\x1b[2J'" in text.stdout
    github = run_cli("validate", "--format", "github", cwd=group)
    assert github.exit_code == 1
    assert "::error file=data/commitments/escape-sequence-in-key.yaml,line=9," in github.stdout
    assert "unknown field 'evil\\x1b[2J'" in github.stdout
    assert_inert(text.output + github.output)
    # JSON keeps the exact text: its own escapes make it inert.
    data = json.loads(run_cli("validate", "--format", "json", cwd=group).stdout)
    assert any("evil\x1b[2J" in p["message"] or "evil\\x1b[2J" in p["message"]
               for p in data["problems"])  # fmt: skip


def test_error_messages_show_control_characters_escaped(group: Path) -> None:
    """The error boundary: a hostile argument echoed in the message."""
    result = run_cli("list", "--owner", "x\x1b[2J\u202e", cwd=group)
    assert result.exit_code == 2
    assert "\\x1b[2J\\u202e" in result.stderr
    assert_inert(result.stderr)


def test_a_file_name_with_an_escape_sequence(group: Path) -> None:
    (group / "data" / "commitments" / "evil\x1b[2J.yaml").write_text("id: [\n", "utf-8")
    result = run_cli("validate", cwd=group)
    assert result.exit_code == 1
    assert "data/commitments/evil\\x1b[2J.yaml:" in result.stdout
    assert_inert(result.output)


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_shows_control_characters_as_text(group: Path) -> None:
    """Decided: in Markdown a control character is written as its escape
    (`\\x1b`), which CommonMark prints as it stands (a backslash before a
    letter is a backslash); a Mermaid label drops it."""
    hostile = "Plain \x1b[2J and \u202eexe.txt"
    assert md(hostile) == "Plain \\x1b\\[2J and \\u202eexe.txt"
    assert cell(hostile) == md(hostile)
    assert mermaid(hostile) == "Plain 2J and exe.txt"
    rendered = MarkdownIt("commonmark").renderInline(md(hostile))
    assert rendered == "Plain \\x1b[2J and \\u202eexe.txt"
    result = run_cli("status", "--format", "md", "--as-of", "2024-06-20", cwd=group)
    assert result.exit_code == 0, result.output
    assert "Plain \\x1b\\[2J\\x1b\\]0;pwned\\x07 and \\u202eexe.txt" in result.stdout
    assert_inert(result.stdout)


def test_members_and_meetings_csv_go_through_the_same_writer(group: Path) -> None:
    member = group / "data" / "members" / "city-office.yaml"
    member.write_text(member.read_text("utf-8").replace(
        "name: Lakeside City Housing Office", "name: \"=cmd|' /C calc'!A0\""), "utf-8")  # fmt: skip
    meeting = group / "data" / "meetings" / "2024-03-05-kickoff.yaml"
    meeting.write_text(meeting.read_text("utf-8").replace("title: Kick-off meeting",
                                                          "title: \"@SUM(1)\""), "utf-8")  # fmt: skip
    members = run_cli("members", "--format", "csv", cwd=group)
    assert members.exit_code == 0, members.output
    names = {row["id"]: row["name"] for row in csv.DictReader(io.StringIO(members.stdout))}
    assert names["city-office"] == "'=cmd|' /C calc'!A0"
    meetings = run_cli("meetings", "--format", "csv", cwd=group)
    assert meetings.exit_code == 0, meetings.output
    titles = {row["id"]: row["title"] for row in csv.DictReader(io.StringIO(meetings.stdout))}
    assert titles["2024-03-05-kickoff"] == "'@SUM(1)"
