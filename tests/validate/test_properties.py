"""Properties of validation over generated hostile values, each class of
input that once slipped through: a trailing newline or a control character
after a value that has a pattern, names in another Unicode form or with a
confusable letter, dates at the edges of the calendar. Whatever is
generated, validation returns located problems and never raises; and each
class gets the verdict the data contract gives it.

Modest example counts and no deadline: they run in CI, on a shared machine."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from validate_helpers import TODAY, minimal

from conftest import MINIMAL_GROUP, run_cli, write_records
from cso_tracker.checks.run import validate as validate_records
from cso_tracker.problems import Problem
from cso_tracker.repo.load import load_repository

pytestmark = pytest.mark.today(TODAY)

SETTINGS = settings(
    max_examples=60, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)  # fmt: skip

COMMITMENT = "data/commitments/repair-survey.yaml"
MEETING = "data/meetings/2024-03-05-kickoff.yaml"
UPDATE = "data/updates/repair-survey/2024-04-02-north-tenants.yaml"
PEOPLE_MEMBER = "data/members/north-tenants.yaml"
NAMES = ("\u00c5sa Lindqvist", "Jos\u00e9 N\u00fa\u00f1ez", "Zo\u00eb \u0106ori\u0107")
"""More people of north-tenants, written composed (NFC)."""


@pytest.fixture(scope="module")
def group(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One group for every example (Hypothesis runs many per test call), with
    people of accented names."""
    root = write_records(tmp_path_factory.mktemp("properties") / "group", MINIMAL_GROUP)
    people = "".join(f"  - name: {name}\n" for name in NAMES)
    (root / PEOPLE_MEMBER).write_text(minimal(PEOPLE_MEMBER) + people, encoding="utf-8")
    return root


def _checked(root: Path, rel: str, text: str) -> list[Problem]:
    """Validation with `rel` holding `text`; the file is put back after."""
    path = root / rel
    original = path.read_bytes()
    path.write_text(text, encoding="utf-8")
    try:
        # No cache: two examples written within one tick of the file clock
        # would have the same stat, and the second would get the first's verdict.
        problems = validate_records(load_repository(root, use_cache=False), today=TODAY).problems
    finally:
        path.write_bytes(original)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message and problem.rule
    return problems


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar holding exactly `value` (JSON's escapes are YAML's)."""
    return json.dumps(value)


# --- a trailing newline or a control character after a patterned value ----------------

# Each: a file, the line of a patterned value in it, and that value.
PATTERNED = [
    (COMMITMENT, "agreed_at: 2024-03-05-kickoff", "agreed_at", "2024-03-05-kickoff"),
    (COMMITMENT, "  - north-tenants", "  -", "north-tenants"),
    (COMMITMENT, "due: 2024-06-30", "due", "2024-06-30"),
    (UPDATE, "by: north-tenants", "by", "north-tenants"),
    (UPDATE, "date: 2024-04-02", "date", "2024-04-02"),
    (MEETING, "convened_by: city-office", "convened_by", "city-office"),
]

line_ends = st.sampled_from(["\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"])
controls = st.characters(min_codepoint=0, max_codepoint=31) | st.sampled_from(["\x7f", "\x9b"])


@SETTINGS
@given(
    place=st.sampled_from(PATTERNED),
    tail=st.one_of(line_ends, controls, st.lists(line_ends, min_size=1, max_size=3).map("".join)),
    before=st.booleans(),
)
def test_a_patterned_value_with_a_line_end_or_control_character_is_an_error(
    group: Path, place: tuple[str, str, str, str], tail: str, before: bool
) -> None:
    """An id, a reference, a date: the whole value must match, so nothing
    after (or before) it passes, whatever the character."""
    rel, line, key, value = place
    bad = tail + value if before else value + tail
    text = minimal(rel).replace(
        line, f"{key} {_quoted(bad)}" if key == "  -" else f"{key}: {_quoted(bad)}"
    )
    assert text != minimal(rel)
    problems = _checked(group, rel, text)
    # schema-value, the pattern's own verdict: not a reference to no member
    # (ref-member) that a value matched only up to its end would get instead.
    assert "schema-value" in [p.rule for p in problems if p.path == rel], (bad, problems)


@SETTINGS
@given(st.sampled_from([COMMITMENT, MEETING, UPDATE]), controls, st.integers(0, 40))
def test_a_raw_control_character_anywhere_is_located(
    group: Path, rel: str, character: str, at: int
) -> None:
    """Unquoted, in the middle of the file: a located problem, or (a line
    break, a tab in a comment...) a file that still means what it says."""
    text = minimal(rel)
    at = min(at, len(text))
    _checked(group, rel, text[:at] + character + text[at:])


# --- names in another Unicode form, or with a confusable letter -----------------------

CONFUSABLE = {
    "a": "\u0430",
    "e": "\u0435",
    "o": "\u043e",
    "i": "\u0456",
    "s": "\u0455",
    "N": "\u039d",
}
"""Latin letters and the Cyrillic or Greek letters that look like them."""


@SETTINGS
@given(name=st.sampled_from(NAMES), form=st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]))
def test_a_name_in_any_unicode_form_is_the_same_person(group: Path, name: str, form: str) -> None:
    author = unicodedata.normalize(form, name)
    text = f"date: 2024-04-02\nby: north-tenants\nauthor: {author}\nnote: Phoned.\n"
    problems = _checked(group, UPDATE, text)
    assert [p for p in problems if p.path == UPDATE] == []


@SETTINGS
@given(name=st.sampled_from(NAMES), data=st.data())
def test_a_name_with_a_confusable_letter_is_not_the_person(
    group: Path, name: str, data: st.DataObject
) -> None:
    """Looks the same, is another name: reported, never silently matched."""
    places = [i for i, ch in enumerate(name) if ch in CONFUSABLE]
    index = data.draw(st.sampled_from(places))
    author = name[:index] + CONFUSABLE[name[index]] + name[index + 1 :]
    text = f"date: 2024-04-02\nby: north-tenants\nauthor: {author}\nnote: Phoned.\n"
    problems = _checked(group, UPDATE, text)
    assert "ref-person" in [p.rule for p in problems if p.path == UPDATE], problems


# --- dates at the edges of the calendar -----------------------------------------------

edge_dates = st.sampled_from(["0001-01-01", "0001-01-02", "9999-12-30", "9999-12-31"]) | st.dates(
).map(str)  # fmt: skip

DATED = [
    (COMMITMENT, "due: 2024-06-30", "due: {}"),
    (MEETING, "date: 2024-03-05", "date: {}"),
    (UPDATE, "date: 2024-04-02", "date: {}\ndue: {}"),
    (
        "data/members/city-office.yaml",
        "role: secretariat",
        "role: secretariat\njoined: {}\nleft: {}",
    ),
]


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip
@given(place=st.sampled_from(DATED), day=edge_dates, other=edge_dates)
def test_dates_at_the_edges_of_the_calendar_are_checked_and_reported_on(
    group: Path, place: tuple[str, str, str], day: str, other: str
) -> None:
    """Validation places its problems, and the reports built on the records
    (status, list) exit 0 or 1, never 3."""
    rel, line, replacement = place
    text = minimal(rel).replace(line, replacement.format(day, other))
    _checked(group, rel, text)
    path = group / rel
    original = path.read_bytes()
    path.write_text(text, encoding="utf-8")
    try:
        for command in (("status",), ("list",), ("list", "--status", "closed")):
            result = run_cli("--root", str(group), *command)
            assert result.exit_code in (0, 1), (command, result.output)
            assert "unexpected error" not in result.output
    finally:
        path.write_bytes(original)
