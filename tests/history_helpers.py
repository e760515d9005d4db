"""A real history of a fictional group, built commit by commit in tmp_path:
the Meadowbrook Transit Forum, from its founding records to a renamed
commitment, each step a tagged commit with its own author and date.

    v1  founding records (Ines Duarte, 2025-01-10)
    v2  first updates (Omar Haddad, 2025-02-03)
    v3  an owner change (Lena Park, 2025-02-20)
    v4  a revised due date, and an agreed due date edited (Tom Reyes, 2025-03-01)
    v5  a member leaving, a focal point flipped, a person added (Lena Park, 2025-03-05)
    v6  the spring call held, the next one planned, an item done (Ines Duarte, 2025-03-13)
    v7  a commitment renamed with its updates, its title edited, an update
        corrected, the summer call moved (Omar Haddad, 2025-03-20)
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Final

from conftest import git, init_git, write_records

TAGS: Final = ("v1", "v2", "v3", "v4", "v5", "v6", "v7")

AUTHORS: Final = {
    "Ines Duarte": "ines@bus-riders.example",
    "Omar Haddad": "omar@bus-riders.example",
    "Lena Park": "lena@city-transit.example",
    "Tom Reyes": "tom@cycle-club.example",
}

FOUNDING: Final = {
    "tracker.yaml": """
        group: Meadowbrook Transit Forum
    """,
    "data/members/bus-riders.yaml": """
        id: bus-riders
        name: Meadowbrook Bus Riders Union
        acronym: MBRU
        type: civil-society
        role: member
        people:
          - name: Ines Duarte
            focal_point: true
          - name: Omar Haddad
    """,
    "data/members/city-transit.yaml": """
        id: city-transit
        name: Meadowbrook City Transit Office
        type: other
        role: secretariat
        people:
          - name: Lena Park
            focal_point: true
    """,
    "data/members/cycle-club.yaml": """
        id: cycle-club
        name: Meadowbrook Cycle Club
        type: civil-society
        role: member
        people:
          - name: Tom Reyes
            focal_point: true
    """,
    "data/meetings/2025-01-08-founding.yaml": """
        id: 2025-01-08-founding
        title: Founding meeting
        date: 2025-01-08
        kind: in-person
        status: held
        convened_by: city-transit
    """,
    "data/meetings/2025-03-12-spring-call.yaml": """
        id: 2025-03-12-spring-call
        title: Spring call
        date: 2025-03-12
        kind: teleconference
        status: planned
    """,
    "data/commitments/bus-shelters.yaml": """
        id: bus-shelters
        number: 1
        title: Bus shelters
        text: Map the stops that need a shelter.
        agreed_at: 2025-01-08-founding
        owners:
          - bus-riders
        due: 2025-06-30
    """,
    "data/commitments/bike-lanes-map.yaml": """
        id: bike-lanes-map
        number: 2
        title: Bike lanes map
        text: Publish a map of the bike lanes.
        agreed_at: 2025-01-08-founding
        owners:
          - cycle-club
        due: 2025-05-31
    """,
    "data/commitments/fare-survey.yaml": """
        id: fare-survey
        number: 3
        title: Fare survey
        text: Ask riders what the fares should be.
        agreed_at: 2025-01-08-founding
        owners:
          - city-transit
        due: 2025-04-30
    """,
}

DATES: Final = {"v1": "2025-01-10", "v2": "2025-02-03", "v3": "2025-02-20", "v4": "2025-03-01",
         "v5": "2025-03-05", "v6": "2025-03-13", "v7": "2025-03-20"}  # fmt: skip
TAG_AUTHORS: Final = {"v1": "Ines Duarte", "v2": "Omar Haddad", "v3": "Lena Park", "v4": "Tom Reyes",
           "v5": "Lena Park", "v6": "Ines Duarte", "v7": "Omar Haddad"}  # fmt: skip
SUBJECTS: Final = {
    "v1": "Founding records", "v2": "First updates",
    "v3": "City transit joins the bike lanes map", "v4": "Bike lanes map: a later date",
    "v5": "Cycle club leaves; MBRU names a second focal point", "v6": "Spring call held",
    "v7": "Bus stop shelters: renamed, corrected",
}  # fmt: skip

SHELTERS_UPDATE: Final = "data/updates/bus-shelters/2025-02-01-bus-riders.yaml"


def _commit(root: Path, tag: str) -> None:
    """Commit everything as the tag's author, on its day, and tag it."""
    author, message, stamp = TAG_AUTHORS[tag], SUBJECTS[tag], f"{DATES[tag]}T10:00:00+00:00"
    for args in (("add", "-A"), ("commit", "--quiet", "-m", message), ("tag", tag)):
        git(root, *args, author=author, email=AUTHORS[author], when=stamp)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _write(root: Path, rel: str, text: str) -> None:
    write_records(root, {rel: text})


def make_transit_history(root: Path) -> Path:
    """The seven tagged commits of the module docstring, in `root`."""
    write_records(root, FOUNDING)
    init_git(root)
    _commit(root, "v1")

    _write(root, SHELTERS_UPDATE, """
        date: 2025-02-01
        by: bus-riders
        author: Omar Haddad
        status: in-progress
        note: Forty stops walked.
    """)  # fmt: skip
    _write(root, "data/updates/fare-survey/2025-02-02-city-transit.yaml", """
        date: 2025-02-02
        by: city-transit
        note: Questionnaire drafted.
    """)  # fmt: skip
    _commit(root, "v2")

    _edit(root / "data/commitments/bike-lanes-map.yaml", "  - cycle-club\n",
          "  - cycle-club\n  - city-transit\n")  # fmt: skip
    _commit(root, "v3")

    _write(root, "data/updates/bike-lanes-map/2025-03-01-cycle-club.yaml", """
        date: 2025-03-01
        by: cycle-club
        status: in-progress
        due: 2025-09-30
        note: The survey of the lanes takes the summer.
    """)  # fmt: skip
    _edit(root / "data/commitments/fare-survey.yaml", "due: 2025-04-30", "due: 2025-05-15")
    _commit(root, "v4")

    _edit(
        root / "data/members/cycle-club.yaml", "role: member\n", "role: member\nleft: 2025-03-04\n"
    )
    _edit(root / "data/members/bus-riders.yaml", "  - name: Omar Haddad\n",
          "  - name: Omar Haddad\n    focal_point: true\n  - name: Rui Costa\n")  # fmt: skip
    _commit(root, "v5")

    _edit(root / "data/meetings/2025-03-12-spring-call.yaml", "status: planned", "status: held")
    _write(root, "data/meetings/2025-06-11-summer-call.yaml", """
        id: 2025-06-11-summer-call
        title: Summer call
        date: 2025-06-11
        kind: teleconference
        status: planned
    """)  # fmt: skip
    _write(root, "data/updates/fare-survey/2025-03-12-city-transit.yaml", """
        date: 2025-03-12
        by: city-transit
        author: Lena Park
        status: done
        note: Six hundred answers.
        evidence:
          - https://city-transit.example/fare-survey.pdf
    """)  # fmt: skip
    _commit(root, "v6")

    git(root, "mv", "data/commitments/bus-shelters.yaml", "data/commitments/bus-stop-shelters.yaml")
    git(root, "mv", "data/updates/bus-shelters", "data/updates/bus-stop-shelters")
    shelters = root / "data/commitments/bus-stop-shelters.yaml"
    _edit(shelters, "id: bus-shelters", "id: bus-stop-shelters")
    _edit(shelters, "title: Bus shelters", "title: Bus stop shelters")
    _write(root, "data/updates/bus-stop-shelters/2025-03-18-bus-riders.yaml", """
        date: 2025-03-18
        by: bus-riders
        author: Omar Haddad
        status: stalled
        note: Forty stops walked, not fifty; the count stopped at the river.
        corrects: 2025-02-01-bus-riders.yaml
    """)  # fmt: skip
    _edit(
        root / "data/meetings/2025-06-11-summer-call.yaml", "date: 2025-06-11", "date: 2025-06-18"
    )
    _commit(root, "v7")
    return root


def shallow_clone(source: Path, target: Path) -> Path:
    """`git clone --depth 1`, as actions/checkout makes by default."""
    git(source.parent, "clone", "--quiet", "--depth", "1", source.as_uri(), str(target))
    return target


def copy_without_git(source: Path, target: Path) -> Path:
    """The records as a tarball or a copy holds them: no history at all."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".git"))
    return target


def full_hash(root: Path, tag: str) -> str:
    return git(root, "rev-parse", f"{tag}^{{commit}}").strip()


def commit_json(root: Path, tag: str) -> dict[str, Any]:
    commit = full_hash(root, tag)
    return {"commit": commit, "short": commit[:12], "author": TAG_AUTHORS[tag],
            "email": AUTHORS[TAG_AUTHORS[tag]], "date": f"{DATES[tag]}T10:00:00+00:00",
            "subject": SUBJECTS[tag], "merged_authors": []}  # fmt: skip
