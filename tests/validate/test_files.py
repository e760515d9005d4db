"""`tracker validate` and the files themselves: symbolic links, folders, pipes
and wrong suffixes where records live, records outside the record folders,
and files named on the command line (what is checked, what is a usage error)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from validate_helpers import (
    ERROR_CASES,
    REPAIR_SURVEY,
    TODAY,
    C,
    assert_no_traceback,
    lines,
    make_group,
    overwrite,
    validate,
)

from conftest import run_cli

# Date rules compare with a fixed day, so messages never change.
pytestmark = pytest.mark.today(TODAY)


# --- what lies where records live -----------------------------------------------------


def test_symlink_leading_out_of_data_is_refused_and_not_read(tmp_path: Path) -> None:
    root = make_group(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: secret\npassword: hunter2\n", encoding="utf-8")
    (root / C / "secret.yaml").symlink_to(secret)
    result = validate(root)
    assert lines(result) == [
        f"{C}secret.yaml:1:1: error: symbolic link to {secret}, outside data/; "
        "records must live in the repository [file-symlink]"
    ]
    assert "hunter2" not in result.output
    assert result.exit_code == 1


def test_symlink_loop_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    """A link to itself made validate exit 3 (RuntimeError: Symlink loop)."""
    root = make_group(tmp_path)
    (root / C / "loop.yaml").symlink_to("loop.yaml")
    result = validate(root)
    assert lines(result) == [
        C + "loop.yaml:1:1: error: cannot read: symbolic link that loops back on itself "
        "[file-unreadable]"
    ]
    assert result.exit_code == 1
    assert_no_traceback(result)


def test_broken_symlink_is_reported_not_skipped(tmp_path: Path) -> None:
    """A link to a record that was renamed or deleted was silently skipped (exit 0)."""
    root = make_group(tmp_path)
    (root / C / "survey-link.yaml").symlink_to("renamed-survey.yaml")
    result = validate(root)
    assert lines(result) == [
        C + "survey-link.yaml:1:1: error: cannot read: symbolic link to "
        "data/commitments/renamed-survey.yaml, which does not exist [file-unreadable]"
    ]
    assert result.exit_code == 1


def test_symlink_within_data_is_read(tmp_path: Path) -> None:
    """A link to another file inside data/ is an ordinary record file."""
    root = make_group(tmp_path)
    (root / C / "survey-link.yaml").symlink_to(root / REPAIR_SURVEY)
    result = validate(root)
    assert [line.split(": error: ")[0] for line in lines(result)] == [C + "survey-link.yaml:1:1"]
    assert "[id-duplicate]" in result.stdout


def test_folder_named_like_a_record_is_reported_not_skipped(tmp_path: Path) -> None:
    """A folder `x.yaml` was silently skipped, and `validate data/.../x.yaml` said
    '1 file checked: no problems'."""
    root = make_group(tmp_path)
    (root / C / "newsletter.yaml").mkdir()
    expected = [
        C + "newsletter.yaml:1:1: error: cannot read: a folder, named like a record file "
        "[file-unreadable]"
    ]
    result = validate(root)
    assert (lines(result), result.exit_code) == (expected, 1)
    result = validate(root, C + "newsletter.yaml", cwd=root)
    assert (lines(result), result.exit_code) == (expected, 1)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_named_pipe_named_like_a_record_is_reported_and_not_opened(tmp_path: Path) -> None:
    """Opening a FIFO would block for ever; it is reported without being read."""
    root = make_group(tmp_path)
    os.mkfifo(root / C / "pipe.yaml")
    result = validate(root)
    assert lines(result) == [
        C + "pipe.yaml:1:1: error: cannot read: not a regular file, named like a record file "
        "[file-unreadable]"
    ]
    assert result.exit_code == 1


@pytest.mark.parametrize("name", ["newsletter.YAML", "newsletter.Yml"])
def test_suffix_in_capitals_is_reported_not_skipped(tmp_path: Path, name: str) -> None:
    root = make_group(tmp_path)
    (root / C / name).write_text("id: newsletter\n", encoding="utf-8")
    expected = [
        f"{C}{name}:1:1: error: record files end in .yaml; rename to newsletter.yaml [file-suffix]"
    ]
    result = validate(root)
    assert (lines(result), result.exit_code) == (expected, 1)
    result = validate(root, C + name, cwd=root)
    assert (lines(result), result.exit_code) == (expected, 1)


def test_records_outside_the_record_folders_are_reported_not_skipped(tmp_path: Path) -> None:
    """A record in data/ itself or in a subfolder of a record folder was never
    read, and validate said nothing."""
    root = make_group(tmp_path)
    (root / "data" / "newsletter.yaml").write_text("id: newsletter\n", encoding="utf-8")
    (root / C / "archive").mkdir()
    (root / C / "archive" / "old.yml").write_text("id: old\n", encoding="utf-8")
    (root / C / "archive" / "README.md").write_text("not a record\n", encoding="utf-8")
    result = validate(root)
    assert lines(result) == [
        C + "archive/old.yml:1:1: error: not read: records are not read from subfolders; "
        "move it to data/commitments/ [file-location]",
        "data/newsletter.yaml:1:1: error: not read: records live in data/members/, "
        "data/meetings/, data/commitments/ or data/updates/<commitment-id>/, not in data/ "
        "itself [file-location]",
    ]
    assert result.exit_code == 1


# --- files named on the command line --------------------------------------------------


def test_named_file_reports_only_its_problems(tmp_path: Path) -> None:
    root = make_group(tmp_path, "several-problems")
    update = root / "data" / "updates" / "status-typo" / "2024-04-02-north-tenants.yaml"
    result = validate(root, str(root / C / "status-typo.yaml"), str(update))
    assert lines(result) == [
        C + "status-typo.yaml:8:1: error: unknown field 'deu'; did you mean 'due'? "
        "[schema-unknown-field]",
        ERROR_CASES["schema-enum"],
    ]
    assert result.exit_code == 1
    assert result.stderr.strip() == "2 files checked: 2 errors, 0 warnings"


def test_named_clean_file_passes_while_others_are_broken(tmp_path: Path) -> None:
    """A pre-commit hook on a good file is not blocked by another file's errors."""
    root = make_group(tmp_path, "several-problems")
    result = validate(root, REPAIR_SURVEY, cwd=root)
    assert (result.exit_code, result.stdout) == (0, "")


def test_named_files_relative_to_a_subfolder(tmp_path: Path) -> None:
    root = make_group(tmp_path, "several-problems")
    result = run_cli("validate", "status-typo.yaml", "owner-not-a-member.yaml",
                     cwd=root / C)  # fmt: skip
    assert result.exit_code == 1
    assert {line.split(":")[0] for line in lines(result)} == {
        C + "status-typo.yaml",
        C + "owner-not-a-member.yaml",
    }
    assert result.stderr.strip() == "2 files checked: 2 errors, 1 warning"


def test_named_symlink_leading_out_is_reported_not_a_usage_error(tmp_path: Path) -> None:
    root = make_group(tmp_path)
    (root / C / "outside.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (tmp_path / "elsewhere.yaml").write_text("id: outside\n", encoding="utf-8")
    result = validate(root, C + "outside.yaml", cwd=root)
    assert result.exit_code == 1
    assert result.stdout.startswith(C + "outside.yaml:1:1: error: symbolic link to ")


def test_nonexistent_file_is_a_usage_error(tmp_path: Path) -> None:
    root = make_group(tmp_path)
    result = validate(root, C + "no-such-record.yaml", cwd=root)
    assert result.exit_code == 2
    assert "error: data/commitments/no-such-record.yaml: no such file" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("outside", ["notes.yaml", "data/commitments",
                                     "data/other/thing.yaml", "../elsewhere.yaml"])  # fmt: skip
def test_file_outside_the_records_is_a_usage_error(tmp_path: Path, outside: str) -> None:
    root = make_group(tmp_path)
    for relative in ("notes.yaml", "data/other/thing.yaml", "../elsewhere.yaml"):
        overwrite(root, relative, "id: x\n")
    result = validate(root, outside, cwd=root)
    assert result.exit_code == 2
    assert f"error: {outside} is not a record file of this tracker" in result.stderr
    assert "hint: records are data/<members|meetings|commitments>/<id>.yaml" in result.stderr
