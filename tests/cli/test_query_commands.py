"""The read-only commands end to end: status (golden Markdown), agenda, list,
show, members, meetings, and their error paths.

Golden files live in tests/expected/. To regenerate them deliberately after a
template change, run `pytest --regen-golden` (tests/conftest.py) and review
the diff.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import (
    GOLDEN_DIR,
    MINIMAL_GROUP,
    REPO_ROOT,
    RIVERSIDE,
    GoldenCheck,
    Result,
    copy_group,
    run_cli,
    run_tracker,
    write_records,
)

BEFORE = "2026-11-10"
AFTER = "2026-12-20"


@pytest.fixture
def riverside(tmp_path: Path) -> Path:
    return copy_group(RIVERSIDE, tmp_path / "riverside")


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    return copy_group(REPO_ROOT, tmp_path / "bundled")


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def listed(root: Path, *args: str) -> list[str]:
    result = ok(run_cli("--root", str(root), "list", "--as-of", BEFORE, "--format", "json", *args))
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["count"] == len(data["commitments"])
    return [c["id"] for c in data["commitments"]]


# --- status: golden reports ---------------------------------------------------------------


def test_status_bundled_golden(bundled: Path, assert_matches_golden: GoldenCheck) -> None:
    result = ok(
        run_cli("--root", str(bundled), "status", "--as-of", "2026-11-28", "--format", "md")
    )
    assert_matches_golden(result.stdout, GOLDEN_DIR / "status-bundled-2026-11-28.md")


@pytest.mark.parametrize("day", [BEFORE, AFTER])
def test_status_riverside_golden(
    riverside: Path, day: str, assert_matches_golden: GoldenCheck
) -> None:
    result = ok(run_cli("--root", str(riverside), "status", "--as-of", day, "--format", "md"))
    assert result.stderr == ""
    assert_matches_golden(result.stdout, GOLDEN_DIR / f"status-riverside-{day}.md")


def test_status_piped_defaults_to_markdown(
    riverside: Path, assert_matches_golden: GoldenCheck
) -> None:
    """Not a terminal: Markdown, same as --format md."""
    piped = ok(run_cli("--root", str(riverside), "status", "--as-of", BEFORE))
    assert_matches_golden(piped.stdout, GOLDEN_DIR / f"status-riverside-{BEFORE}.md")


def test_status_as_a_subprocess(riverside: Path, assert_matches_golden: GoldenCheck) -> None:
    result = run_tracker("status", "--as-of", BEFORE, cwd=riverside / "data")
    assert result.exit_code == 0, result.stderr
    assert_matches_golden(result.stdout, GOLDEN_DIR / f"status-riverside-{BEFORE}.md")


def test_status_rich_tables(riverside: Path) -> None:
    result = ok(run_cli("--root", str(riverside), "status", "--as-of", BEFORE, "--format", "rich"))
    for title in ("Tally", "Overdue", "Due soon", "Changed since the last meeting", "Stale",
                  "By owner", "Recently closed", "Standing obligations", "Upcoming meetings"):  # fmt: skip
        assert title in result.stdout
    assert "water-quality-baseline" in result.stdout
    assert "{{ 7*7 }}" in result.stdout  # printed, not evaluated, not markup
    assert "\x1b[" not in result.stdout


def _section(text: str, title: str) -> str:
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_status_max_rows_caps_the_overview_sections(
    riverside: Path, bundled: Path, assert_matches_golden: GoldenCheck
) -> None:
    """Stale, each member's items and the chart's bars stop at --max-rows
    with a count of the rest (so do Overdue, Changed and Recently closed:
    tests/test_report_caps.py); JSON is never capped, and 0 means no cap."""
    args = ("--root", str(riverside), "status", "--as-of", AFTER)
    text = ok(run_cli(*args, "--format", "md", "--max-rows", "2")).stdout
    full = ok(run_cli(*args, "--format", "md", "--max-rows", "0")).stdout
    assert_matches_golden(full, GOLDEN_DIR / f"status-riverside-{AFTER}.md")
    stale = _section(text, "5. Stale")
    # Three of the four stale items stand under Overdue and Due soon instead.
    assert [line.split(" | ")[1] for line in stale.splitlines() if line.startswith("| 20")] == [
        "`flood-warning-sms`",
    ]
    assert stale.endswith(
        "\n\n_2 overdue items are also stale (see 2. Overdue); 1 item due soon is also stale "
        "(see 3. Due soon)._\n"
    )
    bundled_text = ok(run_cli("--root", str(bundled), "status", "--as-of", "2026-11-28",
                              "--format", "md", "--max-rows", "2")).stdout  # fmt: skip
    stale = _section(bundled_text, "5. Stale")
    assert len([line for line in stale.splitlines() if line.startswith("| #") and "`" in line]) == 2
    assert (
        "\n\n_…and 11 more: `tracker list --stale` or `--format json` lists them all._\n" in stale
    )
    by_owner = _section(text, "6. By owner")
    assert by_owner.count("- _…and 1 more: ") == 2  # CCL and RCC own three each
    assert "`tracker list --owner clearwater-lab --status open` lists them all._" in by_owner
    timeline = _section(text, "10. Timeline")
    assert [line.strip() for line in timeline.splitlines() if line[-12:-10] == ", "] == [
        "“2025-03-12 No. 2 Fish survey spring & autumn” :crit, 2025-03-12, 2026-12-10",
        "“2026-03-18 No. 1 Plant a riparian buffer on the lower meado…” :2026-03-18, 2027-01-10",
    ]  # fmt: skip
    assert timeline.endswith(
        "_The chart shows 2 of the 6 open items with a due date: those due nearest to 2026-12-20._\n"
    )
    overdue = _section(text, "2. Overdue")
    assert overdue.count("\n| 20") == 2  # of four
    assert (
        "\n\n_…and 2 more: `tracker list --overdue` or `--format json` lists them all._" in overdue
    )
    data = json.loads(ok(run_cli(*args, "--format", "json", "--max-rows", "1")).stdout)
    assert (len(data["stale"]), len(data["timeline"])) == (4, 6)
    rich = ok(run_cli("--root", str(bundled), "status", "--as-of", "2026-11-28",
                      "--format", "rich", "--max-rows", "1")).stdout  # fmt: skip
    # The terminal says what the Markdown says (render/wording.py).
    assert "…and 12 more: `tracker list --stale` or `--format json` lists them all." in rich
    assert "3 overdue items are also stale (see 2. Overdue)." in rich
    assert "--max-rows" in ok(run_cli("status", "--help")).stdout


def test_status_output_file(
    riverside: Path, tmp_path: Path, assert_matches_golden: GoldenCheck
) -> None:
    target = tmp_path / "out" / "status.md"
    result = ok(run_cli("--root", str(riverside), "status", "--as-of", BEFORE,
                        "--output", str(target)))  # fmt: skip
    assert result.stdout == ""
    assert f"wrote {target}" in result.stderr
    assert_matches_golden(target.read_text("utf-8"), GOLDEN_DIR / f"status-riverside-{BEFORE}.md")
    assert [p.name for p in target.parent.iterdir()] == ["status.md"]  # no temporary left


def test_status_json(riverside: Path) -> None:
    result = ok(run_cli("--root", str(riverside), "status", "--as-of", AFTER, "--format", "json"))
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["as_of"] == AFTER
    assert [o["id"] for o in data["overdue"]] == [
        "water-quality-baseline", "culvert-repair", "volunteer-training", "fish-survey",
    ]  # fmt: skip
    assert [d["id"] for d in data["due_soon"]] == ["riparian-planting"]


def test_status_owner_digest(riverside: Path) -> None:
    result = ok(run_cli("--root", str(riverside), "status", "--as-of", BEFORE,
                        "--owner", "clearwater-lab", "--format", "md"))  # fmt: skip
    text = result.stdout
    assert "- **Narrowed to:** CCL (Clearwater Community Lab)" in text
    assert "`water-quality-baseline`" in text
    assert "`culvert-repair`" not in text
    assert "### MAA" not in text


def test_status_since_a_day(riverside: Path) -> None:
    result = ok(run_cli("--root", str(riverside), "status", "--as-of", BEFORE,
                        "--since", "2026-10-10", "--format", "json"))  # fmt: skip
    data = json.loads(result.stdout)
    assert (data["since"], data["since_source"]) == ("2026-10-10", "given")
    default = ok(run_cli("--root", str(riverside), "status", "--as-of", BEFORE, "--format", "json"))
    assert json.loads(default.stdout)["since_source"] == "last-meeting"
    assert [c["commitment"]["id"] for c in data["changes"]] == [
        "volunteer-training", "culvert-repair",
    ]  # fmt: skip


def test_status_since_relative_to_as_of(riverside: Path) -> None:
    result = ok(run_cli("--root", str(riverside), "status", "--as-of", BEFORE,
                        "--since", "-30d", "--format", "json"))  # fmt: skip
    assert json.loads(result.stdout)["since"] == "2026-10-11"


def test_status_in_git_shows_the_commit(riverside: Path) -> None:
    from conftest import commit_all, git, init_git

    init_git(riverside)
    commit = commit_all(riverside)
    day = git(riverside, "log", "-1", "--date=short", "--format=%ad").strip()
    words = f"as committed on {day} by Test Author (`{commit[:12]}`)"
    clean = ok(run_cli("--root", str(riverside), "status", "--as-of", BEFORE, "--format", "md"))
    assert f"- **Data version:** {words}\n" in clean.stdout
    (riverside / "data" / "members" / "basin-agency.yaml").write_text(
        (riverside / "data" / "members" / "basin-agency.yaml").read_text("utf-8")
        + "region: Delta\n",
        "utf-8",
    )
    dirty = ok(run_cli("--root", str(riverside), "status", "--as-of", BEFORE, "--format", "md"))
    assert f"- **Data version:** {words}, plus uncommitted changes\n" in dirty.stdout


def test_status_with_broken_files_warns_and_reports(tmp_path: Path) -> None:
    """Records that load are reported; stderr says how many files have errors."""
    root = write_records(tmp_path / "group", MINIMAL_GROUP)
    (root / "data" / "commitments" / "broken.yaml").write_text("id: [unclosed\n", "utf-8")
    (root / "data" / "members" / "typo.yaml").write_text(
        "id: typo\nname: T\ntype: other\nrole: member\ncolour: red\n", "utf-8"
    )
    result = run_cli("--root", str(root), "status", "--as-of", "2024-07-10", "--format", "md")
    assert result.exit_code == 0
    assert "warning: 2 files have errors" in result.stderr
    assert "tracker validate" in result.stderr
    assert "`repair-survey`" in result.stdout


def test_status_broken_template_names_file_and_line(riverside: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.md.j2"
    broken.write_text("# {{ report.group }}\n{% if report.overdue %}\n", "utf-8")
    result = run_cli("--root", str(riverside), "status", "--format", "md",
                     "--template", str(broken))  # fmt: skip
    assert result.exit_code == 1
    assert f"error: {broken}:2: template syntax error" in result.stderr.replace("\n", "")
    assert result.stdout == ""


def test_status_undefined_in_template(riverside: Path, tmp_path: Path) -> None:
    broken = tmp_path / "undefined.md.j2"
    broken.write_text("# {{ report.group }}\n\n{{ report.secret }}\n", "utf-8")
    result = run_cli("--root", str(riverside), "status", "--format", "md",
                     "--template", str(broken))  # fmt: skip
    assert result.exit_code == 1
    assert f"error: {broken}:3: undefined value" in result.stderr.replace("\n", "")


class TestStatusErrors:
    def test_bad_as_of(self, riverside: Path) -> None:
        """A date that is not one exits 2 with the accepted forms."""
        result = run_cli("--root", str(riverside), "status", "--as-of", "2026-02-30")
        assert result.exit_code == 2
        assert "error: --as-of: '2026-02-30' is not a real date" in result.stderr
        assert result.stdout == ""

    def test_bad_since(self, riverside: Path) -> None:
        result = run_cli("--root", str(riverside), "status", "--since", "last-week")
        assert result.exit_code == 2
        assert "error: --since: 'last-week' is not a date" in result.stderr
        assert "+2w" in result.stderr

    def test_since_after_as_of(self, riverside: Path) -> None:
        """A period that ends before it starts is refused, not reported empty."""
        result = run_cli("--root", str(riverside), "status", "--as-of", BEFORE,
                         "--since", "2026-12-01")  # fmt: skip
        assert result.exit_code == 2
        assert "error: --since: 2026-12-01 is after the as-of day 2026-11-10" in result.stderr
        assert result.stdout == ""

    def test_unknown_owner(self, riverside: Path) -> None:
        """An owner id with a typo suggests the member."""
        result = run_cli("--root", str(riverside), "status", "--owner", "clearwater")
        assert result.exit_code == 2
        assert (
            "error: --owner: 'clearwater' is not a member; did you mean 'clearwater-lab'?"
            in result.stderr
        )

    def test_rich_with_output(self, riverside: Path, tmp_path: Path) -> None:
        result = run_cli("--root", str(riverside), "status", "--format", "rich",
                         "--output", str(tmp_path / "x.md"))  # fmt: skip
        assert result.exit_code == 2
        assert "--format rich draws on the screen" in result.stderr


# --- agenda --------------------------------------------------------------------------------------


def test_agenda_of_the_next_meeting(riverside: Path) -> None:
    result = ok(run_cli("--root", str(riverside), "agenda", "--as-of", BEFORE))
    text = result.stdout
    assert text.startswith("# Draft agenda: January teleconference\n")
    review = text.split("## Review of action items", 1)[1].split("## New items", 1)[0]
    rows = [line for line in review.splitlines() if line.startswith("| ") and "`" in line]
    assert rows[0].startswith("| 2025-03-12 #1 | `water-quality-baseline` |")
    assert "| **13 months late** |" in rows[0]
    assert rows[1].startswith("| 2026-03-18 #2 | `culvert-repair` |")
    assert "| **10 days late** |" in rows[1]
    assert len(rows) == 6  # the two items new since the last meeting stand under New only
    new = text.split("## New items since the last meeting", 1)[1].split("## Recurring", 1)[0]
    # One meeting's items: the number alone, in its order.
    flood = (
        "| #2 | `flood-warning-sms` | Flood warnings by text message | LBWA | agreed | 2027-03-31 |"
    )
    assert flood in new
    assert "`flood-warning-sms`" not in review
    assert "(quarterly, 2026-Q4): **not met yet**" in text


def test_agenda_for_a_given_meeting_as_json(riverside: Path) -> None:
    result = ok(run_cli("--root", str(riverside), "agenda", "--as-of", BEFORE, "--format", "json",
                        "--meeting", "2027-01-14-teleconference"))  # fmt: skip
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["meeting"]["id"] == "2027-01-14-teleconference"
    assert data["review"][0]["overdue"] is True


def test_agenda_without_a_planned_meeting(bundled: Path) -> None:
    """Nothing planned: say so, and draft for a call on the as-of day."""
    result = ok(run_cli("--root", str(bundled), "agenda", "--as-of", "2026-11-28"))
    assert result.stderr == (
        "note: no meeting is planned on or after 2026-11-28; drafting for a call on 2026-11-28 "
        "(plan it with `tracker meeting add --date 2026-11-28 --title TEXT`, or give --date DATE)\n"
    )
    assert result.stdout.startswith("# Draft agenda: call on 2026-11-28\n")


def test_agenda_unknown_meeting(riverside: Path) -> None:
    result = run_cli("--root", str(riverside), "agenda", "--meeting", "2027-01-14-telecon")
    assert result.exit_code == 2
    assert "'2027-01-14-telecon' is not a meeting; did you mean '2027-01-14-teleconference'," in (
        result.stderr
    )


# --- list ------------------------------------------------------------------------------------------

OPEN = [
    "water-quality-baseline", "culvert-repair", "volunteer-training", "fish-survey",
    "riparian-planting", "flood-warning-sms", "annual-forum-meeting", "quarterly-finance-report",
]  # fmt: skip

LIST_CASES: list[tuple[list[str], list[str]]] = [
    ([], ["forum-bylaws", "water-quality-baseline", "school-outreach", "monitoring-protocol",
          "culvert-repair", "public-dashboard", "volunteer-training", "fish-survey",
          "riparian-planting", "flood-warning-sms", "annual-forum-meeting",
          "quarterly-finance-report"]),
    (["--status", "open"], OPEN),
    (["--status", "closed"], ["forum-bylaws", "school-outreach", "monitoring-protocol",
                              "public-dashboard"]),
    (["--status", "stalled", "--status", "partial"], ["monitoring-protocol", "culvert-repair"]),
    (["--owner", "millbrook-anglers"], ["school-outreach", "fish-survey"]),
    (["--owner", "basin-agency", "--owner", "upstream-farmers"],
     ["monitoring-protocol", "riparian-planting", "flood-warning-sms"]),
    # One meeting: its agreed actions in their numbers' order (#1, #2).
    (["--meeting", "2026-03-18-annual-meeting"], ["riparian-planting", "culvert-repair"]),
    (["--tag", "data"], ["water-quality-baseline", "public-dashboard"]),
    (["--due-before", "2026-06-30"], ["forum-bylaws", "water-quality-baseline",
                                      "school-outreach", "monitoring-protocol"]),
    (["--due-after", "2026-12-10"], ["fish-survey", "riparian-planting", "flood-warning-sms"]),
    (["--due-before", "eom"], ["forum-bylaws", "water-quality-baseline", "school-outreach",
                               "monitoring-protocol", "culvert-repair", "public-dashboard",
                               "volunteer-training"]),
    (["--due-after", "+4w", "--due-before", "+3m"], ["fish-survey", "riparian-planting"]),
    (["--overdue"], ["water-quality-baseline", "culvert-repair"]),
    (["--stale"], ["water-quality-baseline", "riparian-planting"]),
    (["--updated-since", "2026-10-05"], ["monitoring-protocol", "culvert-repair",
                                         "volunteer-training"]),
    (["--updated-since", "-30d"], ["culvert-repair", "volunteer-training"]),
    (["--text", "MILLBROOK"], ["water-quality-baseline"]),
    (["--text", "sponsor"], ["school-outreach"]),
    (["--text", "| waiting"], ["water-quality-baseline"]),
    (["--status", "open", "--owner", "clearwater-lab", "--tag", "monitoring"],
     ["water-quality-baseline", "volunteer-training"]),
    (["--overdue", "--stale"], ["water-quality-baseline"]),
    (["--status", "closed", "--updated-since", "2026-09-09", "--text", "html"],
     ["school-outreach"]),
    (["--meeting", "2025-03-12-launch", "--due-after", "2026-01-01", "--status", "open"],
     ["fish-survey"]),
    (["--owner", "basin-agency", "--overdue"], []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "expected"), LIST_CASES, ids=[" ".join(a) or "all" for a, _ in LIST_CASES]
)
def test_list_filters(riverside: Path, args: list[str], expected: list[str]) -> None:
    """Default sort is by due date, undated last; by number for one --meeting."""
    assert listed(riverside, *args) == expected


def test_list_of_one_meeting_keeps_its_numbers_order(bundled: Path) -> None:
    """The 2013 note's actions 1 to 15 in its order (the two unnumbered last),
    unless --sort says otherwise; the number is in every format."""
    meeting = ("list", "--meeting", "2013-02-21-vienna-consultation")
    data = json.loads(ok(run_cli("--root", str(bundled), *meeting, "--format", "json")).stdout)
    numbers = [c["number"] for c in data["commitments"]]
    assert numbers == [*range(1, 16), None, None]
    by_due = json.loads(ok(run_cli("--root", str(bundled), *meeting, "--sort", "due",
                                   "--format", "json")).stdout)  # fmt: skip
    assert by_due["commitments"][0]["id"] == "data-collaboration"
    rows = ok(run_cli("--root", str(bundled), *meeting, "--format", "csv")).stdout.splitlines()
    assert rows[0].startswith("id,number,title,")
    assert rows[1].startswith("public-statements-core-interventions,1,")
    markdown = ok(run_cli("--root", str(bundled), *meeting, "--format", "md")).stdout
    assert "| `police-champions` | \\#2 |" in markdown
    table = ok(run_cli("--root", str(bundled), *meeting)).stdout
    assert "#15" in table


@pytest.mark.parametrize(
    ("sort", "first"),
    [("id", "annual-forum-meeting"), ("status", "riparian-planting"),
     ("updated", "culvert-repair"), ("due", "forum-bylaws")],
)  # fmt: skip
def test_list_sort(riverside: Path, sort: str, first: str) -> None:
    assert listed(riverside, "--sort", sort)[0] == first


def test_list_json_record(riverside: Path) -> None:
    result = ok(run_cli("--root", str(riverside), "list", "--format", "json", "--text", "weirs"))
    (item,) = json.loads(result.stdout)["commitments"]
    assert item["id"] == "fish-survey"
    assert item["recurrence"] is None
    assert item["links"] == []
    assert item["updates"][0]["evidence"] == [
        "https://millbrook-anglers.example/survey/spring-2026"
    ]


def test_list_csv(riverside: Path) -> None:
    result = ok(run_cli("--root", str(riverside), "list", "--format", "csv", "--owner",
                        "millbrook-anglers"))  # fmt: skip
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["id", "number", "title", "status", "owners", "due", "agreed_at", "tags",
                       "last_update"]  # fmt: skip
    assert rows[2] == ["fish-survey", "2", "Fish survey | spring & autumn", "in-progress", "MAA",
                       "2026-12-10", "2025-03-12-launch", "monitoring biodiversity",
                       "2026-09-20"]  # fmt: skip


def test_list_markdown_and_table(riverside: Path) -> None:
    md = ok(run_cli("--root", str(riverside), "list", "--format", "md", "--tag", "biodiversity"))
    assert md.stdout.splitlines()[2] == (
        "| `fish-survey` | \\#2 | Fish survey \\| spring &amp; autumn | in-progress | MAA "
        "| 2026-12-10 | 2025-03-12-launch | monitoring biodiversity | 2026-09-20 |"
    )
    # Items from several meetings: each number names its meeting.
    several = ok(
        run_cli("--root", str(riverside), "list", "--format", "md", "--owner", "clearwater-lab")
    )
    assert "| `water-quality-baseline` | 2025-03-12 #1 |" in several.stdout
    assert "| `volunteer-training` | 2026-09-09 #1 |" in several.stdout
    table = ok(run_cli("--root", str(riverside), "list", "--tag", "biodiversity"))
    assert "fish-survey" in table.stdout
    assert "1 commitment\n" in table.stdout


def test_list_nothing_matches(riverside: Path) -> None:
    result = ok(run_cli("--root", str(riverside), "list", "--tag", "no-such-tag"))
    assert result.stdout == ""
    assert "No commitments match." in result.stderr


class TestListErrors:
    def test_unknown_status(self, riverside: Path) -> None:
        result = run_cli("--root", str(riverside), "list", "--status", "finished")
        assert result.exit_code == 2
        assert "error: --status: 'finished' is not a status" in result.stderr
        assert "agreed" in result.stderr

    def test_unknown_owner(self, riverside: Path) -> None:
        """A typo in --owner is an error with a suggestion, not an empty list."""
        result = run_cli("--root", str(riverside), "list", "--owner", "basin-agncy")
        assert result.exit_code == 2
        assert "error: --owner: 'basin-agncy' is not a member; did you mean 'basin-agency'?" in (
            result.stderr
        )

    def test_unknown_meeting(self, riverside: Path) -> None:
        result = run_cli("--root", str(riverside), "list", "--meeting", "launch")
        assert result.exit_code == 2
        assert "error: --meeting: 'launch' is not a meeting" in result.stderr

    def test_bad_due_before(self, riverside: Path) -> None:
        result = run_cli("--root", str(riverside), "list", "--due-before", "soon")
        assert result.exit_code == 2
        assert "error: --due-before: 'soon' is not a date" in result.stderr

    def test_bad_sort(self, riverside: Path) -> None:
        result = run_cli("--root", str(riverside), "list", "--sort", "owner")
        assert result.exit_code == 2


# --- show -------------------------------------------------------------------------------------------


def test_show_commitment_with_history(riverside: Path) -> None:
    result = ok(run_cli("--root", str(riverside), "show", "culvert-repair"))
    out = result.stdout
    assert "culvert-repair: Repair the Mill Lane culvert" in out
    assert "Tender published." in out
    assert "The contractor went bankrupt." in out
    assert out.index("2026-05-05") < out.index("2026-10-20")


def test_show_by_prefix_and_json(riverside: Path) -> None:
    result = ok(run_cli("--root", str(riverside), "show", "culv", "--format", "json"))
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["kind"] == "commitment"
    assert [u["status"] for u in data["commitment"]["updates"]] == ["in-progress", "stalled"]
    assert data["commitment"]["updates"][1]["evidence"] == []


def test_show_member(riverside: Path) -> None:
    result = ok(run_cli("--root", str(riverside), "show", "clearwater-lab", "--format", "json"))
    data = json.loads(result.stdout)
    assert data["kind"] == "member"
    assert data["member"]["open_items"] == 3
    assert data["member"]["commitments"] == [
        "riparian-planting", "volunteer-training", "water-quality-baseline",
    ]  # fmt: skip
    table = ok(run_cli("--root", str(riverside), "show", "clearwater-lab"))
    assert "Mei Tanaka" in table.stdout


def test_show_meeting(riverside: Path) -> None:
    result = ok(run_cli("--root", str(riverside), "show", "2026-09-09-teleconference"))
    assert "{{ 7*7 }} placeholders | to be fixed." in result.stdout
    assert "apologies" in result.stdout
    data = json.loads(
        ok(run_cli("--root", str(riverside), "show", "2026-09-09", "--format", "json")).stdout
    )
    assert data["meeting"]["commitments"] == ["flood-warning-sms", "volunteer-training"]


class TestShowErrors:
    def test_unknown_id_suggests(self, riverside: Path) -> None:
        """A typo exits 1 and names close ids."""
        result = run_cli("--root", str(riverside), "show", "fish-survy")
        assert result.exit_code == 1
        assert "error: no record with id 'fish-survy'" in result.stderr
        assert "did you mean 'fish-survey'?" in result.stderr

    def test_ambiguous_prefix(self, riverside: Path) -> None:
        result = run_cli("--root", str(riverside), "show", "2026")
        assert result.exit_code == 1
        assert "error: '2026' is ambiguous" in result.stderr


# --- members and meetings -----------------------------------------------------------------------------


def test_members(riverside: Path) -> None:
    table = ok(run_cli("--root", str(riverside), "members"))
    assert "Helen Okafor" in table.stdout
    assert "Derek Lund" not in table.stdout  # no longer a focal point
    data = json.loads(ok(run_cli("--root", str(riverside), "members", "--format", "json")).stdout)
    assert data["schema_version"] == 1
    assert [(m["id"], m["open_items"]) for m in data["members"]] == [
        ("clearwater-lab", 3), ("basin-agency", 1), ("millbrook-anglers", 1),
        ("riverside-council", 3), ("upstream-farmers", 1),
    ]  # fmt: skip
    assert data["members"][1]["region"] is None


def test_meetings(riverside: Path) -> None:
    table = ok(run_cli("--root", str(riverside), "meetings"))
    assert "cancelled" in table.stdout
    data = json.loads(ok(run_cli("--root", str(riverside), "meetings", "--format", "json")).stdout)
    assert data["schema_version"] == 1
    assert [(m["id"], m["status"], m["attending_members"], m["commitments_agreed"])
            for m in data["meetings"]] == [
        ("2025-03-12-launch", "held", 5, 8),
        ("2026-03-18-annual-meeting", "held", 4, 2),
        ("2026-06-18-teleconference", "cancelled", 0, 0),
        ("2026-09-09-teleconference", "held", 4, 2),
        ("2027-01-14-teleconference", "planned", 0, 0),
    ]  # fmt: skip


def test_tables_never_break_a_date_in_a_narrow_terminal(
    riverside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80 columns `meetings` printed dates as "2025-03-1" over "2": the
    title columns give way instead."""
    monkeypatch.setenv("COLUMNS", "80")
    meetings = ok(run_cli("--root", str(riverside), "meetings")).stdout
    for day in ["2025-03-12", "2026-03-18", "2026-06-18", "2026-09-09", "2027-01-14"]:
        assert f"│ {day} │" in meetings
    listed_table = ok(run_cli("--root", str(riverside), "list")).stdout
    assert "│ 2025-09-30 │" in listed_table
    assert max(len(line) for line in listed_table.splitlines()) <= 80


# --- help ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["status", "agenda", "list", "show", "members", "meetings"])
def test_every_command_and_option_has_help(command: str) -> None:
    import typer

    from cso_tracker.cli import app

    group = typer.main.get_command(app)
    found = group.commands[command]  # type: ignore[attr-defined]
    assert found.help
    for parameter in found.params:
        if parameter.name in {"help"}:
            continue
        assert getattr(parameter, "help", None), f"{command} {parameter.name} has no help"
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout


def test_the_riverside_fixture_validates() -> None:
    """The fixture is a valid group: its history is all before 2026-11-01."""
    result = run_cli("--root", str(RIVERSIDE), "validate")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "no problems" in result.stderr
