"""`tracker validate` on hostile input: alias bombs, constructing tags, huge
files, deep nesting, bad encodings, control characters, odd line endings,
a hostile corpus through the real command, and Hypothesis fuzzing of the core
(whatever a file holds: located problems, never an exception)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from validate_helpers import (
    ERROR_CASES,
    FIXTURES,
    REPAIR_SURVEY,
    TODAY,
    C,
    lines,
    make_group,
    minimal,
    overwrite,
    validate,
)

from conftest import MINIMAL_GROUP, run_tracker, write_records
from cso_tracker.checks.run import validate as validate_records
from cso_tracker.repo.load import load_repository

# Date rules compare with a fixed day, so messages never change.
pytestmark = pytest.mark.today(TODAY)

UPDATE = "data/updates/repair-survey/2024-04-02-north-tenants.yaml"


# --- refused before anything expands, runs or takes long ------------------------------


def test_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """Billion laughs: refused at the first anchor, before anything expands."""
    started = time.perf_counter()
    result = validate(make_group(tmp_path, "yaml-alias"))
    assert time.perf_counter() - started < 2
    assert result.exit_code == 1
    assert "[yaml-alias]" in result.stdout


def test_python_object_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    """!!python/object/apply:os.system would create a file if it ran."""
    root = make_group(tmp_path, "yaml-tag")
    result = validate(root, cwd=root)
    assert lines(result) == [ERROR_CASES["yaml-tag"]]
    assert not (root / "pwned-by-yaml").exists()
    assert list(tmp_path.rglob("pwned-by-yaml")) == []


@pytest.mark.parametrize("tag", ["!!python/name:os.system", "!!binary aGk=", "!!set {a: null}",
                                 "!local thing", "!!timestamp 2024-01-01"])  # fmt: skip
def test_other_constructing_tags_are_refused(tmp_path: Path, tag: str) -> None:
    root = make_group(tmp_path)
    overwrite(root, REPAIR_SURVEY, minimal(REPAIR_SURVEY) + f"tags: {tag}\n")
    result = validate(root)
    assert result.exit_code == 1
    assert re.fullmatch(
        rf"{REPAIR_SURVEY}:9:7: error: tag '[^']+' is not allowed in records; remove it "
        r"\[yaml-tag\]",
        result.stdout.strip(),
    )


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    """A 1 MB record file is refused from its size, without being parsed."""
    root = make_group(tmp_path)
    overwrite(root, C + "huge.yaml", "id: huge\ntext: " + "a" * (1024 * 1024) + "\n")
    started = time.perf_counter()
    result = validate(root)
    assert time.perf_counter() - started < 2
    assert lines(result) == [
        C + "huge.yaml:1:1: error: file is 1,048,592 bytes; records are limited to "
        "262,144 bytes [file-too-large]"
    ]
    assert result.exit_code == 1


def test_hundred_thousand_open_brackets_are_refused_quickly(tmp_path: Path) -> None:
    """libyaml's flow scanner is quadratic: deep nesting is cut off first."""
    root = make_group(tmp_path)
    overwrite(root, C + "brackets.yaml", "[" * 100_000)
    started = time.perf_counter()
    result = validate(root)
    assert time.perf_counter() - started < 2
    assert lines(result) == [
        C + "brackets.yaml:1:33: error: brackets nested more than 32 levels deep [yaml-too-deep]"
    ]


def test_deep_block_nesting_is_refused(tmp_path: Path) -> None:
    root = make_group(tmp_path)
    overwrite(root, C + "block-nesting.yaml", "- " * 20_000 + "x\n")
    result = validate(root)
    assert lines(result) == [
        C + "block-nesting.yaml:1:65: error: nested more than 32 levels deep [yaml-too-deep]"
    ]


# --- encodings, characters and line endings -------------------------------------------


def test_invalid_utf8_is_located_in_characters(tmp_path: Path) -> None:
    """The column counts characters, so accented letters before it do not shift it."""
    root = make_group(tmp_path)
    text = minimal(REPAIR_SURVEY).replace("title: Repair survey", "title: Réparé \udcff survey")
    overwrite(root, REPAIR_SURVEY, text.encode("utf-8", errors="surrogateescape"))
    result = validate(root)
    assert lines(result) == [
        REPAIR_SURVEY + ":3:15: error: invalid UTF-8 (byte 0xff); save the file as UTF-8 "
        "[yaml-encoding]"
    ]


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\ufffe"])
def test_control_characters_are_located(tmp_path: Path, character: str) -> None:
    root = make_group(tmp_path)
    text = minimal(REPAIR_SURVEY).replace("Repair survey", f"Réparé {character} survey")
    overwrite(root, REPAIR_SURVEY, text)
    result = validate(root)
    assert lines(result) == [
        f"{REPAIR_SURVEY}:3:15: error: character U+{ord(character):04X} is not allowed "
        "(control characters are not allowed) [yaml-syntax]"
    ]
    assert result.exit_code == 1


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    root = make_group(tmp_path)
    overwrite(root, REPAIR_SURVEY, "\ufeff" + minimal(REPAIR_SURVEY))
    result = validate(root)
    assert (result.exit_code, result.stdout) == (0, "")


def test_byte_order_mark_does_not_shift_columns(tmp_path: Path) -> None:
    root = make_group(tmp_path)
    text = "\ufeff" + minimal(UPDATE).replace("status: in-progress", "status: x")
    overwrite(root, UPDATE, text)
    assert lines(validate(root))[0].startswith(UPDATE + ":4:9: error: status: 'x'")


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "---\n", "~\n"])
def test_empty_files_are_refused(tmp_path: Path, content: str) -> None:
    root = make_group(tmp_path)
    overwrite(root, REPAIR_SURVEY, content)
    result = validate(root)
    assert lines(result) == [REPAIR_SURVEY + ":1:1: error: file is empty [yaml-empty]"]


@pytest.mark.parametrize(("content", "shape"), [
    ("- id: repair-survey\n", "a list"),
    ("repair-survey\n", "a single value"),
    ("42\n", "a single value"),
    ("[]\n", "a list"),
])  # fmt: skip
def test_documents_that_are_not_a_mapping(tmp_path: Path, content: str, shape: str) -> None:
    root = make_group(tmp_path)
    overwrite(root, REPAIR_SURVEY, content)
    assert lines(validate(root)) == [
        f"{REPAIR_SURVEY}:1:1: error: a record is a mapping of fields (key: value), "
        f"but this file holds {shape} [yaml-not-mapping]"
    ]


def test_crlf_files_validate_fine(tmp_path: Path) -> None:
    """Files saved on Windows (CRLF) are as valid as LF ones."""
    root = make_group(tmp_path)
    for path in (root / "data").rglob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    (root / "tracker.yaml").write_bytes(
        (root / "tracker.yaml").read_bytes().replace(b"\n", b"\r\n")
    )
    result = validate(root)
    assert (result.exit_code, result.stdout) == (0, "")


def test_crlf_files_are_located_like_lf_ones(tmp_path: Path) -> None:
    root = make_group(tmp_path, "ref-person")
    path = root / C / "author-not-a-person.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert lines(validate(root)) == [ERROR_CASES["ref-person"]]


def test_every_tab_is_reported_even_the_one_that_stops_the_parser(tmp_path: Path) -> None:
    """Every tab is reported, even when one of them also stops the parser."""
    root = make_group(tmp_path)
    text = minimal(REPAIR_SURVEY).replace("  - north-tenants", "\t- north-tenants")
    overwrite(root, REPAIR_SURVEY, text.replace("title: Repair", "title:\tRepair"))
    assert lines(validate(root)) == [
        REPAIR_SURVEY + ":3:7: error: tab character; indent and separate with spaces [yaml-tab]",
        REPAIR_SURVEY + ":7:1: error: tab character; indent and separate with spaces [yaml-tab]",
    ]


# --- a hostile corpus through the real command ----------------------------------------


HOSTILE_FILES: dict[str, bytes] = {
    C + "alias-bomb.yaml": (FIXTURES / "yaml-alias" / C / "alias-bomb.yaml").read_bytes(),
    C + "python-object-tag.yaml": (FIXTURES / "yaml-tag" / C / "python-object-tag.yaml").read_bytes(),
    C + "huge.yaml": b"id: huge\ntext: " + b"a" * (1024 * 1024) + b"\n",
    C + "brackets.yaml": b"[" * 100_000,
    C + "latin-1.yaml": "id: latin-1\ntitle: Café\n".encode("latin-1"),
    C + "bell.yaml": b"id: bell\ntitle: ring \x07\n",
    C + "empty.yaml": b"",
    C + "list.yaml": b"- a\n- b\n",
    C + "two.yaml": b"id: two\n---\nid: two\n",
    C + "long-number.yaml": b"id: long-number\nnumber: " + b"9" * 5000 + b"\n",
    C + "with-bom.yaml": b"\xef\xbb\xbf" + minimal(REPAIR_SURVEY).replace(
        "repair-survey", "with-bom").replace("number: 1", "number: 2").encode(),
}  # fmt: skip


def test_hostile_corpus_through_the_real_command(tmp_path: Path) -> None:
    """As a user runs it (a subprocess): every hostile file named, no traceback."""
    root = make_group(tmp_path)
    for relative, data in HOSTILE_FILES.items():
        overwrite(root, relative, data)
    (root / C / "outside.yaml").symlink_to("/etc/passwd")
    started = time.perf_counter()
    result = run_tracker("validate", cwd=root)
    assert time.perf_counter() - started < 20
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (root / "pwned-by-yaml").exists()
    reported = {line.split(":")[0] for line in result.stdout.splitlines()}
    expected = set(HOSTILE_FILES) - {C + "with-bom.yaml"} | {C + "outside.yaml"}
    assert reported == expected
    assert all(": error: " in line for line in result.stdout.splitlines())


# --- property: the core never raises --------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One group for every generated example (module scope: Hypothesis runs
    many examples per test call)."""
    return write_records(tmp_path_factory.mktemp("fuzz") / "group", MINIMAL_GROUP)


YAML_TOKENS = [
    *"abcdefgh019 :-,.[]{}&*!%|>'\"#?@`~\n\t\r\\", "\ufeff", "\x00", "\x85", "é",
    "id", "status", "owners", "updates", "date", "by", "2024-02-30", "---", "!!int", "&a", "*a",
    "\n  - ", "\n    ", ": ", "number: ",
]  # fmt: skip


yaml_like_text = st.lists(st.sampled_from(YAML_TOKENS), max_size=80).map("".join)


RECORD_FILES = sorted(relative for relative in MINIMAL_GROUP if relative.startswith("data/"))


FUZZ_TARGETS = [*RECORD_FILES, "data/members/fuzz.yaml", "tracker.yaml"]


@st.composite
def mutated_record(draw: st.DrawFn) -> tuple[str, bytes]:
    """A valid file of the minimal group with one line's value or indent
    replaced, so schema and cross-record rules see odd values in a sound
    structure."""
    relative = draw(st.sampled_from(RECORD_FILES))
    record = minimal(relative).splitlines()
    index = draw(st.integers(0, len(record) - 1))
    key, _, _ = record[index].partition(":")
    record[index] = (
        f"{key}:{draw(yaml_like_text)}"
        if draw(st.booleans())
        else (draw(yaml_like_text) + record[index].lstrip())
    )
    return relative, ("\n".join(record) + "\n").encode()


any_content = st.one_of(
    st.binary(max_size=300), st.text(max_size=300).map(str.encode), yaml_like_text.map(str.encode)
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.tuples(st.sampled_from(FUZZ_TARGETS), any_content), mutated_record()))
def test_any_bytes_as_a_record_yield_problems_never_an_exception(
    fuzz_root: Path, file: tuple[str, bytes]
) -> None:
    """Whatever a record file (or tracker.yaml) holds, validation returns
    located problems; no exception escapes."""
    relative, data = file
    path = fuzz_root / relative
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(data)
    try:
        result = validate_records(load_repository(fuzz_root), today=TODAY)
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
    for problem in result.problems:
        assert problem.line >= 0
        assert problem.column >= 0
        assert problem.message
        assert problem.rule
