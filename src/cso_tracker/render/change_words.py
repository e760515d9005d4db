"""One semantic change in words (plain, and for a Markdown cell) and as
JSON: shared by `tracker changes`, `tracker log` and the status report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from cso_tracker.render.escape import cell

if TYPE_CHECKING:
    from cso_tracker.git import CommitInfo
    from cso_tracker.query.history_diff import RecordChange

Part = tuple[str, str]
"""(style, text): style "" (plain), "-" (words removed) or "+" (words added)."""


def _or_none(value: str | None) -> str:
    return value if value is not None else "none"


def _reported(c: RecordChange) -> str:
    if c.update is None:
        return ""
    correcting = f", correcting {c.corrects}.yaml" if c.corrects is not None else ""
    return f", by {c.by} in {c.update}.yaml{correcting}"


_FIXED: Final = {
    "joined": "joined",
    "cancelled": "cancelled",
    "person-removed": "{field} removed",
    "update-removed": "update {update}.yaml removed",
    "update-edited": "update {update}.yaml edited",
}


def parts(c: RecordChange) -> list[Part]:  # long on purpose: one branch per kind of change
    """The change in words, its word diff (title, text) as marked parts."""
    w = c.what
    if w in _FIXED:
        return [("", _FIXED[w].format(field=c.field, update=c.update))]
    if w in ("title", "text"):
        return [("", f"{w}:"), *[(op if op != "=" else "", t) for op, t in c.words]]
    if w == "added":
        return [("", f"added: {c.new}")]
    if w == "removed":
        return [("", f"removed (was {c.old})" if c.old is not None else "removed")]
    if w == "renamed":
        return [("", f"renamed from {c.old} to {c.new}")]
    if w == "broken":
        update = f"update {c.update}.yaml " if c.update is not None else ""
        return [("", f"{update}no longer loads: {c.note}")]
    if w == "status":
        return [("", f"status {c.old} → {c.new}{_reported(c)}")]
    if w == "due":
        if c.update is not None:
            return [("", f"due {_or_none(c.old)} → {_or_none(c.new)} (revised{_reported(c)})")]
        return [("", f"agreed due date {_or_none(c.old)} → {_or_none(c.new)}")]
    if w == "owners":
        return [("", f"owners {_or_none(c.old)} → {_or_none(c.new)}")]
    if w in ("update", "correction"):
        kind = "note" if c.new is None else f"update ({c.new}, status unchanged)"
        if w == "correction":
            kind = "correction" if c.new is None else f"correction ({c.new}, status unchanged)"
        return [("", f"{kind}{_reported(c)}")]
    if w == "left":
        return [("", f"left on {c.new}" if c.new is not None else f"no longer left (was {c.old})")]
    if w == "person-added":
        return [("", f"{c.field} added" + (" as a focal point" if c.new is not None else ""))]
    if w == "focal-point":
        return [("", f"{c.field} is {'now' if c.new == 'yes' else 'no longer'} a focal point")]
    if w in ("planned", "held"):
        if c.old is None:
            return [("", f"{w} for {c.new}" if w == "planned" else f"recorded as held ({c.new})")]
        return [("", f"{w} (was {c.old})")]
    if w == "moved":
        return [("", f"moved from {c.old} to {c.new}")]
    return [("", f"{c.field}: {_or_none(c.old)} → {_or_none(c.new)}")]


def summary(c: RecordChange) -> str:
    """The change as plain text (a word diff as [-removed-] {+added+})."""
    marks = {"": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return " ".join(marks[style].format(text) for style, text in parts(c))


def summary_md(c: RecordChange) -> str:
    """The change for a Markdown table cell (a word diff as ~~removed~~ **added**)."""
    marks = {"": "{}", "-": "~~{}~~", "+": "**{}**"}
    return " ".join(marks[style].format(cell(text)) for style, text in parts(c))


def who(info: CommitInfo) -> str:
    """The commit's author; for a merge, the authors of what it merged."""
    if not info.merged:
        return info.author
    return f"{', '.join(info.merged)} (merged by {info.author})"


def commit_day(info: CommitInfo) -> str:
    return info.date.date().isoformat()


def commit_json(info: CommitInfo) -> dict[str, Any]:
    return {"commit": info.commit, "short": info.short, "author": info.author,
            "email": info.email, "date": info.date.isoformat(), "subject": info.subject,
            "merged_authors": list(info.merged)}  # fmt: skip


def change_json(c: RecordChange) -> dict[str, Any]:
    return {
        "what": c.what, "summary": summary(c), "commit": c.commit.short,
        "author": c.commit.author, "merged_authors": list(c.commit.merged),
        "date": c.commit.date.isoformat(),
        "old": c.old, "new": c.new, "field": c.field, "by": c.by, "note": c.note,
        "evidence": list(c.evidence), "update": f"{c.update}.yaml" if c.update else None,
        "corrects": f"{c.corrects}.yaml" if c.corrects else None,
        "words": [{"op": op, "text": text} for op, text in c.words],
    }  # fmt: skip
