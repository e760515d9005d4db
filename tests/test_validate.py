"""`tracker validate`: one fixture per rule, hostile input, output formats,
files named on the command line, finding the root, and the bundled record.

Each negative fixture (tests/fixtures/negative/<rule>/) holds only the broken
file(s); `make_group` lays it over a copy of the minimal fictional group from
conftest, which validates clean on its own. Expected lines are exact: a new
rule that fires on a fixture, or a moved column, shows up as a failure.

Set TRACKER_UPDATE_EXPECTED=1 to rewrite tests/expected/ from the current
output (then read the diff before committing it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import (
    MINIMAL_GROUP,
    REPO_ROOT,
    Result,
    run_cli,
    run_tracker,
    write_records,
)
from cso_tracker import __version__
from cso_tracker.checks.registry import RULES as REGISTRY
from cso_tracker.checks.run import validate as validate_records
from cso_tracker.repo.load import load_repository

FIXTURES = Path(__file__).parent / "fixtures" / "negative"
EXPECTED = Path(__file__).parent / "expected"
TODAY = dt.date(2025, 1, 15)
REPAIR_SURVEY = "data/commitments/repair-survey.yaml"

# Every rule the validator reports, each covered below by a fixture folder or,
# for the ones that cannot be checked in (a 1 MB file, a symlink leading out
# of the repository, an unreadable file), by a test that builds the case.
RULES = frozenset({
    "yaml-syntax", "yaml-duplicate-key", "yaml-tag", "yaml-alias", "yaml-too-deep", "yaml-tab",
    "yaml-empty", "yaml-not-mapping", "yaml-encoding", "yaml-multiple-documents",
    "yaml-complex-key", "file-too-large", "file-suffix", "file-symlink", "id-mismatch",
    "id-duplicate", "schema-missing", "schema-unknown-field", "schema-enum", "schema-type",
    "schema-value", "ref-member", "ref-person", "ref-meeting", "owners-missing",
    "number-duplicate", "person-duplicate", "attendance-duplicate", "update-order",
    "update-before-agreed", "update-in-future", "due-before-agreed", "status-without-update",
    "status-mismatch", "closed-without-evidence", "dropped-without-note", "date-order",
    "meeting-held-in-future", "meeting-planned-in-past", "no-due-date", "no-focal-point",
    "member-left", "file-location", "owner-duplicate",
})  # fmt: skip
BUILT_IN_TESTS = frozenset({"file-too-large", "file-symlink"})

# Date rules compare with a fixed day, so messages never change.
pytestmark = pytest.mark.today(TODAY)


def make_group(tmp_path: Path, fixture: str | None = None) -> Path:
    """The minimal group, with a negative fixture's files laid over it."""
    root = write_records(tmp_path / "group", MINIMAL_GROUP)
    if fixture is not None:
        shutil.copytree(FIXTURES / fixture, root, dirs_exist_ok=True)
    return root


def validate(root: Path, *args: str, cwd: Path | None = None) -> Result:
    return run_cli("--root", str(root), "validate", *args, cwd=cwd)


def lines(result: Result) -> list[str]:
    return result.stdout.splitlines()


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert "unexpected error" not in result.output


# --- the clean baseline ---------------------------------------------------------


def test_minimal_group_is_clean(tmp_path: Path) -> None:
    """The base every fixture breaks validates with no problem at all."""
    result = validate(make_group(tmp_path))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.strip() == "4 files checked: no problems"


POSITIVE = Path(__file__).parent / "fixtures" / "positive" / "every-field"


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
        for path in (POSITIVE / "data" / kind).glob("*.yaml"):
            used |= _key_paths(reader.load(reader.decode(path.read_bytes())))
        assert _field_paths(model) - used == set(), kind
    root = make_group(tmp_path)
    shutil.copytree(POSITIVE, root, dirs_exist_ok=True)
    for output_format in ("text", "github", "json"):
        result = validate(root, "--strict", "--format", output_format)
        assert result.exit_code == 0, result.output
        assert ": error: " not in result.stdout and "::error" not in result.stdout
    assert validate(root).stderr.strip() == "11 files checked: no problems"


def test_every_rule_has_a_fixture_or_a_test() -> None:
    """A rule added to the validator needs a fixture here (and vice versa)."""
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()} - {"several-problems"}
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
        root = make_group(tmp_path / folder.name, folder.name)
        for problem in validate_records(load_repository(root), today=TODAY).problems:
            assert problem.rule in REGISTRY, problem
            assert problem.severity is REGISTRY[problem.rule].severity, problem
            seen.add(problem.rule)
    assert seen == RULES - BUILT_IN_TESTS


# --- one fixture per rule: errors ------------------------------------------------

C = "data/commitments/"
M = "data/meetings/"
P = "data/members/"

ERROR_CASES = {
    "yaml-syntax": C + "unclosed-bracket.yaml:5:9: error: this '[' is never closed: expected "
    "',' or ']' before line 6, column 7 [yaml-syntax]",
    "yaml-duplicate-key": C + "title-twice.yaml:9:1: error: duplicate key 'title': "
    "each key may appear once in a mapping [yaml-duplicate-key]",
    "yaml-tag": C + "python-object-tag.yaml:3:7: error: tag "
    "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in records; "
    "remove it [yaml-tag]",
    "yaml-alias": C + "alias-bomb.yaml:2:4: error: anchors and aliases (&name, *name) are "
    "not allowed in records; write the value out [yaml-alias]",
    "yaml-too-deep": C + "deep-nesting.yaml:9:39: error: brackets nested more than 32 "
    "levels deep [yaml-too-deep]",
    "yaml-tab": C + "tab-indent.yaml:6:1: error: tab character; indent and separate with "
    "spaces [yaml-tab]",
    "yaml-empty": C + "empty-file.yaml:1:1: error: file is empty [yaml-empty]",
    "yaml-not-mapping": C + "list-document.yaml:1:1: error: a record is a mapping of fields "
    "(key: value), but this file holds a list [yaml-not-mapping]",
    "yaml-encoding": C + "latin-1-accent.yaml:2:11: error: invalid UTF-8 (byte 0xe9); "
    "save the file as UTF-8 [yaml-encoding]",
    "yaml-multiple-documents": C + "two-documents.yaml:9:1: error: a record file holds one "
    "document; found a second one (---) [yaml-multiple-documents]",
    "yaml-complex-key": C + "list-as-key.yaml:9:1: error: a key must be a plain name, not a "
    "list or mapping [yaml-complex-key]",
    "file-suffix": C + "wrong-suffix.yml:1:1: error: record files end in .yaml; rename to "
    "wrong-suffix.yaml [file-suffix]",
    "id-mismatch": C + "id-not-file-name.yaml:1:5: error: id 'newsletter' does not match the "
    "file name; rename the file to newsletter.yaml or set id: id-not-file-name [id-mismatch]",
    "id-duplicate": C + "survey-copy.yaml:1:1: error: id 'repair-survey' is already used by "
    "data/commitments/repair-survey.yaml [id-duplicate]",
    "schema-missing": C + "missing-title.yaml:1:1: error: missing required field 'title' "
    "[schema-missing]",
    "schema-unknown-field": C + "misspelled-field.yaml:8:1: error: unknown field 'deu'; "
    "did you mean 'due'? [schema-unknown-field]",
    "schema-enum": C + "status-typo.yaml:7:9: error: status: 'agred' is not one of agreed, "
    "in-progress, stalled, done, partial, dropped; did you mean 'agreed'? [schema-enum]",
    "schema-type": C + "number-in-words.yaml:9:9: error: number: expected a whole number, "
    "got 'two' (text) [schema-type]",
    "schema-value": C + "impossible-date.yaml:8:6: error: due: '2024-02-30' is not a real date "
    "(day is out of range for month) [schema-value]",
    "ref-member": C + "owner-not-a-member.yaml:6:5: error: owner 'north-tenant' is not a member; "
    "did you mean 'north-tenants'? [ref-member]",
    "owner-duplicate": C + "owner-listed-twice.yaml:7:5: error: 'north-tenants' is listed "
    "twice in owners [owner-duplicate]",
    "ref-person": C + "author-not-a-person.yaml:12:13: error: author 'Ana Ferriera' is not one of "
    "the people of north-tenants; did you mean 'Ana Ferreira'? [ref-person]",
    "ref-meeting": C + "unknown-meeting.yaml:4:12: error: agreed_at '2024-03-06-kickoff' is "
    "not a meeting; did you mean '2024-03-05-kickoff'? [ref-meeting]",
    "owners-missing": C + "no-owners.yaml:1:1: error: a commitment needs at least one owner "
    "(owners: [member-id]) [owners-missing]",
    "number-duplicate": C + "survey-number-taken.yaml:9:9: error: number 1 of meeting "
    "'2024-03-05-kickoff' is also used by 'repair-survey' [number-duplicate]",
    "person-duplicate": P + "person-listed-twice.yaml:8:11: error: 'Lena Okafor' is listed "
    "twice in people [person-duplicate]",
    "attendance-duplicate": M + "2024-04-10-member-listed-twice.yaml:11:13: error: "
    "'north-tenants' is listed twice in attendees [attendance-duplicate]",
    "update-order": C + "updates-out-of-order.yaml:14:11: error: update dated 2024-04-20 comes "
    "after one dated 2024-05-10; updates are appended in date order [update-order]",
    "update-before-agreed": C + "update-before-meeting.yaml:10:11: error: update dated "
    "2024-03-01 is before the meeting that agreed the commitment (2024-03-05-kickoff, "
    "2024-03-05) [update-before-agreed]",
    "update-in-future": C + "update-in-future.yaml:14:11: error: update dated 2999-01-01 is in "
    "the future (today is 2025-01-15) [update-in-future]",
    "due-before-agreed": C + "due-before-meeting.yaml:8:6: error: due 2024-03-01 is before the "
    "meeting that agreed it (2024-03-05) [due-before-agreed]",
    "status-without-update": C + "status-without-update.yaml:7:9: error: status 'stalled' "
    "needs an update saying what happened (tracker update ID --status ... --note ...) "
    "[status-without-update]",
    "status-mismatch": C + "status-mismatch.yaml:7:9: error: status is 'stalled' but the "
    "latest update that sets one (updates[0], 2024-04-01) says 'in-progress' "
    "[status-mismatch]",
    "closed-without-evidence": C + "done-without-evidence.yaml:10:5: error: status 'done' "
    "needs evidence (a URL or document reference) on the update that sets it "
    "[closed-without-evidence]",
    "dropped-without-note": C + "dropped-without-note.yaml:10:5: error: status 'dropped' "
    "needs a note on the update that sets it, saying why [dropped-without-note]",
    "date-order": M + "2024-05-02-ends-before-it-starts.yaml:4:6: error: end 2024-05-01 is "
    "before the start date 2024-05-02 [date-order]",
    "meeting-held-in-future": M + "2999-01-01-held-in-future.yaml:5:9: error: meeting is "
    "marked held but its date 2999-01-01 is in the future [meeting-held-in-future]",
    "file-location": "data/comitments/newsletter.yaml:1:1: error: not read: data/comitments/ "
    "is not a record folder; did you mean 'commitments'? records live in data/members/, "
    "data/meetings/ or data/commitments/ [file-location]",
}

WARNING_CASES = {
    "meeting-planned-in-past": M + "2024-02-01-still-planned.yaml:5:9: warning: meeting was "
    "planned for 2024-02-01; mark it held or cancelled [meeting-planned-in-past]",
    "no-due-date": C + "no-due-date.yaml:1:1: warning: open commitment has no due date "
    "(tracker update ID --due YYYY-MM-DD) [no-due-date]",
    "no-focal-point": P + "harbour-residents.yaml:1:1: warning: HRA owns 1 open commitment but "
    "has no focal point (set focal_point: true on one of its people) [no-focal-point]",
    "member-left": C + "update-after-leaving.yaml:11:9: warning: 'former-member' had left the "
    "group before 2024-04-02 [member-left]",
}


# A rule between two records reports it on both, so that a pre-commit hook
# naming either file stops the commit: these lines come with ERROR_CASES'.
ALSO_REPORTED = {
    "number-duplicate": [
        REPAIR_SURVEY + ":2:9: error: number 1 of meeting '2024-03-05-kickoff' is also used "
        "by 'survey-number-taken' [number-duplicate]"
    ],
}


def test_cases_cover_every_fixture() -> None:
    """The tables above name every fixture folder exactly once."""
    assert set(ERROR_CASES) | set(WARNING_CASES) == RULES - BUILT_IN_TESTS


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
        ERROR_CASES["schema-enum"],
        C + "status-typo.yaml:9:1: error: unknown field 'deu'; did you mean 'due'? "
        "[schema-unknown-field]",
        WARNING_CASES["meeting-planned-in-past"],
        WARNING_CASES["no-focal-point"],
    ]
    assert result.exit_code == 1
    assert result.stderr.strip() == "9 files checked: 3 errors, 3 warnings"


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


def test_unreadable_file_is_a_problem_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that cannot be read is reported (and the others still checked)."""
    root = make_group(tmp_path, "ref-member")
    blocked = root / REPAIR_SURVEY
    real_read_bytes = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        # chmod 000 does not stop root, so refuse the read the way the OS would.
        if path == blocked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = validate(root)
    assert lines(result) == [
        ERROR_CASES["ref-member"],
        REPAIR_SURVEY + ":1:1: error: cannot read: Permission denied [file-unreadable]",
    ]
    assert result.exit_code == 1


def test_unreadable_or_huge_settings_file_is_a_problem_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_group(tmp_path)
    settings_file = root / "tracker.yaml"
    real_read_bytes = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path == settings_file:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    with monkeypatch.context() as patch:
        patch.setattr(Path, "read_bytes", read_bytes)
        result = validate(root)
    assert lines(result) == [
        "tracker.yaml:1:1: error: cannot read: Permission denied [file-unreadable]"
    ]
    assert result.exit_code == 1
    settings_file.write_text("group: x\n" + "#" * 300_000 + "\n", encoding="utf-8")
    result = validate(root)
    assert lines(result) == [
        "tracker.yaml:1:1: error: file is 300,010 bytes; the limit is 262,144 bytes [file-too-large]"
    ]


# --- schema problems inside nested records ------------------------------------------

MEETING = "data/meetings/2024-03-05-kickoff.yaml"
MEMBER = "data/members/north-tenants.yaml"


@pytest.mark.parametrize(
    ("relative", "old", "new", "expected"),
    [
        (REPAIR_SURVEY, "    by: north-tenants\n", "",
         "11:5: error: missing required field 'by' in updates[0] [schema-missing]"),
        (REPAIR_SURVEY, "    by: north-tenants\n", "    by: north-tenants\n    bye: x\n",
         "13:5: error: unknown field 'updates[0].bye'; did you mean 'by'? [schema-unknown-field]"),
        (REPAIR_SURVEY, "    status: in-progress", "    status: finished",
         "14:13: error: updates[0].status: 'finished' is not one of agreed, in-progress, "
         "stalled, done, partial, dropped [schema-enum]"),
        (REPAIR_SURVEY, "  - date: 2024-04-02", "  - date: 2024-4-2",
         "11:11: error: updates[0].date: expected a date as YYYY-MM-DD, got '2024-4-2' "
         "[schema-value]"),
        (REPAIR_SURVEY, "status: in-progress\ndue", "status: [done]\ndue",
         "8:9: error: status: expected one of agreed, in-progress, stalled, done, partial, "
         "dropped, got a list [schema-enum]"),
        (REPAIR_SURVEY, "title: Repair survey", "title: ''",
         "3:8: error: title: must not be empty [schema-type]"),
        (REPAIR_SURVEY, "id: repair-survey", "id: Repair-Survey",
         "1:5: error: id: 'Repair-Survey' is not a valid id: use lowercase letters, digits and "
         "single hyphens [schema-value]"),
        (MEMBER, "focal_point: true", "focal_point: yes",
         "8:18: error: people[0].focal_point: expected true or false, got 'yes' (text) "
         "[schema-type]"),
        (MEETING, "    people:\n      - Ana Ferreira", "    people: Ana Ferreira",
         "9:13: error: attendees[0].people: expected a list, got 'Ana Ferreira' (text) "
         "[schema-type]"),
        (MEETING, "status: held", "status: held\nagenda:\n  - start: 9:00\n    title: Welcome",
         "7:12: error: agenda[0].start: expected a time as HH:MM (24-hour), got '9:00' "
         "[schema-value]"),
    ],
)  # fmt: skip
def test_schema_problems_point_into_nested_records(
    tmp_path: Path, relative: str, old: str, new: str, expected: str
) -> None:
    """The exact key, value or list item, in words a member knows; and a broken
    record does not drag a cascade of "is not a member" errors behind it."""
    root = make_group(tmp_path)
    original = minimal(relative)
    assert old in original
    overwrite(root, relative, original.replace(old, new, 1))
    result = validate(root)
    assert lines(result) == [f"{relative}:{expected}"]
    assert result.exit_code == 1


def test_broken_member_is_not_reported_again_where_it_is_named(tmp_path: Path) -> None:
    """The member's own error is enough; the commitment and meeting naming it pass."""
    root = make_group(tmp_path)
    overwrite(root, MEMBER, minimal(MEMBER).replace("type: civil-society", "type: ngo"))
    assert [line.split(": error: ")[0] for line in lines(validate(root))] == [MEMBER + ":4:7"]
    result = validate(root, REPAIR_SURVEY, MEETING, cwd=root)
    assert (result.exit_code, result.stdout) == (0, "")


def test_a_missing_member_is_still_reported(tmp_path: Path) -> None:
    """Only a broken file silences references; a deleted one does not."""
    root = make_group(tmp_path)
    (root / MEMBER).unlink()
    assert lines(validate(root)) == [
        REPAIR_SURVEY + ":7:5: error: owner 'north-tenants' is not a member [ref-member]",
        REPAIR_SURVEY + ":12:9: error: update by 'north-tenants' is not a member [ref-member]",
        MEETING + ":8:13: error: attendee 'north-tenants' is not a member [ref-member]",
    ]


# --- hostile input ------------------------------------------------------------------


def overwrite(root: Path, relative: str, data: bytes | str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def minimal(relative: str) -> str:
    """A file of the minimal group as it is written to disk."""
    import textwrap

    return textwrap.dedent(MINIMAL_GROUP[relative]).lstrip("\n")


def test_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """Billion laughs: refused at the first anchor, before anything expands."""
    started = time.perf_counter()
    result = validate(make_group(tmp_path, "yaml-alias"))
    assert time.perf_counter() - started < 2
    assert result.exit_code == 1
    assert "[yaml-alias]" in result.stdout


def test_python_object_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    """!!python/object/apply:os.system would create a file if it ran."""
    root = make_group(tmp_path, "yaml-tag")
    result = validate(root, cwd=root)
    assert lines(result) == [ERROR_CASES["yaml-tag"]]
    assert not (root / "pwned-by-yaml").exists()
    assert list(tmp_path.rglob("pwned-by-yaml")) == []


@pytest.mark.parametrize("tag", ["!!python/name:os.system", "!!binary aGk=", "!!set {a: null}",
                                 "!local thing", "!!timestamp 2024-01-01"])  # fmt: skip
def test_other_constructing_tags_are_refused(tmp_path: Path, tag: str) -> None:
    root = make_group(tmp_path)
    overwrite(root, REPAIR_SURVEY, minimal(REPAIR_SURVEY) + f"tags: {tag}\n")
    result = validate(root)
    assert result.exit_code == 1
    assert re.fullmatch(
        rf"{REPAIR_SURVEY}:16:7: error: tag '[^']+' is not allowed in records; remove it "
        r"\[yaml-tag\]",
        result.stdout.strip(),
    )


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    """A 1 MB record file is refused from its size, without being parsed."""
    root = make_group(tmp_path)
    overwrite(root, C + "huge.yaml", "id: huge\ntext: " + "a" * (1024 * 1024) + "\n")
    started = time.perf_counter()
    result = validate(root)
    assert time.perf_counter() - started < 2
    assert lines(result) == [
        C + "huge.yaml:1:1: error: file is 1,048,592 bytes; records are limited to "
        "262,144 bytes [file-too-large]"
    ]
    assert result.exit_code == 1


def test_hundred_thousand_open_brackets_are_refused_quickly(tmp_path: Path) -> None:
    """libyaml's flow scanner is quadratic: deep nesting is cut off first."""
    root = make_group(tmp_path)
    overwrite(root, C + "brackets.yaml", "[" * 100_000)
    started = time.perf_counter()
    result = validate(root)
    assert time.perf_counter() - started < 2
    assert lines(result) == [
        C + "brackets.yaml:1:33: error: brackets nested more than 32 levels deep [yaml-too-deep]"
    ]


def test_deep_block_nesting_is_refused(tmp_path: Path) -> None:
    root = make_group(tmp_path)
    overwrite(root, C + "block-nesting.yaml", "- " * 20_000 + "x\n")
    result = validate(root)
    assert lines(result) == [
        C + "block-nesting.yaml:1:65: error: nested more than 32 levels deep [yaml-too-deep]"
    ]


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
        "data/meetings/ or data/commitments/, not in data/ itself [file-location]",
    ]
    assert result.exit_code == 1


def test_symlink_within_data_is_read(tmp_path: Path) -> None:
    """A link to another file inside data/ is an ordinary record file."""
    root = make_group(tmp_path)
    (root / C / "survey-link.yaml").symlink_to(root / REPAIR_SURVEY)
    result = validate(root)
    assert [line.split(": error: ")[0] for line in lines(result)] == [C + "survey-link.yaml:1:1"]
    assert "[id-duplicate]" in result.stdout


def test_invalid_utf8_is_located_in_characters(tmp_path: Path) -> None:
    """The column counts characters, so accented letters before it do not shift it."""
    root = make_group(tmp_path)
    text = minimal(REPAIR_SURVEY).replace("title: Repair survey", "title: Réparé \udcff survey")
    overwrite(root, REPAIR_SURVEY, text.encode("utf-8", errors="surrogateescape"))
    result = validate(root)
    assert lines(result) == [
        REPAIR_SURVEY + ":3:15: error: invalid UTF-8 (byte 0xff); save the file as UTF-8 "
        "[yaml-encoding]"
    ]


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\ufffe"])
def test_control_characters_are_located(tmp_path: Path, character: str) -> None:
    root = make_group(tmp_path)
    text = minimal(REPAIR_SURVEY).replace("Repair survey", f"Réparé {character} survey")
    overwrite(root, REPAIR_SURVEY, text)
    result = validate(root)
    assert lines(result) == [
        f"{REPAIR_SURVEY}:3:15: error: character U+{ord(character):04X} is not allowed "
        "(control characters are not allowed) [yaml-syntax]"
    ]
    assert result.exit_code == 1


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    root = make_group(tmp_path)
    overwrite(root, REPAIR_SURVEY, "\ufeff" + minimal(REPAIR_SURVEY))
    result = validate(root)
    assert (result.exit_code, result.stdout) == (0, "")


def test_byte_order_mark_does_not_shift_columns(tmp_path: Path) -> None:
    root = make_group(tmp_path)
    text = "\ufeff" + minimal(REPAIR_SURVEY).replace("status: in-progress\ndue", "status: x\ndue")
    overwrite(root, REPAIR_SURVEY, text)
    assert lines(validate(root))[0].startswith(REPAIR_SURVEY + ":8:9: error: status: 'x'")


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "---\n", "~\n"])
def test_empty_files_are_refused(tmp_path: Path, content: str) -> None:
    root = make_group(tmp_path)
    overwrite(root, REPAIR_SURVEY, content)
    result = validate(root)
    assert lines(result) == [REPAIR_SURVEY + ":1:1: error: file is empty [yaml-empty]"]


@pytest.mark.parametrize(("content", "shape"), [
    ("- id: repair-survey\n", "a list"),
    ("repair-survey\n", "a single value"),
    ("42\n", "a single value"),
    ("[]\n", "a list"),
])  # fmt: skip
def test_documents_that_are_not_a_mapping(tmp_path: Path, content: str, shape: str) -> None:
    root = make_group(tmp_path)
    overwrite(root, REPAIR_SURVEY, content)
    assert lines(validate(root)) == [
        f"{REPAIR_SURVEY}:1:1: error: a record is a mapping of fields (key: value), "
        f"but this file holds {shape} [yaml-not-mapping]"
    ]


def test_a_title_of_only_spaces_is_refused(tmp_path: Path) -> None:
    """`title: '   '` passed (only the empty text was refused)."""
    root = make_group(tmp_path)
    overwrite(root, REPAIR_SURVEY, minimal(REPAIR_SURVEY).replace(
        "title: Repair survey", "title: '   '"))  # fmt: skip
    result = validate(root)
    assert lines(result) == [
        REPAIR_SURVEY + ":3:8: error: title: must not be blank (it holds only spaces) "
        "[schema-value]"
    ]
    assert result.exit_code == 1


def test_an_email_that_is_not_one_is_refused(tmp_path: Path) -> None:
    """`email: not an email` passed: any text was taken."""
    root = make_group(tmp_path)
    member = "data/members/north-tenants.yaml"
    text = minimal(member).replace(
        "    focal_point: true\n", "    focal_point: true\n    email: Ana Ferreira\n", 1
    )
    assert "email: Ana Ferreira" in text
    overwrite(root, member, text)
    line = text.splitlines().index("    email: Ana Ferreira") + 1
    result = validate(root)
    assert lines(result) == [
        f"{member}:{line}:12: error: people[0].email: expected an email address such as "
        "name@example.org, got 'Ana Ferreira' [schema-value]"
    ]
    assert result.exit_code == 1


def test_agenda_item_ending_before_it_starts(tmp_path: Path) -> None:
    """09:45 to 09:15 was accepted; a slip of the keyboard in a timed programme."""
    root = make_group(tmp_path)
    kickoff = "data/meetings/2024-03-05-kickoff.yaml"
    text = minimal(kickoff) + (
        'agenda:\n  - start: "09:00"\n    end: "09:45"\n    title: Welcome\n'
        '  - start: "09:45"\n    end: "09:15"\n    title: Repairs\n'
    )
    overwrite(root, kickoff, text)
    line = text.splitlines().index('    end: "09:15"') + 1
    result = validate(root)
    assert lines(result) == [
        f"{kickoff}:{line}:10: error: agenda item ends at 09:15, before it starts at 09:45 "
        "[date-order]"
    ]
    assert result.exit_code == 1


def test_crlf_files_validate_fine(tmp_path: Path) -> None:
    """Files saved on Windows (CRLF) are as valid as LF ones."""
    root = make_group(tmp_path)
    for path in (root / "data").rglob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    (root / "tracker.yaml").write_bytes(
        (root / "tracker.yaml").read_bytes().replace(b"\n", b"\r\n")
    )
    result = validate(root)
    assert (result.exit_code, result.stdout) == (0, "")


def test_crlf_files_are_located_like_lf_ones(tmp_path: Path) -> None:
    root = make_group(tmp_path, "ref-person")
    path = root / C / "author-not-a-person.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert lines(validate(root)) == [ERROR_CASES["ref-person"]]


def test_every_tab_is_reported_even_the_one_that_stops_the_parser(tmp_path: Path) -> None:
    """Every tab is reported, even when one of them also stops the parser."""
    root = make_group(tmp_path)
    text = minimal(REPAIR_SURVEY).replace("  - north-tenants", "\t- north-tenants")
    overwrite(root, REPAIR_SURVEY, text.replace("note: Questionnaire", "note:\tQuestionnaire"))
    assert lines(validate(root)) == [
        REPAIR_SURVEY + ":7:1: error: tab character; indent and separate with spaces [yaml-tab]",
        REPAIR_SURVEY + ":15:10: error: tab character; indent and separate with spaces [yaml-tab]",
    ]


def test_number_too_long_for_python_is_refused(tmp_path: Path) -> None:
    """int() refuses over 4,300 digits; that must be a located problem, not a crash."""
    root = make_group(tmp_path)
    overwrite(
        root, REPAIR_SURVEY, minimal(REPAIR_SURVEY).replace("number: 1", "number: " + "9" * 5000)
    )
    result = validate(root)
    assert lines(result) == [
        REPAIR_SURVEY + ":2:9: error: a number of 5,000 digits is too long; quote it if it is "
        "text [schema-value]"
    ]
    assert result.exit_code == 1


HOSTILE_FILES: dict[str, bytes] = {
    C + "alias-bomb.yaml": (FIXTURES / "yaml-alias" / C / "alias-bomb.yaml").read_bytes(),
    C + "python-object-tag.yaml": (FIXTURES / "yaml-tag" / C / "python-object-tag.yaml").read_bytes(),
    C + "huge.yaml": b"id: huge\ntext: " + b"a" * (1024 * 1024) + b"\n",
    C + "brackets.yaml": b"[" * 100_000,
    C + "latin-1.yaml": "id: latin-1\ntitle: Café\n".encode("latin-1"),
    C + "bell.yaml": b"id: bell\ntitle: ring \x07\n",
    C + "empty.yaml": b"",
    C + "list.yaml": b"- a\n- b\n",
    C + "two.yaml": b"id: two\n---\nid: two\n",
    C + "long-number.yaml": b"id: long-number\nnumber: " + b"9" * 5000 + b"\n",
    C + "with-bom.yaml": b"\xef\xbb\xbf" + minimal(REPAIR_SURVEY).replace(
        "repair-survey", "with-bom").replace("number: 1", "number: 2").encode(),
}  # fmt: skip


def test_hostile_corpus_through_the_real_command(tmp_path: Path) -> None:
    """As a user runs it (a subprocess): every hostile file named, no traceback."""
    root = make_group(tmp_path)
    for relative, data in HOSTILE_FILES.items():
        overwrite(root, relative, data)
    (root / C / "outside.yaml").symlink_to("/etc/passwd")
    started = time.perf_counter()
    result = run_tracker("validate", cwd=root)
    assert time.perf_counter() - started < 20
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (root / "pwned-by-yaml").exists()
    reported = {line.split(":")[0] for line in result.stdout.splitlines()}
    expected = set(HOSTILE_FILES) - {C + "with-bom.yaml"} | {C + "outside.yaml"}
    assert reported == expected
    assert all(": error: " in line for line in result.stdout.splitlines())


# --- property: the core never raises ------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One group for every generated example (module scope: Hypothesis runs
    many examples per test call)."""
    return write_records(tmp_path_factory.mktemp("fuzz") / "group", MINIMAL_GROUP)


YAML_TOKENS = [
    *"abcdefgh019 :-,.[]{}&*!%|>'\"#?@`~\n\t\r\\", "\ufeff", "\x00", "\x85", "é",
    "id", "status", "owners", "updates", "date", "by", "2024-02-30", "---", "!!int", "&a", "*a",
    "\n  - ", "\n    ", ": ", "number: ",
]  # fmt: skip
yaml_like_text = st.lists(st.sampled_from(YAML_TOKENS), max_size=80).map("".join)


RECORD_FILES = sorted(relative for relative in MINIMAL_GROUP if relative.startswith("data/"))
FUZZ_TARGETS = [*RECORD_FILES, "data/members/fuzz.yaml", "tracker.yaml"]


@st.composite
def mutated_record(draw: st.DrawFn) -> tuple[str, bytes]:
    """A valid file of the minimal group with one line's value or indent
    replaced, so schema and cross-record rules see odd values in a sound
    structure."""
    relative = draw(st.sampled_from(RECORD_FILES))
    record = minimal(relative).splitlines()
    index = draw(st.integers(0, len(record) - 1))
    key, _, _ = record[index].partition(":")
    record[index] = (
        f"{key}:{draw(yaml_like_text)}"
        if draw(st.booleans())
        else (draw(yaml_like_text) + record[index].lstrip())
    )
    return relative, ("\n".join(record) + "\n").encode()


any_content = st.one_of(
    st.binary(max_size=300), st.text(max_size=300).map(str.encode), yaml_like_text.map(str.encode)
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.tuples(st.sampled_from(FUZZ_TARGETS), any_content), mutated_record()))
def test_any_bytes_as_a_record_yield_problems_never_an_exception(
    fuzz_root: Path, file: tuple[str, bytes]
) -> None:
    """Whatever a record file (or tracker.yaml) holds, validation returns
    located problems; no exception escapes."""
    relative, data = file
    path = fuzz_root / relative
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(data)
    try:
        result = validate_records(load_repository(fuzz_root), today=TODAY)
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
    for problem in result.problems:
        assert problem.line >= 0
        assert problem.column >= 0
        assert problem.message
        assert problem.rule


# --- output formats -------------------------------------------------------------------


def check_expected(name: str, actual: str) -> None:
    path = EXPECTED / name
    if os.environ.get("TRACKER_UPDATE_EXPECTED"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def test_github_format_matches_expected(tmp_path: Path) -> None:
    """Actions annotations, one per problem, then the summary line."""
    result = validate(make_group(tmp_path, "several-problems"), "--format", "github")
    assert result.exit_code == 1
    check_expected("validate-github.txt", result.stdout)


def test_json_format_matches_expected(tmp_path: Path) -> None:
    """The documented shape (docs/validate-json.md), and nothing else on stdout."""
    result = validate(make_group(tmp_path, "several-problems"), "--format", "json")
    assert result.exit_code == 1
    check_expected("validate.json", result.stdout)
    document = json.loads(result.stdout)
    assert list(document) == ["schema_version", "files_checked", "errors", "warnings", "problems"]
    assert (document["errors"], document["warnings"]) == (3, 3)
    for problem in document["problems"]:
        assert list(problem) == ["path", "line", "column", "severity", "message", "rule"]
        assert problem["severity"] in ("error", "warning")


def test_json_format_when_clean(tmp_path: Path) -> None:
    result = validate(make_group(tmp_path), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "schema_version": 1, "files_checked": 4, "errors": 0, "warnings": 0, "problems": [],
    }  # fmt: skip


def test_json_format_with_warnings_and_strict(tmp_path: Path) -> None:
    root = make_group(tmp_path, "no-due-date")
    assert validate(root, "--format", "json").exit_code == 0
    assert validate(root, "--format", "json", "--strict").exit_code == 1


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = validate(make_group(tmp_path), "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of 'text', 'github', 'json'" in result.output


# --- files named on the command line ----------------------------------------------------


def test_named_file_reports_only_its_problems(tmp_path: Path) -> None:
    root = make_group(tmp_path, "several-problems")
    result = validate(root, str(root / C / "status-typo.yaml"))
    assert lines(result) == [
        ERROR_CASES["schema-enum"],
        C + "status-typo.yaml:9:1: error: unknown field 'deu'; did you mean 'due'? "
        "[schema-unknown-field]",
    ]
    assert result.exit_code == 1
    assert result.stderr.strip() == "1 file checked: 2 errors, 0 warnings"


def test_named_clean_file_passes_while_others_are_broken(tmp_path: Path) -> None:
    """A pre-commit hook on a good file is not blocked by another file's errors."""
    root = make_group(tmp_path, "several-problems")
    result = validate(root, REPAIR_SURVEY, cwd=root)
    assert (result.exit_code, result.stdout) == (0, "")


def test_named_files_still_see_every_record(tmp_path: Path) -> None:
    """Cross-record rules read the whole repository: the number already used by
    an unnamed file is found, and owners defined in unnamed files resolve."""
    root = make_group(tmp_path, "number-duplicate")
    result = validate(root, C + "survey-number-taken.yaml", cwd=root)
    assert lines(result) == [ERROR_CASES["number-duplicate"]]


def test_shared_number_stops_a_hook_naming_either_file(tmp_path: Path) -> None:
    """A new commitment whose id sorts first, taking an existing number, is not
    let through by a pre-commit hook that names only the new file."""
    root = make_group(tmp_path, "number-duplicate")
    (root / C / "survey-number-taken.yaml").rename(root / C / "a-newsletter.yaml")
    path = root / C / "a-newsletter.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "id: survey-number-taken", "id: a-newsletter"), encoding="utf-8")  # fmt: skip
    result = validate(root, C + "a-newsletter.yaml", cwd=root)
    assert lines(result) == [
        C + "a-newsletter.yaml:9:9: error: number 1 of meeting '2024-03-05-kickoff' is also "
        "used by 'repair-survey' [number-duplicate]"
    ]
    assert result.exit_code == 1
    result = validate(root, REPAIR_SURVEY, cwd=root)
    assert lines(result) == [
        REPAIR_SURVEY + ":2:9: error: number 1 of meeting '2024-03-05-kickoff' is also used "
        "by 'a-newsletter' [number-duplicate]"
    ]
    assert result.exit_code == 1


def test_named_files_relative_to_a_subfolder(tmp_path: Path) -> None:
    root = make_group(tmp_path, "several-problems")
    result = run_cli("validate", "status-typo.yaml", "owner-not-a-member.yaml",
                     cwd=root / C)  # fmt: skip
    assert result.exit_code == 1
    assert {line.split(":")[0] for line in lines(result)} == {
        C + "status-typo.yaml",
        C + "owner-not-a-member.yaml",
    }
    assert result.stderr.strip() == "2 files checked: 3 errors, 1 warning"


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


@pytest.mark.parametrize("outside", ["tracker.yaml", "notes.yaml", "data/commitments",
                                     "data/other/thing.yaml", "../elsewhere.yaml"])  # fmt: skip
def test_file_outside_the_records_is_a_usage_error(tmp_path: Path, outside: str) -> None:
    root = make_group(tmp_path)
    for relative in ("notes.yaml", "data/other/thing.yaml", "../elsewhere.yaml"):
        overwrite(root, relative, "id: x\n")
    result = validate(root, outside, cwd=root)
    assert result.exit_code == 2
    assert f"error: {outside} is not a record file of this tracker" in result.stderr
    assert "hint: records are data/<members|meetings|commitments>/<id>.yaml" in result.stderr


# --- finding the tracker ------------------------------------------------------------------


def test_root_option_before_and_after_the_command(tmp_path: Path) -> None:
    root = make_group(tmp_path, "ref-member")
    before = run_cli("--root", str(root), "validate", cwd=tmp_path)
    after = run_cli("validate", "--root", str(root), cwd=tmp_path)
    assert lines(before) == lines(after) == [ERROR_CASES["ref-member"]]


def test_root_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_group(tmp_path, "ref-member")
    monkeypatch.setenv("TRACKER_ROOT", str(root))
    assert lines(run_cli("validate", cwd=tmp_path)) == [ERROR_CASES["ref-member"]]


def test_root_option_wins_over_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_ROOT", str(tmp_path / "nowhere"))
    root = make_group(tmp_path)
    assert run_cli("validate", "--root", str(root), cwd=tmp_path).exit_code == 0


def test_root_found_by_walking_up(tmp_path: Path) -> None:
    root = make_group(tmp_path, "ref-member")
    result = run_cli("validate", cwd=root / "data" / "commitments")
    assert lines(result) == [ERROR_CASES["ref-member"]]


def test_no_tracker_found(tmp_path: Path) -> None:
    """Outside any tracker: say so, say how to fix it, exit 1."""
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("validate", cwd=empty)
    assert result.exit_code == 1
    assert f"error: no tracker found in {empty} or any folder above it" in result.stderr
    assert "hint: " in result.stderr and "--root" in result.stderr
    assert "TRACKER_ROOT" in result.stderr


def test_root_that_is_not_a_tracker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_ROOT", str(tmp_path))
    result = run_cli("validate", cwd=tmp_path)
    assert result.exit_code == 1
    assert f"error: TRACKER_ROOT points at {tmp_path}, which holds no tracker" in result.stderr
    # The hint named `tracker init`, a command that does not exist.
    assert "tracker init" not in result.stderr
    assert (
        "hint: point it at the folder that holds data/; to start a new tracker there, "
        "create data/members/ and add a member (tracker member add)"
    ) in " ".join(result.stderr.split())


# --- the command line itself ----------------------------------------------------------------


def test_version() -> None:
    result = run_cli("--version")
    assert (result.exit_code, result.stdout) == (0, f"tracker (cso-tracker) {__version__}\n")


def test_help_lists_every_command_with_a_one_line_description() -> None:
    import typer.main

    from cso_tracker.cli import app

    result = run_cli("--help")
    assert result.exit_code == 0
    group = typer.main.get_command(app)
    assert "validate" in group.commands  # type: ignore[attr-defined]
    commands = result.stdout.split("Commands:", 1)[1]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        description = command.get_short_help_str(limit=300)
        assert description, f"{name} has no help text"
        assert re.search(rf"^\s+{re.escape(name)}\s+\S", commands, re.MULTILINE), name


def test_python_m_works_and_output_never_has_a_traceback(tmp_path: Path) -> None:
    result = run_tracker("--help", cwd=tmp_path)
    assert result.exit_code == 0
    assert "validate" in result.stdout
    result = run_tracker("validate", "--format", "xml", cwd=tmp_path)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_bundled_record_validates_without_errors() -> None:
    """The record of the 21 February 2013 consultation, as shipped."""
    result = run_cli("validate", "--root", str(REPO_ROOT), "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["errors"] == 0
    assert document["files_checked"] > 0


def test_bundled_record_through_the_console_script() -> None:
    tracker = Path(sys.executable).with_name("tracker")
    if not tracker.exists():
        pytest.skip("the console script is not installed next to this Python")
    import subprocess

    completed = subprocess.run(
        [str(tracker), "validate", "--root", str(REPO_ROOT)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert ": error: " not in completed.stdout
    assert "Traceback" not in completed.stderr


# --- the documentation of the JSON shape --------------------------------------------------

DOCS = REPO_ROOT / "docs" / "validate-json.md"


def test_json_docs_example_is_the_real_output() -> None:
    """The example in docs/validate-json.md is the checked-in expected output."""
    example = DOCS.read_text(encoding="utf-8").split("```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(example) == json.loads((EXPECTED / "validate.json").read_text("utf-8"))


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


def test_duplicate_id_blames_the_copy_whatever_its_name_sorts_like(tmp_path: Path) -> None:
    """repair-survey-copy.yaml sorts before repair-survey.yaml; the original keeps its id."""
    root = make_group(tmp_path)
    copy = minimal(REPAIR_SURVEY).replace("  - north-tenants", "  - nobody")
    overwrite(root, C + "repair-survey-copy.yaml", copy)
    assert lines(validate(root)) == [
        C + "repair-survey-copy.yaml:1:1: error: id 'repair-survey' is already used by "
        "data/commitments/repair-survey.yaml [id-duplicate]",
        C + "repair-survey-copy.yaml:1:5: error: id 'repair-survey' does not match the file "
        "name; rename the file to repair-survey.yaml or set id: repair-survey-copy [id-mismatch]",
    ]
