"""What the tests of `tracker validate` share: the fixed day, the negative
fixtures laid over the minimal group, the one-line-per-problem expectations
of every rule, and small helpers to run the command and edit a record.

Each negative fixture (tests/fixtures/negative/<rule>/) holds only the broken
file(s); `make_group` lays it over a copy of the minimal fictional group from
conftest, which validates clean on its own. Expected lines are exact: a new
rule that fires on a fixture, or a moved column, shows up as a failure.

The name is unique on purpose: test folders here are not packages, so pytest
puts each folder on sys.path and every module in it is imported by its bare
name; a second `helpers.py` elsewhere would silently shadow this one. (For
the same reason ruff files `from validate_helpers import ...` among the
third-party imports: it is neither under src/ nor directly in tests/.)
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

from conftest import MINIMAL_GROUP, REPO_ROOT, Result, run_cli, write_records

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "negative"
DOCS = REPO_ROOT / "docs" / "validate-json.md"
"""The documented JSON shape, with the table of every rule."""
TODAY = dt.date(2025, 1, 15)
"""The day the date rules compare with (each test module: pytest.mark.today(TODAY))."""

REPAIR_SURVEY = "data/commitments/repair-survey.yaml"
MEETING = "data/meetings/2024-03-05-kickoff.yaml"
MEMBER = "data/members/north-tenants.yaml"

# Every rule the validator reports, each covered by a fixture folder (run in
# test_rules.py) or, for the ones that cannot be checked in (a 1 MB file, a
# symlink leading out of the repository, an unreadable file), by a test that
# builds the case (test_hostile.py, test_files.py, test_rules.py).
RULES = frozenset({
    "acronym-duplicate", "agreed-at-cancelled", "agreed-in-future", "attendance-conflict",
    "attendance-duplicate", "closed-without-evidence", "corrects-unknown", "date-order",
    "dropped-without-note", "due-before-agreed", "file-location", "file-suffix", "file-symlink",
    "file-too-large", "github-handle", "id-duplicate", "id-mismatch", "id-shared", "meeting-held-in-future",
    "meeting-planned-in-past", "member-left", "merge-conflict", "no-due-date", "no-focal-point",
    "number-duplicate", "owner-duplicate", "owners-missing", "person-duplicate",
    "ref-commitment", "ref-meeting", "ref-member", "ref-person", "schema-enum",
    "schema-missing", "schema-type", "schema-unknown-field", "schema-value", "settings-rule",
    "update-before-agreed", "update-empty", "update-in-commitment", "update-in-future",
    "update-name", "update-not-owner", "yaml-alias", "yaml-complex-key", "yaml-duplicate-key",
    "yaml-empty", "yaml-encoding", "yaml-multiple-documents", "yaml-not-mapping", "yaml-syntax",
    "yaml-tab", "yaml-tag", "yaml-too-deep"
})  # fmt: skip


BUILT_IN_TESTS = frozenset({"file-too-large", "file-symlink"})


def make_group(tmp_path: Path, fixture: str | None = None) -> Path:
    """The minimal group, with a negative fixture's files laid over it."""
    root = write_records(tmp_path / "group", MINIMAL_GROUP)
    if fixture is not None:
        shutil.copytree(FIXTURES / fixture, root, dirs_exist_ok=True)
    return root


def validate(root: Path, *args: str, cwd: Path | None = None) -> Result:
    return run_cli("--root", str(root), "validate", *args, cwd=cwd)


def lines(result: Result) -> list[str]:
    return result.stdout.splitlines()


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert "unexpected error" not in result.output


def overwrite(root: Path, relative: str, data: bytes | str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def minimal(relative: str) -> str:
    """A file of the minimal group as it is written to disk."""
    return textwrap.dedent(MINIMAL_GROUP[relative]).lstrip("\n")


# --- every rule's one located line ----------------------------------------------------


C = "data/commitments/"


M = "data/meetings/"


P = "data/members/"


U = "data/updates/"


ERROR_CASES = {
    "yaml-syntax": C + "unclosed-bracket.yaml:5:9: error: this '[' is never closed: "
    "expected ',' or ']' before line 6, column 7 [yaml-syntax]",
    "yaml-encoding": C + "latin-1-accent.yaml:2:11: error: invalid UTF-8 (byte 0xe9); save "
    "the file as UTF-8 [yaml-encoding]",
    "merge-conflict": C + "conflict-markers.yaml:8:1: error: unresolved merge conflict (git's "
    "markers <<<<<<<, =======, >>>>>>> on lines 8, 10, 12): keep the side you want, delete the "
    "marker lines, or take one side whole with `git checkout --ours "
    "data/commitments/conflict-markers.yaml` or `git checkout --theirs "
    "data/commitments/conflict-markers.yaml`; then `git add "
    "data/commitments/conflict-markers.yaml` [merge-conflict]",
    "yaml-tab": C + "tab-indent.yaml:6:1: error: tab character; indent and separate with "
    "spaces [yaml-tab]",
    "yaml-duplicate-key": C + "title-twice.yaml:9:1: error: duplicate key 'title': each "
    "key may appear once in a mapping [yaml-duplicate-key]",
    "yaml-alias": C + "alias-bomb.yaml:2:4: error: anchors and aliases (&name, *name) are "
    "not allowed in records; write the value out [yaml-alias]",
    "yaml-tag": C + "python-object-tag.yaml:3:7: error: tag "
    "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in records; remove it "
    "[yaml-tag]",
    "yaml-too-deep": C + "deep-nesting.yaml:9:39: error: brackets nested more than 32 "
    "levels deep [yaml-too-deep]",
    "yaml-complex-key": C + "list-as-key.yaml:9:1: error: a key must be a plain name, not "
    "a list or mapping [yaml-complex-key]",
    "yaml-empty": C + "empty-file.yaml:1:1: error: file is empty [yaml-empty]",
    "yaml-not-mapping": C + "list-document.yaml:1:1: error: a record is a mapping of "
    "fields (key: value), but this file holds a list [yaml-not-mapping]",
    "yaml-multiple-documents": C + "two-documents.yaml:9:1: error: a record file holds one "
    "document; found a second one (---) [yaml-multiple-documents]",
    "file-suffix": C + "wrong-suffix.yml:1:1: error: record files end in .yaml; rename to "
    "wrong-suffix.yaml [file-suffix]",
    "file-location": "data/comitments/newsletter.yaml:1:1: error: not read: "
    "data/comitments/ is not a record folder; did you mean 'commitments'? records live in "
    "data/members/, data/meetings/, data/commitments/ or data/updates/<commitment-id>/ "
    "[file-location]",
    "id-mismatch": C + "id-not-file-name.yaml:1:5: error: id 'newsletter' does not match "
    "the file name; rename the file to newsletter.yaml or set id: id-not-file-name "
    "[id-mismatch]",
    "id-duplicate": C + "survey-copy.yaml:1:1: error: id 'repair-survey' is already used "
    "by data/commitments/repair-survey.yaml [id-duplicate]",
    "update-name": U + "repair-survey/2024-04-30-north-tenants.yaml:1:1: error: the file "
    "name must be the update's date and member: 2024-05-01-north-tenants.yaml, or "
    "2024-05-01-north-tenants-<suffix>.yaml with a hyphen and lowercase letters or digits "
    "[update-name]",
    "update-in-commitment": C + "still-has-status.yaml:7:1: error: 'status' no longer "
    "belongs in the commitment's file: progress is one file per update in "
    "data/updates/still-has-status/; run `tracker migrate` [update-in-commitment]",
    "schema-missing": C + "missing-title.yaml:1:1: error: missing required field 'title' "
    "[schema-missing]",
    "schema-unknown-field": C + "misspelled-field.yaml:7:1: error: unknown field 'deu'; "
    "did you mean 'due'? [schema-unknown-field]",
    "schema-enum": U + "status-typo/2024-04-02-north-tenants.yaml:3:9: error: status: "
    "'agred' is not one of agreed, in-progress, stalled, done, partial, dropped; did you mean "
    "'agreed'? [schema-enum]",
    "schema-type": C + "number-in-words.yaml:8:9: error: number: expected a whole number, "
    "got 'two' (text) [schema-type]",
    "schema-value": C + "impossible-date.yaml:7:6: error: due: '2024-02-30' is not a real "
    "date (day is out of range for month) [schema-value]",
    "settings-rule": "tracker.yaml:5:3: error: rules: 'no-due-dat' is not a rule; did you "
    "mean 'no-due-date'? [settings-rule]",
    "ref-member": C + "owner-not-a-member.yaml:6:5: error: owner 'north-tenant' is not a "
    "member; did you mean 'north-tenants'? [ref-member]",
    "ref-commitment": U + "repair-survy/2024-05-01-north-tenants.yaml:1:1: error: "
    "data/updates/repair-survy/ is named after no commitment; did you mean 'repair-survey'? "
    "[ref-commitment]",
    "ref-person": U + "author-not-a-person/2024-04-02-north-tenants.yaml:3:9: error: "
    "author 'Ana Ferriera' is not one of the people of north-tenants; did you mean 'Ana "
    "Ferreira'? [ref-person]",
    "ref-meeting": C + "unknown-meeting.yaml:4:12: error: agreed_at '2024-03-06-kickoff' "
    "is not a meeting; did you mean '2024-03-05-kickoff'? [ref-meeting]",
    "owners-missing": C + "no-owners.yaml:1:1: error: a commitment needs at least one "
    "owner (owners: [member-id]) [owners-missing]",
    "owner-duplicate": C + "owner-listed-twice.yaml:7:5: error: 'north-tenants' is listed "
    "twice in owners [owner-duplicate]",
    "number-duplicate": C + "survey-number-taken.yaml:8:9: error: number 1 of meeting "
    "'2024-03-05-kickoff' is also used by 'repair-survey' [number-duplicate]",
    "person-duplicate": P + "person-listed-twice.yaml:8:11: error: 'Lena Okafor' is listed "
    "twice in people [person-duplicate]",
    "acronym-duplicate": P + "shares-an-acronym.yaml:3:10: error: acronym 'nstu' also "
    "names 'north-tenants', so `--owner nstu` could mean either; give one of them another "
    "acronym [acronym-duplicate]",
    "attendance-duplicate": M + "2024-04-10-member-listed-twice.yaml:11:13: error: "
    "'north-tenants' is listed twice in attendees [attendance-duplicate]",
    "github-handle": P + "harbour-residents.yaml:7:5: error: 'harbour residents' is not a "
    "GitHub handle (a login such as octo-cat, or a team such as my-org/focal-points) "
    "[github-handle]",
    "update-empty": U + "repair-survey/2024-05-01-north-tenants.yaml:1:1: error: the "
    "update says nothing: give a status, a due date, a note or evidence [update-empty]",
    "corrects-unknown": U + "repair-survey/2024-05-01-north-tenants.yaml:4:11: error: "
    "data/updates/repair-survey/ holds no update named 2024-04-01-north-tenants.yaml; did you "
    "mean '2024-04-02-north-tenants'? [corrects-unknown]",
    "update-before-agreed": U + "update-before-meeting/2024-03-01-north-tenants.yaml:1:7: "
    "error: update dated 2024-03-01 is before the meeting that agreed the commitment "
    "(2024-03-05-kickoff, 2024-03-05) [update-before-agreed]",
    "update-in-future": U + "update-in-future/2999-01-01-north-tenants.yaml:1:7: error: "
    "update dated 2999-01-01 is in the future (today is 2025-01-15) [update-in-future]",
    "due-before-agreed": C + "due-before-meeting.yaml:7:6: error: due 2024-03-01 is before "
    "the meeting that agreed it (2024-03-05) [due-before-agreed]",
    "closed-without-evidence": U + "done-without-evidence/2024-05-15-north-tenants.yaml:3:9: "
    "error: status 'done' needs evidence (a URL or document reference): add it under "
    "evidence: [closed-without-evidence]",
    "dropped-without-note": U + "dropped-without-note/2024-05-15-city-office.yaml:3:9: "
    "error: status 'dropped' needs a note saying why [dropped-without-note]",
    "date-order": M + "2024-05-02-ends-before-it-starts.yaml:4:6: error: end 2024-05-01 is "
    "before the start date 2024-05-02 [date-order]",
    "id-shared": C + "north-tenants.yaml:1:5: error: id 'north-tenants' is also the id of "
    "the member data/members/north-tenants.yaml; an id names one record of any kind: rename "
    "one of them [id-shared]",
    "attendance-conflict": M + "2024-04-10-attending-and-excused.yaml:11:13: error: "
    "'north-tenants' is listed both in attendees and in apologies; keep the one that is true "
    "(or name which of its people came and which sent apologies) [attendance-conflict]",
    "agreed-at-cancelled": C + "agreed-at-cancelled-meeting.yaml:4:12: error: agreed at "
    "'2024-04-10-cancelled', which was cancelled: a cancelled meeting agrees nothing; name the "
    "meeting that agreed it [agreed-at-cancelled]",
    "meeting-held-in-future": M + "2999-01-01-held-in-future.yaml:5:9: error: meeting is "
    "marked held but its date 2999-01-01 is in the future [meeting-held-in-future]",
}


WARNING_CASES = {
    "agreed-in-future": C + "agreed-at-future-meeting.yaml:4:12: warning: agreed at "
    "'2025-06-10-next-session', which is on 2025-06-10, still to come (today is 2025-01-15): "
    "reports leave it out until then; check agreed_at if it was agreed already "
    "[agreed-in-future]",
    "meeting-planned-in-past": M + "2024-02-01-still-planned.yaml:5:9: warning: meeting "
    "was planned for 2024-02-01; record it: `tracker meeting held 2024-02-01-still-planned`, "
    "or `tracker meeting cancel 2024-02-01-still-planned --note TEXT` [meeting-planned-in-past]",
    "no-due-date": C + "no-due-date.yaml:1:1: warning: open commitment has no due date "
    "(tracker update ID --due YYYY-MM-DD) [no-due-date]",
    "no-focal-point": P + "harbour-residents.yaml:1:1: warning: HRA owns 1 open commitment "
    "but has no focal point (set focal_point: true on one of its people) [no-focal-point]",
    "member-left": U + "update-after-leaving/2024-04-02-former-member.yaml:2:5: warning: "
    "'former-member' had left the group before 2024-04-02 [member-left]",
    "update-not-owner": U + "repair-survey/2024-05-01-city-office.yaml:2:5: warning: "
    "'city-office' does not own repair-survey (owners: north-tenants) [update-not-owner]",
}


# A rule between two records reports it on both, so that a pre-commit hook
# naming either file stops the commit: these lines come with ERROR_CASES'.
ALSO_REPORTED = {
    "acronym-duplicate": [
        MEMBER + ":3:10: error: acronym 'NSTU' also names 'shares-an-acronym', so `--owner "
        "NSTU` could mean either; give one of them another acronym [acronym-duplicate]"
    ],
    "id-shared": [
        MEMBER + ":1:5: error: id 'north-tenants' is also the id of the commitment "
        "data/commitments/north-tenants.yaml; an id names one record of any kind: rename one "
        "of them [id-shared]"
    ],
    "number-duplicate": [
        REPAIR_SURVEY + ":2:9: error: number 1 of meeting '2024-03-05-kickoff' is also used "
        "by 'survey-number-taken' [number-duplicate]"
    ],
}


# --- hostile input an existing rule must catch ----------------------------------------
#
# tests/fixtures/negative/defects/<defect>/ holds input that once slipped past
# a rule (or crashed): the folder names the defect, the line is the rule's
# located message. Unlike the rule folders above, several defects share a rule.

DEFECTS = FIXTURES / "defects"

DEFECT_CASES = {
    "trailing-newline-id": P + "trailing-newline-id.yaml:1:5: error: id: "
    "'trailing-newline-id\\n' is not a valid id: use lowercase letters, digits and single "
    "hyphens [schema-value]",
    "trailing-newline-tag": C + "trailing-newline-tag.yaml:10:5: error: tags[0]: "
    "'overdose\\n' is not a valid id: use lowercase letters, digits and single hyphens "
    "[schema-value]",
    "trailing-newline-time": M + "2024-04-10-trailing-newline-time.yaml:7:12: error: "
    "agenda[0].start: expected a time as HH:MM (24-hour), got '09:00\\n' [schema-value]",
    "trailing-newline-date": C + "trailing-newline-date.yaml:8:6: error: due: expected a "
    "date as YYYY-MM-DD, got '2024-09-30\\n' [schema-value]",
    "trailing-newline-email": P + "trailing-newline-email.yaml:7:12: error: "
    "people[0].email: expected an email address such as name@example.org, got "
    "'lena@example.org\\n' [schema-value]",
    "trailing-newline-handle": P + "trailing-newline-handle.yaml:6:5: error: 'octo-cat\\n' "
    "is not a GitHub handle (a login such as octo-cat, or a team such as "
    "my-org/focal-points) [github-handle]",
    "person-twice-in-attendance": M + "2024-04-10-person-twice.yaml:11:9: error: 'Ana "
    "Ferreira' is listed twice in the people of north-tenants in attendees "
    "[attendance-duplicate]",
    "person-attending-and-excused": M + "2024-04-10-person-attending-and-excused.yaml:13:9: "
    "error: 'Tomasz Nowak' of north-tenants is listed both in attendees and in apologies; "
    "keep the one that is true [attendance-conflict]",
    "default-member-unknown": "tracker.yaml:2:17: error: default_member 'north-tenant' is "
    "not a member; did you mean 'north-tenants'? [ref-member]",
    # Names compare in NFC: the chair, written decomposed (A + U+030A), is the
    # person, and so is the composed second listing of the attendee.
    "decomposed-name-twice-in-attendance": M + "2024-04-10-decomposed-attendee.yaml:13:9: "
    "error: '\u00c5sa Lindqvist' is listed twice in the people of fjord-tenants in attendees "
    "(the two look the same but are written in different Unicode forms) "
    "[attendance-duplicate]",
    # The first letter is Cyrillic: the same on screen, another name.
    "confusable-author": U + "repair-survey/2024-05-01-north-tenants.yaml:3:9: error: author "
    "'\u0410na Ferreira' is not one of the people of north-tenants; it looks like 'Ana "
    "Ferreira' but has U+0410 CYRILLIC CAPITAL LETTER A where that has another script's "
    "letter: retype it [ref-person]",
    "decomposed-name-twice": P + "decomposed-name-twice.yaml:7:11: error: 'A\u030asa Lindqvist' "
    "is listed twice in people (the two look the same but are written in different Unicode "
    "forms) [person-duplicate]",
}


def make_defect(tmp_path: Path, defect: str) -> Path:
    """The minimal group, with a defect fixture's files laid over it."""
    root = make_group(tmp_path)
    shutil.copytree(DEFECTS / defect, root, dirs_exist_ok=True)
    return root
