"""The short cuts a load takes build the same things as the long way: a
record file's names worked out from its path as text, an update and a
commitment built without model_construct, fields sets shared between
records, a file read without a file object."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import write_records
from cso_tracker.models import Commitment, CommitmentFile, Status, Update, UpdateFile, with_updates
from cso_tracker.repo import plain
from cso_tracker.repo.layout import RecordFile, classify
from cso_tracker.repo.load import load_repository
from cso_tracker.repo.reading import read_file
from cso_tracker.repo.source import WorkTree, stat_key


def test_a_record_file_knows_its_names_from_its_path(tmp_path: Path) -> None:
    record_file = RecordFile("updates", str(tmp_path / "data/updates/c-1/2024-01-02-a.yaml"),
                             "data/updates/c-1/2024-01-02-a.yaml")  # fmt: skip
    assert record_file.stem_id == "2024-01-02-a"
    assert record_file.update_place == ("c-1", "2024-01-02-a")
    assert record_file.record_id == "c-1/2024-01-02-a"
    assert record_file.path == tmp_path / "data/updates/c-1/2024-01-02-a.yaml"
    assert isinstance(record_file.path, Path)
    member = RecordFile("members", tmp_path / "data/members/m.yaml", "data/members/m.yaml")
    assert (member.stem_id, member.record_id) == ("m", "m")
    assert member.location == str(tmp_path / "data/members/m.yaml")


def test_a_record_file_listed_equals_the_one_named_on_the_command_line(
    minimal_group: Path,
) -> None:
    files, problems = WorkTree(minimal_group).record_files()
    assert problems == []
    for listed in files:
        named = classify(minimal_group, listed.path)
        assert named == listed
        assert hash(named) == hash(listed)
        assert repr(named) == repr(listed)
    assert len({*files}) == len(files)


def test_the_work_tree_key_is_the_stat_of_what_a_link_leads_to(minimal_group: Path) -> None:
    members = minimal_group / "data/members"
    (members / "north.yaml").symlink_to(members / "north-tenants.yaml")
    source = WorkTree(minimal_group)
    files, _ = source.record_files()
    (linked,) = (f for f in files if f.rel == "data/members/north.yaml")
    assert source.cache_key(linked) == stat_key((members / "north-tenants.yaml").stat())


UPDATE = UpdateFile.model_validate(
    {"date": "2024-04-02", "by": "north-tenants", "status": "in-progress", "note": "Drafted."}
)


def test_a_placed_update_is_what_model_construct_builds() -> None:
    placed = Update.placed(UPDATE, "repair-survey", "2024-04-02-north-tenants")
    constructed = Update.model_construct(
        **dict(UPDATE), commitment="repair-survey", name="2024-04-02-north-tenants"
    )
    assert placed == constructed
    assert list(placed.__dict__) == list(constructed.__dict__)
    assert placed.model_fields_set == constructed.model_fields_set == set(Update.model_fields)
    assert placed.model_dump(exclude_unset=True) == constructed.model_dump(exclude_unset=True)


def test_a_commitment_with_updates_is_what_model_construct_builds() -> None:
    commitment = CommitmentFile.model_validate(
        {"id": "c-1", "title": "T", "text": "Do it.", "agreed_at": "m-1", "due": "2024-06-30"}
    )
    moved = UpdateFile.model_validate({"date": "2024-05-01", "by": "a", "due": "2024-09-30"})
    history = [Update.placed(moved, "c-1", "2024-05-01-a"), Update.placed(UPDATE, "c-1", "b")]
    built = with_updates(commitment, history)
    assert list(built.__dict__) == list(Commitment.model_fields)
    assert built.model_fields_set == set(Commitment.model_fields)
    assert (built.status, built.due, built.agreed_due) == (
        Status.IN_PROGRESS, dt.date(2024, 9, 30), dt.date(2024, 6, 30),
    )  # fmt: skip
    assert [u.name for u in built.history] == ["b", "2024-05-01-a"]
    again = with_updates(built, history[:1])
    assert (again.status, again.due, again.agreed_due) == (
        Status.AGREED, dt.date(2024, 9, 30), dt.date(2024, 6, 30),
    )  # fmt: skip


def test_a_shared_fields_set_is_copied_before_a_copy_changes_it() -> None:
    first = Update.placed(UPDATE, "c-1", "a")
    second = Update.placed(UPDATE, "c-1", "b")
    assert first.model_fields_set is second.model_fields_set
    before = set(first.model_fields_set)
    validated = UpdateFile.model_validate({"date": "2024-04-02", "by": "a"})
    plain.share_fields_set(validated)
    copied = validated.model_copy(update={"note": "Later."})
    assert copied.model_fields_set == {"date", "by", "note"}
    assert validated.model_fields_set == {"date", "by"}
    assert first.model_fields_set == before


def test_records_loaded_share_their_fields_sets(minimal_group: Path) -> None:
    """The same fields set, validated (a cold load) or rebuilt from the
    cache (a warm one)."""
    write_records(minimal_group, {
        "data/updates/repair-survey/2024-04-09-north-tenants.yaml": """
            date: 2024-04-09
            by: north-tenants
            author: Ana Ferreira
            status: in-progress
            note: Questionnaire sent.
        """,
    })  # fmt: skip
    for _run in ("cold", "warm"):
        repository = load_repository(minimal_group)
        first, second = repository.commitments["repair-survey"].history
        assert first.model_fields_set is second.model_fields_set


def test_a_file_larger_than_one_read_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    data = b"note: " + b"x" * 100_000 + b"\n"
    path.write_bytes(data)
    assert read_file(path, "big.yaml") == data
    assert read_file(str(path), "big.yaml") == data
    empty = tmp_path / "empty.yaml"
    empty.write_bytes(b"")
    assert read_file(empty, "empty.yaml") == b""


_OPEN_FILES = Path("/proc/self/fd")


@pytest.mark.skipif(not _OPEN_FILES.is_dir(), reason="no /proc/self/fd to count descriptors")
def test_a_file_read_leaves_no_descriptor_open(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes(b"id: m\n")
    before = len(list(_OPEN_FILES.iterdir()))
    for _ in range(50):
        assert read_file(path, "m.yaml") == b"id: m\n"
    assert read_file(tmp_path, "folder") is not None  # a folder: opened, refused, closed
    assert len(list(_OPEN_FILES.iterdir())) == before
