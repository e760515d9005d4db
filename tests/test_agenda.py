"""`tracker agenda` every day of the year: with a meeting planned or not,
for a meeting to come or one held, each item standing in one section."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from conftest import REPO_ROOT, RIVERSIDE, Result, copy_group, run_cli

NEXT = "2027-01-14-teleconference"
SEPTEMBER = "2026-09-09-teleconference"
pytestmark = pytest.mark.today(dt.date(2026, 11, 10))


@pytest.fixture
def riverside(tmp_path: Path) -> Path:
    return copy_group(RIVERSIDE, tmp_path / "riverside")


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    return copy_group(REPO_ROOT, tmp_path / "bundled")


def agenda(root: Path, *args: str) -> Result:
    return run_cli("--root", str(root), "agenda", *args)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def section_ids(text: str, heading: str) -> list[str]:
    part = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\|[^|]*\| `([a-z0-9-]+)` \|", part, re.MULTILINE)


# --- no meeting planned ------------------------------------------------------------------------


def test_with_nothing_planned_it_says_so_and_drafts_for_the_day(bundled: Path) -> None:
    result = ok(agenda(bundled, "--date", "2026-12-15"))
    assert result.stderr == (
        "note: no meeting is planned on 2026-12-15; drafting for a call on 2026-12-15 "
        "(plan it with `tracker meeting add --date 2026-12-15 --title TEXT`)\n"
    )
    text = result.stdout
    assert text.startswith(
        "# Draft agenda: call on 2026-12-15\n\n"
        "- **Group:** UNODC\u2013Civil Society Group on Drug Use and HIV\n"
        "- **Date:** 2026-12-15 (no meeting is planned for this day yet)\n"
        "- **Previous meeting:** UNODC-Civil Society Informal Consultation on Drug Use and HIV, "
        "2013-02-21\n"
        "- **Items as of:** 2026-11-10\n"
    )
    # The 2013 items are all new since the only meeting, none under review.
    assert section_ids(text, "Review of action items") == []
    assert (
        "_No open items from before UNODC-Civil Society Informal Consultation on Drug Use and HIV; "
        "its own items are under New items since the last meeting._"
    ) in text
    new = section_ids(text, "New items since the last meeting")
    assert len(new) == 17
    assert new[:2] == ["public-statements-core-interventions", "police-champions"]  # 1, 2, ...
    assert (
        "| #14 | `data-collaboration` | Data sharing, collection and validation with HRI and UN "
        "partners | UNODC, HRI | agreed | 2013-06-08 | **13 years late** | none |\n"
    ) in text


def test_date_takes_the_shared_date_words(bundled: Path) -> None:
    result = ok(agenda(bundled, "--date", "+2w"))
    assert result.stdout.startswith("# Draft agenda: call on 2026-11-24\n")


def test_the_day_drafted_for_is_in_the_json(bundled: Path) -> None:
    data = json.loads(ok(agenda(bundled, "--date", "2026-12-15", "--format", "json")).stdout)
    assert (data["date"], data["meeting"], data["as_of"]) == ("2026-12-15", None, "2026-11-10")
    assert data["last_meeting"]["id"] == "2013-02-21-vienna-consultation"


def test_a_date_with_a_planned_meeting_drafts_its_agenda(riverside: Path) -> None:
    result = ok(agenda(riverside, "--date", "2027-01-14"))
    assert result.stderr == ""
    assert result.stdout.startswith("# Draft agenda: January teleconference\n")


def test_meeting_and_date_together_are_a_usage_error(riverside: Path) -> None:
    result = agenda(riverside, "--meeting", NEXT, "--date", "2027-01-14")
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr == "error: --meeting and --date cannot be combined\nhint: give one of them\n"
    )


def test_a_bad_date_names_the_option(riverside: Path) -> None:
    result = agenda(riverside, "--date", "2027-02-30")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --date: ")


# --- a held meeting: the agenda as it stood ---------------------------------------------------


def test_a_held_meeting_shows_its_agenda_as_it_stood_that_day(riverside: Path) -> None:
    text = ok(agenda(riverside, "--meeting", SEPTEMBER)).stdout
    assert text.startswith(
        "# Draft agenda: September teleconference\n\n"
        "- **Group:** Riverside Water Forum\n"
        "- **Date:** 2026-09-09 (teleconference, held)\n"
        "- **Previous meeting:** Annual meeting 2026, 2026-03-18\n"
        "- **Items as of:** 2026-09-09\n"
    )
    review = section_ids(text, "Review of action items")
    new = section_ids(text, "New items since the last meeting")
    assert new == ["riparian-planting", "culvert-repair"]
    # Its own items were agreed during the call: not on its agenda.
    assert "flood-warning-sms" not in text and "volunteer-training" not in text
    # Updates after that day are not seen: the culvert's last update is May's.
    assert "| 2026-05-05: Tender published. |" in text
    assert "2026-10-20" not in text
    assert review[0] == "water-quality-baseline"


def test_the_first_meeting_never_says_none_was_held(bundled: Path) -> None:
    text = ok(agenda(bundled, "--meeting", "2013-02-21-vienna-consultation")).stdout
    assert "No meeting has been held yet" not in text
    assert "- **Items as of:** 2013-02-21\n" in text
    assert "_No meeting was held before 2013-02-21._" in text
    assert "_No open items to review._" in text
    assert "1. 09:00\u201310:30 Welcome and introductions\n" in text


def test_as_of_still_chooses_the_day(riverside: Path) -> None:
    text = ok(agenda(riverside, "--meeting", SEPTEMBER, "--as-of", "2026-11-10")).stdout
    assert "- **Items as of:** 2026-11-10\n" in text
    assert "| 2026-10-20:" in text


# --- an item stands once ---------------------------------------------------------------------


def test_an_item_is_reviewed_or_new_never_both(riverside: Path) -> None:
    text = ok(agenda(riverside)).stdout
    review = section_ids(text, "Review of action items")
    new = section_ids(text, "New items since the last meeting")
    assert new == ["volunteer-training", "flood-warning-sms"]  # the September numbers, 1 and 2
    assert set(review).isdisjoint(new)
    assert len(review) == 6
