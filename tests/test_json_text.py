"""render/json_text.dumps writes what `json.dumps(indent=2)` writes, byte for
byte, for everything JSON holds; what JSON cannot hold is a TypeError."""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any

import pytest

from conftest import RIVERSIDE
from cso_tracker.query.list_filter import ListFilter
from cso_tracker.query.listing import select
from cso_tracker.render import json_status
from cso_tracker.render.json_shapes import list_json
from cso_tracker.render.json_text import dumps
from cso_tracker.repo.load import load_repository
from test_report import build


class Colour(enum.StrEnum):
    RED = "red"


class Size(enum.IntEnum):
    LARGE = 3


CASES: list[Any] = [
    None, True, False, 0, -7, 2**70, 1.5, -0.0, 1e300, 1e-7, float("nan"), float("inf"),
    float("-inf"), "", "plain", "é \u2013 ✓ 𝄞", "\x00\x1f\x7f\u2028\u2029\ud800", '"\\/\b\f\n\r\t',
    [], {}, [[]], [{}], {"a": []}, {"a": {}}, [1, [2, [3, {"b": [None, {}]}]]],
    (1, "tuple"), {"k": (1, 2)}, {1: "int key", 2.5: "float", False: "bool", None: "none"},
    {"é": "key", "": ""}, Colour.RED, {"size": Size.LARGE, "colour": [Colour.RED]},
    {"z": 1, "a": 2},
]  # fmt: skip


@pytest.mark.parametrize("value", CASES, ids=[repr(c)[:30] for c in CASES])
@pytest.mark.parametrize("ascii_only", [False, True])
def test_the_same_text_as_json_dumps(value: Any, ascii_only: bool) -> None:
    assert dumps(value, ensure_ascii=ascii_only) == json.dumps(
        value, indent=2, ensure_ascii=ascii_only
    )


def test_the_reports_json_is_the_same_text() -> None:
    report = json_status.status_json(build(RIVERSIDE))
    repo = load_repository(RIVERSIDE)
    listed = list_json(select(repo.commitments.values(), ListFilter(), meetings=repo.meetings,
                              settings=repo.settings, as_of=dt.date(2026, 11, 10)),
                       dt.date(2026, 11, 10))  # fmt: skip
    for data in (report, listed):
        assert dumps(data, ensure_ascii=False) == json.dumps(data, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("value", [dt.date(2026, 1, 1), {"a": {1, 2}}, [object()], {(1, 2): "x"}])
def test_what_json_cannot_hold_is_a_type_error(value: Any) -> None:
    with pytest.raises(TypeError):
        json.dumps(value, indent=2)
    with pytest.raises(TypeError):
        dumps(value)
