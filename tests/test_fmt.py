"""The canonical layout (cso_tracker.fmt) and `tracker fmt`."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from conftest import REPO_ROOT, run_cli
from cso_tracker.models import CommitmentFile, Meeting, UpdateFile
from cso_tracker.write.documents import layout_of
from cso_tracker.yaml import canonical, quoting, reader, roundtrip
from cso_tracker.yaml.errors import YamlError

MESSY = """\
# A commitment written by hand.
title: 'Repair survey'   # short
id: repair-survey
# Who carries it.
owners: [north-tenants]
number: 1
text: "Survey the repair backlog."
agreed_at: 2024-03-05-kickoff
due: "2024-06-30"
links:
- url: "https://example.org/survey"
  title: The survey

# End.
"""

CANONICAL = """\
# A commitment written by hand.
id: repair-survey
number: 1
title: Repair survey     # short
text: Survey the repair backlog.
agreed_at: 2024-03-05-kickoff
# Who carries it.
owners:
  - north-tenants
due: 2024-06-30
links:
  - title: The survey
    url: https://example.org/survey

# End.
"""

MESSY_UPDATE = """\
note: "Questionnaire drafted: yes"
by: north-tenants
date: 2024-04-02
status: in-progress
evidence: [on]
"""

CANONICAL_UPDATE = """\
date: 2024-04-02
by: north-tenants
status: in-progress
note: "Questionnaire drafted: yes"
evidence:
  - "on"
"""


def format_text(text: str, model: type[BaseModel], **options: Any) -> str:
    """The canonical layout of a record file of `model` (as `tracker fmt` writes it)."""
    return canonical.format_text(text, layout_of(model), **options)


def test_messy_file_gets_the_canonical_layout() -> None:
    assert format_text(MESSY, CommitmentFile) == CANONICAL


def test_an_update_file_gets_the_canonical_layout() -> None:
    """Fields in the contract's order, block lists, and `on` quoted so that
    it stays text (YAML 1.1 readers take a bare on for true)."""
    assert format_text(MESSY_UPDATE, UpdateFile) == CANONICAL_UPDATE
    assert format_text(CANONICAL_UPDATE, UpdateFile) == CANONICAL_UPDATE


def test_formatting_is_idempotent() -> None:
    once = format_text(MESSY, CommitmentFile)
    assert format_text(once, CommitmentFile) == once


def test_formatting_keeps_the_meaning() -> None:
    assert reader.load(format_text(MESSY, CommitmentFile)) == reader.load(MESSY)


def test_times_stay_quoted_and_plain_text_is_unquoted() -> None:
    text = (
        "id: m\ntitle: 'M'\ndate: 2024-01-01\nkind: in-person\nstatus: held\n"
        "agenda:\n  - start: '09:00'\n    end: 10:30\n    title: \"Welcome\"\n"
    )
    assert format_text(text, Meeting) == (
        "id: m\ntitle: M\ndate: 2024-01-01\nkind: in-person\nstatus: held\n"
        "agenda:\n  - start: '09:00'\n    end: \"10:30\"\n    title: Welcome\n"
    )


def test_crlf_is_kept_by_fmt() -> None:
    text = MESSY.replace("\n", "\r\n")
    assert format_text(text, CommitmentFile) == CANONICAL.replace("\n", "\r\n")


@pytest.mark.parametrize(
    ("text", "needed"),
    [
        ("yes", True),
        ("No", True),
        ("on", True),
        ("OFF", True),
        ("y", True),
        ("09:00", True),
        ("10:30", True),
        ("1_000", True),
        ("0o17", True),
        ("017", True),
        ("2013-02-21", True),
        ("null", True),
        ("~", True),
        ("", True),
        ("-", True),
        ("- item", True),
        ("#hashtag", True),
        ("@handle", True),
        ("`code`", True),
        ("%done", True),
        ("!important", True),
        ("&anchor", True),
        ("*star", True),
        ("a: b", True),
        ("a #b", True),
        (" leading", True),
        ("trailing ", True),
        ("Partnership: Challenges", True),
        ("Repair survey", False),
        ("M-0E79", False),
        ("Zhannat Kosmukhamedova", False),
        ("Обзор — 修理", False),
        ("https://example.org/a?b=c#d", False),
        ("yes or no?", False),
        ("UNODC's partnership", False),
    ],
)
def test_needs_quotes(text: str, needed: bool) -> None:
    assert quoting.needs_quotes(text) is needed


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda s: "\x00" not in s))
def test_any_text_written_through_scalar_reads_back_and_is_stable(text: str) -> None:
    from ruamel.yaml.comments import CommentedMap

    document = CommentedMap()
    document["id"] = "x"
    document["title"] = quoting.scalar(text)
    try:
        dumped = roundtrip.dump_roundtrip(document)
        value = reader.load(dumped)
    except YamlError:
        # Control characters and surrogates the fast reader refuses: the
        # write path turns this into a refusal, never into a bad file.
        return
    assert value["title"] == text
    assert format_text(dumped, CommitmentFile) == dumped


# --- tracker fmt ---------------------------------------------------------------------------------


def test_bundled_data_passes_fmt_check() -> None:
    result = run_cli("--root", str(REPO_ROOT), "fmt", "--check")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "already formatted" in result.stderr


def test_fmt_check_lists_files_and_exits_1_without_writing(minimal_group: Path) -> None:
    messy = minimal_group / "data/commitments/repair-survey.yaml"
    messy.write_text(MESSY, encoding="utf-8")
    before = messy.read_bytes()

    result = run_cli("--root", str(minimal_group), "fmt", "--check")

    assert result.exit_code == 1
    assert result.stdout == "data/commitments/repair-survey.yaml\n"
    assert result.stderr == (
        "1 of 6 files would be reformatted\n"
        f"run `tracker --root {minimal_group} fmt {messy}` to fix, then commit the result; "
        f"`tracker --root {minimal_group} fmt --diff` shows what would change\n"
    )
    assert messy.read_bytes() == before


def test_fmt_check_names_the_command_to_run_from_here(minimal_group: Path) -> None:
    """From inside the tracker the command needs no --root, and names the
    files relative to where it runs; more than five files: `tracker fmt`."""
    messy = minimal_group / "data/commitments/repair-survey.yaml"
    messy.write_text(MESSY, encoding="utf-8")
    settings = minimal_group / "tracker.yaml"
    settings.write_text("group:   'Lakeside Housing Forum'\n", encoding="utf-8")
    result = run_cli("fmt", "--check", cwd=minimal_group / "data")
    assert result.exit_code == 1
    assert result.stdout == "tracker.yaml\ndata/commitments/repair-survey.yaml\n"
    assert result.stderr.splitlines()[-1] == (
        "run `tracker fmt ../tracker.yaml commitments/repair-survey.yaml` to fix, then commit "
        "the result; `tracker fmt --diff` shows what would change"
    )
    for number in range(5):
        (minimal_group / f"data/commitments/messy-{number}.yaml").write_text(
            MESSY.replace("id: repair-survey", f"id: messy-{number}"), encoding="utf-8"
        )
    many = run_cli("fmt", "--check", cwd=minimal_group)
    assert many.stderr.splitlines()[-1].startswith("run `tracker fmt` to fix")


def test_fmt_diff_shows_the_changes_and_exits_1_without_writing(minimal_group: Path) -> None:
    settings = minimal_group / "tracker.yaml"
    settings.write_text("group:   'Lakeside Housing Forum'\n", encoding="utf-8")
    result = run_cli("fmt", "--diff", cwd=minimal_group)
    assert result.exit_code == 1
    assert result.stdout == (
        "--- a/tracker.yaml\n+++ b/tracker.yaml\n@@ -1 +1 @@\n"
        "-group:   'Lakeside Housing Forum'\n+group: Lakeside Housing Forum\ntracker.yaml\n"
    )
    assert (
        result.stderr.splitlines()[-1]
        == "run `tracker fmt tracker.yaml` to fix, then commit the result"
    )
    assert settings.read_text(encoding="utf-8") == "group:   'Lakeside Housing Forum'\n"
    both = run_cli("fmt", "--diff", "--check", cwd=minimal_group / "data")
    assert (both.exit_code, both.stdout) == (1, result.stdout)


def test_validate_takes_tracker_yaml_as_a_pre_commit_hook_passes_it(minimal_group: Path) -> None:
    settings = minimal_group / "tracker.yaml"
    settings.write_text("group: x\nrules:\n  no-due-dat: off\n", encoding="utf-8")
    result = run_cli("validate", "tracker.yaml", cwd=minimal_group)
    assert result.exit_code == 1
    assert result.stdout.startswith("tracker.yaml:3:3: error: rules: 'no-due-dat' is not a rule")
    clean = run_cli("validate", "data/commitments/repair-survey.yaml", cwd=minimal_group)
    assert (clean.exit_code, clean.stdout) == (0, "")


def test_fmt_rewrites_then_changes_nothing_the_second_time(minimal_group: Path) -> None:
    messy = minimal_group / "data/commitments/repair-survey.yaml"
    messy.write_text(MESSY, encoding="utf-8")
    others = {p: p.read_bytes() for p in minimal_group.rglob("*.yaml") if p != messy}

    first = run_cli("--root", str(minimal_group), "fmt")
    assert first.exit_code == 0, first.output
    assert first.stdout == "data/commitments/repair-survey.yaml\n"
    assert messy.read_text(encoding="utf-8") == CANONICAL
    assert {p: p.read_bytes() for p in others} == others

    second = run_cli("--root", str(minimal_group), "fmt")
    assert second.exit_code == 0
    assert second.stdout == ""
    assert messy.read_text(encoding="utf-8") == CANONICAL
    assert run_cli("--root", str(minimal_group), "fmt", "--check").exit_code == 0


def test_fmt_named_file_and_dry_run(minimal_group: Path) -> None:
    messy = minimal_group / "data/commitments/repair-survey.yaml"
    messy.write_text(MESSY, encoding="utf-8")

    result = run_cli("--root", str(minimal_group), "fmt", "--dry-run", str(messy))

    assert result.exit_code == 0
    assert "+++ b/data/commitments/repair-survey.yaml" in result.stdout
    assert "-title: 'Repair survey'   # short\n" in result.stdout
    assert messy.read_text(encoding="utf-8") == MESSY


def test_fmt_reports_unreadable_files_and_formats_the_rest(minimal_group: Path) -> None:
    broken = minimal_group / "data/commitments/broken.yaml"
    broken.write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    messy = minimal_group / "data/commitments/repair-survey.yaml"
    messy.write_text(MESSY, encoding="utf-8")

    result = run_cli("--root", str(minimal_group), "fmt")

    assert result.exit_code == 1
    assert "data/commitments/broken.yaml:" in result.stderr
    assert "could not be read, so were not formatted" in result.stderr
    assert messy.read_text(encoding="utf-8") == CANONICAL
    assert broken.read_text(encoding="utf-8") == "id: broken\ntitle: [unclosed\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("due: 2024-02-30", "data/commitments/repair-survey.yaml:8:6: error: '2024-02-30' is "
         "not a real date (day is out of range for month) [schema-value]"),
        ("title:\tRepair survey", "data/commitments/repair-survey.yaml:3:7: error: tab "
         "character; indent and separate with spaces [yaml-tab]"),
    ],
)  # fmt: skip
def test_fmt_reports_what_only_the_round_trip_reader_refuses(
    minimal_group: Path, line: str, expected: str
) -> None:
    """An impossible date or a tab after a colon: the fast reader reads them,
    the round-trip one did not, and fmt crashed (exit 3)."""
    path = minimal_group / "data/commitments/repair-survey.yaml"
    key = line.split(":")[0]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(line + "\n" if item.startswith(key + ":") else item for item in lines)
    path.write_text(text, encoding="utf-8")
    for args in (["fmt"], ["fmt", "--check"]):
        result = run_cli("--root", str(minimal_group), *args)
        assert result.exit_code == 1
        assert expected in result.stderr
        assert "unexpected error" not in result.output
    assert path.read_text(encoding="utf-8") == text


def test_fmt_refuses_a_file_outside_the_records(minimal_group: Path) -> None:
    other = minimal_group / "notes.yaml"
    other.write_text("a: 1\n", encoding="utf-8")
    result = run_cli("--root", str(minimal_group), "fmt", str(other))
    assert result.exit_code == 2
    assert "is not a record file of this tracker" in result.stderr


def test_fmt_on_a_copy_of_the_bundled_data_changes_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "bundled"
    shutil.copytree(REPO_ROOT / "data", copy / "data")
    shutil.copy(REPO_ROOT / "tracker.yaml", copy / "tracker.yaml")
    before = {p: p.read_bytes() for p in copy.rglob("*.yaml")}
    result = run_cli("--root", str(copy), "fmt")
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in copy.rglob("*.yaml")} == before


def test_dates_in_date_fields_are_written_as_dates() -> None:
    text = "id: m\ntitle: M\ndate: '2024-01-01'\nkind: in-person\nstatus: held\n"
    formatted = format_text(text, Meeting)
    assert "date: 2024-01-01\n" in formatted
    assert isinstance(roundtrip.load_roundtrip(formatted)["date"], dt.date)


_FIELDS = {
    "id": "repair-survey",
    "number": "1",
    "title": "'Repair survey'",
    "text": '"Survey: the backlog."',
    "agreed_at": "2024-03-05-kickoff",
    "due_note": "'Before the summer break'",
    "due": "'2024-06-30'",
}
_LISTS = {
    "owners": ["north-tenants", "city-office"],
    "tags": ["'repairs'", "on"],
}


@st.composite
def _messy_commitments(draw: st.DrawFn) -> str:
    keys = draw(st.permutations([*_FIELDS, *_LISTS]))
    comment = st.sampled_from(["", "# note {n}\n", "\n", "\n# note {n}\n", "  # note {n}\n"])
    flow = draw(st.booleans())
    lines = []
    for n, key in enumerate(keys):
        lines.append(draw(comment).format(n=n))
        eol = draw(st.sampled_from(["", "  # eol {n}"])).format(n=n)
        if key in _LISTS:
            items = _LISTS[key]
            if flow:
                lines.append(f"{key}: [{', '.join(items)}]{eol}\n")
            else:
                lines.append(f"{key}:{eol}\n" + "".join(f"  - {item}\n" for item in items))
        else:
            lines.append(f"{key}: {_FIELDS[key]}{eol}\n")
    lines.append(draw(comment).format(n=99))
    return "".join(lines)


def _comments(text: str) -> list[str]:
    return sorted(part.split("#", 1)[1].strip() for part in text.splitlines() if "#" in part)


@settings(max_examples=150, deadline=None)
@given(_messy_commitments())
def test_fmt_keeps_meaning_and_every_comment_and_is_idempotent(text: str) -> None:
    once = format_text(text, CommitmentFile)
    assert reader.load(once) == reader.load(text)
    assert _comments(once) == _comments(text)
    assert format_text(once, CommitmentFile) == once
    keys = [line.split(":")[0] for line in once.splitlines() if line[:1].isalpha()]
    assert keys == [k for k in CommitmentFile.model_fields if k in keys]


def test_fmt_commit_with_dry_run_or_check_is_refused_before_anything(minimal_group: Path) -> None:
    messy = minimal_group / "data/commitments/repair-survey.yaml"
    messy.write_text(MESSY, encoding="utf-8")
    for flag in ("--dry-run", "--check", "--diff"):
        result = run_cli("--root", str(minimal_group), "fmt", "--commit", flag)
        assert result.exit_code == 2
        assert "error: --commit cannot be combined with --check, --diff or --dry-run" in (
            result.stderr
        )
        assert result.stdout == ""  # no diff printed before the refusal
    assert messy.read_text(encoding="utf-8") == MESSY


def test_fmt_commit_outside_git_writes_nothing(minimal_group: Path) -> None:
    messy = minimal_group / "data/commitments/repair-survey.yaml"
    messy.write_text(MESSY, encoding="utf-8")
    result = run_cli("--root", str(minimal_group), "fmt", "--commit")
    assert result.exit_code == 1
    assert "is not inside a git repository, so --commit cannot commit; nothing was written" in (
        result.stderr
    )
    assert messy.read_text(encoding="utf-8") == MESSY


def test_fmt_of_a_missing_file_is_a_usage_error(minimal_group: Path) -> None:
    missing = minimal_group / "data/commitments/nope.yaml"
    result = run_cli("--root", str(minimal_group), "fmt", str(missing))
    assert result.exit_code == 2
    assert f"error: {missing}: no such file" in result.stderr


def test_fmt_does_not_overwrite_a_file_edited_meanwhile(
    minimal_group: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file saved by an editor between formatting and writing: refused, and
    no file is written (not even the ones that did not change meanwhile)."""
    first = minimal_group / "data/commitments/repair-survey.yaml"
    first.write_text(MESSY, encoding="utf-8")
    second = minimal_group / "data/members/city-office.yaml"
    second.write_text(second.read_text().replace("  - name", "  -   name"), encoding="utf-8")
    real_format_text = canonical.format_text

    def format_then_someone_saves(text: str, layout: object, **kwargs: object) -> str:
        result = real_format_text(text, layout, **kwargs)  # type: ignore[arg-type]
        if layout is layout_of(CommitmentFile):
            first.write_text(MESSY + "# saved meanwhile\n", encoding="utf-8")
        return result

    monkeypatch.setattr("cso_tracker.write.fmt.format_text", format_then_someone_saves)
    before = second.read_bytes()
    result = run_cli("--root", str(minimal_group), "fmt")
    assert result.exit_code == 1
    assert (
        "error: data/commitments/repair-survey.yaml changed on disk since it was read; "
        "nothing was written"
    ) in result.stderr
    assert first.read_text(encoding="utf-8") == MESSY + "# saved meanwhile\n"
    assert second.read_bytes() == before
