"""A group tunes the rules: `rules:` in tracker.yaml sets a rule to error,
warning or off; `validate`, the commands' warning and the write path's
refusal all follow it; a rule the tracker depends on cannot be weakened."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from validate_helpers import (
    DOCS,
    MEETING,
    TODAY,
    WARNING_CASES,
    lines,
    make_group,
    minimal,
    overwrite,
    validate,
)

from conftest import run_cli
from cso_tracker.checks.registry import RULES, Stage, why_kept

pytestmark = pytest.mark.today(TODAY)

SETTINGS = "tracker.yaml"


def with_rules(root: Path, *entries: str) -> Path:
    text = minimal(SETTINGS) + "rules:\n" + "".join(f"  {entry}\n" for entry in entries)
    overwrite(root, SETTINGS, text)
    return root


def test_a_warning_turned_off_is_not_reported(tmp_path: Path) -> None:
    root = make_group(tmp_path, "no-due-date")
    assert lines(validate(root)) == [WARNING_CASES["no-due-date"]]
    with_rules(root, "no-due-date: off")
    result = validate(root, "--strict")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.strip() == "6 files checked: no problems"


def test_a_warning_made_an_error_fails_validate(tmp_path: Path) -> None:
    root = with_rules(make_group(tmp_path, "no-due-date"), "no-due-date: error")
    result = validate(root)
    assert result.exit_code == 1
    assert lines(result) == [WARNING_CASES["no-due-date"].replace(": warning: ", ": error: ")]
    problems = json.loads(validate(root, "--format", "json").stdout)["problems"]
    assert [(p["rule"], p["severity"]) for p in problems] == [("no-due-date", "error")]


def test_an_error_made_a_warning_passes_validate(tmp_path: Path) -> None:
    root = with_rules(make_group(tmp_path, "closed-without-evidence"),
                      "closed-without-evidence: warning")  # fmt: skip
    result = validate(root)
    assert result.exit_code == 0
    assert [line.split(": ")[1] for line in lines(result)] == ["warning"]
    assert validate(root, "--strict").exit_code == 1


def test_the_write_path_follows_the_tuning(tmp_path: Path) -> None:
    """A rule off no longer refuses a change; a warning made an error does."""
    root = make_group(tmp_path)
    done = ("update", "repair-survey", "--status", "done", "--by", "north-tenants")
    refused = run_cli("--root", str(root), *done)
    assert refused.exit_code == 1
    assert "[closed-without-evidence]" in refused.stderr
    with_rules(root, "closed-without-evidence: off", "no-due-date: error")
    assert run_cli("--root", str(root), *done).exit_code == 0
    added = run_cli(
        "--root", str(root), "add", "--title", "Newsletter", "--text", "x",
        "--owner", "north-tenants", "--meeting", "2024-03-05-kickoff",
    )  # fmt: skip
    assert added.exit_code == 1
    assert (
        "data/commitments/newsletter.yaml:1:1: error: open commitment has no due date "
        "(tracker update ID --due YYYY-MM-DD) [no-due-date]" in added.stderr
    )
    assert not (root / "data/commitments/newsletter.yaml").exists()


def test_an_unknown_rule_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = with_rules(make_group(tmp_path), "no-due-date: off", "stale-items: warning")
    result = validate(root)
    assert result.exit_code == 1
    assert lines(result) == [
        "tracker.yaml:6:3: error: rules: 'stale-items' is not a rule; a rule's id is the word "
        "in brackets at the end of each line `tracker validate` prints [settings-rule]"
    ]


def test_a_level_that_is_not_one_is_a_schema_error(tmp_path: Path) -> None:
    root = with_rules(make_group(tmp_path), "no-due-date: silent")
    assert lines(validate(root)) == [
        "tracker.yaml:5:16: error: rules.no-due-date: 'silent' is not one of error, warning, "
        "off [schema-enum]"
    ]


@pytest.mark.parametrize(
    ("rule", "level", "why"),
    [
        ("yaml-syntax", "off", "a file that breaks it does not load, so its record would "
         "silently be missing"),
        ("schema-missing", "warning", "a file that breaks it does not load, so its record "
         "would silently be missing"),
        ("ref-member", "off", "a reference to no member makes the item nobody's"),
        ("acronym-duplicate", "warning", "a command given the acronym could not tell the "
         "members apart"),
    ],
)  # fmt: skip
def test_a_rule_the_tracker_depends_on_cannot_be_weakened(
    tmp_path: Path, rule: str, level: str, why: str
) -> None:
    """Refused at its line, and the rule still reported as an error."""
    root = with_rules(make_group(tmp_path, "ref-member"), f"{rule}: {level}")
    result = validate(root)
    assert result.exit_code == 1
    assert (
        f"tracker.yaml:5:3: error: rules: {rule} cannot be set to {level}: {why} "
        "[settings-rule]" in lines(result)
    )
    assert any(line.endswith("[ref-member]") and ": error: " in line for line in lines(result))


def test_a_kept_rule_may_be_set_to_error(tmp_path: Path) -> None:
    root = with_rules(make_group(tmp_path), "ref-member: error", "yaml-syntax: error")
    assert validate(root, "--strict").exit_code == 0


def test_commands_warn_of_errors_made_by_the_tuning(tmp_path: Path) -> None:
    """`tracker list` says some files have errors when a warning became one."""
    root = with_rules(make_group(tmp_path), "meeting-planned-in-past: error")
    overwrite(root, MEETING, minimal(MEETING).replace("status: held", "status: planned"))
    result = run_cli("--root", str(root), "list")
    assert result.exit_code == 0
    assert "warning: 1 file has errors" in result.stderr


def test_the_docs_list_the_rules_that_cannot_be_weakened() -> None:
    """docs/validate-json.md's "Tuning the rules" names each rule of the
    records that is kept, and says the file and schema rules are."""
    section = DOCS.read_text(encoding="utf-8").split("## Tuning the rules", 1)[1]
    listed = section.split("these rules across records:", 1)[1].split("An entry", 1)[0]
    kept = {r for r, rule in RULES.items() if rule.stage is Stage.RECORDS and why_kept(r)}
    assert set(re.findall(r"`([a-z-]+)`", listed)) == kept
    assert "every rule of reading a file or of the schema" in section


def test_the_tuning_survives_the_record_cache(tmp_path: Path) -> None:
    """A warm run reads tracker.yaml's settings from the cache: same verdict."""
    root = with_rules(make_group(tmp_path, "no-due-date"), "no-due-date: error")
    cold, warm = validate(root), validate(root)
    assert (warm.exit_code, lines(warm)) == (cold.exit_code, lines(cold)) == (
        1, [WARNING_CASES["no-due-date"].replace(": warning: ", ": error: ")]
    )  # fmt: skip
