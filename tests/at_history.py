"""A fictional group's history, as a secretariat keeps it: six tagged calls'
worth of record changes (founding, a first update, an owner change with a
template of the group's own, a revised due date, a member leaving, a held
meeting), each data commit by a named person on a pinned day, followed by a
commit of the status report generated from the work tree at that moment,
which carries the tag. `tracker status --at TAG` must give that report back.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest

from conftest import GIT_ENV, REPO_ROOT, git, init_git, run_cli, write_records


@dataclass(frozen=True)
class Call:
    """One tag: the data commit's author and day, what it changed, and the
    as-of day of the report committed on top of it."""

    tag: str
    author: str
    day: str
    as_of: str
    files: dict[str, str | None]
    """Relative path -> new text (dedented), or None to delete the file."""


FOUNDING: Final = {
    "tracker.yaml": """
        group: Harbour Lights Coalition
        stale_after_days: 30
        due_soon_days: 21
    """,
    "data/members/tide-watch.yaml": """
        id: tide-watch
        name: Tide Watch Network
        acronym: TWN
        type: civil-society
        role: member
        people:
          - name: Ana Díaz
            focal_point: true
    """,
    "data/members/gull-trust.yaml": """
        id: gull-trust
        name: Gull Island Trust
        acronym: GIT
        type: civil-society
        role: member
        people:
          - name: Oren Salo
            focal_point: true
    """,
    "data/members/harbour-office.yaml": """
        id: harbour-office
        name: Harbour Liaison Office
        type: other
        role: secretariat
        people:
          - name: Chidi Okafor
            focal_point: true
    """,
    "data/meetings/2025-01-15-founding.yaml": """
        id: 2025-01-15-founding
        title: Founding meeting
        date: 2025-01-15
        kind: in-person
        status: held
        convened_by: harbour-office
        attendees:
          - member: tide-watch
            people:
              - Ana Díaz
          - member: gull-trust
            people:
              - Oren Salo
    """,
    "data/meetings/2025-03-12-spring-call.yaml": """
        id: 2025-03-12-spring-call
        title: Spring call
        date: 2025-03-12
        kind: teleconference
        status: planned
        convened_by: harbour-office
    """,
    "data/commitments/buoy-census.yaml": """
        id: buoy-census
        number: 1
        title: Buoy census
        text: Count and map every buoy in the outer harbour.
        agreed_at: 2025-01-15-founding
        owners:
          - tide-watch
        due: 2025-04-30
    """,
    "data/commitments/lantern-repair.yaml": """
        id: lantern-repair
        number: 2
        title: Lantern repair
        text: Repair the lantern of the north breakwater.
        agreed_at: 2025-01-15-founding
        owners:
          - gull-trust
        due: 2025-03-31
    """,
    "data/commitments/pier-charter.yaml": """
        id: pier-charter
        number: 3
        title: Pier charter
        text: Draft a charter for the shared use of the old pier.
        agreed_at: 2025-01-15-founding
        owners:
          - harbour-office
        due: 2025-02-28
    """,
}

_DEFAULT_TEMPLATE: Final = (REPO_ROOT / "templates" / "status.md.j2").read_text(encoding="utf-8")
_TITLE: Final = "# Status of commitments: {{ r.group|md }}\n"


def group_template(line: str) -> str:
    """The default status template with a line of the group's own under the title."""
    assert _TITLE in _DEFAULT_TEMPLATE
    return _DEFAULT_TEMPLATE.replace(_TITLE, f"{_TITLE}\n_{line}_\n")


LANTERN_BY_TIDE_WATCH: Final = FOUNDING["data/commitments/lantern-repair.yaml"].replace(
    "  - gull-trust", "  - tide-watch"
)
CALLS: Final = (
    Call("v1-founding", "Ana Díaz", "2025-01-16", "2025-01-20", dict(FOUNDING)),
    Call("v2-update", "Bo Lindqvist", "2025-02-03", "2025-02-05", {
        "data/updates/buoy-census/2025-02-03-tide-watch.yaml": """
            date: 2025-02-03
            by: tide-watch
            author: Ana Díaz
            status: in-progress
            note: The outer harbour is half counted.
        """,
    }),
    Call("v3-owner", "Ana Díaz", "2025-02-10", "2025-02-12", {
        "data/commitments/lantern-repair.yaml": LANTERN_BY_TIDE_WATCH,
        "templates/status.md.j2": group_template("Prepared by the Harbour Liaison Office."),
    }),
    Call("v4-due", "Chidi Okafor", "2025-02-20", "2025-02-21", {
        "data/updates/pier-charter/2025-02-20-harbour-office.yaml": """
            date: 2025-02-20
            by: harbour-office
            author: Chidi Okafor
            status: in-progress
            due: 2025-09-30
            note: Moved with the members' agreement; the port's lawyers need the summer.
        """,
    }),
    Call("v5-left", "Ana Díaz", "2025-03-01", "2025-03-03", {
        "data/members/gull-trust.yaml": textwrap.dedent(FOUNDING["data/members/gull-trust.yaml"])
        .strip() + "\nleft: 2025-02-28\n",
        "templates/status.md.j2": group_template("Prepared by the secretariat for the members."),
    }),
    Call("v6-held", "Bo Lindqvist", "2025-03-13", "2025-03-14", {
        "data/meetings/2025-03-12-spring-call.yaml": """
            id: 2025-03-12-spring-call
            title: Spring call
            date: 2025-03-12
            kind: teleconference
            status: held
            convened_by: harbour-office
            attendees:
              - member: tide-watch
                people:
                  - Ana Díaz
              - member: harbour-office
                people:
                  - Chidi Okafor
        """,
        "data/commitments/signal-drill.yaml": """
            id: signal-drill
            number: 1
            title: Signal drill
            text: Run a night-time signal drill with the harbour pilots.
            agreed_at: 2025-03-12-spring-call
            owners:
              - harbour-office
            due: 2025-05-31
        """,
        "data/updates/buoy-census/2025-03-12-tide-watch.yaml": """
            date: 2025-03-12
            by: tide-watch
            author: Ana Díaz
            status: done
            note: Census published.
            evidence:
              - Harbour buoy census, March 2025
        """,
    }),
)  # fmt: skip
TAGS: Final = tuple(call.tag for call in CALLS)
AS_OF: Final = {call.tag: call.as_of for call in CALLS}


def git_as(root: Path, author: str | None, day: str | None, *args: str) -> str:
    """`git args` in `root`, the commit by `author` on `day` (noon UTC)."""
    return git(root, *args, author=author, when=None if day is None else f"{day}T12:00:00+00:00")


def report_path(tag: str) -> str:
    return f"reports/status-{tag}.md"


def _apply(root: Path, files: dict[str, str | None]) -> None:
    for rel, text in files.items():
        if text is None:
            (root / rel).unlink()
        elif rel.startswith("templates/"):  # as it is: a template is not YAML to dedent
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        else:
            write_records(root, {rel: text})


def build_history(root: Path) -> Path:
    """The group at `root`, one data commit and one report commit (tagged) per call."""
    root.mkdir(parents=True)
    init_git(root)
    for call in CALLS:
        _apply(root, call.files)
        git_as(root, None, None, "add", "-A")
        git_as(root, call.author, call.day, "commit", "--quiet", "-m", f"records: {call.tag}")
        # The report as the secretariat sent it: from the clean work tree.
        sent = run_cli("--root", str(root), "status", "--as-of", call.as_of, "--format", "md")
        assert sent.exit_code == 0, sent.output
        (root / "reports").mkdir(exist_ok=True)
        (root / report_path(call.tag)).write_text(sent.stdout, encoding="utf-8")
        git_as(root, None, None, "add", "reports")
        git_as(root, "Chidi Okafor", call.day, "commit", "--quiet", "-m", f"report: {call.tag}")
        git_as(root, None, None, "tag", call.tag)
    return root


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The history, built once per module (in the isolated environment every
    test gets: pinned identity, no user config, a private cache)."""
    folder = tmp_path_factory.mktemp("harbour")
    with pytest.MonkeyPatch.context() as patch:
        for key, value in GIT_ENV.items():
            patch.setenv(key, value)
        patch.delenv("TRACKER_ROOT", raising=False)
        patch.setenv("TERM", "dumb")
        patch.setenv("NO_COLOR", "1")
        patch.setenv("COLUMNS", "120")
        patch.setenv("XDG_CACHE_HOME", str(folder / ".cache"))
        yield build_history(folder / "harbour")
