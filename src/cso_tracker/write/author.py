"""Who is writing: the member an update is by when none is given."""

from __future__ import annotations

from cso_tracker.errors import UnknownAuthorError
from cso_tracker.repo.repository import Repository
from cso_tracker.vocabulary import name_key


def default_by(repository: Repository) -> tuple[str, str | None]:
    """The member an update is by when none is given, and the person
    (when the git identity names one): settings.default_member first, then
    the git user.name / user.email matched against members' people."""
    if repository.settings.default_member is not None:
        return repository.settings.default_member, None
    from cso_tracker import git

    name, email = (
        git.identity(repository.root) if git.is_repository(repository.root) else (None, None)
    )
    matches = sorted(
        {
            (member.id, person.name)
            for member in repository.members.values()
            for person in member.people
            if (name is not None and name_key(person.name).casefold() == name_key(name).casefold())
            or (
                email is not None
                and person.email is not None
                and person.email.casefold() == email.casefold()
            )
        }
    )
    if len({member for member, _ in matches}) == 1:
        return matches[0][0], matches[0][1] if len(matches) == 1 else None
    who = " / ".join(part for part in (name, email) if part) or "not set"
    reason = (
        f"it matches people of several members ({', '.join(m for m, _ in matches)})"
        if matches
        else "it matches no member's people"
    )
    raise UnknownAuthorError(
        f"cannot tell which member this update is by: your git identity ({who}) {reason}",
        hint="set default_member in tracker.yaml",
    )
