"""The write path (cso_tracker.edit): whole files compared byte for byte before
and after, refused changes that leave files untouched, lost-update detection,
the lock, and each typed change."""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import git, init_git
from cso_tracker.checks.run import validate as validate_records
from cso_tracker.cli._words import worded
from cso_tracker.errors import (
    ConflictError,
    InvalidDataError,
    RecordNotFoundError,
    TrackerError,
    UsageError,
)
from cso_tracker.models import (
    CommitmentFile,
    MeetingKind,
    MeetingStatus,
    MemberType,
    Status,
    UpdateFile,
)
from cso_tracker.render.diff import unified_diff
from cso_tracker.repo.load import load_repository
from cso_tracker.write import (
    commitments,
    ids,
    lock,
    meetings,
    members,
    merge,
    transaction,
)
from cso_tracker.write.documents import layout_of
from cso_tracker.write.result import Edit
from cso_tracker.yaml import reader
from cso_tracker.yaml.canonical import format_text as canonical_text

FIXTURES = Path(__file__).parent / "fixtures" / "edit"
TODAY = dt.date(2024, 5, 1)
RECORD = "data/commitments/repair-survey.yaml"
UPDATES = "data/updates/repair-survey"


def options(**overrides: object) -> transaction.WriteOptions:
    return transaction.WriteOptions(today=TODAY, **overrides)  # type: ignore[arg-type]


def with_record(root: Path, data: bytes) -> Path:
    path = root / RECORD
    path.write_bytes(data)
    return path


def request(**overrides: object) -> commitments.UpdateRequest:
    values: dict[str, object] = {"by": "north-tenants", "date": TODAY}
    values.update(overrides)
    return commitments.UpdateRequest(**values)  # type: ignore[arg-type]


def update(root: Path, **overrides: object) -> Edit:
    return commitments.update_commitment(
        root, "repair-survey", request(**overrides), options=options()
    )


def assert_valid(root: Path) -> None:
    result = validate_records(load_repository(root), today=TODAY)
    assert result.errors == [], result.errors


# --- an update is a new file; the commitment file is left alone ----------------------------


def update_files(root: Path) -> dict[str, bytes]:
    """Every update file of repair-survey: {file name: bytes}."""
    folder = root / UPDATES
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def new_update(root: Path, before: dict[str, bytes]) -> tuple[str, str]:
    """The one update file added since `before`: (file name, text)."""
    added = {name: data for name, data in update_files(root).items() if name not in before}
    assert len(added) == 1, added
    ((name, data),) = added.items()
    return name, data.decode("utf-8")


def assert_update_name(name: str, by: str = "north-tenants", day: str = "2024-05-01") -> None:
    assert re.fullmatch(rf"\d{{4}}-\d{{2}}-\d{{2}}-{by}-[0-9a-f]{{4}}\.yaml", name), name
    assert name.startswith(f"{day}-{by}-")


def test_update_on_a_commented_file_adds_one_file_and_leaves_the_commitment_alone(
    minimal_group: Path,
) -> None:
    before = (FIXTURES / "commented.yaml").read_bytes()
    path = with_record(minimal_group, before)
    old_updates = update_files(minimal_group)

    result = update(
        minimal_group,
        status=Status.DONE,
        note="Report published.",
        evidence=("https://example.org/report", "https://example.org/report"),
    )

    assert path.read_bytes() == before
    assert update_files(minimal_group).items() >= old_updates.items()
    name, text = new_update(minimal_group, old_updates)
    assert_update_name(name)
    assert text == (
        "date: 2024-05-01\n"
        "by: north-tenants\n"
        "status: done\n"
        "note: Report published.\n"
        "evidence:\n"
        "  - https://example.org/report\n"
    )
    assert result.before is None
    assert result.rel == f"{UPDATES}/{name}"
    assert result.path == minimal_group / UPDATES / name
    assert result.written and not result.reformatted
    assert (
        result.message == "repair-survey: in-progress → done (north-tenants)\n\nReport published.\n"
    )
    assert_valid(minimal_group)


def test_revised_due_date_goes_into_the_update_not_the_commitment(minimal_group: Path) -> None:
    before = (FIXTURES / "unicode.yaml").read_bytes()
    path = with_record(minimal_group, before)
    old_updates = update_files(minimal_group)

    result = update(minimal_group, due=dt.date(2024, 9, 30))

    assert path.read_bytes() == before
    _, text = new_update(minimal_group, old_updates)
    assert text == "date: 2024-05-01\nby: north-tenants\ndue: 2024-09-30\n"
    assert result.message == "repair-survey: due 2024-09-30 (north-tenants)\n"
    repository = load_repository(minimal_group)
    assert repository.commitments["repair-survey"].due == dt.date(2024, 9, 30)


def test_two_updates_of_one_day_by_one_member_get_two_files(minimal_group: Path) -> None:
    old_updates = update_files(minimal_group)
    first = update(minimal_group, note="Morning.")
    second = update(minimal_group, note="Evening.")
    assert first.rel != second.rel
    assert len(update_files(minimal_group)) == len(old_updates) + 2
    assert first.path.read_text() == "date: 2024-05-01\nby: north-tenants\nnote: Morning.\n"
    assert second.path.read_text() == "date: 2024-05-01\nby: north-tenants\nnote: Evening.\n"


def test_correction_names_the_update_it_corrects(minimal_group: Path) -> None:
    old = "2024-04-02-north-tenants.yaml"
    result = update(minimal_group, status=Status.STALLED, note="Not drafted yet.", corrects=old)
    assert result.path.read_text() == (
        "date: 2024-05-01\nby: north-tenants\nstatus: stalled\n"
        f"note: Not drafted yet.\ncorrects: {old}\n"
    )
    assert (minimal_group / UPDATES / old).read_text().endswith("note: Questionnaire drafted.\n")
    assert result.message.splitlines()[0] == (
        "repair-survey: in-progress → stalled, corrects 2024-04-02-north-tenants (north-tenants)"
    )
    assert_valid(minimal_group)


# --- agreement changes keep the commitment file's layout ---------------------------------


def change(root: Path, **fields: object) -> Edit:
    agreement = commitments.AgreementChange(**fields)  # type: ignore[arg-type]
    return commitments.change_agreement(root, "repair-survey", agreement, options=options())


def test_owner_and_tag_changes_keep_comments_in_place(minimal_group: Path) -> None:
    before = (FIXTURES / "commented.yaml").read_text(encoding="utf-8")
    path = with_record(minimal_group, before.encode())
    old_updates = update_files(minimal_group)

    result = change(minimal_group, add_owners=("city-office",), add_tags=("survey",))

    assert path.read_text(encoding="utf-8") == before.replace(
        "  # city-office may join later\n", "  # city-office may join later\n  - city-office\n"
    ).replace("  - repairs\n", "  - repairs\n  - survey\n")
    assert result.message == "repair-survey: +owner city-office, +tag survey\n"
    assert not result.reformatted
    assert update_files(minimal_group) == old_updates
    assert_valid(minimal_group)


def test_removing_the_last_tag_removes_the_key_and_nothing_else(minimal_group: Path) -> None:
    before = (FIXTURES / "commented.yaml").read_text(encoding="utf-8")
    path = with_record(minimal_group, before.encode())

    result = change(minimal_group, remove_tags=("repairs",))

    assert path.read_text(encoding="utf-8") == before.replace("tags:\n  - repairs\n", "")
    assert result.message == "repair-survey: -tag repairs\n"


def test_removing_the_last_tag_keeps_the_comment_after_the_list(minimal_group: Path) -> None:
    """A comment between the list and the next key introduces that key: it
    stays in front of it when the list goes (it used to be dropped)."""
    before = (FIXTURES / "commented.yaml").read_text(encoding="utf-8")
    before = before.replace("  - repairs\nlinks:", "  - repairs\n# Links, newest first.\nlinks:")
    path = with_record(minimal_group, before.encode())

    change(minimal_group, remove_tags=("repairs",))

    after = path.read_text(encoding="utf-8")
    assert "due: 2024-06-30\n# Links, newest first.\nlinks:\n" in after


def test_inserted_key_goes_where_the_contract_puts_it(minimal_group: Path) -> None:
    before = (FIXTURES / "unicode.yaml").read_text(encoding="utf-8")
    before += "links:\n  - title: Форма\n    url: https://example.org/форма\n"
    path = with_record(minimal_group, before.encode())

    change(minimal_group, add_tags=("survey",))

    assert path.read_text(encoding="utf-8") == before.replace(
        "links:\n", "tags:\n  - survey\nlinks:\n"
    )


def test_file_in_an_odd_layout_keeps_its_untouched_lines(minimal_group: Path) -> None:
    """`---`, a hand-wrapped long line, extra spaces, a flow list and 4-space
    list indentation all survive; a new list is indented like the old."""
    before = (FIXTURES / "odd-layout.yaml").read_text(encoding="utf-8")
    path = with_record(minimal_group, before.encode())

    result = change(minimal_group, add_owners=("city-office",), add_tags=("survey",))

    assert path.read_text(encoding="utf-8") == before.replace(
        "owners: [north-tenants]", "owners: [north-tenants, city-office]"
    ).replace("links:\n", "tags:\n    -   survey\nlinks:\n")
    assert not result.reformatted
    assert_valid(minimal_group)


@pytest.mark.parametrize("dash", ["- ", "  - ", "    - "])
def test_list_indentation_of_the_file_is_followed(minimal_group: Path, dash: str) -> None:
    head = "id: repair-survey\ntitle: Survey\ntext: Do it.\nagreed_at: 2024-03-05-kickoff\n"
    before = head + f"owners:\n{dash}north-tenants\ntags:\n{dash}repairs\n"
    path = with_record(minimal_group, before.encode())

    result = change(minimal_group, add_tags=("survey",))

    assert path.read_text() == before + f"{dash}survey\n"
    assert not result.reformatted


def test_update_leaves_an_odd_layout_exactly_as_it_was(minimal_group: Path) -> None:
    before = (FIXTURES / "odd-layout.yaml").read_bytes()
    path = with_record(minimal_group, before)
    old_updates = update_files(minimal_group)

    result = update(minimal_group, status=Status.STALLED, note="Waiting for the boards.")

    assert path.read_bytes() == before
    _, text = new_update(minimal_group, old_updates)
    assert text == (
        "date: 2024-05-01\nby: north-tenants\nstatus: stalled\nnote: Waiting for the boards.\n"
    )
    assert not result.reformatted


def test_list_indented_unlike_the_rest_of_the_file_is_rewritten_correctly(
    minimal_group: Path,
) -> None:
    """Two list styles in one file: the list the new tag joins takes the
    file's main style, every other line is kept, and the result says more
    than the new lines changed."""
    before = (
        "id: repair-survey\ntitle: Survey\ntext: A long text wrapped\n  by hand.\n"
        "agreed_at: 2024-03-05-kickoff\nowners:\n- north-tenants\n"
        "tags:\n    -   repairs\n"
    )
    path = with_record(minimal_group, before.encode())

    result = change(minimal_group, add_tags=("survey",))

    assert path.read_text() == (before.partition("tags:\n")[0] + "tags:\n- repairs\n- survey\n")
    assert result.reformatted
    assert_valid(minimal_group)


def test_crlf_line_endings_are_kept(minimal_group: Path) -> None:
    before = (FIXTURES / "commented.yaml").read_bytes().replace(b"\n", b"\r\n")
    path = with_record(minimal_group, before)

    change(minimal_group, add_tags=("survey",))

    assert path.read_bytes() == before.replace(b"  - repairs\r\n", b"  - repairs\r\n  - survey\r\n")


def test_byte_order_mark_and_missing_final_newline_are_kept(minimal_group: Path) -> None:
    text = (FIXTURES / "unicode.yaml").read_bytes().rstrip(b"\n")
    path = with_record(minimal_group, b"\xef\xbb\xbf" + text)

    change(minimal_group, add_tags=("survey",))

    assert path.read_bytes() == b"\xef\xbb\xbf" + text + b"\ntags:\n  - survey"


def test_unicode_round_trips_byte_for_byte(minimal_group: Path) -> None:
    before = (FIXTURES / "unicode.yaml").read_bytes()
    path = with_record(minimal_group, before)
    old_updates = update_files(minimal_group)

    update(minimal_group, note="Готово — 完成 — تم ✓", author="Ana Ferreira")

    assert path.read_bytes() == before
    _, text = new_update(minimal_group, old_updates)
    assert text == (
        "date: 2024-05-01\nby: north-tenants\nauthor: Ana Ferreira\nnote: Готово — 完成 — تم ✓\n"
    )

    change(minimal_group, add_owners=("city-office",))

    assert path.read_bytes() == before.replace(
        b"  - north-tenants\n", b"  - north-tenants\n  - city-office\n"
    )


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
).filter(lambda s: "[" * 33 not in s and "{" * 33 not in s and s.strip() != "")  # blank: refused


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=_TEXT)
def test_any_unicode_note_reads_back_exactly(minimal_group: Path, note: str) -> None:
    path = minimal_group / RECORD
    original = path.read_bytes()
    result = update(minimal_group, note=note)
    try:
        assert path.read_bytes() == original
        after = result.path.read_text(encoding="utf-8")
        written = UpdateFile.model_validate(reader.load(after))
        assert written.note == note
        assert canonical_text(after, layout_of(UpdateFile)) == after
        repository = load_repository(minimal_group)
        assert repository.commitments["repair-survey"].updates[-1].note == note
    finally:
        result.path.unlink()


# --- refused changes leave the files alone ---------------------------------------------------------


def test_invalid_change_is_refused_and_nothing_is_written(minimal_group: Path) -> None:
    """Closing without evidence breaks a rule: refused, no file written."""
    path = minimal_group / RECORD
    before = path.read_bytes()
    old_updates = update_files(minimal_group)
    with pytest.raises(InvalidDataError) as caught:
        update(minimal_group, status=Status.DONE, note="Finished.")
    assert path.read_bytes() == before
    assert update_files(minimal_group) == old_updates
    assert "nothing was written" in caught.value.message
    assert [p.rule for p in caught.value.problems] == ["closed-without-evidence"]
    assert caught.value.problems[0].path.startswith(f"{UPDATES}/2024-05-01-north-tenants-")


def test_unknown_owner_is_refused_with_the_validator_message(minimal_group: Path) -> None:
    path = minimal_group / RECORD
    before = path.read_bytes()
    with pytest.raises(InvalidDataError) as caught:
        change(minimal_group, add_owners=("city-ofice",))
    assert path.read_bytes() == before
    messages = [p.message for p in caught.value.problems]
    assert messages == ["owner 'city-ofice' is not a member; did you mean 'city-office'?"]


def test_update_by_an_unknown_member_is_refused(minimal_group: Path) -> None:
    path = minimal_group / RECORD
    before = path.read_bytes()
    old_updates = update_files(minimal_group)
    with pytest.raises(InvalidDataError) as caught:
        update(minimal_group, by="nobody", note="Who?")
    assert path.read_bytes() == before
    assert update_files(minimal_group) == old_updates
    assert not (minimal_group / UPDATES / "nobody").exists()
    assert [p.message for p in caught.value.problems] == ["update by 'nobody' is not a member"]


def test_update_before_the_agreeing_meeting_is_refused(minimal_group: Path) -> None:
    path = minimal_group / RECORD
    before = path.read_bytes()
    old_updates = update_files(minimal_group)
    with pytest.raises(InvalidDataError) as caught:
        update(minimal_group, note="Backdated.", date=dt.date(2024, 3, 1))
    assert path.read_bytes() == before
    assert update_files(minimal_group) == old_updates
    assert [(p.rule, p.message) for p in caught.value.problems] == [
        (
            "update-before-agreed",
            "update dated 2024-03-01 is before the meeting that agreed the commitment "
            "(2024-03-05-kickoff, 2024-03-05)",
        )
    ]


def test_existing_problems_elsewhere_do_not_block_an_edit(minimal_group: Path) -> None:
    meeting = minimal_group / "data/meetings/2024-03-05-kickoff.yaml"
    meeting.write_text(meeting.read_text() + "chair:\n  member: nobody\n", encoding="utf-8")
    result = update(minimal_group, note="Still fine.")
    assert result.path.read_text().endswith("note: Still fine.\n")
    change(minimal_group, add_tags=("survey",))
    assert (minimal_group / RECORD).read_text().endswith("tags:\n  - survey\n")


@pytest.fixture
def rule_passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item per pass of every rule over the records, from now on."""
    from cso_tracker.checks import run as checks

    passes: list[int] = []
    real = checks.check_repository

    def counting(*args: object, **kwargs: object) -> object:
        passes.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checks, "check_repository", counting)
    return passes


def test_a_clean_repository_is_checked_once(minimal_group: Path, rule_passes: list[int]) -> None:
    """The cross-record rules run over the old repository only when the new
    one has problems to tell apart (they cost ~0.05 s a pass at 10,000 records)."""
    passes = rule_passes
    update(minimal_group, note="Clean.")
    assert len(passes) == 1
    meeting = minimal_group / "data/meetings/2024-03-05-kickoff.yaml"
    meeting.write_text(meeting.read_text() + "chair:\n  member: nobody\n", encoding="utf-8")
    passes.clear()
    result = update(minimal_group, note="Still fine.")
    assert len(passes) == 2
    assert result.written and result.warnings == ()


def test_a_stored_verdict_spares_the_second_pass(
    minimal_group: Path, rule_passes: list[int]
) -> None:
    """With today's verdict of the records as loaded stored (a validate ran
    on them), the problems they had are taken from it, not from a second
    pass; an error the change makes is still refused."""
    import os
    import time

    meeting = minimal_group / "data/meetings/2024-03-05-kickoff.yaml"
    meeting.write_text(meeting.read_text() + "chair:\n  member: nobody\n", encoding="utf-8")

    def validate_aged() -> list[str]:
        then = time.time() - 10  # out of the window in which a stat is not trusted
        for path in [minimal_group / "tracker.yaml", *(minimal_group / "data").rglob("*.yaml")]:
            os.utime(path, (then, then))
        return [
            p.rule for p in validate_records(load_repository(minimal_group), today=TODAY).problems
        ]

    assert validate_aged() == ["ref-member"]
    passes = rule_passes
    passes.clear()
    result = change(minimal_group, add_tags=("survey",))
    assert len(passes) == 1
    assert result.written and result.warnings == ()
    # The edited file is too fresh for its stat to be trusted: no verdict
    # is stored for the records with it until they are older.
    assert validate_aged() == ["ref-member"]
    passes.clear()
    with pytest.raises(InvalidDataError) as caught:
        change(minimal_group, add_owners=("nobody-else",))
    assert len(passes) == 1
    assert [p.rule for p in caught.value.problems] == ["ref-member"]
    assert "nobody-else" in caught.value.problems[0].message


def test_editing_a_broken_file_is_refused_with_its_problems(minimal_group: Path) -> None:
    path = with_record(minimal_group, b"id: repair-survey\ntitle: [unclosed\n")
    with pytest.raises(InvalidDataError) as caught:
        change(minimal_group, add_tags=("survey",))
    assert path.read_bytes() == b"id: repair-survey\ntitle: [unclosed\n"
    assert "has errors" in caught.value.message
    assert caught.value.problems[0].rule == "yaml-syntax"


def test_editing_a_file_with_a_tab_after_a_colon_is_refused(minimal_group: Path) -> None:
    """The record loads (the tab is a problem of its own), but the round-trip
    reader stops at it: the edit crashed with a ScannerError (exit 3)."""
    text = (minimal_group / RECORD).read_bytes().replace(b"title: ", b"title:\t")
    path = with_record(minimal_group, text)
    with pytest.raises(InvalidDataError) as caught:
        change(minimal_group, add_tags=("survey",))
    assert path.read_bytes() == text
    assert "has errors" in caught.value.message
    assert [(p.line, p.column, p.rule) for p in caught.value.problems] == [(3, 7, "yaml-tab")]


def test_unknown_id_is_reported_with_suggestions(minimal_group: Path) -> None:
    with pytest.raises(RecordNotFoundError) as caught:
        commitments.update_commitment(
            minimal_group, "repair-survy", request(note="x"), options=options()
        )
    assert caught.value.hint == "did you mean 'repair-survey'?"


def test_an_empty_update_is_a_usage_error(minimal_group: Path) -> None:
    old_updates = update_files(minimal_group)
    with pytest.raises(UsageError, match="nothing to record"):
        update(minimal_group)
    with pytest.raises(UsageError, match="nothing to change"):
        change(minimal_group)
    assert update_files(minimal_group) == old_updates


def test_dry_run_returns_the_diff_and_writes_nothing(minimal_group: Path) -> None:
    path = minimal_group / RECORD
    before = path.read_bytes()
    old_updates = update_files(minimal_group)
    result = commitments.update_commitment(
        minimal_group, "repair-survey", request(note="Maybe."), options=options(dry_run=True)
    )
    assert path.read_bytes() == before
    assert update_files(minimal_group) == old_updates
    assert not result.written and result.before is None
    assert_update_name(result.rel.rpartition("/")[2])
    assert unified_diff(result.rel, result.before, result.after).splitlines()[-3:] == [
        "+date: 2024-05-01",
        "+by: north-tenants",
        "+note: Maybe.",
    ]
    changed = commitments.change_agreement(
        minimal_group,
        "repair-survey",
        commitments.AgreementChange(add_tags=("survey",)),
        options=options(dry_run=True),
    )
    assert path.read_bytes() == before
    assert not changed.written
    assert unified_diff(changed.rel, changed.before, changed.after).splitlines()[-2:] == [
        "+tags:",
        "+  - survey",
    ]


# --- lost updates ------------------------------------------------------------------------------------


def test_file_changed_between_read_and_write_is_a_conflict(minimal_group: Path) -> None:
    """Another writer (an editor, not taking the lock) saves the file while the
    command runs: the command refuses and the other write survives."""
    path = minimal_group / RECORD
    theirs = path.read_bytes() + b"tags:\n  - theirs\n"

    def other_writer(target: Path) -> None:
        target.write_bytes(theirs)

    with pytest.raises(ConflictError) as caught:
        commitments.change_agreement(
            minimal_group,
            "repair-survey",
            commitments.AgreementChange(add_tags=("ours",)),
            options=options(before_replace=other_writer),
        )
    assert (
        caught.value.message == f"{RECORD} changed on disk since it was read; nothing was written"
    )
    assert caught.value.exit_code == 1
    assert caught.value.hint is not None and "run the command again" in caught.value.hint
    assert path.read_bytes() == theirs


def test_file_created_meanwhile_is_a_conflict_for_add(minimal_group: Path) -> None:
    def other_writer(target: Path) -> None:
        target.write_text("id: someone-else\n", encoding="utf-8")

    with pytest.raises(ConflictError, match="was created since it was read"):
        commitments.add_commitment(
            minimal_group,
            title="Tenant guide",
            text="Write a guide.",
            owners=["north-tenants"],
            meeting="2024-03-05-kickoff",
            options=options(before_replace=other_writer),
        )
    assert (minimal_group / "data/commitments/tenant-guide.yaml").read_text() == (
        "id: someone-else\n"
    )


def test_a_held_lock_times_out_with_a_conflict(minimal_group: Path) -> None:
    path = minimal_group / RECORD
    before = path.read_bytes()
    old_updates = update_files(minimal_group)
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with lock.repository_lock(minimal_group):
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        holding.wait(5)
        with pytest.raises(ConflictError, match="another tracker command") as caught:
            commitments.update_commitment(
                minimal_group,
                "repair-survey",
                request(note="Blocked."),
                options=options(lock_timeout=0.2),
            )
        assert caught.value.message.startswith(
            "another tracker command has been writing to this tracker for more than 0.2 s (lock "
        )
        assert caught.value.hint == "wait for it to finish and run the command again"
        assert caught.value.exit_code == 1
    finally:
        release.set()
        thread.join()
    assert path.read_bytes() == before
    assert update_files(minimal_group) == old_updates


def test_a_lock_file_that_cannot_be_made_is_an_error_not_a_crash(
    minimal_group: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = minimal_group / "tracker.yaml" / "cso-tracker.lock"  # a file where a folder must be
    monkeypatch.setattr(lock, "lock_path", lambda root: blocked)
    before = (minimal_group / RECORD).read_bytes()
    old_updates = update_files(minimal_group)
    with pytest.raises(TrackerError) as caught:
        update(minimal_group, note="x")
    assert caught.value.message.startswith(f"cannot open the lock file {blocked}: ")
    assert caught.value.message.endswith("; nothing was written")
    assert caught.value.exit_code == 1
    assert (minimal_group / RECORD).read_bytes() == before
    assert update_files(minimal_group) == old_updates


def test_lock_file_lives_in_git_dir_when_there_is_one(minimal_group: Path) -> None:
    assert lock.lock_path(minimal_group) == minimal_group / ".cso-tracker.lock"
    init_git(minimal_group)
    assert lock.lock_path(minimal_group) == minimal_group / ".git" / "cso-tracker.lock"
    result = update(minimal_group, note="Locked.")
    assert result.written
    assert "cso-tracker.lock" not in git(minimal_group, "status", "--porcelain")


# --- merge ------------------------------------------------------------------------------------------


def test_merge3_applies_disjoint_changes_and_reports_conflicts() -> None:
    base = ["a\n", "b\n", "c\n"]
    ours = ["a\n", "B\n", "c\n"]
    theirs = ["a\n", "b\n", "c\n", "d\n"]
    assert merge.merge3(base, ours, theirs) == (["a\n", "B\n", "c\n", "d\n"], 0, 0)
    assert merge.merge3(base, ours, ["a\n", "X\n", "c\n"]) == (["a\n", "X\n", "c\n"], 1, 0)
    # Adjacent changes to different lines of one stretch: both apply, unless told not to.
    adjacent = ["a\n", "b\n", "C\n"]
    assert merge.merge3(base, ours, adjacent) == (["a\n", "B\n", "C\n"], 0, 1)
    assert merge.merge3(base, ours, adjacent, take_theirs=frozenset({0})) == (adjacent, 0, 1)


# --- other changes --------------------------------------------------------------------------------------


def test_add_commitment_numbers_it_next_and_writes_the_canonical_layout(
    minimal_group: Path,
) -> None:
    result = commitments.add_commitment(
        minimal_group,
        title="Tenant rights guide: yes or no?",
        text="Write a short guide to tenant rights.",
        owners=["north-tenants", "city-office"],
        meeting="2024-03-05-kickoff",
        due=dt.date(2024, 12, 31),
        tags=["guide"],
        options=options(),
    )
    path = minimal_group / "data/commitments/tenant-rights-guide-yes-or-no.yaml"
    assert result.path == path and result.before is None
    assert path.read_text(encoding="utf-8") == (
        "id: tenant-rights-guide-yes-or-no\n"
        "number: 2\n"
        'title: "Tenant rights guide: yes or no?"\n'
        "text: Write a short guide to tenant rights.\n"
        "agreed_at: 2024-03-05-kickoff\n"
        "owners:\n"
        "  - north-tenants\n"
        "  - city-office\n"
        "due: 2024-12-31\n"
        "tags:\n"
        "  - guide\n"
    )
    assert (
        result.message == "tenant-rights-guide-yes-or-no: add commitment 2 of 2024-03-05-kickoff\n"
    )
    assert canonical_text(path.read_text(), layout_of(CommitmentFile)) == path.read_text()
    assert_valid(minimal_group)


def test_add_refuses_an_existing_id(minimal_group: Path) -> None:
    with pytest.raises(InvalidDataError, match="'repair-survey' already exists"):
        commitments.add_commitment(
            minimal_group,
            title="Repair survey",
            text="Again.",
            owners=["north-tenants"],
            meeting="2024-03-05-kickoff",
            options=options(),
        )


def test_add_with_an_unknown_meeting_is_refused(minimal_group: Path) -> None:
    with pytest.raises(InvalidDataError) as caught:
        commitments.add_commitment(
            minimal_group,
            title="Guide",
            text="x",
            owners=["north-tenants"],
            meeting="2024-03-06-kickoff",
            options=options(),
        )
    assert [p.rule for p in caught.value.problems] == ["ref-meeting"]
    assert not (minimal_group / "data/commitments/guide.yaml").exists()


def test_slugify() -> None:
    assert ids.slugify("Finalize the WHO\u2013UNODC overdose document") == (
        "finalize-the-who-unodc-overdose-document"
    )
    assert ids.slugify("Ça va? Ünïcode  — ok") == "ca-va-unicode-ok"
    assert ids.slugify("Обзор") == ""


def test_meeting_add_and_attend(minimal_group: Path) -> None:
    result = meetings.add_meeting(
        minimal_group,
        title="Second meeting",
        date=dt.date(2024, 6, 4),
        kind=MeetingKind.TELECONFERENCE,
        chair_member="city-office",
        chair_person="Priya Raman",
        options=options(),
    )
    assert result.rel == "data/meetings/2024-06-04-second-meeting.yaml"
    assert result.path.read_text() == (
        "id: 2024-06-04-second-meeting\n"
        "title: Second meeting\n"
        "date: 2024-06-04\n"
        "kind: teleconference\n"
        "status: planned\n"
        "chair:\n"
        "  member: city-office\n"
        "  person: Priya Raman\n"
    )
    meetings.attend_meeting(
        minimal_group,
        "2024-06-04-second-meeting",
        member="north-tenants",
        people=["Ana Ferreira"],
        options=transaction.WriteOptions(today=dt.date(2024, 6, 4)),  # attendance: on the day
    )
    meetings.attend_meeting(
        minimal_group,
        "2024-06-04-second-meeting",
        member="north-tenants",
        people=["Tomasz Nowak"],
        options=transaction.WriteOptions(today=dt.date(2024, 6, 4)),
    )
    meetings.attend_meeting(
        minimal_group,
        "2024-06-04-second-meeting",
        member="city-office",
        apology=True,
        options=transaction.WriteOptions(today=dt.date(2024, 6, 4)),
    )
    assert result.path.read_text().endswith(
        "attendees:\n"
        "  - member: north-tenants\n"
        "    people:\n"
        "      - Ana Ferreira\n"
        "      - Tomasz Nowak\n"
        "apologies:\n"
        "  - member: city-office\n"
    )
    assert_valid(minimal_group)


def test_attending_with_an_unknown_person_is_refused(minimal_group: Path) -> None:
    path = minimal_group / "data/meetings/2024-03-05-kickoff.yaml"
    before = path.read_bytes()
    with pytest.raises(InvalidDataError) as caught:
        meetings.attend_meeting(
            minimal_group,
            "2024-03-05-kickoff",
            member="north-tenants",
            people=["Tomasz Nowack"],
            options=options(),
        )
    assert path.read_bytes() == before
    assert caught.value.problems[0].message == (
        "attendee 'Tomasz Nowack' is not one of the people of north-tenants; did you mean 'Tomasz Nowak'?"
    )


def test_a_meeting_in_the_past_is_recorded_as_held(minimal_group: Path) -> None:
    result = meetings.add_meeting(
        minimal_group,
        title="Site visit",
        date=dt.date(2024, 4, 10),
        kind=MeetingKind.IN_PERSON,
        record_id="site-visit",
        options=options(),
    )
    assert "status: held\n" in result.path.read_text()
    assert result.message == f"site-visit: add meeting ({MeetingStatus.HELD})\n"


def test_member_add_person_and_leave(minimal_group: Path) -> None:
    added = members.add_member(
        minimal_group,
        name="Harbour Residents Association",
        acronym="HRA",
        member_type=MemberType.CIVIL_SOCIETY,
        joined=dt.date(2024, 4, 1),
        options=options(),
    )
    assert added.rel == "data/members/hra.yaml"
    members.set_person(
        minimal_group,
        "hra",
        members.PersonRequest(name="Noa Levi", focal_point=True),
        options=options(),
    )
    members.set_person(
        minimal_group,
        "hra",
        members.PersonRequest(name="Noa Levi", focal_point=False, until=dt.date(2024, 4, 30)),
        options=options(),
    )
    members.member_left(minimal_group, "hra", left=dt.date(2024, 4, 30), options=options())
    assert added.path.read_text() == (
        "id: hra\n"
        "name: Harbour Residents Association\n"
        "acronym: HRA\n"
        "type: civil-society\n"
        "role: member\n"
        "joined: 2024-04-01\n"
        "left: 2024-04-30\n"
        "people:\n"
        "  - name: Noa Levi\n"
        "    until: 2024-04-30\n"
    )
    assert_valid(minimal_group)


def test_person_left_before_joining_is_refused(minimal_group: Path) -> None:
    with pytest.raises(InvalidDataError) as caught:
        members.set_person(
            minimal_group,
            "north-tenants",
            members.PersonRequest(
                name="Ana Ferreira", since=dt.date(2024, 5, 1), until=dt.date(2024, 1, 1)
            ),
            options=options(),
        )
    assert [p.rule for p in caught.value.problems] == ["date-order"]


# --- who an update is by ----------------------------------------------------------------------------------


def test_by_defaults_to_the_settings_default_member(minimal_group: Path) -> None:
    settings_file = minimal_group / "tracker.yaml"
    settings_file.write_text(settings_file.read_text() + "default_member: city-office\n")
    result = update(minimal_group, by=None, note="From the office.")
    assert_update_name(result.rel.rpartition("/")[2], by="city-office")
    assert result.path.read_text() == "date: 2024-05-01\nby: city-office\nnote: From the office.\n"


def test_by_defaults_to_the_member_whose_person_matches_git(minimal_group: Path) -> None:
    init_git(minimal_group)
    git(minimal_group, "config", "user.name", "Priya Raman")
    result = update(minimal_group, by=None, note="Via git.")
    assert_update_name(result.rel.rpartition("/")[2], by="city-office")
    assert result.path.read_text() == (
        "date: 2024-05-01\nby: city-office\nauthor: Priya Raman\nnote: Via git.\n"
    )


def test_by_without_any_match_asks_for_by(minimal_group: Path) -> None:
    init_git(minimal_group)
    with pytest.raises(UsageError, match="cannot tell which member") as caught:
        update(minimal_group, by=None, note="Who am I?")
    assert worded(caught.value).hint == "pass --by MEMBER, or set default_member in tracker.yaml"


@pytest.mark.parametrize("fixture", ["commented", "odd-layout", "unicode"])
def test_every_fixture_is_valid_to_start_with(minimal_group: Path, fixture: str) -> None:
    with_record(minimal_group, (FIXTURES / f"{fixture}.yaml").read_bytes())
    assert_valid(minimal_group)


def test_write_replaces_atomically_and_keeps_the_mode(minimal_group: Path) -> None:
    path = minimal_group / RECORD
    path.chmod(0o640)
    change(minimal_group, add_tags=("survey",))
    assert path.read_text().endswith("tags:\n  - survey\n")
    assert path.stat().st_mode & 0o777 == 0o640
    leftovers = [p.name for p in path.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []
    result = update(minimal_group, note="Atomic.")
    leftovers = [p.name for p in result.path.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


# --- more shapes of file --------------------------------------------------------------------------------


def test_multi_line_note_is_written_as_a_literal_block(minimal_group: Path) -> None:
    note = "First line.\nSecond line: with a colon.\n  indented"
    result = update(minimal_group, note=note)
    text = result.path.read_text()
    assert text == (
        "date: 2024-05-01\nby: north-tenants\n"
        "note: |-\n  First line.\n  Second line: with a colon.\n    indented\n"
    )
    assert UpdateFile.model_validate(reader.load(text)).note == note


def test_empty_flow_list_becomes_a_block_list(minimal_group: Path) -> None:
    path = minimal_group / RECORD
    head = path.read_text()
    path.write_text(head + "tags: []\n")

    change(minimal_group, add_tags=("survey",))

    assert path.read_text() == head + "tags:\n  - survey\n"


def test_inserted_key_goes_before_the_comment_that_introduces_the_next_key(
    minimal_group: Path,
) -> None:
    path = minimal_group / RECORD
    before = path.read_text() + "# Links, newest first.\nlinks:\n  - title: Form\n    url: x\n"
    path.write_text(before)

    change(minimal_group, add_tags=("survey",))

    assert "due: 2024-06-30\ntags:\n  - survey\n# Links, newest first.\nlinks:\n" in (
        path.read_text()
    )


def test_empty_note_is_refused_with_the_schema_message(minimal_group: Path) -> None:
    path = minimal_group / RECORD
    before = path.read_bytes()
    old_updates = update_files(minimal_group)
    with pytest.raises(InvalidDataError) as caught:
        update(minimal_group, note="")
    assert path.read_bytes() == before
    assert update_files(minimal_group) == old_updates
    assert [p.message for p in caught.value.problems] == ["note: must not be empty"]


def test_first_update_of_a_bundled_record(tmp_path: Path) -> None:
    """overdose-document has no updates yet: its folder is created."""
    import shutil

    from conftest import REPO_ROOT

    root = tmp_path / "bundled"
    shutil.copytree(REPO_ROOT / "data", root / "data")
    shutil.copy(REPO_ROOT / "tracker.yaml", root / "tracker.yaml")
    path = root / "data/commitments/overdose-document.yaml"
    before = path.read_bytes()
    assert not (root / "data/updates/overdose-document").exists()

    result = commitments.update_commitment(
        root,
        "overdose-document",
        request(
            by="unodc", date=dt.date(2013, 4, 2), status=Status.IN_PROGRESS, note="Draft sent."
        ),
        options=transaction.WriteOptions(today=dt.date(2013, 5, 1)),
    )

    assert path.read_bytes() == before
    assert result.rel.startswith("data/updates/overdose-document/")
    assert_update_name(result.rel.rpartition("/")[2], by="unodc", day="2013-04-02")
    assert result.path.read_text() == (
        "date: 2013-04-02\nby: unodc\nstatus: in-progress\nnote: Draft sent.\n"
    )
    assert result.message.splitlines()[0] == "overdose-document: agreed → in-progress (unodc)"


def test_column_zero_comment_after_a_flush_list_stays_before_the_next_key(
    minimal_group: Path,
) -> None:
    path = minimal_group / RECORD
    before = path.read_text().replace(
        "owners:\n  - north-tenants\n", "owners:\n- north-tenants\n# Deadline as agreed.\n"
    )
    path.write_text(before)

    change(minimal_group, add_owners=("city-office",))

    assert path.read_text() == before.replace(
        "- north-tenants\n", "- north-tenants\n- city-office\n"
    )


_SCALARS = {
    "id": "repair-survey",
    "number": "1",
    "title": "'Repair survey'",
    "text": '"Survey: the backlog."',
    "agreed_at": "2024-03-05-kickoff",
    "due": "'2024-06-30'",
}
_SEQUENCES = {"owners": ["north-tenants", "city-office"], "tags": ["'repairs'", "on"]}


@st.composite
def _hand_written(draw: st.DrawFn) -> str:
    """A valid commitment in any key order, with comments and blank lines
    anywhere, flow or block lists, flush or indented list items."""
    keys = draw(st.permutations([*_SCALARS, *_SEQUENCES]))
    comment = st.sampled_from(["", "# note {n}\n", "\n", "\n# note {n}\n", "  # note {n}\n"])
    dash = draw(st.sampled_from(["  - ", "- ", "    - "]))
    lines = []
    for n, key in enumerate(keys):
        lines.append(draw(comment).format(n=n))
        eol = draw(st.sampled_from(["", "  # eol {n}"])).format(n=n)
        if key in _SEQUENCES:
            items = _SEQUENCES[key]
            if draw(st.booleans()):
                lines.append(f"{key}: [{', '.join(items)}]{eol}\n")
            else:
                lines.append(f"{key}:{eol}\n" + "".join(f"{dash}{item}\n" for item in items))
        else:
            lines.append(f"{key}: {_SCALARS[key]}{eol}\n")
    lines.append(draw(comment).format(n=99))
    return "".join(lines)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_hand_written(), tag=st.sampled_from(["survey", "north-shore", "x1"]))
def test_a_tag_change_keeps_every_other_line_of_any_hand_written_file(
    minimal_group: Path, text: str, tag: str
) -> None:
    """Whatever the layout, adding a tag changes no line but the tags list:
    the old file's other lines are all there, in order, and it reads back
    right."""
    path = minimal_group / RECORD
    original = path.read_bytes()
    try:
        path.write_text(text, encoding="utf-8")
        result = change(minimal_group, add_tags=(tag,))
        after = path.read_text(encoding="utf-8")
        old_lines = [line for line in text.splitlines() if not line.startswith("tags:")]
        remaining = iter(after.splitlines())
        assert all(line in remaining for line in old_lines), unified_diff(
            result.rel, result.before, result.after
        )
        assert not result.reformatted
        value = reader.load(after)
        assert value["tags"] == ["repairs", "on", tag]
        assert value["owners"] == ["north-tenants", "city-office"]
    finally:
        path.write_bytes(original)


def test_a_warning_whose_count_changes_is_not_reported_as_new(minimal_group: Path) -> None:
    """north-tenants had no focal point and owned 1 open commitment; after
    adding a second the (old) warning says 2: not a problem the change made."""
    member = minimal_group / "data/members/north-tenants.yaml"
    member.write_text(member.read_text().replace("    focal_point: true\n", ""))
    result = commitments.add_commitment(
        minimal_group,
        title="Second task",
        text="x",
        owners=["north-tenants"],
        meeting="2024-03-05-kickoff",
        due=dt.date(2024, 12, 1),
        options=options(),
    )
    assert result.warnings == ()
    owned_by_office = commitments.add_commitment(
        minimal_group,
        title="Third task",
        text="x",
        owners=["city-office"],
        meeting="2024-03-05-kickoff",
        options=options(),
    )
    assert [p.rule for p in owned_by_office.warnings] == ["no-due-date"]
