"""`tracker list --overdue` / `--stale` and the status report's Overdue and
Stale sections name the same commitments on any as-of day.

They once did not: `list` judged the records as they are today (today's
status, every update, even those after the day) while `status` judged them
as they stood on the day, so `list --overdue --as-of` a past day missed an
item closed since and listed one not yet agreed. query.listing.select now
filters the commitments as they stood (query.asof.as_they_stood).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import REPO_ROOT, run_cli
from cso_tracker.query.list_filter import ListFilter
from cso_tracker.query.listing import select
from cso_tracker.query.status import build_status
from cso_tracker.repo.load import load_repository
from cso_tracker.repo.repository import Repository

RIVERSIDE = REPO_ROOT / "tests" / "fixtures" / "groups" / "riverside"
DAYS = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 31))


@functools.cache
def riverside() -> Repository:
    return load_repository(RIVERSIDE, use_cache=False)


def listed(spec: ListFilter, day: dt.date) -> list[str]:
    repository = riverside()
    chosen = select(repository.commitments.values(), spec, meetings=repository.meetings,
                    settings=repository.settings, as_of=day)  # fmt: skip
    return sorted(c.id for c in chosen)


def reported(day: dt.date) -> tuple[list[str], list[str]]:
    """The ids in the report's Overdue and Stale sections."""
    repository = riverside()
    report = build_status(group=repository.settings.group, settings=repository.settings,
                          members=repository.members, meetings=repository.meetings,
                          commitments=repository.commitments.values(), as_of=day)  # fmt: skip
    return (
        sorted(item.commitment.id for item in report.overdue),
        sorted(item.commitment.id for item in report.stale),
    )


# A day the two judged differently before the fix: school-outreach was due
# 2026-05-31 and still in progress, so overdue; it was dropped in October.
@example(dt.date(2026, 6, 1))
@settings(max_examples=300, deadline=None)
@given(day=DAYS)
def test_list_overdue_names_the_report_s_overdue_items_on_any_day(day: dt.date) -> None:
    assert listed(ListFilter(overdue=True), day) == reported(day)[0]


# monitoring-protocol had had no update since it was agreed; its first came
# in October 2026, which today's records count.
@example(dt.date(2025, 9, 1))
@settings(max_examples=300, deadline=None)
@given(day=DAYS)
def test_list_stale_names_the_report_s_stale_items_on_any_day(day: dt.date) -> None:
    assert listed(ListFilter(stale=True), day) == reported(day)[1]


def test_the_sections_change_over_the_years() -> None:
    """The property is not vacuous: the sections are empty before the group
    first met (2025-03-12), and grow and change after."""
    before, then, later = (reported(dt.date(year, 6, 1)) for year in (2024, 2026, 2027))
    assert before == ([], [])
    assert then[0] == ["school-outreach", "water-quality-baseline"]
    assert len(then[1]) == 5
    assert later[0] != then[0]
    assert later[1] != then[1]


def _ids(stdout: str, section: str | None = None) -> list[str]:
    data = json.loads(stdout)
    items = data["commitments"] if section is None else data[section]
    return sorted(item["id"] for item in items)


@pytest.mark.parametrize("day", ["2024-06-01", "2025-09-01", "2026-06-01", "2027-03-01"])
def test_the_cli_lists_what_the_report_reports(day: str) -> None:
    root = str(RIVERSIDE)
    status = run_cli("--root", root, "status", "--as-of", day, "--format", "json")
    assert status.exit_code == 0
    for flag, section in (("--overdue", "overdue"), ("--stale", "stale")):
        listing = run_cli("--root", root, "list", flag, "--as-of", day, "--format", "json")
        assert listing.exit_code == 0
        assert _ids(listing.stdout) == _ids(status.stdout, section), (flag, day)


def test_a_plain_list_shows_an_item_agreed_for_a_meeting_still_to_come(tmp_path: Path) -> None:
    """`tracker add --meeting <a planned meeting>` says "created"; a plain
    `tracker list` then lists it (the records as they are), while the report
    and `list --as-of` judge the records as they stood, before that meeting."""
    from conftest import MINIMAL_GROUP, write_records

    root = write_records(tmp_path / "group", MINIMAL_GROUP)
    (root / "data/meetings/2999-06-01-planned.yaml").write_text(
        "id: 2999-06-01-planned\ntitle: Planned meeting\ndate: 2999-06-01\n"
        "kind: teleconference\nstatus: planned\n",
        encoding="utf-8",
    )
    added = run_cli("--root", str(root), "add", "--title", "Future item", "--text", "To agree.",
                    "--owner", "north-tenants", "--meeting", "2999-06-01-planned")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "created data/commitments/future-item.yaml" in added.stderr

    def ids(*options: str) -> list[str]:
        result = run_cli("--root", str(root), "list", "--format", "json", *options)
        assert result.exit_code == 0, result.output
        return [c["id"] for c in json.loads(result.stdout)["commitments"]]

    assert ids() == ["repair-survey", "future-item"]
    assert ids("--meeting", "2999-06-01-planned") == ["future-item"]
    assert ids("--as-of", "2024-06-01") == ["repair-survey"]
