"""`tracker log ID` on the real history of tests/history_helpers.py: exactly
the commits that touched the record (its file, its updates), renames
followed both ways, and "did you mean" for an id no commit ever had."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import GOLDEN_DIR, GoldenCheck, run_cli
from history_helpers import DATES, TAG_AUTHORS, commit_json, full_hash, make_transit_history


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture(scope="module")
def transit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_transit_history(tmp_path_factory.mktemp("history") / "transit")


def log_json(root: Path, record_id: str) -> dict[str, Any]:
    result = run_cli("--root", str(root), "log", record_id, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(
    ("record_id", "kind", "tags", "whats"),
    [
        ("bus-stop-shelters", "commitment", ["v1", "v2", "v7"],
         ["added", "status", "renamed", "title", "status"]),
        ("fare-survey", "commitment", ["v1", "v2", "v4", "v6"], ["added", "update", "due", "status"]),
        ("bike-lanes-map", "commitment", ["v1", "v3", "v4"], ["added", "owners", "status", "due"]),
        ("bus-riders", "member", ["v1", "v5"], ["joined", "person-added", "focal-point"]),
        ("cycle-club", "member", ["v1", "v5"], ["joined", "left"]),
        ("city-transit", "member", ["v1"], ["joined"]),
        ("2025-03-12-spring-call", "meeting", ["v1", "v6"], ["planned", "held"]),
        ("2025-06-11-summer-call", "meeting", ["v6", "v7"], ["planned", "moved"]),
    ],
)  # fmt: skip
def test_log_lists_exactly_the_commits_that_touched_the_record(
    transit: Path, record_id: str, kind: str, tags: list[str], whats: list[str]
) -> None:
    data = log_json(transit, record_id)
    assert (data["schema_version"], data["kind"]) == (1, "log")
    assert data["commits"] == [commit_json(transit, tag) for tag in tags]
    assert (data["record"]["kind"], data["record"]["id"]) == (kind, record_id)
    assert [c["what"] for c in data["record"]["changes"]] == whats
    assert {c["commit"] for c in data["record"]["changes"]} == {
        full_hash(transit, tag)[:12] for tag in tags
    }


def test_the_story_of_a_renamed_commitment(transit: Path) -> None:
    """Asked by its old id or its new one, a prefix of it, the same story."""
    data = log_json(transit, "bus-stop-shelters")
    first = data["record"]["changes"][0]
    assert first == {
        "what": "added", "summary": "added: Bus shelters", "commit": full_hash(transit, "v1")[:12],
        "author": TAG_AUTHORS["v1"], "merged_authors": [],
        "date": f"{DATES['v1']}T10:00:00+00:00", "old": None,
        "new": "Bus shelters", "field": None, "by": None, "note": None, "evidence": [],
        "update": None, "corrects": None, "words": [],
    }  # fmt: skip
    assert data["record"]["title"] == "Bus stop shelters"
    assert log_json(transit, "bus-shelters") == data
    assert log_json(transit, "bus-stop") == data


def test_log_as_markdown(transit: Path, assert_matches_golden: GoldenCheck) -> None:
    result = run_cli("--root", str(transit), "log", "fare-survey", "--format", "md")
    assert result.exit_code == 0, result.output
    assert_matches_golden(result.stdout, GOLDEN_DIR / "log-transit-fare-survey.md")


def test_log_on_the_terminal(transit: Path) -> None:
    result = run_cli("--root", str(transit), "log", "cycle-club", "--format", "rich")
    assert result.exit_code == 0, result.output
    assert "History of member cycle-club (2 commits)" in result.stdout
    assert "left on 2025-03-04" in result.stdout


def test_an_unknown_id_suggests_close_ones(transit: Path) -> None:
    result = run_cli("--root", str(transit), "log", "fare-survy")
    assert result.exit_code == 1
    assert "error: no record with id 'fare-survy'" in result.stderr
    assert "hint: did you mean 'fare-survey'?" in result.stderr


def test_an_ambiguous_beginning(transit: Path) -> None:
    result = run_cli("--root", str(transit), "log", "b")
    assert result.exit_code == 1
    assert "error: 'b' is ambiguous: it matches" in result.stderr


def test_one_commit_is_counted_in_the_singular(transit: Path) -> None:
    for output_format, expected in (("md", "\n1 commit from the first commit to `"),
                                     ("rich", "(1 commit)")):  # fmt: skip
        result = run_cli("--root", str(transit), "log", "city-transit", "--format", output_format)
        assert result.exit_code == 0, result.output
        assert expected in result.stdout
        assert "1 commits" not in result.stdout
