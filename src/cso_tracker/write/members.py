"""Changing members: `tracker member add`, `person` and `leave`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cso_tracker.errors import NothingToChangeError
from cso_tracker.models import (
    Member,
    MemberType,
    Person,
    Role,
    Scope,
)
from cso_tracker.query.lookup import member_in
from cso_tracker.repo.repository import Repository
from cso_tracker.vocabulary import name_key
from cso_tracker.write.documents import append_to, new_mapping, set_field, unique
from cso_tracker.write.ids import given_id
from cso_tracker.write.result import Edit
from cso_tracker.write.transaction import Found, WriteOptions, create_record, edit_record
from cso_tracker.yaml.edits import remove_key


def add_member(
    root: Path,
    *,
    name: str,
    member_type: MemberType,
    role: Role = Role.MEMBER,
    acronym: str | None = None,
    scope: Scope | None = None,
    region: str | None = None,
    joined: dt.date | None = None,
    github: Sequence[str] = (),
    record_id: str | None = None,
    options: WriteOptions,
) -> Edit:
    """Add a member organisation; its id is a slug of the acronym (else the name)."""
    new_id = given_id(record_id, acronym if acronym is not None else name)
    document = new_mapping(
        Member,
        {
            "id": new_id,
            "name": name,
            "acronym": acronym,
            "type": str(member_type),
            "role": str(role),
            "scope": str(scope) if scope is not None else None,
            "region": region,
            "joined": joined,
            "github": unique(github),
        },
    )
    message = f"{new_id}: add member\n"
    return create_record(root, "members", new_id, lambda _: (document, message), options=options)


@dataclass(frozen=True)
class PersonRequest:
    name: str
    title: str | None = None
    email: str | None = None
    github: str | None = None
    focal_point: bool | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def set_person(
    root: Path, member_id: str, request: PersonRequest, *, options: WriteOptions
) -> Edit:
    """Add a person to a member (its id or acronym), or update the fields
    given for an existing one."""
    target = Found(lambda repository: member_in(repository, member_id))

    def change(document: Any, repository: Repository) -> str:
        member_id = target.id
        member: Member = repository.members[member_id]
        values: dict[str, Any] = {
            "title": request.title,
            "email": request.email,
            "github": request.github,
            "since": request.since,
            "until": request.until,
        }
        values = {k: v for k, v in values.items() if v is not None}
        existing = member.person(request.name)
        if existing is None:
            entry = new_mapping(
                Person, {"name": request.name, "focal_point": request.focal_point or None} | values
            )
            append_to(document, Member, "people", entry)
            return f"{member_id}: add person {request.name}\n"
        people = document["people"]
        entry = next(p for p in people if name_key(str(p.get("name"))) == name_key(request.name))
        changed = []
        for key, value in values.items():
            set_field(entry, Person, key, value)
            changed.append(key)
        if request.focal_point is True:
            set_field(entry, Person, "focal_point", True)
            changed.append("focal point")
        elif request.focal_point is False and "focal_point" in entry:
            remove_key(entry, "focal_point")
            changed.append("no longer focal point")
        if not changed:
            raise NothingToChangeError(
                f"'{request.name}' is already one of {member_id}'s people; nothing to change",
                subject="person",
            )
        return f"{member_id}: {request.name}: {', '.join(changed)}\n"

    return edit_record(root, "members", target, change, options=options)


def member_left(
    root: Path, member_id: str, *, left: dt.date | None = None, options: WriteOptions
) -> Edit:
    """Record that a member left the group (its history stays); `left` is
    today unless given."""
    day = left if left is not None else options.today

    target = Found(lambda repository: member_in(repository, member_id))

    def change(document: Any, repository: Repository) -> str:
        set_field(document, Member, "left", day)
        return f"{target.id}: left the group on {day}\n"

    return edit_record(root, "members", target, change, options=options)
