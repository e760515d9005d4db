"""The simple reader (yaml/simple.py) either declines a text or gives
exactly what libyaml's reading gives: on every YAML file in the
repository, and on generated text built from the lines records are made
of and the ones that trip YAML readers up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cso_tracker.yaml import reader
from cso_tracker.yaml.errors import YamlError
from cso_tracker.yaml.positions import Positions
from cso_tracker.yaml.simple import load_simple

REPO = Path(__file__).resolve().parent.parent
DECLINED = object()


def simple(text: str) -> Any:
    value = load_simple(text, reader._plain_scalar, reader.MAX_DEPTH)
    return DECLINED if value is None else value


def libyaml(text: str) -> Any:
    """The reader's own path (positions asked for, so it never takes the simple one)."""
    try:
        return reader.load(text, positions=Positions())
    except YamlError as error:
        return error


def _yaml_files() -> list[Path]:
    found = [REPO / "tracker.yaml", *(REPO / "data").rglob("*.yaml")]
    found += [p for p in (REPO / "tests").rglob("*.y*ml") if p.is_file()]
    return sorted(found)


def test_every_yaml_file_here_reads_the_same() -> None:
    accepted = 0
    for path in _yaml_files():
        try:
            text = reader.decode(path.read_bytes())
        except YamlError:
            continue
        value = simple(text)
        if value is not DECLINED:
            accepted += 1
            assert value == libyaml(text), path
    assert accepted > 100  # the bundled record and the fixtures are mostly simple


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: a\nowners:\n  - x\n  - y\n", {"id": "a", "owners": ["x", "y"]}),
        ("owners:\n- x\n- y\nid: a\n", {"owners": ["x", "y"], "id": "a"}),
        ("people:\n  - name: A\n    focal_point: true\n  - name: B\n",
         {"people": [{"name": "A", "focal_point": True}, {"name": "B"}]}),
        ("a: 'it''s: fine'\nb: \"x y\"\nc: ~\nd:\ne: 12\nf: 1.5\ng: 2013-02-21\n",
         {"a": "it's: fine", "b": "x y", "c": None, "d": None, "e": 12, "f": 1.5,
          "g": "2013-02-21"}),
        ("a:\n  b:\n    c: x [y]\n", {"a": {"b": {"c": "x [y]"}}}),
        ("# a record\n\nid: a\n  # indented comment\nowners:\n\n  - x#1\n   \n",
         {"id": "a", "owners": ["x#1"]}),
        ("a: 'b # c'\n", {"a": "b # c"}),
    ],
)  # fmt: skip
def test_the_simple_shape(text: str, expected: Any) -> None:
    assert simple(text) == expected == libyaml(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1  # a comment\n",
        "a: 'x' # a comment\n",
        "# only a comment\n",
        "a: x\n\n  y\n",
        "a: x\n  # between\n  y\n",
        "a: |\n  text\n",
        "a: the text\n  goes on\n",
        "a: 1\r\nb: 2\r\n",
        "a: 1\na: 2\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "---\na: 1\n",
        "- a\n- b\n",
        "  a: 1\n",
        "a: {b: 1}\n",
        'a: "tab\\tescaped"\n',
        "a:\tb\n",
        "a: b \n",
        "a:  b\n",
        "a:\n    b: 1\n  c: 2\n",
        "'a': 1\n",
        "a: x\u2028y\n",
        "a: -1\n",
        "a: " + "9" * 5000 + "\n",
        "",
    ],
)
def test_what_it_leaves_to_libyaml(text: str) -> None:
    assert simple(text) is DECLINED


_KEYS = st.sampled_from(["id", "a", "b", "due_note", "no-due-date", "true", "null", "x1"])
_VALUES = st.sampled_from([
    "", "x", "two words", "2013-02-21", "12", "-3", "1.5", "1e3", ".inf", "0x1f", "0o7", "~",
    "null", "True", "no", "yes", "'q'", "'it''s'", '"d"', '"a\\"b"', "a: b", "a #b", "a:", "[x]",
    "{y}", "x, y", "&a", "*a", "!t x", "|", ">", "%x", "@x", "`x", "?", "- x", "é", "a\u00a0",
    "...", "---", "'unclosed", '"unclosed', "a'b", "a\"b", ":x", "x:y",
])  # fmt: skip
_LINES = st.lists(
    st.tuples(
        st.sampled_from([0, 0, 0, 1, 2, 2, 2, 4, 4, 6]),
        st.sampled_from(["key", "key", "dash-key", "item", "key-only", "dash-key-only", "junk"]),
        _KEYS,
        _VALUES,
    ),
    min_size=1,
    max_size=12,
)


def _render(lines: list[tuple[int, str, str, str]]) -> str:
    out = []
    for indent, shape, key, value in lines:
        text = {
            "key": f"{key}: {value}",
            "dash-key": f"- {key}: {value}",
            "item": f"- {value}",
            "key-only": f"{key}:",
            "dash-key-only": f"- {key}:",
            "junk": value,
        }[shape]
        out.append(" " * indent + text)
    return "\n".join(out) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LINES)
def test_generated_lines_read_the_same_or_are_declined(
    lines: list[tuple[int, str, str, str]],
) -> None:
    """Lines of every shape at any indentation: mostly declined."""
    text = _render(lines)
    value = simple(text)
    if value is not DECLINED:
        assert value == libyaml(text), text


_TREES = st.recursive(
    _VALUES,
    lambda inner: (
        st.lists(inner, min_size=1, max_size=3)
        | st.dictionaries(_KEYS, inner, min_size=1, max_size=3)
    ),
    max_leaves=8,
)


def _block(value: Any, indent: int, step: int, indentless: bool) -> list[str]:
    """`value` written in block style, as records are (values as raw text)."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict):
                lines += [f"{pad}{key}:", *_block(item, indent + step, step, indentless)]
            elif isinstance(item, list):
                inner = indent if indentless else indent + step
                lines += [f"{pad}{key}:", *_block(item, inner, step, indentless)]
            else:
                lines.append(f"{pad}{key}: {item}")
        return lines
    assert isinstance(value, list)
    for item in value:
        if isinstance(item, dict | list):
            nested = _block(item, indent + 2, step, indentless)
            lines.append(f"{pad}- {nested[0].lstrip(' ')}")
            lines += nested[1:]
        else:
            lines.append(f"{pad}- {item}")
    return lines


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(_KEYS, _TREES, min_size=1, max_size=4),
    st.sampled_from([1, 2, 4]),
    st.booleans(),
    st.lists(
        st.tuples(st.integers(0, 20), st.sampled_from(["", "   ", "# note", "  # in", "#"])),
        max_size=3,
    ),
)
def test_generated_records_read_the_same_or_are_declined(
    tree: dict[str, Any], step: int, indentless: bool, inserted: list[tuple[int, str]]
) -> None:
    """Nested mappings and sequences of tricky scalars, written as records
    are, with blank and comment lines here and there: accepted often, so
    the comparison means something."""
    lines = _block(tree, 0, step, indentless)
    for where, line in inserted:
        lines.insert(where, line)
    text = "\n".join(lines) + "\n"
    value = simple(text)
    if value is not DECLINED:
        assert value == libyaml(text), text
