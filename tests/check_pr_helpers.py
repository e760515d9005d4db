"""What the check-pr tests share: a small fictional group committed on
`main`, a pull request branch to change it on, and the command run on them."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from pathlib import Path

from conftest import Result, commit_all, git, init_git, run_cli, write_records

TODAY = dt.date(2026, 12, 1)

GROUP: dict[str, str] = {
    "tracker.yaml": """
        group: Lakeside and Hills Forum
    """,
    "data/members/forum-office.yaml": """
        id: forum-office
        name: Forum Office
        type: other
        role: secretariat
        github:
          - forum-sec
        people:
          - name: Rosa Quint
            focal_point: true
    """,
    "data/members/lakeside-trust.yaml": """
        id: lakeside-trust
        name: Lakeside Trust
        type: civil-society
        role: member
        people:
          - name: Lee Marsh
            focal_point: true
            github: lake-lee
          - name: Old Contact
            github: lake-former
            until: 2026-06-30
    """,
    "data/members/hill-farmers.yaml": """
        id: hill-farmers
        name: Hill Farmers Cooperative
        type: civil-society
        role: member
        github:
          - hill-org
        people:
          - name: Dana Ridge
            focal_point: true
    """,
    "data/meetings/2026-10-01-plenary.yaml": """
        id: 2026-10-01-plenary
        title: Autumn plenary
        date: 2026-10-01
        kind: in-person
        status: held
        convened_by: forum-office
    """,
    "data/commitments/wetland-survey.yaml": """
        id: wetland-survey
        number: 1
        title: Wetland survey
        text: Survey the wetlands around the lake.
        agreed_at: 2026-10-01-plenary
        owners:
          - lakeside-trust
        due: 2027-03-31
    """,
    "data/commitments/hedge-planting.yaml": """
        id: hedge-planting
        number: 2
        title: Hedge planting
        text: Plant hedges along the hill farms.
        agreed_at: 2026-10-01-plenary
        owners:
          - hill-farmers
        due: 2027-04-30
    """,
    "data/updates/wetland-survey/2026-10-15-lakeside-trust.yaml": """
        date: 2026-10-15
        by: lakeside-trust
        status: in-progress
        note: Volunteers recruited.
    """,
    "pyproject.toml": """
        [project]
        name = "forum-records"
    """,
    ".github/workflows/tracker.yml": """
        name: tracker
        on: pull_request
    """,
}
"""A valid fictional group: a secretariat (@forum-sec), a member whose
person has a handle (@lake-lee) and one with a member-level handle (@hill-org)."""

OWN_UPDATE = "data/updates/wetland-survey/2026-11-20-lakeside-trust.yaml"
OWN_UPDATE_TEXT = (
    "date: 2026-11-20\nby: lakeside-trust\nstatus: in-progress\nnote: Survey started.\n"
)
EXISTING_UPDATE = "data/updates/wetland-survey/2026-10-15-lakeside-trust.yaml"
LAKESIDE = "data/members/lakeside-trust.yaml"
HILL = "data/members/hill-farmers.yaml"


@dataclass
class Group:
    """The group committed on `main`, with the branch `pr` checked out."""

    root: Path

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {rel}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def commit(self, message: str = "pull request") -> str:
        return commit_all(self.root, message)

    def check(self, author: str, *extra: str) -> Result:
        return run_cli("check-pr", "--base", "main", "--head", "pr", "--author", author, *extra,
                       cwd=self.root)  # fmt: skip

    def sha(self, revision: str) -> str:
        return git(self.root, "rev-parse", revision).strip()


def make_group(folder: Path) -> Group:
    root = folder / "forum"
    write_records(root, {rel: textwrap.dedent(text) for rel, text in GROUP.items()})
    init_git(root)
    commit_all(root, "the group")
    git(root, "checkout", "--quiet", "-b", "pr")
    return Group(root)
