"""`tracker update` checks a new update against its neighbourhood
(write/neighbourhood.py): tracker.yaml, the members, the meetings, the
commitment and its updates. Each scenario runs the same update twice, on
two copies of one group: through the neighbourhood, and with --no-cache,
which loads every record; what each says and writes must be the same."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, run_cli
from cso_tracker.checks.rules import CHECKS
from cso_tracker.write.neighbourhood import REVIEWED, near_update

DAY = dt.date(2024, 5, 1)
pytestmark = pytest.mark.today(DAY)

COMMITMENT = "data/commitments/repair-survey.yaml"
MEMBER = "data/members/north-tenants.yaml"
SECOND = """id: boiler-audit
number: 2
title: Boiler audit
text: Audit the boilers.
agreed_at: 2024-03-05-kickoff
owners:
  - north-tenants
  - city-office
due: 2024-09-30
"""


def test_every_rule_run_was_reviewed_for_the_neighbourhood() -> None:
    """A new rule must be reviewed against write/neighbourhood.py (does a
    new update change its problems through records outside it?), then added
    to REVIEWED."""
    assert {check.__name__ for check in CHECKS} == REVIEWED


def test_the_neighbourhood_holds_what_an_update_is_checked_with(minimal_group: Path) -> None:
    (minimal_group / "data/commitments/boiler-audit.yaml").write_text(SECOND)
    repository = near_update(minimal_group, "repair-survey")
    assert repository is not None
    assert set(repository.commitments) == {"repair-survey"}
    assert set(repository.members) == {"north-tenants", "city-office"}
    assert set(repository.meetings) == {"2024-03-05-kickoff"}
    assert [u.name for u in repository.updates_of("repair-survey")] == ["2024-04-02-north-tenants"]
    assert repository.commitments["repair-survey"].status == "in-progress"


def _append(rel: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / rel
        path.write_text(path.read_text() + text)

    return change


def _no_focal_point(root: Path) -> None:
    path = root / MEMBER
    path.write_text(path.read_text().replace("    focal_point: true\n", ""))


def _a_link(root: Path) -> None:
    (root / "data/members/alias.yaml").symlink_to(root / MEMBER)


def _a_subfolder(root: Path) -> None:
    (root / "data/meetings/old").mkdir()


def _broken(root: Path) -> None:
    (root / COMMITMENT).write_text("id: repair-survey\ntitle: [unclosed\n")


def _linked_commitment(root: Path) -> None:
    target = root / "elsewhere.yaml"
    shutil.move(root / COMMITMENT, target)
    (root / COMMITMENT).symlink_to(target)


@pytest.mark.parametrize(
    ("given", "change"),
    [
        ("repair", None),
        ("no-such-item", None),
        ("repair-survey", _no_focal_point),
        ("repair-survey", _a_link),
        ("repair-survey", _a_subfolder),
        ("repair-survey", _broken),
        ("repair-survey", _linked_commitment),
    ],
    ids=[
        "a beginning of an id",
        "no such file",
        "an owner without a focal point",
        "a link among the members",
        "a folder among the meetings",
        "a broken commitment",
        "a linked commitment",
    ],
)
def test_when_every_record_is_needed(
    minimal_group: Path, given: str, change: Callable[[Path], None] | None
) -> None:
    if change is not None:
        change(minimal_group)
    assert near_update(minimal_group, given) is None


def _same_update(tmp_path: Path, group: Path, *args: str) -> Result:
    """`tracker update ARGS` on two copies of `group`: through the
    neighbourhood and with every record; the two answers and files agree."""
    answers, written = [], []
    for options in ((), ("--no-cache",)):
        copy = tmp_path / f"copy{len(answers)}"
        shutil.copytree(group, copy, symlinks=True)
        result = run_cli(*options, "update", *args, cwd=copy)
        answers.append((result.exit_code, _named(result.stdout), _named(result.stderr)))
        files = sorted((copy / "data/updates").rglob("*.yaml"))
        written.append([(_named(p.relative_to(copy).as_posix()), p.read_text()) for p in files])
    assert answers[0] == answers[1]
    assert written[0] == written[1]
    code, stdout, stderr = answers[0]
    return Result(code, stdout, stderr)


def _named(text: str) -> str:
    """The random part of a new update's file name left out."""
    return re.sub(r"-[0-9a-f]{4}(\.yaml)", r"-XXXX\1", text)


def _left(root: Path) -> None:
    _append(MEMBER, "left: 2024-04-10\n")(root)


def _refuse_non_owners(root: Path) -> None:
    _append("tracker.yaml", "non_owner_updates: refuse\n")(root)


def _closed_and_no_focal_point(root: Path) -> None:
    """The survey closed; its owner, without a focal point, still owns the
    open boiler audit, so it is warned of that before the survey reopens."""
    _no_focal_point(root)
    (root / "data/updates/repair-survey/2024-04-20-north-tenants.yaml").write_text(
        "date: 2024-04-20\nby: north-tenants\nstatus: done\n"
        "evidence:\n  - https://example.org/survey\n"
    )


def _another_broken(root: Path) -> None:
    (root / "data/commitments/boiler-audit.yaml").write_text(SECOND.replace("2024-09-30", "soon"))


@pytest.mark.parametrize(
    ("change", "args", "code", "says"),
    [
        (None, ("--note", "Halfway."), 0, "created data/updates/repair-survey/"),
        (_left, ("--note", "After leaving.", "--date", "2024-04-20"), 0, "member-left"),
        (None, ("--note", "Not ours.", "--by", "city-office"), 0, "update-not-owner"),
        (
            _refuse_non_owners,
            ("--note", "Not ours.", "--by", "city-office"),
            1,
            "does not own repair-survey",
        ),
        (None, ("--status", "done", "--note", "Done."), 1, "closed-without-evidence"),
        (None, ("--status", "done", "--evidence", "https://example.org/survey"), 0, "created"),
        (None, ("--corrects", "2024-01-01-nobody.yaml", "--note", "Fix."), 1, "corrects-unknown"),
        (None, ("--note", "Late.", "--date", "2024-03-01"), 1, "before the meeting"),
        (None, ("--note", "Soon.", "--date", "2024-06-01"), 1, "in the future"),
        (None, ("--note", "By whom?", "--author", "Nobody Known"), 1, "Nobody Known"),
        (_another_broken, ("--note", "Still fine."), 0, "created"),
        (None, ("--due", "2024-02-01", "--note", "Moved."), 1, "due-before-agreed"),
        (
            _closed_and_no_focal_point,
            ("--status", "in-progress", "--note", "Reopened."),
            0,
            "created",
        ),
    ],
    ids=[
        "plain",
        "member left",
        "not an owner (warn)",
        "not an owner (refuse)",
        "closed without evidence",
        "closed",
        "corrects unknown",
        "before the agreeing meeting",
        "in the future",
        "unknown author",
        "another file broken",
        "due before the meeting",
        "reopened by an owner without a focal point",
    ],
)
def test_the_neighbourhood_answers_as_every_record_does(
    tmp_path: Path,
    minimal_group: Path,
    change: Callable[[Path], None] | None,
    args: tuple[str, ...],
    code: int,
    says: str,
) -> None:
    (minimal_group / "data/commitments/boiler-audit.yaml").write_text(SECOND)
    if change is not None:
        change(minimal_group)
    by = () if "--by" in args else ("--by", "north-tenants")
    result = _same_update(tmp_path, minimal_group, "repair-survey", *by, *args)
    assert result.exit_code == code
    assert says in result.output
