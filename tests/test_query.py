"""The queries behind status, agenda and list, on the Riverside fixture group.

Two as-of days bracket some deadlines: on 2026-11-10 the volunteer training
(due 2026-11-20) and the fish survey (due 2026-12-10) are due soon; on
2026-12-20 both are overdue. The last meeting is the September
teleconference (2026-09-09) and the next the January one (2027-01-14).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from cso_tracker.cli._words import naming
from cso_tracker.errors import UsageError
from cso_tracker.models import Meeting, MeetingKind, Recurrence, Status
from cso_tracker.query import asof, list_filter, listing, lookup, sections, status
from cso_tracker.query import meetings as meeting_queries
from cso_tracker.query.agenda import build_agenda
from cso_tracker.query.list_filter import ListFilter, SortKey
from cso_tracker.repo.load import load_repository
from cso_tracker.repo.repository import Repository

RIVERSIDE = Path(__file__).resolve().parent / "fixtures" / "groups" / "riverside"
BUNDLED = Path(__file__).resolve().parent.parent
BEFORE = dt.date(2026, 11, 10)
AFTER = dt.date(2026, 12, 20)


@cache
def riverside() -> Repository:
    repository = load_repository(RIVERSIDE)
    assert repository.problems == []
    return repository


def ids(items: object) -> list[str]:
    result = []
    for item in items:  # type: ignore[attr-defined]
        commitment = getattr(item, "commitment", item)
        result.append(commitment.id)
    return result


def status_at(day: dt.date, **kwargs: object) -> status.StatusReport:
    repo = riverside()
    return status.build_status(
        group=repo.settings.group,
        settings=repo.settings,
        members=repo.members,
        meetings=repo.meetings,
        commitments=repo.commitments.values(),
        as_of=day,
        **kwargs,  # type: ignore[arg-type]
    )


# --- meetings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "last", "following"),
    [
        (dt.date(2025, 3, 12), None, "2025-03-12-launch"),
        (dt.date(2025, 3, 13), "2025-03-12-launch", "2026-03-18-annual-meeting"),
        (dt.date(2026, 6, 18), "2026-03-18-annual-meeting", "2026-09-09-teleconference"),
        (dt.date(2026, 9, 9), "2026-03-18-annual-meeting", "2026-09-09-teleconference"),
        (dt.date(2026, 9, 10), "2026-09-09-teleconference", "2027-01-14-teleconference"),
        (dt.date(2027, 1, 14), "2026-09-09-teleconference", "2027-01-14-teleconference"),
        (dt.date(2027, 1, 15), "2026-09-09-teleconference", None),
    ],
)
def test_last_and_next_meeting(day: dt.date, last: str | None, following: str | None) -> None:
    """Last: held strictly before as-of. Next: on or after as-of, held later or
    still planned (on a past day, a meeting held since was still to come).
    Cancelled: never."""
    meetings = riverside().meetings.values()
    found_last = meeting_queries.last_meeting(meetings, day)
    found_next = meeting_queries.next_meeting(meetings, day)
    assert (found_last.id if found_last else None) == last
    assert (found_next.id if found_next else None) == following


# --- sections -------------------------------------------------------------------------


def test_overdue_before_and_after_deadlines() -> None:
    before = status_at(BEFORE).overdue
    assert [(o.commitment.id, o.days_overdue) for o in before] == [
        ("water-quality-baseline", 406),
        ("culvert-repair", 10),
    ]
    after = status_at(AFTER).overdue
    assert [(o.commitment.id, o.days_overdue) for o in after] == [
        ("water-quality-baseline", 446),
        ("culvert-repair", 50),
        ("volunteer-training", 30),
        ("fish-survey", 10),
    ]


def test_a_past_as_of_day_sees_the_records_as_they_stood() -> None:
    """On 2026-06-01 school-outreach (due 05-31) was still in progress, so it
    was overdue; it was dropped only in October. The items agreed at the
    September teleconference did not exist yet, and culvert-repair was in
    progress (it stalled in October)."""
    report = status_at(dt.date(2026, 6, 1))
    assert [(o.commitment.id, o.days_overdue, o.commitment.status.value)
            for o in report.overdue] == [
        ("water-quality-baseline", 244, "in-progress"),
        ("school-outreach", 1, "in-progress"),
    ]  # fmt: skip
    assert "volunteer-training" not in ids(report.by_owner[0].items)
    assert {t.status.value: t.count for t in report.tallies} == {
        "agreed": 4, "in-progress": 5, "stalled": 0, "done": 1, "partial": 0, "dropped": 0,
    }  # fmt: skip
    # monitoring-protocol was partial only from October. The next meeting
    # then was the September teleconference (held since), not the January
    # one: nothing else is due before it or within 30 days.
    assert report.next_meeting is not None
    assert report.next_meeting.id == "2026-09-09-teleconference"
    assert [(d.commitment.id, d.days_left) for d in report.due_soon] == [
        ("monitoring-protocol", 29),
    ]
    assert {s.commitment.id: s.commitment.status.value for s in report.stale}["fish-survey"] == (
        "agreed"
    )
    assert report.recently_closed == []
    timeline = {t.commitment.id for t in report.timeline}
    assert not timeline & {"volunteer-training", "flood-warning-sms"}


def test_as_it_stood_keeps_todays_records_and_drops_later_ones() -> None:
    repo = riverside()
    culvert = repo.commitments["culvert-repair"]
    assert asof.as_it_stood(culvert, repo.meetings, AFTER) is culvert
    assert asof.as_it_stood(culvert, repo.meetings, dt.date(2026, 3, 17)) is None
    on_agreement = asof.as_it_stood(culvert, repo.meetings, dt.date(2026, 3, 18))
    assert on_agreement is not None
    assert (on_agreement.status, on_agreement.updates) == (Status.AGREED, ())
    # A status set in the record without any update is kept as written.
    bare = culvert.model_copy(update={"updates": (), "status": Status.DONE})
    assert asof.as_it_stood(bare, repo.meetings, dt.date(2026, 4, 1)) is bare


def test_riverside_has_no_undated_open_items() -> None:
    assert status_at(BEFORE).undated == []


def test_closed_items_are_never_overdue() -> None:
    """public-dashboard was due 2026-10-31 but is done."""
    assert "public-dashboard" not in ids(status_at(AFTER).overdue)


def test_due_soon_by_window_or_next_meeting() -> None:
    before = status_at(BEFORE).due_soon
    assert [(d.commitment.id, d.days_left, d.within_window, d.before_next_meeting)
            for d in before] == [
        ("volunteer-training", 10, True, True),
        ("fish-survey", 30, True, True),
        ("riparian-planting", 61, False, True),  # only because the meeting is later
    ]  # fmt: skip
    after = status_at(AFTER).due_soon
    assert [(d.commitment.id, d.days_left) for d in after] == [("riparian-planting", 21)]


def test_due_soon_without_a_next_meeting_uses_the_window_only() -> None:
    repo = riverside()
    found = sections.due_soon(repo.commitments.values(), BEFORE, window_days=30,
                           next_meeting_day=None)  # fmt: skip
    assert ids(found) == ["volunteer-training", "fish-survey"]


def test_due_today_is_due_soon_not_overdue() -> None:
    day = dt.date(2026, 11, 20)
    report = status_at(day)
    assert "volunteer-training" in ids(report.due_soon)
    assert "volunteer-training" not in ids(report.overdue)


def test_stale_before_and_after() -> None:
    before = status_at(BEFORE).stale
    # annual-forum-meeting (608 days without an update) and
    # quarterly-finance-report (127) recur: they are judged per period under
    # Standing obligations, never as stale.
    assert [(s.commitment.id, s.last_activity, s.days_quiet) for s in before] == [
        ("water-quality-baseline", dt.date(2025, 10, 15), 391),
        ("riparian-planting", dt.date(2026, 3, 18), 237),
    ]
    # flood-warning-sms was agreed 2026-09-09 and never updated (102 days by
    # 2026-12-20); fish-survey was last updated 2026-09-20 (91 days).
    after = status_at(AFTER).stale
    assert [(s.commitment.id, s.days_quiet) for s in after] == [
        ("water-quality-baseline", 431),
        ("riparian-planting", 277),
        ("flood-warning-sms", 102),
        ("fish-survey", 91),
    ]
    assert after[-2].last_update is None


def test_changes_since_the_last_meeting() -> None:
    report = status_at(BEFORE)
    assert report.since == dt.date(2026, 9, 9)
    assert report.since_label == "last meeting"
    assert [(c.update.date.isoformat(), c.commitment.id, c.old_status.value,
             c.new_status.value if c.new_status else None) for c in report.changes] == [
        ("2026-09-20", "fish-survey", "agreed", "in-progress"),
        ("2026-09-30", "public-dashboard", "in-progress", "done"),
        ("2026-10-01", "school-outreach", "in-progress", "dropped"),
        ("2026-10-05", "monitoring-protocol", "agreed", "partial"),
        ("2026-10-12", "volunteer-training", "agreed", "in-progress"),
        ("2026-10-20", "culvert-repair", "in-progress", "stalled"),
    ]  # fmt: skip


def test_changes_ignore_updates_after_the_as_of_day() -> None:
    report = status_at(dt.date(2026, 9, 25))
    assert ids(report.changes) == ["fish-survey"]


def test_a_note_without_status_is_a_change_that_keeps_the_status() -> None:
    repo = riverside()
    found = sections.changes(repo.commitments.values(), dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    assert len(found) == 1
    change = found[0]
    assert change.commitment.id == "quarterly-finance-report"
    assert change.new_status is None
    assert change.old_status is Status.IN_PROGRESS
    assert not change.changes_status


def test_change_summary_for_a_new_a_repeated_and_no_status() -> None:
    """The Markdown and the terminal both print this; the terminal used to
    call a repeated status a "note"."""
    repo = riverside()
    finance = repo.commitments["quarterly-finance-report"]
    first, second = finance.updates
    assert sections.Change(finance, first, Status.AGREED, first.status).summary == (
        "agreed → in-progress"
    )
    assert sections.Change(finance, second, Status.IN_PROGRESS, None).summary == "note"
    repeated = sections.Change(finance, first, Status.IN_PROGRESS, Status.IN_PROGRESS)
    assert repeated.summary == "in-progress (confirmed)"


def test_given_since() -> None:
    report = status_at(BEFORE, since=dt.date(2026, 10, 10))
    assert report.since_label == "given"
    assert ids(report.changes) == ["volunteer-training", "culvert-repair"]
    assert report.recently_closed == []


def test_tallies() -> None:
    report = status_at(BEFORE)
    assert {t.status.value: t.count for t in report.tallies} == {
        "agreed": 3, "in-progress": 4, "stalled": 1, "done": 2, "partial": 1, "dropped": 1,
    }  # fmt: skip
    assert (report.open_count, report.closed_count, report.total) == (8, 4, 12)


def test_by_owner() -> None:
    groups = status_at(BEFORE).by_owner
    assert [(g.label, ids(g.items)) for g in groups] == [
        ("CCL", ["water-quality-baseline", "volunteer-training", "riparian-planting"]),
        ("LBWA", ["flood-warning-sms"]),
        ("MAA", ["fish-survey"]),
        ("RCC", ["culvert-repair", "annual-forum-meeting", "quarterly-finance-report"]),
        ("UFC", ["riparian-planting"]),
    ]
    rcc = groups[3]
    # Derek Lund stopped being a focal point at the end of 2025.
    assert [p.name for p in rcc.focal_points] == ["Helen Okafor"]


def test_recently_closed() -> None:
    closed = status_at(BEFORE).recently_closed
    assert [(c.commitment.id, c.update.date.isoformat()) for c in closed] == [
        ("monitoring-protocol", "2026-10-05"),
        ("school-outreach", "2026-10-01"),
        ("public-dashboard", "2026-09-30"),
    ]
    assert closed[2].update.evidence == ("https://riverside-council.example/river-dashboard",)
    # forum-bylaws closed in 2025: long before the last meeting.


def test_owner_narrows_every_commitment_section() -> None:
    report = status_at(BEFORE, owner="riverside-council")
    assert report.owner is not None
    assert report.owner.id == "riverside-council"
    assert ids(report.overdue) == ["culvert-repair"]
    assert report.due_soon == []
    assert ids(report.changes) == ["public-dashboard", "culvert-repair"]
    assert [g.member_id for g in report.by_owner] == ["riverside-council"]
    assert report.total == 5
    # Meetings are not narrowed.
    assert len(report.upcoming_meetings) == 1


def test_owner_shared_item_appears_for_each_owner() -> None:
    report = status_at(BEFORE, owner="upstream-farmers")
    assert ids(report.due_soon) == ["riparian-planting"]
    assert [g.member_id for g in report.by_owner] == ["upstream-farmers"]


def test_unknown_owner_suggests_a_member() -> None:
    with pytest.raises(UsageError) as caught, naming("--owner"):
        status_at(BEFORE, owner="riverside-counsil")
    assert caught.value.message == (
        "--owner: 'riverside-counsil' is not a member; did you mean 'riverside-council'?"
    )
    assert caught.value.hint is not None
    assert "basin-agency" in caught.value.hint


def test_timeline_covers_open_items_with_a_due_date() -> None:
    bars = status_at(BEFORE).timeline
    assert [(t.section, t.commitment.id, t.overdue) for t in bars] == [
        ("CCL", "water-quality-baseline", True),
        ("CCL", "volunteer-training", False),
        ("LBWA", "flood-warning-sms", False),
        ("MAA", "fish-survey", False),
        ("RCC", "culvert-repair", True),
        ("UFC", "riparian-planting", False),
    ]
    assert bars[0].start == dt.date(2025, 3, 12)


# --- standing obligations -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("recurrence", "day", "label", "start", "end"),
    [
        (Recurrence.YEARLY, dt.date(2026, 7, 4), "2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        (Recurrence.QUARTERLY, dt.date(2026, 11, 10), "2026-Q4", dt.date(2026, 10, 1),
         dt.date(2026, 12, 31)),
        (Recurrence.QUARTERLY, dt.date(2026, 2, 28), "2026-Q1", dt.date(2026, 1, 1),
         dt.date(2026, 3, 31)),
        (Recurrence.MONTHLY, dt.date(2024, 2, 3), "2024-02", dt.date(2024, 2, 1),
         dt.date(2024, 2, 29)),
    ],
)  # fmt: skip
def test_period_of(
    recurrence: Recurrence, day: dt.date, label: str, start: dt.date, end: dt.date
) -> None:
    assert sections.period_of(recurrence, day) == (label, start, end)


def _obligations(day: dt.date) -> dict[str, sections.Obligation]:
    repo = riverside()
    found = sections.standing_obligations(repo.commitments.values(), repo.meetings.values(), day)
    return {o.commitment.id: o for o in found}


def test_obligations_as_of_november() -> None:
    found = _obligations(BEFORE)
    annual = found["annual-forum-meeting"]
    assert annual.met
    assert annual.met_by_meeting is not None
    assert annual.met_by_meeting.id == "2026-03-18-annual-meeting"
    quarterly = found["quarterly-finance-report"]
    assert (quarterly.period, quarterly.met) == ("2026-Q4", False)


def test_obligations_early_in_the_year() -> None:
    """Before the 2026 annual meeting, the yearly obligation is not met yet."""
    found = _obligations(dt.date(2026, 2, 1))
    assert not found["annual-forum-meeting"].met
    assert not found["quarterly-finance-report"].met


def test_quarterly_obligation_met_by_an_update_in_the_quarter() -> None:
    found = _obligations(dt.date(2026, 4, 10))
    quarterly = found["quarterly-finance-report"]
    assert quarterly.met
    assert quarterly.met_by_update is not None
    assert quarterly.met_by_update.date == dt.date(2026, 4, 5)


def test_yearly_meeting_obligation_needs_an_in_person_meeting() -> None:
    """A teleconference held this year does not satisfy the annual face-to-face."""
    repo = riverside()
    telecon = Meeting(id="2027-02-01-call", title="Call", date=dt.date(2027, 2, 1),
                      kind="teleconference", status="held")  # type: ignore[arg-type]  # fmt: skip
    meetings = [*repo.meetings.values(), telecon]
    found = sections.standing_obligations(repo.commitments.values(), meetings, dt.date(2027, 3, 1))
    annual = next(o for o in found if o.commitment.id == "annual-forum-meeting")
    assert (annual.period, annual.met) == ("2027", False)
    in_person = telecon.model_copy(update={"kind": MeetingKind.IN_PERSON})
    found = sections.standing_obligations(
        repo.commitments.values(), [*repo.meetings.values(), in_person], dt.date(2027, 3, 1)
    )
    annual = next(o for o in found if o.commitment.id == "annual-forum-meeting")
    assert annual.met


def test_bundled_data_as_of_2026() -> None:
    """The 2013 record: three dated items overdue, the rest undated, no annual meeting in 2026."""
    repo = load_repository(BUNDLED)
    report = status.build_status(
        group=repo.settings.group, settings=repo.settings, members=repo.members,
        meetings=repo.meetings, commitments=repo.commitments.values(),
        as_of=dt.date(2026, 11, 28),
    )  # fmt: skip
    assert ids(report.overdue) == [
        "data-collaboration",
        "terms-of-reference-and-work-plan",
        "cso-engagement-midterm-review-and-ungass",
    ]
    assert report.open_count == 17
    # 13 open items have no due date (and are not recurring): never overdue.
    assert len(report.undated) == 13
    assert "overdose-document" in ids(report.undated)
    # Every open item but the yearly meeting, a standing obligation.
    assert len(report.stale) == 16
    assert "annual-face-to-face-meeting" not in ids(report.stale)
    assert report.changes == []
    assert report.next_meeting is None
    assert [(o.commitment.id, o.met) for o in report.obligations] == [
        ("annual-face-to-face-meeting", False)
    ]


# --- agenda ---------------------------------------------------------------------------------


def test_agenda_reviews_overdue_items_first_and_lists_new_items() -> None:
    repo = riverside()
    agenda = build_agenda(
        group=repo.settings.group, meeting=repo.meetings["2027-01-14-teleconference"],
        members=repo.members, meetings=repo.meetings,
        commitments=repo.commitments.values(), as_of=BEFORE,
    )  # fmt: skip
    assert [(r.commitment.id, r.overdue) for r in agenda.review] == [
        ("water-quality-baseline", True),
        ("culvert-repair", True),
        ("fish-survey", False),
        ("riparian-planting", False),
        ("annual-forum-meeting", False),
        ("quarterly-finance-report", False),
    ]
    # New items stand under "new" only, in the order agreed (the meeting's numbers).
    assert [c.id for c in agenda.new_items] == ["volunteer-training", "flood-warning-sms"]
    assert agenda.last_meeting is not None
    assert agenda.last_meeting.id == "2026-09-09-teleconference"


# --- list filters ------------------------------------------------------------------------------

ALL = {
    "annual-forum-meeting", "culvert-repair", "fish-survey", "flood-warning-sms", "forum-bylaws",
    "monitoring-protocol", "public-dashboard", "quarterly-finance-report", "riparian-planting",
    "school-outreach", "volunteer-training", "water-quality-baseline",
}  # fmt: skip
OPEN = {
    "annual-forum-meeting", "culvert-repair", "fish-survey", "flood-warning-sms",
    "quarterly-finance-report", "riparian-planting", "volunteer-training",
    "water-quality-baseline",
}  # fmt: skip
D = dt.date

FILTER_CASES: list[tuple[str, ListFilter, set[str]]] = [
    ("none", ListFilter(), ALL),
    ("status open", ListFilter(statuses=list_filter.parse_statuses(["open"])), OPEN),
    ("status closed", ListFilter(statuses=list_filter.parse_statuses(["closed"])), ALL - OPEN),
    ("status done", ListFilter(statuses=frozenset({Status.DONE})),
     {"forum-bylaws", "public-dashboard"}),
    ("status stalled+dropped", ListFilter(statuses=list_filter.parse_statuses(["stalled", "dropped"])),
     {"culvert-repair", "school-outreach"}),
    ("owner", ListFilter(owners=frozenset({"clearwater-lab"})),
     {"water-quality-baseline", "volunteer-training", "riparian-planting"}),
    ("two owners", ListFilter(owners=frozenset({"upstream-farmers", "basin-agency"})),
     {"riparian-planting", "monitoring-protocol", "flood-warning-sms"}),
    ("meeting", ListFilter(meetings=frozenset({"2026-09-09-teleconference"})),
     {"volunteer-training", "flood-warning-sms"}),
    ("tag", ListFilter(tags=frozenset({"outreach"})), {"school-outreach", "volunteer-training"}),
    ("due before (inclusive)", ListFilter(due_before=D(2026, 6, 30)),
     {"forum-bylaws", "water-quality-baseline", "school-outreach", "monitoring-protocol"}),
    ("due after (inclusive)", ListFilter(due_after=D(2026, 12, 10)),
     {"fish-survey", "riparian-planting", "flood-warning-sms"}),
    ("overdue", ListFilter(overdue=True), {"water-quality-baseline", "culvert-repair"}),
    ("stale", ListFilter(stale=True), {"water-quality-baseline", "riparian-planting"}),
    ("updated since", ListFilter(updated_since=D(2026, 10, 5)),
     {"monitoring-protocol", "volunteer-training", "culvert-repair"}),
    ("text in title, any case", ListFilter(text="FISH"), {"fish-survey"}),
    ("text in body", ListFilter(text="weirs"), {"fish-survey"}),
    ("text in a note", ListFilter(text="bankrupt"), {"culvert-repair"}),
    ("text with template syntax", ListFilter(text="{{ 7*7 }}"), {"fish-survey"}),
    ("open + owner", ListFilter(statuses=list_filter.parse_statuses(["open"]),
                                owners=frozenset({"riverside-council"})),
     {"culvert-repair", "annual-forum-meeting", "quarterly-finance-report"}),
    ("tag + due window", ListFilter(tags=frozenset({"monitoring"}), due_after=D(2026, 1, 1),
                                    due_before=D(2026, 12, 31)),
     {"monitoring-protocol", "volunteer-training", "fish-survey"}),
    ("overdue + stale", ListFilter(overdue=True, stale=True), {"water-quality-baseline"}),
    ("meeting + closed", ListFilter(meetings=frozenset({"2025-03-12-launch"}),
                                    statuses=list_filter.parse_statuses(["closed"])),
     {"forum-bylaws", "public-dashboard", "monitoring-protocol", "school-outreach"}),
    ("updated since + text", ListFilter(updated_since=D(2026, 9, 1), text="html"),
     {"school-outreach", "volunteer-training"}),
    ("nothing matches", ListFilter(owners=frozenset({"basin-agency"}), overdue=True), set()),
]  # fmt: skip


@pytest.mark.parametrize(("spec", "expected"), [(s, e) for _, s, e in FILTER_CASES],
                         ids=[n for n, _, _ in FILTER_CASES])  # fmt: skip
def test_list_filters(spec: ListFilter, expected: set[str]) -> None:
    repo = riverside()
    chosen = listing.select(repo.commitments.values(), spec, meetings=repo.meetings,
                          settings=repo.settings, as_of=BEFORE)  # fmt: skip
    assert set(ids(chosen)) == expected


def test_sort_orders() -> None:
    repo = riverside()
    items = repo.commitments.values()
    by_due = ids(listing.sort_commitments(items, SortKey.DUE))
    assert by_due[:3] == ["forum-bylaws", "water-quality-baseline", "school-outreach"]
    assert by_due[-2:] == ["annual-forum-meeting", "quarterly-finance-report"]  # undated last
    assert ids(listing.sort_commitments(items, SortKey.ID)) == sorted(ALL)
    by_status = ids(listing.sort_commitments(items, SortKey.STATUS))
    assert by_status[:3] == ["riparian-planting", "flood-warning-sms", "annual-forum-meeting"]
    assert by_status[-1] == "school-outreach"
    by_updated = ids(listing.sort_commitments(items, SortKey.UPDATED))
    assert by_updated[:2] == ["culvert-repair", "volunteer-training"]
    assert set(by_updated[-3:]) == {"annual-forum-meeting", "flood-warning-sms",
                                    "riparian-planting"}  # fmt: skip


def test_parse_statuses() -> None:
    assert list_filter.parse_statuses([]) is None
    assert list_filter.parse_statuses(["open", "done"]) == {
        Status.AGREED, Status.IN_PROGRESS, Status.STALLED, Status.DONE,
    }  # fmt: skip


def test_unknown_status_suggests_one() -> None:
    with pytest.raises(UsageError) as caught, naming("--status"):
        list_filter.parse_statuses(["in-progres"])
    assert (
        caught.value.message
        == "--status: 'in-progres' is not a status; did you mean 'in-progress'?"
    )
    assert caught.value.exit_code == 2


def test_unknown_meeting_suggests_one() -> None:
    with pytest.raises(UsageError, match="did you mean '2026-09-09-teleconference'"):
        lookup.require_meeting(riverside().meetings, "2026-09-09-teleconferense")
