"""A commitment's history, one update file at a time: each update belongs
to a commitment, lies after the meeting that agreed it and not in the
future, says something, backs a closing status (evidence for done, a
reason for dropped), corrects only an earlier update of the same
commitment, and comes from an owner (or, as tracker.yaml allows, a partner)
still in the group."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from cso_tracker.errors import did_you_mean
from cso_tracker.models import Commitment, Member, Status, Update
from cso_tracker.problems import Problem, Severity
from cso_tracker.repo.layout import UPDATES, update_folder
from cso_tracker.repo.repository import Repository
from cso_tracker.vocabulary import NonOwnerUpdates

ERROR = Severity.ERROR
WARNING = Severity.WARNING


def check_update_history(repository: Repository, today: dt.date) -> Iterator[Problem]:
    for uid, update in repository.updates.items():
        commitment = repository.commitments.get(update.commitment)
        if commitment is None:
            if not repository.exists("commitments", update.commitment):
                yield repository.problem(
                    UPDATES, uid, (), ERROR,
                    f"{update_folder(update.commitment)}/ is named after no commitment"
                    f"{did_you_mean(update.commitment, repository.commitments)}",
                    "ref-commitment",
                )  # fmt: skip
            continue
        yield from _dates(repository, uid, update, commitment, today)
        yield from _content(repository, uid, update)
        yield from _correction(repository, uid, update)


def _dates(
    repository: Repository, uid: str, update: Update, commitment: Commitment, today: dt.date
) -> Iterator[Problem]:
    meeting = repository.meetings.get(commitment.agreed_at)
    if meeting is not None and update.date < meeting.date:
        yield repository.problem(
            UPDATES, uid, ("date",), ERROR,
            f"update dated {update.date} is before the meeting that agreed the "
            f"commitment ({meeting.id}, {meeting.date})", "update-before-agreed",
        )  # fmt: skip
    if update.date > today:
        yield repository.problem(
            UPDATES, uid, ("date",), ERROR,
            f"update dated {update.date} is in the future (today is {today})", "update-in-future",
        )  # fmt: skip
    if meeting is not None and update.due is not None and update.due < meeting.date:
        yield repository.problem(
            UPDATES, uid, ("due",), ERROR,
            f"due {update.due} is before the meeting that agreed the commitment ({meeting.date})",
            "due-before-agreed",
        )  # fmt: skip


def _content(repository: Repository, uid: str, update: Update) -> Iterator[Problem]:
    said = (update.status, update.due, update.note)
    if all(value is None for value in said) and not update.evidence:
        yield repository.problem(
            UPDATES, uid, (), ERROR,
            "the update says nothing: give a status, a due date, a note or evidence",
            "update-empty",
        )  # fmt: skip
    if update.status in (Status.DONE, Status.PARTIAL) and not update.evidence:
        yield repository.problem(
            UPDATES, uid, ("status",), ERROR,
            f"status '{update.status}' needs evidence (a URL or document reference): "
            "add it under evidence:", "closed-without-evidence",
        )  # fmt: skip
    if update.status is Status.DROPPED and update.note is None:
        yield repository.problem(
            UPDATES, uid, ("status",), ERROR,
            "status 'dropped' needs a note saying why", "dropped-without-note",
        )  # fmt: skip


def _correction(repository: Repository, uid: str, update: Update) -> Iterator[Problem]:
    name = update.corrected_name
    if name is None:
        return
    target = f"{update.commitment}/{name}"
    original = repository.updates.get(target)
    siblings = [u.name for u in repository.updates_of(update.commitment) if u.name != update.name]
    if name == update.name:
        why = "an update cannot correct itself"
    elif original is None and not repository.exists(UPDATES, target):
        why = (f"{update_folder(update.commitment)}/ holds no update named {name}.yaml"
               f"{did_you_mean(name, siblings)}")  # fmt: skip
    elif original is not None and original.date > update.date:
        why = f"{name}.yaml is dated {original.date}, after this correction ({update.date})"
    else:
        return
    yield repository.problem(UPDATES, uid, ("corrects",), ERROR, why, "corrects-unknown")


def _member_left(member: Member | None, day: dt.date) -> bool:
    return member is not None and member.left is not None and member.left < day


def check_membership(repository: Repository, today: dt.date) -> Iterator[Problem]:
    policy = repository.settings.non_owner_updates
    for uid, update in repository.updates.items():
        member = repository.members.get(update.by)
        if _member_left(member, update.date):
            yield repository.problem(
                UPDATES, uid, ("by",), WARNING,
                f"'{update.by}' had left the group before {update.date}", "member-left",
            )  # fmt: skip
        commitment = repository.commitments.get(update.commitment)
        if (
            policy is NonOwnerUpdates.ALLOW
            or member is None
            or commitment is None
            or update.by in commitment.owners
        ):
            continue
        owners = ", ".join(commitment.owners) or "none"
        yield repository.problem(
            UPDATES, uid, ("by",), ERROR if policy is NonOwnerUpdates.REFUSE else WARNING,
            f"'{update.by}' does not own {commitment.id} (owners: {owners})", "update-not-owner",
        )  # fmt: skip


def check_commitment_due(repository: Repository, today: dt.date) -> Iterator[Problem]:
    for cid, commitment in repository.commitments.items():
        meeting = repository.meetings.get(commitment.agreed_at)
        due = commitment.agreed_due
        if meeting is not None and due is not None and due < meeting.date:
            yield repository.problem(
                "commitments", cid, ("due",), ERROR,
                f"due {due} is before the meeting that agreed it ({meeting.date})",
                "due-before-agreed",
            )  # fmt: skip
