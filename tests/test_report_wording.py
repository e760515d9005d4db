"""The report's words (render/wording.py): durations as a person says them,
at every boundary and as properties over all days, agreed-action numbers,
and one attention section per item, the same in Markdown and on screen."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cso_tracker.models import Commitment
from cso_tracker.query import status
from cso_tracker.render import templates, terminal, wording
from cso_tracker.repo.load import load_repository

REPO_ROOT = Path(__file__).resolve().parent.parent
RIVERSIDE = REPO_ROOT / "tests" / "fixtures" / "groups" / "riverside"

_UNIT_DAYS = {"day": 1, "week": 7, "month": 1461 / 48, "year": 1461 / 4}


def _parse(words: str) -> tuple[int, str]:
    found = re.fullmatch(r"(\d+) (day|week|month|year)s?", words)
    assert found is not None, words
    return int(found[1]), found[2]


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "0 days"), (1, "1 day"), (2, "2 days"), (13, "13 days"),
        (14, "2 weeks"), (20, "2 weeks"), (21, "3 weeks"), (60, "8 weeks"),
        (61, "2 months"), (365, "11 months"), (366, "12 months"), (730, "23 months"),
        (731, "2 years"), (4921, "13 years"), (5028, "13 years"), (-3, "0 days"),
    ],
)  # fmt: skip
def test_span_boundaries(days: int, words: str) -> None:
    """Each unit starts where two whole ones fit: 14 days, 61 days, 731 days."""
    assert wording.span(days) == words


@given(st.integers(min_value=0, max_value=100_000))
def test_span_never_says_more_than_it_was(days: int) -> None:
    """Rounded down, to the largest unit of which there are two whole ones
    (a day below two weeks), and singular only for one."""
    amount, unit = _parse(wording.span(days))
    assert amount * _UNIT_DAYS[unit] <= days or (days == 0 and amount == 0)
    assert (amount + 1) * _UNIT_DAYS[unit] > days
    assert unit == "day" or amount >= 2
    assert wording.span(days).endswith("s") == (amount != 1)


@given(st.integers(min_value=0, max_value=50_000), st.integers(min_value=0, max_value=50_000))
def test_span_grows_with_the_days(a: int, b: int) -> None:
    """More days never read as less time."""
    low, high = sorted((a, b))
    amount_low, unit_low = _parse(wording.span(low))
    amount_high, unit_high = _parse(wording.span(high))
    assert amount_low * _UNIT_DAYS[unit_low] <= amount_high * _UNIT_DAYS[unit_high]


def test_phrases() -> None:
    assert wording.late(21) == "3 weeks late"
    assert wording.late(4921) == "13 years late"
    assert wording.quiet(61) == "2 months without an update"
    assert [wording.left(d) for d in (0, 1, 2, 30)] == ["today", "tomorrow", "in 2 days",
                                                        "in 4 weeks"]  # fmt: skip
    assert wording.also_quiet(None) == ""
    assert wording.also_quiet(130) == "also quiet for 4 months"


def _commitment(number: int | None, meeting: str) -> Commitment:
    return Commitment.model_validate(
        {"id": "survey", "title": "Survey", "text": "Survey the flats.", "owners": ["x"],
         "agreed_at": meeting, "number": number}
    )  # fmt: skip


def test_number_names_the_meeting_only_when_several() -> None:
    one = _commitment(3, "2013-02-21-vienna-consultation")
    assert wording.number(one) == "#3"
    assert wording.number(one, several_meetings=True) == "2013-02-21 #3"
    assert wording.number(_commitment(3, "kick-off"), several_meetings=True) == "kick-off #3"
    assert wording.number(_commitment(None, "kick-off"), several_meetings=True) == ""
    assert wording.bar_label(one) == "No. 3 Survey"
    assert wording.several_meetings([one, _commitment(1, "kick-off")])
    assert not wording.several_meetings([one, one])


def _report(as_of: dt.date, owner: str | None = None) -> status.StatusReport:
    repo = load_repository(RIVERSIDE)
    return status.build_status(
        group=repo.settings.group, settings=repo.settings, members=repo.members,
        meetings=repo.meetings, commitments=repo.commitments.values(), as_of=as_of, owner=owner,
    )  # fmt: skip


def _screen(report: status.StatusReport) -> str:
    from rich.console import Console

    console = Console(width=250, record=True, file=io.StringIO(), color_system=None)
    for renderable in terminal.status_view(report, max_rows=None):
        console.print(renderable)
    return console.export_text()


def test_an_item_stands_in_one_attention_section() -> None:
    """Overdue beats Due soon beats Stale: Stale lists only the rest and
    says how many stand above, the rows above say how quiet they are, and the
    terminal says the same words as the Markdown."""
    report = _report(dt.date(2026, 12, 20))
    ids = {
        "overdue": [o.commitment.id for o in report.overdue],
        "due_soon": [d.commitment.id for d in report.due_soon],
        "stale": [s.commitment.id for s in report.stale_only],
    }
    assert ids == {
        "overdue": ["water-quality-baseline", "culvert-repair", "volunteer-training",
                    "fish-survey"],
        "due_soon": ["riparian-planting"],
        "stale": ["flood-warning-sms"],
    }  # fmt: skip
    assert len(report.stale) == 4
    assert report.stale_elsewhere == {"overdue": 2, "due_soon": 1}
    line = wording.also_stale(report)
    assert line == (
        "2 overdue items are also stale (see 2. Overdue); "
        "1 item due soon is also stale (see 3. Due soon)."
    )
    markdown = templates.render_status(report)
    screen = _screen(report)
    for words in (line, "14 months late, also quiet for 14 months", "in 3 weeks, also quiet for",
                  "3 months without an update", "7 weeks late"):  # fmt: skip
        assert words in markdown, words
        assert words in " ".join(screen.replace("│", " ").split()), words


def test_owner_narrows_every_section_and_the_timeline() -> None:
    """With --owner, a co-owned item is charted under that owner, and the
    sections hold only its items; meetings stay (they are everyone's)."""
    report = _report(dt.date(2026, 11, 10), owner="clearwater-lab")
    assert {t.section for t in report.timeline} == {"CCL"}
    assert [t.commitment.id for t in report.timeline] == [
        "water-quality-baseline", "volunteer-training", "riparian-planting",
    ]  # fmt: skip
    assert [g.member_id for g in report.by_owner] == ["clearwater-lab"]
    assert all("clearwater-lab" in s.commitment.owners for s in report.stale)
    assert [m.id for m in report.timeline_meetings] == [
        "2025-03-12-launch", "2026-03-18-annual-meeting", "2026-09-09-teleconference",
        "2027-01-14-teleconference",
    ]  # fmt: skip
    markdown = templates.render_status(report)
    chart = markdown.split("```mermaid\n", 1)[1]
    assert "    section CCL\n" in chart
    assert "section UFC" not in chart
    assert "    As of 2026-11-10 :milestone, 2026-11-10, 0d\n" in chart
    assert "    January teleconference (planned) :milestone, 2027-01-14, 0d\n" in chart
    screen = _screen(report)
    assert "10. Timeline" in screen
    assert "As of 2026-11-10" in screen
    assert "January teleconference (planned)" in screen
