"""One record file's bytes -> its record and every problem in it: the text,
the YAML, and the schema, each located."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from cso_tracker.models import CommitmentFile, Settings
from cso_tracker.problems import Problem, Severity
from cso_tracker.repo.layout import SETTINGS_FILE
from cso_tracker.repo.schema import schema_problems
from cso_tracker.yaml import reader
from cso_tracker.yaml.errors import YamlError
from cso_tracker.yaml.messages import merge_conflict
from cso_tracker.yaml.positions import Positions

ModelT = TypeVar("ModelT", bound=BaseModel)


def yaml_problem(rel: str, error: YamlError) -> Problem:
    """The one conversion of a reader's error into a located problem."""
    return Problem(rel, error.line, error.column, Severity.ERROR, error.message, error.rule)


def positions_of(data: bytes) -> Positions:
    """Where each key and value of a file (that parses) stands."""
    positions = Positions()
    reader.load(reader.decode(data), positions=positions)
    return positions


def parse_record(data: bytes, rel: str, model: type[ModelT]) -> tuple[ModelT | None, list[Problem]]:
    try:
        text = reader.decode(data)
    except YamlError as exc:
        return None, [yaml_problem(rel, exc)]
    conflict = reader.find_conflict_markers(text)
    if conflict:
        # Whatever else the parser would say follows from the markers.
        message = merge_conflict(rel, conflict)
        return None, [Problem(rel, conflict[0], 1, Severity.ERROR, message, "merge-conflict")]
    tabs = reader.find_tabs(text)
    problems = [
        Problem(rel, line, column, Severity.ERROR, reader.TAB_MESSAGE, "yaml-tab")
        for line, column in tabs
    ]  # fmt: skip
    try:
        value = reader.load(text)
    except YamlError as exc:
        # A tab used as indentation stops libyaml with "found character that
        # cannot start any token" at the tab: the yaml-tab problem says it better.
        if exc.rule == "yaml-syntax" and any(
            line == exc.line and column <= exc.column for line, column in tabs
        ):
            return None, problems
        return None, [
            *problems,
            yaml_problem(rel, exc),
        ]
    if value is None:
        return None, [*problems, Problem(rel, 1, 1, Severity.ERROR, "file is empty", "yaml-empty")]
    if not isinstance(value, dict):
        shape = "a list" if isinstance(value, list) else "a single value"
        return None, [
            *problems,
            Problem(rel, 1, 1, Severity.ERROR,
                    f"a record is a mapping of fields (key: value), but this file holds {shape}",
                    "yaml-not-mapping"),
        ]  # fmt: skip
    if model is CommitmentFile:
        problems += _legacy_progress(value, text, rel)
    try:
        record = model.model_validate(value)
    except ValidationError as exc:
        positions = Positions()
        reader.load(text, positions=positions)
        return None, [*problems, *schema_problems(exc, model, rel, positions)]
    return record, problems


LEGACY_FIELDS = ("status", "updates")


def _legacy_progress(value: dict[str, object], text: str, rel: str) -> list[Problem]:
    """A commitment file from before updates had files of their own: one
    problem saying what to do (the fields are set aside so that the rest of
    the record is still checked and loaded)."""
    found = [key for key in LEGACY_FIELDS if key in value]
    if not found:
        return []
    for key in found:
        del value[key]
    positions = Positions()
    reader.load(text, positions=positions)
    line, column = positions.of((found[0],), key=True)
    stem = rel.rsplit("/", 1)[-1].removesuffix(".yaml")
    fields = " and ".join(f"'{key}'" for key in found)
    verb = "belongs" if len(found) == 1 else "belong"
    return [
        Problem(rel, line, column, Severity.ERROR,
                f"{fields} no longer {verb} in the commitment's file: progress is one file per "
                f"update in data/updates/{stem}/; run `tracker migrate`",
                "update-in-commitment")
    ]  # fmt: skip


def parse_settings(data: bytes | Problem | None) -> tuple[Settings, list[Problem]]:
    """The group settings from tracker.yaml's bytes (defaults when there is
    no such file, or when it has problems, which are returned)."""
    if data is None:
        return Settings(), []
    if isinstance(data, Problem):
        return Settings(), [data]
    document, problems = parse_record(data, SETTINGS_FILE, Settings)
    if document is None or problems:
        return Settings(), problems
    return document, []
