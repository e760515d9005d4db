"""Problems as plain JSON data and back, for the record cache and the stored
verdicts: apart from repo/plain.py so that a verdict is read without the
models (and pydantic) being imported."""

from __future__ import annotations

import typing
from typing import Any

from cso_tracker.problems import Problem, Severity


class NotPlain(ValueError):
    """Cached data that does not have the shape of what was stored."""


def problems_to_plain(problems: list[Problem]) -> list[list[Any]]:
    return [[p.path, p.line, p.column, p.severity.value, p.message, p.rule] for p in problems]


def problems_from_plain(value: Any) -> list[Problem]:
    if type(value) is not list:
        raise NotPlain("not a list of problems")
    if not value:  # most files
        return []
    severities = Severity._value2member_map_
    found = []
    for item in value:
        if type(item) is not list or len(item) != 6:
            raise NotPlain("not a problem")
        path, line, column, severity, message, rule = item
        level = severities.get(severity) if type(severity) is str else None
        if not (type(path) is type(message) is type(rule) is str) or level is None:
            raise NotPlain("not a problem")
        if type(line) is not int or type(column) is not int:
            raise NotPlain("not a problem")
        found.append(Problem(path, line, column, typing.cast(Severity, level), message, rule))
    return found
