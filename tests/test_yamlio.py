"""The YAML dialect of record files: what loads, what is refused, and where."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest

from cso_tracker.yaml import reader, roundtrip
from cso_tracker.yaml.errors import YamlError
from cso_tracker.yaml.positions import Positions


def refused(text: str) -> YamlError:
    with pytest.raises(YamlError) as caught:
        reader.load(text)
    return caught.value


def where(error: YamlError) -> tuple[int, int, str]:
    return error.line, error.column, error.rule


# --- decoding -----------------------------------------------------------------


def test_decode_strips_a_byte_order_mark() -> None:
    assert reader.decode("\ufeffid: x\n".encode()) == "id: x\n"


def test_decode_locates_invalid_utf8_in_characters() -> None:
    with pytest.raises(YamlError) as caught:
        reader.decode("id: x\ntitle: Ünïcödé ".encode() + b"\xc3(\n")
    assert where(caught.value) == (2, 16, "yaml-encoding")
    assert caught.value.message == "invalid UTF-8 (byte 0xc3); save the file as UTF-8"


def test_decode_refuses_oversized_input() -> None:
    with pytest.raises(YamlError) as caught:
        reader.decode(b"a" * (reader.MAX_FILE_BYTES + 1))
    assert where(caught.value) == (1, 1, "file-too-large")


def test_decode_accepts_the_limit_exactly() -> None:
    assert len(reader.decode(b"a" * reader.MAX_FILE_BYTES)) == reader.MAX_FILE_BYTES


# --- values (YAML 1.2 core schema) ----------------------------------------------

SCALARS: list[tuple[str, Any]] = [
    ("no", "no"),
    ("yes", "yes"),
    ("on", "on"),
    ("off", "off"),
    ("true", True),
    ("False", False),
    ("~", None),
    ("null", None),
    ("", None),
    ("12", 12),
    ("-3", -3),
    ("0o17", 15),
    ("0x1f", 31),
    ("1.5", 1.5),
    ("1e3", 1000.0),
    ("'12'", "12"),
    ('"true"', "true"),
    ("2013-02-21", "2013-02-21"),
    ("2013-02-30", "2013-02-30"),
    ("12:30", "12:30"),
    ("!!str 12", "12"),
    ("!!int 12", 12),
    ("hello world", "hello world"),
]


@pytest.mark.parametrize(("written", "value"), SCALARS)
def test_scalars_follow_yaml_1_2(written: str, value: Any) -> None:
    """`no` stays text (YAML 1.1 would say False); dates stay text for the schema."""
    loaded = reader.load(f"key: {written}\n")["key"]
    assert loaded == value
    assert type(loaded) is type(value)


def test_special_floats() -> None:
    loaded = reader.load("a: .inf\nb: -.Inf\nc: .nan\n")
    assert loaded["a"] == float("inf")
    assert loaded["b"] == float("-inf")
    assert loaded["c"] != loaded["c"]


def test_dates_are_never_constructed() -> None:
    """An impossible date must reach the schema (with a position), not crash here."""
    loaded = reader.load("due: 2013-02-30\nat: 2013-02-21T10:00:00\n")
    assert not any(isinstance(v, dt.date) for v in loaded.values())


def test_block_scalars_and_nested_structures() -> None:
    text = "text: |\n  line one\n  line two\nitems:\n  - a: 1\n    b: [x, y]\n  - {c: d}\n"
    assert reader.load(text) == {
        "text": "line one\nline two\n",
        "items": [{"a": 1, "b": ["x", "y"]}, {"c": "d"}],
    }


@pytest.mark.parametrize("text", ["", "\n", "# comment only\n", "---\n", "---\n...\n"])
def test_empty_documents_load_as_none(text: str) -> None:
    assert reader.load(text) is None


# --- positions ------------------------------------------------------------------

DOCUMENT = """\
id: repair-survey
owners:
  - north-tenants
  - city-office
updates:
  - date: 2024-04-02
    note: Drafted.
"""


def positions_of(text: str) -> Positions:
    positions = Positions()
    reader.load(text, positions=positions)
    return positions


def test_positions_of_keys_values_and_items() -> None:
    positions = positions_of(DOCUMENT)
    assert positions.of(("id",)) == (1, 5)
    assert positions.of(("id",), key=True) == (1, 1)
    assert positions.of(("owners", 1)) == (4, 5)
    assert positions.of(("updates", 0)) == (6, 5)
    assert positions.of(("updates", 0, "note")) == (7, 11)
    assert positions.of(("updates", 0, "note"), key=True) == (7, 5)


def test_positions_fall_back_to_the_nearest_ancestor() -> None:
    positions = positions_of(DOCUMENT)
    assert positions.of(("updates", 0, "missing")) == (6, 5)
    assert positions.of(("nothing", "here")) == (1, 1)


def test_positions_in_crlf_and_bom_files_match_lf() -> None:
    crlf = positions_of(DOCUMENT.replace("\n", "\r\n"))
    bom = positions_of(reader.decode(("\ufeff" + DOCUMENT).encode()))
    for path in (("id",), ("owners", 1), ("updates", 0, "note")):
        assert crlf.of(path) == bom.of(path) == positions_of(DOCUMENT).of(path)


def test_columns_count_characters_not_bytes() -> None:
    positions = positions_of("title: Réunion à Genève\nnext: x\n")
    assert positions.of(("next",)) == (2, 7)
    error = refused("title: Réunion à Genève\ntitle: again\n")
    assert where(error) == (2, 1, "yaml-duplicate-key")


# --- refusals ---------------------------------------------------------------------


def test_alias_bomb_is_refused_before_expanding() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [
        f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    started = time.perf_counter()
    error = refused("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 0.5
    assert where(error) == (1, 4, "yaml-alias")


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("a: &x 1\n", (1, 4)),
        ("a: &x [1]\n", (1, 4)),
        ("a: &x {b: 1}\n", (1, 4)),
        ("a: *x\n", (1, 4)),
    ],
)
def test_every_anchor_and_alias_is_refused(text: str, position: tuple[int, int]) -> None:
    assert where(refused(text)) == (*position, "yaml-alias")


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hacked']\n",
        "a: !!python/name:os.system\n",
        "a: !!python/object:builtins.dict {}\n",
        "a: !!binary aGk=\n",
        "a: !!timestamp 2024-01-01\n",
        "a: !!set {x: null}\n",
        "a: !!omap [x: 1]\n",
        "a: !custom value\n",
        "a: !<tag:example.com,2024:thing> value\n",
    ],
)
def test_tags_that_construct_objects_are_refused(text: str) -> None:
    error = refused(text)
    assert where(error) == (1, 4, "yaml-tag")
    assert error.message.endswith("is not allowed in records; remove it")


def test_core_tag_that_does_not_fit_its_value() -> None:
    error = refused("number: !!int twelve\n")
    assert where(error) == (1, 9, "yaml-tag")
    assert "does not match its tag" in error.message


def test_flow_nesting_is_cut_off_before_parsing() -> None:
    started = time.perf_counter()
    error = refused("[" * 100_000)
    assert time.perf_counter() - started < 1
    assert where(error) == (1, reader.MAX_DEPTH + 1, "yaml-too-deep")


def test_block_nesting_is_cut_off() -> None:
    text = "".join("  " * depth + "a:\n" for depth in range(reader.MAX_DEPTH + 5))
    error = refused(text)
    assert where(error) == (reader.MAX_DEPTH + 1, 2 * reader.MAX_DEPTH + 1, "yaml-too-deep")


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = reader.MAX_DEPTH
    assert reader.load("[" * depth + "]" * depth) is not None


def test_duplicate_keys_at_any_depth() -> None:
    assert where(refused("a: 1\nb: 2\na: 3\n")) == (3, 1, "yaml-duplicate-key")
    assert where(refused("u:\n  - x: 1\n    x: 2\n")) == (3, 5, "yaml-duplicate-key")
    assert where(refused("{a: 1, a: 2}\n")) == (1, 8, "yaml-duplicate-key")


def test_keys_that_are_collections_are_refused() -> None:
    assert where(refused("? [a, b]\n: c\n")) == (1, 3, "yaml-complex-key")
    assert where(refused("{a: 1}: c\n")) == (1, 1, "yaml-complex-key")


def test_a_second_document_is_refused() -> None:
    assert where(refused("a: 1\n---\na: 2\n")) == (2, 1, "yaml-multiple-documents")


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            "title: Preparatory call: agenda\n", 1, 24,
            "a second ': ' on this line; if it is part of the value, put the whole value in quotes",
        ),
        (
            "owners: [north-tenants\nstatus: agreed\n", 1, 9,
            "this '[' is never closed: expected ',' or ']' before line 2, column 7",
        ),
        (
            "chair: {member: hri\nstatus: agreed\n", 1, 8,
            "this '{' is never closed: expected ',' or '}' before line 2, column 7",
        ),
        (
            'title: "Repair survey\nstatus: agreed\n', 1, 8,
            "this quote is never closed; end the text with the same quote mark",
        ),
        ("owners: [a]]\n", 1, 12, "unexpected ']': there is nothing to close or separate here"),
        ("handle: @hri\n", 1, 9, "a value cannot start with '@'; put the value in quotes"),
        ("a: 1\n  b: 2\n", 2, 4, "unexpected ': '; check this line's indentation against the line above"),
        (
            "owners:\n  - hri\n - idpc\n", 3, 2,
            "expected 'key: value' here, lined up with the mapping that starts at line 1, "
            "column 1; check the indentation",
        ),
        (
            "- hri\nidpc: 1\n", 2, 1,
            "expected '- item' here, lined up with the list that starts at line 1, column 1; "
            "check the indentation",
        ),
        ("text: |\n  a\nnot a key\n", 3, 1, "expected 'key: value' on this line, but it has no ': '"),
        (
            "evidence: [https://example.org/x]\n", 1, 12,
            "a ':' inside a value in brackets ([...] or {...}); put that value in quotes, "
            'e.g. ["https://example.org/report"]',
        ),
    ],
)  # fmt: skip
def test_common_syntax_mistakes_are_explained_where_the_fix_goes(
    text: str, line: int, column: int, message: str
) -> None:
    error = refused(text)
    assert (error.line, error.column, error.message, error.rule) == (
        line, column, message, "yaml-syntax",
    )  # fmt: skip


def test_other_syntax_errors_keep_libyamls_words() -> None:
    error = refused("a: b\n\tc: d\n")
    assert where(error) == (2, 1, "yaml-syntax")
    assert "tab" in error.message


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\ufffe"])
def test_control_characters_are_refused_with_their_code(character: str) -> None:
    error = refused(f"a: ok\nb: x{character}y\n")
    assert where(error) == (2, 5, "yaml-syntax")
    assert error.message.startswith(f"character U+{ord(character):04X} is not allowed")


def test_control_character_after_wide_characters() -> None:
    error = refused("a: ééé€\x07\n")
    assert (error.line, error.column) == (1, 8)


@pytest.mark.parametrize("text", ["a: 1\r\nb: [x, y]\r\n", "a: 1\rb: 2\r", "a: 1\n\tb: 2\n"])
def test_line_endings_and_tabs_do_not_crash(text: str) -> None:
    try:
        reader.load(text)
    except YamlError as error:
        assert error.line >= 1 and error.column >= 1


def test_number_beyond_pythons_digit_limit_is_a_located_error() -> None:
    error = refused("a: 1\nnumber: " + "9" * 5000 + "\n")
    assert where(error) == (2, 9, "schema-value")
    assert error.message.startswith("a number of 5,000 digits is too long")


def test_long_hexadecimal_numbers_are_fine() -> None:
    assert reader.load("n: 0x" + "f" * 5000 + "\n")["n"] > 0


# --- tabs ---------------------------------------------------------------------------


def test_find_tabs_reports_the_first_tab_of_each_line() -> None:
    assert reader.find_tabs("a: 1\n\tb: 2\nc:\t3\t4\n") == [(2, 1), (3, 3)]
    assert reader.find_tabs("no tabs\n") == []


# --- round trip (writing) -------------------------------------------------------------

RECORD = """\
# Agreed at the kick-off meeting.
id: repair-survey
title: "Repair survey"
text: >-
  Survey the repair backlog
  in all member buildings.
owners:
  - north-tenants  # lead
status: in-progress
due: 2024-06-30
answer: 'no'
updates:
  - date: 2024-04-02
    by: north-tenants
    note: Questionnaire drafted, with a line that is much longer than eighty characters so a default dumper would wrap it.
"""


def test_round_trip_is_byte_identical() -> None:
    assert roundtrip.dump_roundtrip(roundtrip.load_roundtrip(RECORD)) == RECORD


def test_round_trip_and_fast_loader_agree() -> None:
    fast = reader.load(RECORD)
    assert fast["answer"] == "no"
    assert fast["due"] == "2024-06-30"
    assert fast["updates"][0]["by"] == "north-tenants"
