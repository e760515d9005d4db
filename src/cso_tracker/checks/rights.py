"""Who may change what in a pull request (`tracker check-pr`): the author's
rights, read from the members at the base revision, applied to every file
the change touches; and the verdict of `validate` on the head.

Pure: repo/change.py reads the revisions; this judges them. The rules and
their words are documented in docs/check-pr.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from cso_tracker.checks.run import ValidationResult, validate
from cso_tracker.errors import InputError
from cso_tracker.git import ChangedFile
from cso_tracker.models import Member, Person
from cso_tracker.problems import Problem, Severity, sort_problems
from cso_tracker.repo.change import PullRequest
from cso_tracker.repo.layout import (
    KIND_SINGULAR,
    RECORD_SUFFIX,
    SETTINGS_FILE,
    UPDATES,
    record_kind,
)
from cso_tracker.repo.repository import Repository
from cso_tracker.vocabulary import Role

RULES: Final[dict[str, str]] = {
    "pr-author-unknown":
        "The author's GitHub login is not a `github` handle of any member (or of a current "
        "person of one) at the base revision, so they may change nothing.",
    "pr-update-not-owner":
        "An update added to a commitment that no member the author acts for owns (owners as "
        "at the base revision: a commitment new in the pull request has none).",
    "pr-update-by":
        "An update whose `by` is a member the author does not act for.",
    "pr-update-history":
        "An existing update file modified, deleted or renamed. Updates are append-only: a "
        "correction is a new update with `corrects:`.",
    "pr-secretariat-only":
        "A commitment, a meeting, `tracker.yaml`, or a member file added or deleted, by an "
        "author who is not of the secretariat.",
    "pr-member-other":
        "A change to the member file of a member the author does not act for.",
    "pr-member-field":
        "A change to the `id`, `role` or `type` of the author's own member file.",
    "pr-outside-data":
        "A change to any other file (code, workflows, CODEOWNERS, templates) by an author "
        "who is not of the secretariat.",
}  # fmt: skip
"""Rule id -> what it means: the table of docs/check-pr.md, word for word."""

ERROR = Severity.ERROR
_LOGIN: Final = re.compile(r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}")
_GUARDED_FIELDS: Final = ("id", "role", "type")


class Area(StrEnum):
    """What a changed file is, by its path."""

    SETTINGS = "settings"
    MEMBER = "member"
    MEETING = "meeting"
    COMMITMENT = "commitment"
    UPDATE = "update"
    OTHER = "other"


def area_of(rel: str) -> Area:
    """The area of a path relative to the tracker root. Only the paths the
    loader reads as records count as records; anything else (a `.yml`, a
    file one folder too deep) is an other file."""
    if rel == SETTINGS_FILE:
        return Area.SETTINGS
    kind = record_kind(rel)
    return Area(KIND_SINGULAR[kind]) if kind is not None else Area.OTHER


def normal_login(handle: str) -> str:
    """How handles compare: without a leading '@', case-insensitively."""
    return handle.strip().removeprefix("@").casefold()


@dataclass(frozen=True)
class Author:
    """A pull request's author and the members they act for at the base."""

    login: str
    """As given, without a leading '@'."""
    members: tuple[str, ...]
    """The ids of the members whose handles include the login, sorted."""
    secretariat: bool
    """Whether one of them has the role secretariat: then anything goes."""


def _current(person: Person, today: dt.date) -> bool:
    started = person.since is None or person.since <= today
    return started and (person.until is None or person.until >= today)


def handles_of(member: Member, today: dt.date) -> set[str]:
    """The member's own handles and those of its current people, compared
    forms. Teams (`org/team`) are kept but match no login."""
    handles = {normal_login(h) for h in member.github}
    handles |= {normal_login(p.github) for p in member.people if p.github and _current(p, today)}
    return handles


def parse_login(login: str) -> str:
    """The login without a leading '@'; InputError unless it can be a GitHub login."""
    given = login.strip().removeprefix("@")
    if _LOGIN.fullmatch(given) is None:
        raise InputError(login, f"'{login}' is not a GitHub login (such as octo-cat)")
    return given


def author_at(repository: Repository, login: str, today: dt.date) -> Author:
    """Who `login` acts for in `repository` (a member that has left, on or
    before today, no longer counts)."""
    given = parse_login(login)
    wanted = normal_login(given)
    members = sorted(
        mid
        for mid, member in repository.members.items()
        if (member.left is None or member.left > today) and wanted in handles_of(member, today)
    )
    secretariat = any(repository.members[mid].role is Role.SECRETARIAT for mid in members)
    return Author(given, tuple(members), secretariat)


@dataclass(frozen=True)
class Review:
    """The verdict on a pull request: each change that is not allowed, and
    what `validate` says of the head."""

    pull_request: PullRequest
    author: Author
    violations: tuple[Problem, ...]
    validation: ValidationResult

    @property
    def changes(self) -> tuple[ChangedFile, ...]:
        return self.pull_request.changes

    @property
    def problems(self) -> list[Problem]:
        return sort_problems([*self.violations, *self.validation.problems])

    @property
    def passed(self) -> bool:
        return not self.violations and self.validation.passed()


def review(pull_request: PullRequest, *, login: str, today: dt.date) -> Review:
    """Judge every change of `pull_request` by the rights of `login`, and validate its head."""
    author = author_at(pull_request.base, login, today)
    violations: list[Problem] = []
    if not author.secretariat:
        judge = _Judge(pull_request, author)
        for change in pull_request.changes:
            violations.extend(judge.change(change))
    validation = validate(pull_request.head, today=today)
    return Review(pull_request, author, tuple(sort_problems(violations)), validation)


_VERBS: Final = {"A": "adds", "M": "changes", "D": "deletes"}
_HISTORY: Final = (
    "updates are never edited, moved or deleted once merged; to correct one, add a new update "
    "with `corrects: {name}`"
)


def _whole_file(path: str, message: str, rule: str) -> Problem:
    return Problem(path, 1, 1, ERROR, message, rule)


class _Judge:
    """The rules for an author who is not of the secretariat."""

    def __init__(self, pull_request: PullRequest, author: Author) -> None:
        self.pr = pull_request
        self.author = author
        self.who = f"@{author.login}"
        self.acts = ", ".join(f"'{m}'" for m in author.members)

    def change(self, change: ChangedFile) -> Iterator[Problem]:
        if not self.author.members:
            verb = _VERBS.get(change.status, "renames")
            yield _whole_file(
                change.path,
                f"{self.who} is not the GitHub handle of any member, or of a current person "
                "of one, at the base revision, so "
                f"may not change anything ({verb} this file); the secretariat lists a member's "
                "handles in its file under data/members/",
                "pr-author-unknown",
            )
            return
        if change.status == "R" and change.old_path is not None:
            if area_of(change.old_path) is Area.UPDATE:
                name = change.old_path.rsplit("/", 1)[-1]
                yield _whole_file(
                    change.path,
                    f"renames the update {change.old_path}: " + _HISTORY.format(name=name),
                    "pr-update-history",
                )
                return
            yield from self.file(ChangedFile("D", change.old_path))
            yield from self.file(ChangedFile("A", change.path))
            return
        yield from self.file(change)

    def file(self, change: ChangedFile) -> Iterator[Problem]:
        area = area_of(change.path)
        verb = _VERBS[change.status]
        if area is Area.UPDATE:
            yield from self.update(change, verb)
        elif area is Area.MEMBER:
            yield from self.member(change, verb)
        elif area is Area.OTHER:
            yield _whole_file(
                change.path,
                f"{verb} {change.path}, which is not a record a member keeps: only the "
                "secretariat may change the tracker's code, workflows and other files",
                "pr-outside-data",
            )
        else:
            what = {Area.SETTINGS: "the group settings", Area.MEETING: "a meeting",
                    Area.COMMITMENT: "a commitment"}[area]  # fmt: skip
            yield _whole_file(
                change.path,
                f"{verb} {what}: only the secretariat may add, change or delete "
                f"{'tracker.yaml' if area is Area.SETTINGS else what.removeprefix('a ') + 's'}",
                "pr-secretariat-only",
            )

    def update(self, change: ChangedFile, verb: str) -> Iterator[Problem]:
        _, _, commitment_id, name = change.path.split("/")
        if change.status != "A":
            yield _whole_file(
                change.path,
                f"{verb} an existing update: " + _HISTORY.format(name=name),
                "pr-update-history",
            )
            return
        commitment = self.pr.base.commitments.get(commitment_id)
        owners = commitment.owners if commitment is not None else ()
        if not set(owners) & set(self.author.members):
            if commitment is None:
                whose = "is not a commitment at the base revision (a new one has no owners yet)"
            else:
                whose = "is owned by " + ", ".join(f"'{o}'" for o in owners)
            yield _whole_file(
                change.path,
                f"adds an update to '{commitment_id}', which {whose}; {self.who} acts for "
                f"{self.acts} and may add updates only to their commitments",
                "pr-update-not-owner",
            )
        record_id = f"{commitment_id}/{name.removesuffix(RECORD_SUFFIX)}"
        update = self.pr.head.updates.get(record_id)
        if update is not None and update.by not in self.author.members:
            yield self.pr.head.problem(
                UPDATES, record_id, ("by",), ERROR,
                f"the update is by '{update.by}', but {self.who} acts only for {self.acts}",
                "pr-update-by",
            )  # fmt: skip

    def member(self, change: ChangedFile, verb: str) -> Iterator[Problem]:
        if change.status != "M":
            yield _whole_file(
                change.path,
                f"{verb} a member file: only the secretariat may add or delete members",
                "pr-secretariat-only",
            )
            return
        owner = _member_at(self.pr.base, change.path)
        if owner is None or owner.id not in self.author.members:
            whose = f"'{owner.id}'" if owner is not None else "a member"
            yield _whole_file(
                change.path,
                f"changes the member file of {whose}: {self.who} may edit only the file of "
                f"{self.acts}",
                "pr-member-other",
            )
            return
        old = _member_at(self.pr.fork, change.path) or owner
        new = _member_at(self.pr.head, change.path)
        if new is None:  # does not load: validate reports why
            return
        for field in _GUARDED_FIELDS:
            before, after = str(getattr(old, field)), str(getattr(new, field))
            if before != after:
                yield self.pr.head.problem(
                    "members", new.id, (field,), ERROR,
                    f"changes `{field}` from '{before}' to '{after}': only the secretariat may "
                    "change a member's id, role or type",
                    "pr-member-field",
                )  # fmt: skip


def _member_at(repository: Repository, rel: str) -> Member | None:
    """The member that loaded from the file `rel`, if one did."""
    for (kind, record_id), record_file in repository.files.items():
        if kind == "members" and record_file.rel == rel:
            return repository.members.get(record_id)
    return None
