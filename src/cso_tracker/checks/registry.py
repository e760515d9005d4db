"""Every rule the validator reports: its id, its severity and what it means.

The one list of rules: docs/validate-json.md's table is checked against it,
the tests check that every rule has a fixture and fires with the severity
given here, and the rules themselves are spread over the rooms that find
them (the reader, the layout of data/, the schema, and the cross-record
rules of this package).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from cso_tracker.problems import Severity

ERROR = Severity.ERROR
WARNING = Severity.WARNING


class Stage(StrEnum):
    FILE = "file"
    """Reading one file: its bytes, its YAML, where it lies under data/, its id."""
    SCHEMA = "schema"
    """One record against the data contract."""
    RECORDS = "records"
    """Across records: references, history, dates, completeness."""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    stage: Stage
    summary: str
    """What the rule means, in a sentence (the docs' table says the same)."""


RULES: Final[dict[str, Rule]] = {rule.id: rule for rule in (
    Rule("yaml-syntax", ERROR, Stage.FILE,
         "The file is not valid YAML, or holds a control character."),
    Rule("merge-conflict", ERROR, Stage.FILE,
         "The file still holds git's conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`) from a merge left half-done (the position is the first marker)."),
    Rule("yaml-encoding", ERROR, Stage.FILE,
         "The file is not UTF-8. The position is the first bad byte."),
    Rule("yaml-tab", ERROR, Stage.FILE,
         "A tab character. Indent and separate with spaces."),
    Rule("yaml-duplicate-key", ERROR, Stage.FILE,
         "A key appears twice in one mapping (the position is the second one)."),
    Rule("yaml-alias", ERROR, Stage.FILE,
         "An anchor or alias (`&name`, `*name`). Records never need them, and they are how \"billion laughs\" files blow up."),
    Rule("yaml-tag", ERROR, Stage.FILE,
         "A tag such as `!!python/object/apply:...`, or a core tag that does not fit its value. Tags are refused and never constructed."),
    Rule("yaml-too-deep", ERROR, Stage.FILE,
         "Nesting deeper than 32 levels."),
    Rule("yaml-complex-key", ERROR, Stage.FILE,
         "A key that is a list or mapping."),
    Rule("yaml-empty", ERROR, Stage.FILE,
         "The file holds no document."),
    Rule("yaml-not-mapping", ERROR, Stage.FILE,
         "The document is a list or a single value, not a mapping of fields."),
    Rule("yaml-multiple-documents", ERROR, Stage.FILE,
         "A second document (`---`) in the file."),
    Rule("file-too-large", ERROR, Stage.FILE,
         "The file is over 256 KiB. It is refused without being read."),
    Rule("file-suffix", ERROR, Stage.FILE,
         "A record file ending in `.yml` (or `.YAML`, any capitals), which would otherwise be silently ignored."),
    Rule("file-location", ERROR, Stage.FILE,
         "A YAML file in `data/` itself, in a folder of `data/` other than the three record folders (a misspelt one such as `data/comitments/`), or in a subfolder of a record folder: it would never be read."),
    Rule("file-symlink", ERROR, Stage.FILE,
         "A symbolic link leading out of `data/`. The link is not followed."),
    Rule("file-unreadable", ERROR, Stage.FILE,
         "The file cannot be read: permissions, a symbolic link that leads nowhere or loops, or a folder or special file named like a record; or a record folder (or `data/`) that cannot be listed or is not a folder."),
    Rule("id-mismatch", ERROR, Stage.FILE,
         "The `id` is not the file name's stem."),
    Rule("id-duplicate", ERROR, Stage.FILE,
         "Two records of one kind share an `id`."),
    Rule("id-shared", ERROR, Stage.RECORDS,
         "A member, meeting or commitment has the `id` of a record of another kind (reported on each). `tracker show ID` finds a record by its id alone."),
    Rule("update-name", ERROR, Stage.FILE,
         "An update's file name is not its `date` and `by`: `2026-12-01-hri.yaml`, or with a suffix of lowercase letters or digits, `2026-12-01-hri-2.yaml`."),
    Rule("update-in-commitment", ERROR, Stage.SCHEMA,
         "A commitment file still holds `status` or `updates`, which now live one file per update in `data/updates/<commitment-id>/` (`tracker migrate` moves them)."),
    Rule("schema-missing", ERROR, Stage.SCHEMA,
         "A required field is missing (the position is the mapping that lacks it)."),
    Rule("schema-unknown-field", ERROR, Stage.SCHEMA,
         "A field the data contract does not have (a typo, usually)."),
    Rule("schema-enum", ERROR, Stage.SCHEMA,
         "A value outside a fixed list, such as `status`. The message lists the allowed values."),
    Rule("schema-type", ERROR, Stage.SCHEMA,
         "A value of the wrong type: text where a list is expected, and so on."),
    Rule("settings-rule", ERROR, Stage.SCHEMA,
         "`rules:` in `tracker.yaml` names no rule, or weakens one that cannot be weakened."),
    Rule("schema-value", ERROR, Stage.SCHEMA,
         "A value of the right type that is still wrong: an impossible date (2013-02-30), an id that is not a slug, a time that is not `HH:MM`, a number too long to read."),
    Rule("ref-member", ERROR, Stage.RECORDS,
         "An owner, update `by`, `convened_by`, chair, attendee or apology, or `default_member` in `tracker.yaml`, is not a member's id (written as an acronym, or in capitals, the message names the id to write)."),
    Rule("ref-commitment", ERROR, Stage.RECORDS,
         "An update lies in a folder of `data/updates/` that is named after no commitment."),
    Rule("ref-person", ERROR, Stage.RECORDS,
         "A person named is not one of that member's people."),
    Rule("ref-meeting", ERROR, Stage.RECORDS,
         "`agreed_at` is not a meeting."),
    Rule("owners-missing", ERROR, Stage.RECORDS,
         "A commitment without owners."),
    Rule("owner-duplicate", ERROR, Stage.RECORDS,
         "A commitment lists the same owner twice."),
    Rule("number-duplicate", ERROR, Stage.RECORDS,
         "Two commitments of one meeting share a `number` (reported on each of them)."),
    Rule("person-duplicate", ERROR, Stage.RECORDS,
         "A member lists the same person twice."),
    Rule("acronym-duplicate", ERROR, Stage.RECORDS,
         "A member's acronym is also another member's acronym or id, in any case: a command given it could not tell which member is meant."),
    Rule("attendance-duplicate", ERROR, Stage.RECORDS,
         "A meeting lists a member twice among attendees or apologies, or a person twice in one entry."),
    Rule("attendance-conflict", ERROR, Stage.RECORDS,
         "A member listed both among a meeting's attendees and its apologies."),
    Rule("github-handle", ERROR, Stage.RECORDS,
         "A member's or person's `github` that cannot be a GitHub handle (a login, or `organisation/team`)."),
    Rule("update-empty", ERROR, Stage.RECORDS,
         "An update that gives no status, due date, note or evidence."),
    Rule("corrects-unknown", ERROR, Stage.RECORDS,
         "`corrects` names no earlier update of the same commitment (or the update itself, or a later one)."),
    Rule("update-before-agreed", ERROR, Stage.RECORDS,
         "An update dated before the meeting that agreed the commitment."),
    Rule("update-in-future", ERROR, Stage.RECORDS,
         "An update dated after today."),
    Rule("due-before-agreed", ERROR, Stage.RECORDS,
         "`due` (agreed, or revised by an update) before the meeting that agreed the commitment."),
    Rule("closed-without-evidence", ERROR, Stage.RECORDS,
         "An update setting `done` or `partial` without evidence."),
    Rule("dropped-without-note", ERROR, Stage.RECORDS,
         "An update setting `dropped` without a note saying why."),
    Rule("date-order", ERROR, Stage.RECORDS,
         "An end before its start (meeting `end`, an agenda item's `end`, member `left`, person `until`)."),
    Rule("agreed-at-cancelled", ERROR, Stage.RECORDS,
         "A commitment agreed at a meeting marked `cancelled`."),
    Rule("meeting-held-in-future", ERROR, Stage.RECORDS,
         "A meeting marked `held` whose date is after today."),
    Rule("agreed-in-future", WARNING, Stage.RECORDS,
         "A commitment agreed at a meeting whose date is after today (reports leave it out until that day)."),
    Rule("meeting-planned-in-past", WARNING, Stage.RECORDS,
         "A meeting still `planned` after its last day."),
    Rule("no-due-date", WARNING, Stage.RECORDS,
         "An open commitment with no `due` and no `recurrence`."),
    Rule("no-focal-point", WARNING, Stage.RECORDS,
         "A member owns open commitments but has no current focal point."),
    Rule("member-left", WARNING, Stage.RECORDS,
         "An update by a member after the date it left the group."),
    Rule("update-not-owner", WARNING, Stage.RECORDS,
         "An update by a member that does not own the commitment (a partner reporting). An error when `tracker.yaml` sets `non_owner_updates: refuse`; none with `allow`."),
)}  # fmt: skip


# A group may set any rule to error, and a rule of the records to warning
# or off (`rules:` in tracker.yaml), except where the tracker's own answers
# depend on the rule: a file that breaks a rule of reading or of the schema
# does not load at all, so its record would silently be missing; and these
# rules of the records keep references, ids and counts meaningful.
_KEPT: Final = {
    "ref-member": "a reference to no member makes the item nobody's",
    "ref-commitment": "the updates of a folder named after no commitment count for nothing",
    "ref-meeting": "an item agreed at no meeting is missing from agendas and minutes",
    "owners-missing": "an item with no owner is nobody's",
    "owner-duplicate": "an owner listed twice is counted twice",
    "number-duplicate": "two items of one meeting with one number cannot be told apart",
    "person-duplicate": "a person listed twice is counted twice",
    "attendance-duplicate": "a member listed twice is counted twice",
    "acronym-duplicate": "a command given the acronym could not tell the members apart",
    "github-handle": "a handle that is no GitHub handle breaks CODEOWNERS and check-pr",
    "corrects-unknown": "a correction of no update leaves the history wrong",
}


def why_kept(rule_id: str) -> str | None:
    """Why the rule cannot be set to warning or off, or None when it can."""
    rule = RULES[rule_id]
    if rule.stage is not Stage.RECORDS:
        return "a file that breaks it does not load, so its record would silently be missing"
    return _KEPT.get(rule_id)
