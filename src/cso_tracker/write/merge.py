"""A three-way line merge (diff3): the change a round-trip rendering makes,
applied to the original lines so every line the change does not touch stays
as it was."""

from __future__ import annotations

import difflib


def merge3(
    base: list[str],
    ours: list[str],
    theirs: list[str],
    *,
    take_theirs: frozenset[int] = frozenset(),
) -> tuple[list[str], int, int]:
    """Apply the change base -> theirs to ours (diff3).

    Where both sides changed the same stretch of lines but different lines
    in it, both changes are applied, unless the stretch's number (counting
    such stretches from 0) is in `take_theirs`. Where they changed the same
    lines, theirs wins and counts as a conflict. Returns the lines, the
    number of conflicts and the number of stretches merged both ways."""
    regions = _sync_regions(base, ours, theirs)
    out: list[str] = []
    conflicts = merged_both = 0
    zi = ai = bi = 0
    for zmatch, zend, amatch, aend, bmatch, bend in regions:
        a_part, b_part, z_part = ours[ai:amatch], theirs[bi:bmatch], base[zi:zmatch]
        if a_part or b_part or z_part:
            if a_part == b_part or b_part == z_part:
                out.extend(a_part)
            elif a_part == z_part:
                out.extend(b_part)
            else:
                both = _merge_disjoint(z_part, a_part, b_part)
                if both is None:
                    out.extend(b_part)
                    conflicts += 1
                else:
                    out.extend(b_part if merged_both in take_theirs else both)
                    merged_both += 1
        out.extend(ours[amatch:aend])
        zi, ai, bi = zend, aend, bend
    return out, conflicts, merged_both


def _changes(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return [
        (i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]


def _merge_disjoint(base: list[str], ours: list[str], theirs: list[str]) -> list[str] | None:
    """Both sides' changes to `base`, when they touch different lines."""
    mine, their = _changes(base, ours), _changes(base, theirs)
    for a_start, a_end, _ in mine:
        for b_start, b_end, _ in their:
            if a_start < b_end and b_start < a_end:
                return None  # the same base lines changed on both sides
            if a_start == a_end and b_start == b_end and a_start == b_start:
                return None  # both insert at the same place
            if (a_start == a_end and b_start < a_start < b_end) or (
                b_start == b_end and a_start < b_start < a_end
            ):
                return None
    out: list[str] = []
    position = 0
    for start, end, lines in sorted([*mine, *their], key=lambda change: (change[0], change[1])):
        out.extend(base[position:start])
        out.extend(lines)
        position = end
    out.extend(base[position:])
    return out


def _sync_regions(
    base: list[str], ours: list[str], theirs: list[str]
) -> list[tuple[int, int, int, int, int, int]]:
    a_blocks = difflib.SequenceMatcher(None, base, ours, autojunk=False).get_matching_blocks()
    b_blocks = difflib.SequenceMatcher(None, base, theirs, autojunk=False).get_matching_blocks()
    regions = []
    ia = ib = 0
    while ia < len(a_blocks) and ib < len(b_blocks):
        a_base, a_start, a_len = a_blocks[ia]
        b_base, b_start, b_len = b_blocks[ib]
        low, high = max(a_base, b_base), min(a_base + a_len, b_base + b_len)
        if low < high:
            a_sub = a_start + (low - a_base)
            b_sub = b_start + (low - b_base)
            regions.append((low, high, a_sub, a_sub + high - low, b_sub, b_sub + high - low))
        if a_base + a_len < b_base + b_len:
            ia += 1
        else:
            ib += 1
    end = (len(base), len(base), len(ours), len(ours), len(theirs), len(theirs))
    regions.append(end)
    return regions
