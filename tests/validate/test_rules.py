"""`tracker validate`, rule by rule: one negative fixture per rule with its
exact located line, the rule registry, the docs' table of rules, and the
clean baseline every fixture breaks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from validate_helpers import (
    ALSO_REPORTED,
    BUILT_IN_TESTS,
    DEFECTS,
    DOCS,
    ERROR_CASES,
    FIXTURES,
    RULES,
    TODAY,
    WARNING_CASES,
    C,
    assert_no_traceback,
    lines,
    make_group,
    validate,
)

from conftest import REPO_ROOT
from cso_tracker.checks.registry import RULES as REGISTRY
from cso_tracker.checks.run import validate as validate_records
from cso_tracker.repo.load import load_repository

# Date rules compare with a fixed day, so messages never change.
pytestmark = pytest.mark.today(TODAY)


NOT_RULES = {"several-problems", DEFECTS.name}
"""The folders of FIXTURES that are not one rule's."""

POSITIVE = REPO_ROOT / "tests" / "fixtures" / "positive" / "every-field"


# --- the clean baseline ---------------------------------------------------------------


def test_minimal_group_is_clean(tmp_path: Path) -> None:
    """The base every fixture breaks validates with no problem at all."""
    result = validate(make_group(tmp_path))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.strip() == "5 files checked: no problems"


def _field_paths(model: type, prefix: str = "") -> set[str]:
    """'kind.field' for every field of a model and of the models inside it."""
    from typing import get_args

    from pydantic import BaseModel

    def inner(annotation: object) -> list[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [found for arg in get_args(annotation) for found in inner(arg)]

    paths: set[str] = set()
    for name, info in model.model_fields.items():  # type: ignore[attr-defined]
        paths.add(prefix + name)
        for nested in inner(info.annotation):
            paths |= _field_paths(nested, f"{prefix}{name}.")
    return paths


def _key_paths(value: object, prefix: str = "") -> set[str]:
    paths: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            paths |= {prefix + key} | _key_paths(item, f"{prefix}{key}.")
    elif isinstance(value, list):
        for item in value:
            paths |= _key_paths(item, prefix)
    return paths


def test_positive_fixture_uses_every_field_and_is_clean(tmp_path: Path) -> None:
    """Every field of the data contract, filled in (with a BOM and CRLF file
    among them): not one problem, even with --strict, in every format."""
    from cso_tracker.models import RECORD_MODELS
    from cso_tracker.yaml import reader

    for kind, model in RECORD_MODELS.items():
        used: set[str] = set()
        for path in (POSITIVE / "data" / kind).glob("**/*.yaml"):
            used |= _key_paths(reader.load(reader.decode(path.read_bytes())))
        assert _field_paths(model) - used == set(), kind
    root = make_group(tmp_path)
    shutil.copytree(POSITIVE, root, dirs_exist_ok=True)
    for output_format in ("text", "github", "json"):
        result = validate(root, "--strict", "--format", output_format)
        assert result.exit_code == 0, result.output
        assert ": error: " not in result.stdout and "::error" not in result.stdout
    assert validate(root).stderr.strip() == "19 files checked: no problems"


# --- the rules, the registry and the docs' table --------------------------------------


def test_every_rule_has_a_fixture_or_a_test() -> None:
    """A rule added to the validator needs a fixture here (and vice versa)."""
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()} - NOT_RULES
    assert folders == RULES - BUILT_IN_TESTS
    missing = sorted(RULES - set(REGISTRY))
    assert missing == [], "rules tested here that the validator no longer reports"
    untested = sorted(set(REGISTRY) - RULES - {"file-unreadable"})
    assert untested == [], "rules of the registry with no fixture or test here"


def test_every_rule_fires_with_its_registered_severity(tmp_path: Path) -> None:
    """What each fixture reports is a registered rule, at the severity the
    registry gives it (the docs' table is checked against the same registry)."""
    seen: set[str] = set()
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        if folder.name == DEFECTS.name:
            continue
        root = make_group(tmp_path / folder.name, folder.name)
        for problem in validate_records(load_repository(root), today=TODAY).problems:
            assert problem.rule in REGISTRY, problem
            assert problem.severity is REGISTRY[problem.rule].severity, problem
            seen.add(problem.rule)
    assert seen == RULES - BUILT_IN_TESTS


def test_cases_cover_every_fixture() -> None:
    """ERROR_CASES and WARNING_CASES name every fixture folder exactly once."""
    assert set(ERROR_CASES) | set(WARNING_CASES) == RULES - BUILT_IN_TESTS


def test_json_docs_list_every_rule_with_its_severity() -> None:
    table = re.findall(
        r"^\| `([a-z-]+)` \| (error|warning) \|", DOCS.read_text(encoding="utf-8"), re.MULTILINE
    )
    assert {rule for rule, _ in table} == RULES | {"file-unreadable"}
    assert {rule for rule, severity in table if severity == "warning"} == set(WARNING_CASES)


def test_json_docs_table_is_the_rule_registry() -> None:
    """The docs' table says, rule by rule, what checks/registry.py says."""
    table = re.findall(
        r"^\| `([a-z-]+)` \| (error|warning) \| (.*) \|$",
        DOCS.read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    assert table == [(r.id, r.severity.value, r.summary) for r in REGISTRY.values()]


# --- one fixture per rule -------------------------------------------------------------


@pytest.mark.parametrize("rule", sorted(ERROR_CASES))
def test_error_rule(tmp_path: Path, rule: str) -> None:
    """Each broken fixture yields exactly its one located error, and exit 1."""
    result = validate(make_group(tmp_path, rule))
    expected = sorted([ERROR_CASES[rule], *ALSO_REPORTED.get(rule, [])])
    assert lines(result) == expected
    assert result.exit_code == 1
    assert_no_traceback(result)
    errors = f"{len(expected)} error" + ("s" if len(expected) > 1 else "")
    assert result.stderr.strip().endswith(f": {errors}, 0 warnings")


@pytest.mark.parametrize("rule", sorted(WARNING_CASES))
def test_warning_rule(tmp_path: Path, rule: str) -> None:
    """A warning is printed but passes (exit 0); --strict makes it fail (exit 1)."""
    root = make_group(tmp_path, rule)
    result = validate(root)
    assert lines(result) == [WARNING_CASES[rule]]
    assert result.exit_code == 0
    assert_no_traceback(result)
    assert result.stderr.strip().endswith(": 0 errors, 1 warning")
    strict = validate(root, "--strict")
    assert lines(strict) == [WARNING_CASES[rule]]
    assert strict.exit_code == 1


def test_strict_on_a_clean_group_passes(tmp_path: Path) -> None:
    assert validate(make_group(tmp_path), "--strict").exit_code == 0


def test_every_problem_in_one_run_sorted_by_file_and_line(tmp_path: Path) -> None:
    """Collect, then report: errors and warnings of several files, in order."""
    result = validate(make_group(tmp_path, "several-problems"))
    assert lines(result) == [
        C + "owner-not-a-member.yaml:1:1: warning: open commitment has no due date "
        "(tracker update ID --due YYYY-MM-DD) [no-due-date]",
        ERROR_CASES["ref-member"],
        C + "status-typo.yaml:8:1: error: unknown field 'deu'; did you mean 'due'? "
        "[schema-unknown-field]",
        WARNING_CASES["meeting-planned-in-past"],
        WARNING_CASES["no-focal-point"],
        ERROR_CASES["schema-enum"],
    ]
    assert result.exit_code == 1
    assert result.stderr.strip() == "11 files checked: 3 errors, 3 warnings"


def test_settings_file_is_validated_too(tmp_path: Path) -> None:
    """tracker.yaml is checked with the same located messages."""
    root = make_group(tmp_path)
    (root / "tracker.yaml").write_text("group: Lakeside\nstale_after_days: 0\n", encoding="utf-8")
    result = validate(root)
    assert lines(result) == [
        "tracker.yaml:2:19: error: stale_after_days: expected a number of at least 1, "
        "got 0 (a whole number) [schema-type]"
    ]
    assert result.exit_code == 1


def test_huge_settings_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    """(A file that cannot be read, settings or record, is tested with real
    permissions in tests/test_source_file_types.py.)"""
    root = make_group(tmp_path)
    settings_file = root / "tracker.yaml"
    settings_file.write_text("group: x\n" + "#" * 300_000 + "\n", encoding="utf-8")
    result = validate(root)
    assert lines(result) == [
        "tracker.yaml:1:1: error: file is 300,010 bytes; the limit is 262,144 bytes [file-too-large]"
    ]
