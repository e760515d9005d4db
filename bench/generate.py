"""Write a fictional registry for the benchmarks, in the current data
contract (docs/data-contract.md): members, meetings, commitments holding only
what was agreed, and one file per progress update under
data/updates/<commitment-id>/. Deterministic: the same size and seed give the
same files, byte for byte, and the same git history.

At 10,000 commitments: ~500 members, ~200 meetings and 0-6 updates per
commitment (~30,000 update files), as issue 12's targets are stated; smaller
registries get fewer members and meetings, so that each still owns and holds
a realistic share. Every record is valid (`tracker validate` exits 0): the
dates all lie before 2026, updates are given by an owner, in date order,
with evidence when they close an item.

With `git=True` (the default) the folder is a git repository with two
commits: the registry, then a round of updates to 1% of the commitments,
so that `tracker status --at HEAD~1` reads a real earlier revision.

    python bench/generate.py FOLDER [-n 10000] [--seed 2013] [--no-git]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench Author", "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench Author", "GIT_COMMITTER_EMAIL": "bench@example.org",
    "GIT_AUTHOR_DATE": "2025-12-01T12:00:00Z", "GIT_COMMITTER_DATE": "2025-12-01T12:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}  # fmt: skip

FIRST_MEETING = dt.date(2012, 1, 10)
LAST_DAY = dt.date(2025, 11, 30)
"""No update after this day: the tracker refuses updates in the future."""

OPEN = ("in-progress", "stalled")
CLOSED = ("done", "partial", "dropped")
TYPES = ("civil-society", "civil-society", "civil-society", "un-agency", "other")
SCOPES = ("global", "regional", "national")
REGIONS = ("Africa", "Asia", "Europe", "Latin America", "Oceania", "North America")
TAGS = ("health", "harm-reduction", "rights", "funding", "research", "advocacy", "youth")


def sizes(commitments: int) -> tuple[int, int]:
    """(members, meetings) for a registry of `commitments`: ~500 and ~200 at
    10,000 and above, scaled down below."""
    members = max(10, min(500, commitments // 20))
    meetings = max(5, min(200, commitments // 50))
    return members, meetings


@dataclass(frozen=True)
class _Member:
    id: str
    people: tuple[str, ...]


@dataclass(frozen=True)
class _Meeting:
    id: str
    day: dt.date


def _write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _members(root: Path, rng: random.Random, count: int) -> list[_Member]:
    members = []
    for m in range(count):
        member_id = f"org-{m + 1:03d}"
        people = tuple(f"Person {m + 1:03d} {chr(65 + p)}" for p in range(rng.randint(1, 3)))
        lines = [
            f"id: {member_id}",
            f"name: Organisation number {m + 1} for the benchmark",
            f"acronym: O{m + 1:03d}",
            f"type: {TYPES[m % len(TYPES)]}",
            f"role: {'secretariat' if m == 0 else 'member'}",
            f"scope: {rng.choice(SCOPES)}",
            f"region: {rng.choice(REGIONS)}",
            f"joined: {FIRST_MEETING - dt.timedelta(days=rng.randint(1, 400))}",
            "people:",
        ]
        for p, name in enumerate(people):
            lines += [f"  - name: {name}", f"    focal_point: {'true' if p == 0 else 'false'}"]
            lines.append(f"    email: person{m + 1:03d}{chr(97 + p)}@example.org")
        _write(root / "data" / "members" / f"{member_id}.yaml", lines)
        members.append(_Member(member_id, people))
    return members


def _meetings(root: Path, rng: random.Random, count: int, members: list[_Member]) -> list[_Meeting]:
    span = (LAST_DAY - dt.timedelta(days=400) - FIRST_MEETING).days
    meetings = []
    for m in range(count):
        day = FIRST_MEETING + dt.timedelta(days=span * m // count)
        meeting_id = f"{day}-meeting-{m + 1:03d}"
        chair = rng.choice(members)
        lines = [
            f"id: {meeting_id}",
            f"title: Meeting {m + 1} of the benchmark forum",
            f"date: {day}",
            f"kind: {rng.choice(('in-person', 'teleconference', 'side-event'))}",
            "status: held",
            f"location: City {m % 17}",
            f"convened_by: {members[0].id}",
            "chair:",
            f"  member: {chair.id}",
            f"  person: {chair.people[0]}",
            "attendees:",
        ]
        for attendee in rng.sample(members, min(len(members), 8)):
            lines += [f"  - member: {attendee.id}", "    people:", f"      - {attendee.people[0]}"]
        lines += ["decisions:", "  - The forum agreed the commitments of this meeting."]
        _write(root / "data" / "meetings" / f"{meeting_id}.yaml", lines)
        meetings.append(_Meeting(meeting_id, day))
    return meetings


def _updates(
    root: Path, rng: random.Random, item: str, owners: list[_Member], start: dt.date
) -> None:
    """0-6 updates in date order, by an owner; the last may close the item."""
    count = rng.randint(0, 6)
    if count == 0:
        return
    folder = root / "data" / "updates" / item
    folder.mkdir()
    day = start
    for u in range(count):
        day = min(LAST_DAY, day + dt.timedelta(days=rng.randint(1, 120)))
        by = rng.choice(owners)
        status = rng.choice(CLOSED) if u == count - 1 and rng.random() < 0.4 else rng.choice(OPEN)
        lines = [f"date: {day}", f"by: {by.id}", f"author: {rng.choice(by.people)}"]
        lines += [f"status: {status}", f"note: Progress step {u + 1} reported to the forum."]
        if status in ("done", "partial"):
            lines += ["evidence:", f"  - https://example.org/{item}/report-{u + 1}.pdf"]
        if rng.random() < 0.05:
            lines.append(f"due: {day + dt.timedelta(days=rng.randint(30, 400))}")
        # A suffix keeps two updates of one day by one member apart.
        _write(folder / f"{day}-{by.id}-{u + 1}.yaml", lines)


def _commitments(
    root: Path, rng: random.Random, count: int, members: list[_Member], meetings: list[_Meeting]
) -> list[tuple[str, list[_Member], dt.date]]:
    made = []
    numbers: dict[str, int] = {}
    for c in range(count):
        item = f"item-{c + 1:05d}"
        meeting = rng.choice(meetings)
        numbers[meeting.id] = numbers.get(meeting.id, 0) + 1
        owners = rng.sample(members, rng.choice((1, 1, 1, 2, 3)))
        lines = [
            f"id: {item}",
            f"number: {numbers[meeting.id]}",
            f"title: Benchmark commitment {c + 1}",
            f"text: The forum agreed that its members would carry out task {c + 1}, "
            "with partners, and report on it by the date below.",
            f"agreed_at: {meeting.id}",
            "owners:",
            *(f"  - {owner.id}" for owner in owners),
            f"due: {meeting.day + dt.timedelta(days=rng.randint(90, 1500))}",
            "tags:",
            *(f"  - {tag}" for tag in rng.sample(TAGS, rng.randint(1, 3))),
        ]
        if rng.random() < 0.2:
            lines += ["partners:", "  - A fictional partner agency"]
        _write(root / "data" / "commitments" / f"{item}.yaml", lines)
        _updates(root, rng, item, owners, meeting.day)
        made.append((item, owners, meeting.day))
    return made


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})  # fmt: skip


def _commit_round(
    root: Path, rng: random.Random, made: list[tuple[str, list[_Member], dt.date]]
) -> None:
    """A second commit: one more update to 1% of the commitments (dated
    LAST_DAY, after every generated one)."""
    for item, owners, _ in rng.sample(made, max(1, len(made) // 100)):
        folder = root / "data" / "updates" / item
        folder.mkdir(exist_ok=True)
        by = owners[0]
        _write(
            folder / f"{LAST_DAY}-{by.id}-late.yaml",
            [f"date: {LAST_DAY}", f"by: {by.id}", "status: in-progress", "note: Late news."],
        )


def generate(root: Path, commitments: int, seed: int = 2013, git: bool = True) -> Path:
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    for kind in ("members", "meetings", "commitments", "updates"):
        (root / "data" / kind).mkdir(parents=True)
    (root / "tracker.yaml").write_text(
        "group: Benchmark Forum\nstale_after_days: 180\ndue_soon_days: 30\n", encoding="utf-8"
    )
    member_count, meeting_count = sizes(commitments)
    members = _members(root, rng, member_count)
    meetings = _meetings(root, rng, meeting_count, members)
    made = _commitments(root, rng, commitments, members, meetings)
    if git:
        _git(root, "init", "--quiet", "--initial-branch=main")
        _git(root, "add", "-A")
        _git(root, "commit", "--quiet", "--no-gpg-sign", "-m", "The registry")
        _commit_round(root, rng, made)
        _git(root, "add", "-A")
        _git(root, "commit", "--quiet", "--no-gpg-sign", "-m", "A round of updates")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", "--commitments", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument("--no-git", action="store_true", help="do not make it a git repository")
    arguments = parser.parse_args()
    generate(arguments.folder, arguments.commitments, arguments.seed, git=not arguments.no_git)


if __name__ == "__main__":
    main()
