"""Rendering: escaping filters, template lookup and errors, Markdown that a
real GFM parser reads without broken tables, and the JSON shape."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import MINIMAL_GROUP, write_records
from cso_tracker.cli._words import naming
from cso_tracker.errors import TemplateRenderError, UsageError
from cso_tracker.query import status
from cso_tracker.query.agenda import build_agenda
from cso_tracker.render import escape, json_shapes, json_status, templates
from cso_tracker.render.escape import cell, md, mermaid
from cso_tracker.repo.load import load_repository

REPO_ROOT = Path(__file__).resolve().parent.parent
RIVERSIDE = REPO_ROOT / "tests" / "fixtures" / "groups" / "riverside"
AS_OF = dt.date(2026, 11, 10)

HOSTILE = "a | b\nc `d` <i>x</i> & {{ 7*7 }} {% if true %}y{% endif %} *e* _f_ [g](h) ~~i~~ \\| j"


def build(root: Path, as_of: dt.date = AS_OF, **kwargs: object) -> status.StatusReport:
    repo = load_repository(root)
    return status.build_status(
        group=repo.settings.group, settings=repo.settings, members=repo.members,
        meetings=repo.meetings, commitments=repo.commitments.values(), as_of=as_of,
        **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def split_row(line: str) -> list[str]:
    """A GFM table row's cells, as the GFM spec splits them: on every pipe
    not escaped by a backslash (even inside code spans)."""
    body = line.strip()
    body = body.removeprefix("|")
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return re.split(r"(?<!\\)\|", body)


def check_tables(text: str) -> int:
    """Every table row has as many cells as its header; returns the number of tables."""
    tokens = parser().parse(text)
    lines = text.splitlines()
    tables = 0
    for token in tokens:
        if token.type != "table_open":
            continue
        tables += 1
        assert token.map is not None
        start, end = token.map
        header = split_row(lines[start])
        for number in range(start + 2, end):
            cells = split_row(lines[number])
            assert len(cells) == len(header), f"line {number + 1}: {lines[number]!r}"
    return tables


# --- filters --------------------------------------------------------------------------


def test_cell_escapes_pipes_breaks_and_html() -> None:
    assert cell("a | b\nc <b>d</b> & e") == "a \\| b<br>c &lt;b&gt;d&lt;/b&gt; &amp; e"


def test_md_escapes_markdown_and_keeps_template_syntax() -> None:
    assert md("*x* _y_ `z` [l](u) {{ 7*7 }}") == ("\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) {{ 7\\*7 }}")
    assert md(None) == "—"
    assert md(dt.date(2026, 1, 2)) == "2026-01-02"


def test_mermaid_removes_what_ends_a_task() -> None:
    assert mermaid("Training: session #1; day\n2") == "Training session 1 day 2"
    assert mermaid("x" * 80).endswith("…")
    assert len(mermaid("x" * 80)) == 60
    assert mermaid(":#;") == "untitled"


def test_evidence_links_urls_and_escapes_the_rest() -> None:
    assert escape.evidence(["https://x.example/a_b?c=1", "Annex | B", "http://bad|pipe"]) == (
        "<https://x.example/a_b?c=1><br>Annex \\| B<br>http://bad\\|pipe"
    )
    assert escape.evidence([]) == "—"
    html = parser().render(f"| h |\n| --- |\n| {escape.evidence(['https://x.example/a_b'])} |\n")
    assert '<a href="https://x.example/a_b">https://x.example/a_b</a>' in html


def test_bar() -> None:
    assert escape.bar(0, 10) == ""
    assert escape.bar(1, 100) == "█"
    assert escape.bar(10, 10) == "█" * 20


def test_hostile_text_round_trips_through_a_gfm_table() -> None:
    """What a parser shows in the cell is exactly the text the member wrote."""
    text = f"| h |\n| --- |\n| {cell(HOSTILE)} |\n"
    assert check_tables(text) == 1
    html = parser().render(text)
    shown = re.search(r"<td>(.*)</td>", html, re.S)
    assert shown is not None
    expected = (
        HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\n", "<br>")
    )  # fmt: skip
    assert shown.group(1) == expected


# --- templates -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["status.md.j2", "agenda.md.j2", "member.md.j2", "minutes.md.j2"])
def test_repository_templates_match_the_package_defaults(name: str) -> None:
    """templates/ is the copy a group edits; it starts identical to the default."""
    shipped = (REPO_ROOT / "src" / "cso_tracker" / "templates" / name).read_text("utf-8")
    assert (REPO_ROOT / "templates" / name).read_text("utf-8") == shipped


def test_riverside_report_tables_hold_their_columns() -> None:
    text = templates.render_status(build(RIVERSIDE), root=RIVERSIDE)
    # tally, overdue, due soon, changes, recently closed, obligations, meetings;
    # Stale has no table of its own: its two items stand under Overdue and Due soon.
    assert check_tables(text) == 7
    assert "{{ 7\\*7 }}" in text
    assert "49" not in text
    assert "<b>" not in text
    assert "<script>" not in text


def test_every_section_of_the_riverside_report_has_content() -> None:
    text = templates.render_status(build(RIVERSIDE), root=RIVERSIDE)
    assert "_" + "Nothing" not in text
    # Stale points to the stale items listed under Overdue and Due soon.
    stale = "_1 overdue item is also stale (see 2. Overdue); 1 item due soon is also stale"
    assert stale in text
    assert "_No " not in text.replace("_No other open item has gone more than 90 days", "")
    for number, title in enumerate(
        ["Tally", "Overdue", "Due soon", "Changed since the last meeting", "Stale", "By owner",
         "Recently closed", "Standing obligations", "Upcoming meetings", "Timeline"],
        start=1,
    ):  # fmt: skip
        assert f"## {number}. {title}\n" in text
    assert "```mermaid\ngantt\n" in text


def test_html_in_data_never_becomes_html(tmp_path: Path) -> None:
    text = templates.render_status(build(RIVERSIDE), root=RIVERSIDE)
    tokens = parser().parse(text)
    inline_html = [
        child.content
        for token in tokens
        if token.children
        for child in token.children
        if child.type == "html_inline"
    ]
    assert set(inline_html) == {"<br>"}
    assert not [t for t in tokens if t.type == "html_block"]


def _hostile_group(tmp_path: Path) -> Path:
    root = write_records(tmp_path / "group", MINIMAL_GROUP)
    path = root / "data" / "commitments" / "repair-survey.yaml"
    text = path.read_text("utf-8").replace(
        "title: Repair survey\n",
        'title: "' + HOSTILE.replace("\\", "\\\\").replace("\n", "\\n") + '"\n',
    )
    path.write_text(text, "utf-8")
    update = root / "data" / "updates" / "repair-survey" / "2024-04-02-north-tenants.yaml"
    update.write_text(
        update.read_text("utf-8").replace(
            "note: Questionnaire drafted.", 'note: "{{ report.group }} | {% raw %}"'
        ),
        "utf-8",
    )
    repo = load_repository(root)
    assert repo.problems == []
    assert repo.commitments["repair-survey"].title == HOSTILE
    return root


def test_hostile_titles_and_notes_keep_every_table_intact(tmp_path: Path) -> None:
    root = _hostile_group(tmp_path)
    text = templates.render_status(build(root, dt.date(2024, 7, 10)), root=root)
    assert check_tables(text) >= 3
    assert "{{ report.group }}" in text
    assert "{% raw %}" in text
    assert "\nc `d`" not in text  # the line break inside the title never reaches the output
    gantt = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    task = [line for line in gantt.splitlines() if "2024-06-30" in line]
    assert len(task) == 1
    assert re.fullmatch(
        r"    No\. 1 a b c d i x /i & 7\*7 [^:;#]+ :crit, 2024-03-05, 2024-06-30", task[0]
    )


def test_repository_template_overrides_the_default(tmp_path: Path) -> None:
    root = write_records(tmp_path / "group", MINIMAL_GROUP)
    (root / "templates").mkdir()
    (root / "templates" / "status.md.j2").write_text(
        "Group: {{ report.group|md }}; open {{ report.open_count }}\n", "utf-8"
    )
    assert templates.render_status(build(root), root=root) == (
        "Group: Lakeside Housing Forum; open 1\n"
    )


def test_template_option_beats_the_repository(tmp_path: Path) -> None:
    root = write_records(tmp_path / "group", MINIMAL_GROUP)
    (root / "templates").mkdir()
    (root / "templates" / "status.md.j2").write_text("repository\n", "utf-8")
    custom = tmp_path / "mine.md.j2"
    custom.write_text("custom {{ report.as_of }}\n", "utf-8")
    assert templates.render_status(build(root), root=root, template=custom) == "custom 2026-11-10\n"


def test_missing_template_file(tmp_path: Path) -> None:
    with (
        pytest.raises(UsageError, match=r"--template: .*nope\.j2: no such file"),
        naming("--template"),
    ):
        templates.render("status.md.j2", {}, template=tmp_path / "nope.j2")


class TestBrokenTemplates:
    def test_syntax_error_names_file_and_line(self, tmp_path: Path) -> None:
        """An unclosed tag: the message points at the template line."""
        broken = tmp_path / "broken.md.j2"
        broken.write_text("# ok\n\n{% for x in report.overdue %}\n{{ x }}\n", "utf-8")
        with pytest.raises(TemplateRenderError) as caught:
            templates.render_status(build(RIVERSIDE), template=broken)
        assert caught.value.message.startswith(f"{broken}:4: template syntax error: ")
        assert caught.value.exit_code == 1

    def test_undefined_variable_names_file_and_line(self, tmp_path: Path) -> None:
        """A name the context does not have is an error, not an empty string."""
        broken = tmp_path / "undefined.md.j2"
        broken.write_text("line one\n{{ report.group }}\n{{ report.nonexistent }}\n", "utf-8")
        with pytest.raises(TemplateRenderError) as caught:
            templates.render_status(build(RIVERSIDE), template=broken)
        assert caught.value.message.startswith(f"{broken}:3: undefined value: ")
        assert "nonexistent" in caught.value.message

    def test_sandbox_refuses_private_attributes(self, tmp_path: Path) -> None:
        """The sandbox hides dunder attributes: no escape to Python."""
        broken = tmp_path / "escape.md.j2"
        broken.write_text("{{ report.__class__.__mro__ }}\n", "utf-8")
        with pytest.raises(TemplateRenderError) as caught:
            templates.render_status(build(RIVERSIDE), template=broken)
        assert caught.value.message.startswith(f"{broken}:1: ")

    def test_broken_repository_template(self, tmp_path: Path) -> None:
        """A group's edited copy that breaks names the repository file."""
        root = write_records(tmp_path / "group", MINIMAL_GROUP)
        shutil.copytree(REPO_ROOT / "templates", root / "templates")
        path = root / "templates" / "status.md.j2"
        path.write_text(path.read_text("utf-8").replace("{% endfor %}", "{% endfr %}", 1), "utf-8")
        with pytest.raises(TemplateRenderError) as caught:
            templates.render_status(build(root), root=root)
        assert caught.value.message.startswith(f"{path}:")
        assert "endfr" in caught.value.message


# --- JSON ------------------------------------------------------------------------------------


def test_status_json_shape() -> None:
    data = json_status.status_json(build(RIVERSIDE))
    assert data["schema_version"] == json_shapes.REPORT_SCHEMA_VERSION == 1
    assert data["kind"] == "status"
    assert list(data) == [
        "schema_version", "kind", "group", "as_of", "since", "since_source", "owner",
        "last_meeting", "next_meeting", "version", "settings", "tally", "overdue", "undated", "due_soon",
        "changes", "changes_source", "changes_missing_history", "commit_changes", "stale",
        "by_owner", "recently_closed", "obligations", "upcoming_meetings", "timeline",
        "timeline_meetings",
    ]  # fmt: skip
    assert (data["changes_source"], data["commit_changes"]) == ("update-dates", None)
    assert data["owner"] is None
    assert data["version"] is None
    assert data["tally"] == {
        "open": 8, "closed": 4, "total": 12,
        "by_status": {"agreed": 3, "in-progress": 4, "stalled": 1, "done": 2, "partial": 1,
                      "dropped": 1},
    }  # fmt: skip
    change = data["changes"][-1]
    assert change["commitment"]["id"] == "culvert-repair"
    assert change["evidence"] == []
    assert (change["old_status"], change["new_status"]) == ("in-progress", "stalled")
    assert data["overdue"][0] == {
        "id": "water-quality-baseline", "number": 1, "agreed_at": "2025-03-12-launch",
        "title": "Water quality baseline for the Millbrook",
        "status": "in-progress", "owners": ["clearwater-lab"], "due": "2025-09-30",
        "days_overdue": 406, "days_quiet": 391,
    }  # fmt: skip
    stale = {s["id"]: s for s in data["stale"]}
    assert stale["riparian-planting"]["last_update"] is None
    # JSON keeps Stale whole and says where each item stands in the report.
    assert {k: s["listed_under"] for k, s in stale.items()} == {
        "water-quality-baseline": "overdue", "riparian-planting": "due_soon",
    }  # fmt: skip


def test_status_json_with_no_meetings(tmp_path: Path) -> None:
    """Nothing held yet: since is null and the period lists are empty, not missing."""
    root = write_records(tmp_path / "group", MINIMAL_GROUP)
    data = json_status.status_json(build(root, dt.date(2024, 3, 1)))
    assert data["since"] is None
    assert data["since_source"] is None
    assert data["last_meeting"] is None
    assert data["changes"] == []
    assert data["recently_closed"] == []
    # The kick-off, held on 2024-03-05, was still to come on 2024-03-01.
    assert [m["id"] for m in data["upcoming_meetings"]] == ["2024-03-05-kickoff"]


def test_every_empty_section_is_one_line_note() -> None:
    """A group with no records: each section says so in one line."""
    from cso_tracker.models import Settings

    empty = status.build_status(group="Empty group", settings=Settings(), members={}, meetings={},
                               commitments=[], as_of=AS_OF)  # fmt: skip
    text = templates.render_status(empty)
    sections = text.split("\n## ")[1:]
    assert len(sections) == 10
    for section in sections:
        title, body = section.split("\n", 1)
        lines = [line for line in body.splitlines() if line.strip()]
        assert len(lines) == 1, (title, lines)
        assert lines[0].startswith("_") and lines[0].endswith("_"), (title, lines)
    assert check_tables(text) == 0


def test_agenda_tables_hold_their_columns() -> None:
    repo = load_repository(RIVERSIDE)
    agenda = build_agenda(
        group=repo.settings.group, meeting=repo.meetings["2027-01-14-teleconference"],
        members=repo.members, meetings=repo.meetings, commitments=repo.commitments.values(),
        as_of=AS_OF,
    )  # fmt: skip
    text = templates.render_agenda(agenda, root=RIVERSIDE)
    assert check_tables(text) == 2  # review, and new since the last meeting
    assert "{{ 7\\*7 }}" in text
    assert text.endswith("## Any other business\n")


# --- hostile text in every field a report shows ------------------------------------------

# Each starts with something that opens a block or a Mermaid keyword, and
# carries pipes, line breaks, HTML, template syntax and Markdown.
HOSTILE_VALUES = (
    "# Call for papers | <b>bold</b>\n- item {{ 7*7 }} `code` [link](x) *e* _f_ $5 #",
    "1. Title IX | a\r\nb <script>alert(1)</script> {% raw %} ![img](y)",
    "- section 2026-01-01 ; %% note : x # y <!-- c --> &copy;",
    "> quote ~~s~~ \\| {{ report.group }} <br/> +",
    "+ click me " + "very long " * 40,
)
_TEXT_KEYS = {"title", "text", "note", "author", "name", "acronym", "location", "notes",
              "due_note", "group"}  # fmt: skip
_TEXT_LISTS = {"evidence", "partners", "decisions", "items"}


def _hostile_riverside(tmp_path: Path) -> Path:
    """The Riverside group with every free text replaced by a hostile value,
    written as JSON (which is YAML) so no escaping of ours is involved."""
    import itertools
    import json

    from cso_tracker.yaml import reader

    values = itertools.cycle(HOSTILE_VALUES)

    def spoil(node: object, key: str = "") -> object:
        if isinstance(node, dict):
            return {k: spoil(v, k) for k, v in node.items()}
        if isinstance(node, list):
            if key in _TEXT_LISTS:
                return [*(next(values) for _ in node), "https://x.example/a_b|c"]
            return [spoil(v) for v in node]
        return next(values) if key in _TEXT_KEYS and isinstance(node, str) else node

    root = tmp_path / "hostile"
    for source in RIVERSIDE.rglob("*.yaml"):
        target = root / source.relative_to(RIVERSIDE)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = spoil(reader.load(source.read_text("utf-8")))
        target.write_text(json.dumps(data, ensure_ascii=False) + "\n", "utf-8")
    repo = load_repository(root)
    assert repo.problems == []
    assert repo.settings.group in HOSTILE_VALUES
    return root


def _blocks(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for token in parser().parse(text):
        if token.nesting != -1:
            counts[token.type] = counts.get(token.type, 0) + 1
    return counts


def _inline_html(text: str) -> set[str]:
    tokens = parser().parse(text)
    assert not [t for t in tokens if t.type == "html_block"]
    return {
        child.content
        for token in tokens
        if token.children
        for child in token.children
        if child.type == "html_inline"
    }


def _check_gantt(text: str) -> int:
    """Every task line of the Mermaid block is `name :data`, with a name
    Mermaid's gantt lexer reads as a task (no keyword first, no `:#;%`)."""
    gantt = text.split("```mermaid\n", 1)[1].split("```", 1)[0].splitlines()
    assert gantt[:4] == ["gantt", "    title Open commitments with a due date",
                         "    dateFormat YYYY-MM-DD", "    todayMarker off"]  # fmt: skip
    tasks = 0
    for line in gantt[4:]:
        if line.startswith("    section "):
            assert re.fullmatch(r"    section [^#:;%\n]+", line), line
            continue
        mark = re.fullmatch(r"    ([^#:;%\n]+) :milestone, \d{4}-\d\d-\d\d, 0d", line)
        if mark is not None:  # the as-of day and the meetings
            assert escape._MERMAID_KEYWORD.match(mark[1]) is None, line
            continue
        tasks += 1
        match = re.fullmatch(r"    ([^#:;%\n]+) :(crit, )?\d{4}-\d\d-\d\d, \d{4}-\d\d-\d\d", line)
        assert match is not None, line
        assert escape._MERMAID_KEYWORD.match(match[1]) is None, line
    return tasks


@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2026, 12, 20)])
def test_hostile_text_everywhere_in_the_status_report(tmp_path: Path, as_of: dt.date) -> None:
    """Group, member, meeting, title, author, note and evidence text all
    hostile: every table keeps its columns, no HTML but <br> survives, no
    heading, list, quote or rule appears that the template did not write,
    and template syntax is printed."""
    plain = templates.render_status(build(RIVERSIDE, as_of), root=RIVERSIDE)
    root = _hostile_riverside(tmp_path)
    text = templates.render_status(build(root, as_of), root=root)
    # Stale has a table of its own only when one of its items is neither
    # overdue nor due soon (on the later day).
    assert check_tables(text) == check_tables(plain) == (7 if as_of == AS_OF else 8)
    assert _inline_html(text) == {"<br>"}
    assert _blocks(text) == _blocks(plain)
    assert _check_gantt(text) == _check_gantt(plain) == 6
    assert "{{ 7\\*7 }}" in text
    assert "{{ report.group }}" in text
    assert "49" not in text
    assert "\\$5" in text
    links = [t for t in parser().parse(text) if t.children for t in t.children
             if t.type == "link_open"]  # fmt: skip
    assert [link.attrGet("href") for link in links if link.markup != "autolink"] == []


def test_hostile_text_everywhere_in_the_agenda(tmp_path: Path) -> None:
    def agenda_of(root: Path) -> str:
        repo = load_repository(root)
        drafted = build_agenda(
            group=repo.settings.group, meeting=repo.meetings["2027-01-14-teleconference"],
            members=repo.members, meetings=repo.meetings,
            commitments=repo.commitments.values(), as_of=AS_OF,
        )  # fmt: skip
        return templates.render_agenda(drafted, root=root)

    plain = agenda_of(RIVERSIDE)
    text = agenda_of(_hostile_riverside(tmp_path))
    assert check_tables(text) == check_tables(plain) == 2
    assert _inline_html(text) == {"<br>"}
    assert _blocks(text) == _blocks(plain)
    assert "{{ 7\\*7 }}" in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("# not a heading", "\\# not a heading"),
        ("1. not a list", "1\\. not a list"),
        ("- not a list", "\\- not a list"),
        ("+ not a list", "\\+ not a list"),
        ("ends with #", "ends with \\#"),
        ("issue #1 stays", "issue #1 stays"),
        ("$5 and $6", "\\$5 and \\$6"),
        ("2026-01-02", "2026-01-02"),
    ],
)
def test_md_neutralises_what_starts_or_ends_a_block(value: str, expected: str) -> None:
    assert md(value) == expected


@pytest.mark.parametrize("title", ["Call for papers", "title IX", "Section 2", "gantt",
                                   "2026-01-01 kick-off", "Excludes weekends"])  # fmt: skip
def test_mermaid_quotes_a_task_that_starts_with_a_keyword(title: str) -> None:
    assert mermaid(title) == f"“{title}”"
    assert mermaid("Callout") == "Callout"


def test_terminal_and_markdown_say_the_same_words(tmp_path: Path) -> None:
    """The terminal view and the Markdown report share one wording
    (render/wording.py): every section heading, and each empty section's
    sentence, reads the same in both."""
    from rich.console import Console

    from cso_tracker.render import terminal, wording

    root = write_records(tmp_path / "group", MINIMAL_GROUP)
    compared = 0
    for report in (build(RIVERSIDE), build(root, dt.date(2024, 3, 1))):
        markdown = templates.render_status(report, root=root)
        console = Console(width=200, record=True, file=io.StringIO(), color_system=None)
        for renderable in terminal.status_view(report, max_rows=None):
            console.print(renderable)
        screen = console.export_text()
        for section in wording.SECTIONS:
            assert f"## {wording.heading(section)}\n" in markdown
            assert wording.heading(section) in screen
            sentence = wording.empty(section, report)
            if f"_{sentence}_" in markdown and section != "timeline":
                assert sentence in screen, section
                compared += 1
    # The minimal group before its kick-off has empty sections to compare.
    assert compared >= 5
