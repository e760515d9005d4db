"""What a word names among the members: its id, or the id or acronym in any
case (`HRI`, `Hri`). Shared by the command line's one resolver
(query/lookup.py) and the reference rules (checks/references.py), which sit
side by side and may not import each other."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for annotations only: a run answered without records needs no models
    from cso_tracker.models import Member


def member_names(members: Mapping[str, Member]) -> dict[str, list[str]]:
    """Every word that names members (an id or acronym, casefolded) -> the
    ids of the members it names, sorted."""
    named: dict[str, set[str]] = {}
    for member_id, member in members.items():
        named.setdefault(member_id.casefold(), set()).add(member_id)
        if member.acronym is not None:
            named.setdefault(member.acronym.casefold(), set()).add(member_id)
    return {word: sorted(ids) for word, ids in named.items()}


def members_named(members: Mapping[str, Member], word: str) -> list[str]:
    """The ids of the members whose id or acronym is `word` in any case,
    sorted: one for a clear word, several when acronyms collide (a rule
    reports that), none for a word that names no member."""
    return member_names(members).get(word.casefold(), [])


def close_members(members: Mapping[str, Member], word: str, *, most: int = 3) -> list[str]:
    """Ids of members `word` may have meant: an id or acronym spelt a little
    differently, or an id with more after a hyphen (`hri-intl` for `hri`)."""
    key = word.casefold()
    spelled: dict[str, str] = {}
    for member_id, member in members.items():
        spelled.setdefault(member_id.casefold(), member_id)
        if member.acronym is not None:
            spelled.setdefault(member.acronym.casefold(), member_id)
    found: list[str] = []
    for close in difflib.get_close_matches(key, list(spelled), n=most, cutoff=0.6):
        found.append(spelled[close])
    parts = key.split("-")
    for length in range(len(parts) - 1, 0, -1):
        head = "-".join(parts[:length])
        if head in spelled:
            found.append(spelled[head])
    return list(dict.fromkeys(found))[:most]
