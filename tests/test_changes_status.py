"""The status report's "Changed since the last meeting" from the commits,
with who made each change; and, without the history (a copy, a shallow
clone, a history that begins later), from the update dates, saying why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli
from history_helpers import (
    TAG_AUTHORS,
    copy_without_git,
    full_hash,
    make_transit_history,
    shallow_clone,
)

AS_OF = "2025-03-25"


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture(scope="module")
def transit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_transit_history(tmp_path_factory.mktemp("history") / "transit")


def status(root: Path, *args: str, output_format: str = "md") -> str:
    result = run_cli("--root", str(root), "status", "--as-of", AS_OF, "--format", output_format,
                     *args)  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.stdout


def section(text: str) -> str:
    return text.split("\n## 4. Changed since the last meeting\n\n", 1)[1].split("\n## ", 1)[0]


def test_the_changes_come_from_the_commits_since_the_last_meeting(transit: Path) -> None:
    """The spring call was on 2025-03-12: the commits after that day's last
    one (v5) up to the as-of day's (v7), each with its author."""
    v5, v6, v7 = (full_hash(transit, tag)[:12] for tag in ("v5", "v6", "v7"))
    assert section(status(transit)) == (
        f"From the commits after `{v5}` (2025-03-05) up to `{v7}` (2025-03-20); By is who made "
        "each commit.\n\n"
        "| Date | Item | Change | By | Note | Evidence | Commit |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n"
        "| 2025-03-13 | `fare-survey` Fare survey | status agreed → done, by city-transit in "
        "2025-03-12-city-transit.yaml | Ines Duarte | Six hundred answers. | "
        f"<https://city-transit.example/fare-survey.pdf> | `{v6}` |\n"
        "| 2025-03-20 | `bus-stop-shelters` Bus stop shelters | renamed from bus-shelters to "
        f"bus-stop-shelters | Omar Haddad | — | — | `{v7}` |\n"
        "| 2025-03-20 | `bus-stop-shelters` Bus stop shelters | title: Bus **stop** shelters | "
        f"Omar Haddad | — | — | `{v7}` |\n"
        "| 2025-03-20 | `bus-stop-shelters` Bus stop shelters | status in-progress → stalled, by "
        "bus-riders in 2025-03-18-bus-riders.yaml, correcting 2025-02-01-bus-riders.yaml | "
        "Omar Haddad | Forty stops walked, not fifty; the count stopped at the river. | — | "
        f"`{v7}` |\n"
    )


def test_json_says_the_changes_come_from_the_commits(transit: Path) -> None:
    data: dict[str, Any] = json.loads(status(transit, output_format="json"))
    assert (data["changes_source"], data["changes_missing_history"]) == ("commits", None)
    history = data["commit_changes"]
    assert (history["since"]["commit"], history["until"]["commit"]) == (
        full_hash(transit, "v5"), full_hash(transit, "v7"),
    )  # fmt: skip
    assert [(c["commitment"], c["what"], c["author"], c["commit"]) for c in history["changes"]] == [
        ("fare-survey", "status", TAG_AUTHORS["v6"], full_hash(transit, "v6")[:12]),
        *[("bus-stop-shelters", what, TAG_AUTHORS["v7"], full_hash(transit, "v7")[:12])
          for what in ("renamed", "title", "status")],
    ]  # fmt: skip
    # The update-dated list stays, for scripts that read it.
    assert [c["commitment"]["id"] for c in data["changes"]] == ["fare-survey", "bus-stop-shelters"]


def test_narrowed_to_one_owner(transit: Path) -> None:
    data = json.loads(status(transit, "--owner", "city-transit", output_format="json"))
    assert [c["commitment"] for c in data["commit_changes"]["changes"]] == ["fare-survey"]


def test_the_terminal_names_who_made_each_change(transit: Path) -> None:
    text = status(transit, output_format="rich")
    assert "Ines Duarte" in text
    assert "By is who made each commit." in text


def test_a_copy_without_git_falls_back_to_the_update_dates(transit: Path, tmp_path: Path) -> None:
    """The header already says the records are not in git: the section
    reads as it always has."""
    copy = copy_without_git(transit, tmp_path / "copy")
    text = status(copy)
    assert "- **Data version:** not in a git repository\n" in text
    assert section(text).startswith(
        "Updates from 2025-03-12 to 2025-03-25.\n\n| Date | Item | By |"
    )
    data = json.loads(status(copy, output_format="json"))
    assert (data["changes_source"], data["changes_missing_history"]) == ("update-dates", "no-git")
    assert data["commit_changes"] is None


def test_a_shallow_clone_falls_back_and_says_why(transit: Path, tmp_path: Path) -> None:
    clone = shallow_clone(transit, tmp_path / "shallow")
    assert section(status(clone)).startswith(
        "Updates from 2025-03-12 to 2025-03-25. From the dates in the update files: this clone "
        "is shallow, so its commits are not there (run `git fetch --unshallow`, or set "
        "`fetch-depth: 0` in actions/checkout).\n\n| Date |"
    )
    data = json.loads(status(clone, output_format="json"))
    assert (data["changes_source"], data["changes_missing_history"]) == ("update-dates", "shallow")
    rich = status(clone, output_format="rich")
    assert "this clone is shallow" in rich


def test_a_history_that_begins_after_the_last_meeting(transit: Path) -> None:
    """The founding meeting (2025-01-08) came before the first commit (2025-01-10)."""
    result = run_cli("--root", str(transit), "status", "--as-of", "2025-01-20", "--format", "md")
    assert result.exit_code == 0, result.output
    assert section(result.stdout) == (
        "_No updates from 2025-01-08 to 2025-01-20. From the dates in the update files: the git "
        "history begins after 2025-01-08._\n"
    )
    data = json.loads(run_cli("--root", str(transit), "status", "--as-of", "2025-01-20",
                              "--format", "json").stdout)  # fmt: skip
    assert data["changes_missing_history"] == "history-later"
