"""The layout rules read the same at a revision as on disk: each odd file or
link under data/ is committed, then loaded from the work tree (a clean
checkout of that commit) and from the revision, and both must report exactly
the same problems and records, and the problem the case is about."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import commit_all
from cso_tracker.repo.load import load
from cso_tracker.repo.revision import Revision
from cso_tracker.repo.source import WorkTree
from revision_helpers import facts

M = "data/members/"
MEMBER = (
    "id: {id}\nname: {id}\ntype: other\nrole: member\npeople:\n"
    "  - name: Dana Kim\n    focal_point: true\n"
)
OUTSIDE = "outside data/; records must live in the repository"
LOOP = "cannot read: symbolic link that loops back on itself"


def _file(root: Path, rel: str, content: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _link(root: Path, rel: str, target: str | Path) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).symlink_to(target)


def _shared_member(root: Path, through: str) -> None:
    """A member kept in data/shared/ (not named like a record), linked in."""
    _file(root, "data/shared/dana.txt", MEMBER.format(id="dana"))
    _link(root, M + "dana.yaml", through)


def _record_folder_moved(root: Path) -> None:
    (root / "data/members").rename(root / "data/people")
    _link(root, "data/members", "people")


Case = tuple[Callable[[Path], None], list[tuple[str, str]]]
"""Lay the case out under a root; the (path, message) it must be reported as."""

CASES: dict[str, Case] = {
    "yml-suffix": (lambda r: _file(r, M + "dana.yml", MEMBER.format(id="dana")),
                   [(M + "dana.yml", "record files end in .yaml; rename to dana.yaml")]),
    "in-data-itself": (lambda r: _file(r, "data/dana.yaml", MEMBER.format(id="dana")),
                       [("data/dana.yaml", "not read: records live in data/members/, "
                         "data/meetings/, data/commitments/ or data/updates/<commitment-id>/, not in data/ itself")]),
    "misspelled-folder": (lambda r: _file(r, "data/comitments/x.yaml", "id: x\n"),
                          [("data/comitments/x.yaml", "not read: data/comitments/ is not a "
                            "record folder; did you mean 'commitments'? records live in "
                            "data/members/, data/meetings/, data/commitments/ or data/updates/<commitment-id>/")]),
    "subfolder": (lambda r: _file(r, M + "old/dana.yaml", MEMBER.format(id="dana")),
                  [(M + "old/dana.yaml",
                    "not read: records are not read from subfolders; move it to data/members/")]),
    "folder-named-like-a-record": (
        lambda r: _file(r, M + "dana.yaml/notes.yaml", MEMBER.format(id="dana")),
        [(M + "dana.yaml", "cannot read: a folder, named like a record file")]),
    "hidden-files-are-ignored": (
        lambda r: (_file(r, M + ".draft.yaml", "id: [\n"), _link(r, M + ".link.yaml", "/")),
        []),
    "link-inside-data": (lambda r: _shared_member(r, "../shared/dana.txt"), []),
    "link-through-a-folder-link": (
        lambda r: (_link(r, "data/people", "shared"), _shared_member(r, "../people/dana.txt")),
        []),
    "absolute-link-into-data": (lambda r: _shared_member(r, r / "data/shared/dana.txt"), []),
    "link-to-a-link": (
        lambda r: (_link(r, M + "hop.txt", "../shared/dana.txt"), _shared_member(r, "hop.txt")),
        []),
    "link-out-of-data": (
        lambda r: (_file(r, "notes/dana.yaml", MEMBER.format(id="dana")),
                   _link(r, M + "dana.yaml", "../../notes/dana.yaml")),
        [(M + "dana.yaml", f"symbolic link to notes/dana.yaml, {OUTSIDE}")]),
    "link-out-of-data-to-nothing": (lambda r: _link(r, M + "dana.yaml", "../../notes/gone.yaml"),
                                    [(M + "dana.yaml", f"symbolic link to notes/gone.yaml, {OUTSIDE}")]),
    "link-out-of-the-repository": (
        lambda r: _link(r, M + "dana.yaml", "../../../elsewhere/dana.yaml"),
        [(M + "dana.yaml", f"symbolic link to {{parent}}/elsewhere/dana.yaml, {OUTSIDE}")]),
    "absolute-link-out": (lambda r: _link(r, M + "dana.yaml", "/etc/passwd"),
                          [(M + "dana.yaml", f"symbolic link to /etc/passwd, {OUTSIDE}")]),
    "dangling-link": (lambda r: _link(r, M + "dana.yaml", "gone.yaml"),
                      [(M + "dana.yaml", "cannot read: symbolic link to data/members/gone.yaml, "
                        "which does not exist")]),
    "link-through-a-file": (lambda r: _link(r, M + "dana.yaml", "city-office.yaml/dana.yaml"),
                            [(M + "dana.yaml", "cannot read: symbolic link to "
                              "data/members/city-office.yaml/dana.yaml, which does not exist")]),
    "link-to-itself": (lambda r: _link(r, M + "dana.yaml", "dana.yaml"), [(M + "dana.yaml", LOOP)]),
    "link-loop": (lambda r: (_link(r, M + "a.yaml", "b.yaml"), _link(r, M + "b.yaml", "a.yaml")),
                  [(M + "a.yaml", LOOP), (M + "b.yaml", LOOP)]),
    "link-to-a-folder": (lambda r: _link(r, M + "dana.yaml", "../meetings"),
                         [(M + "dana.yaml", "cannot read: a folder, named like a record file")]),
    "file-too-large": (lambda r: _file(r, M + "dana.yaml", b"# " + b"x" * 256 * 1024 + b"\n"),
                       [(M + "dana.yaml",
                         "file is 262,147 bytes; records are limited to 262,144 bytes")]),
    "record-folder-is-a-link": (
        _record_folder_moved,
        [("data/people/city-office.yaml", "not read: data/people/ is not a record folder; "
          "records live in data/members/, data/meetings/, data/commitments/ or data/updates/<commitment-id>/"),
         ("data/people/north-tenants.yaml", "not read: data/people/ is not a record folder; "
          "records live in data/members/, data/meetings/, data/commitments/ or data/updates/<commitment-id>/")]),
    "record-folder-links-out": (
        lambda r: ((r / "data/meetings").rename(r / "meetings"), _link(r, "data/meetings", "../meetings")),
        [("data/meetings", f"symbolic link to meetings, {OUTSIDE}")]),
    "record-folder-link-loop": (
        lambda r: (_file(r, "data/meetings.txt", ""),
                   (r / "data/meetings/2024-03-05-kickoff.yaml").unlink(),
                   (r / "data/meetings").rmdir(), _link(r, "data/meetings", "meetings")),
        [("data/meetings", LOOP)]),
    "record-folder-is-a-file": (
        lambda r: (_file(r, "data/meetings.txt", ""),
                   (r / "data/meetings/2024-03-05-kickoff.yaml").unlink(),
                   (r / "data/meetings").rmdir(),
                   (r / "data/meetings.txt").rename(r / "data/meetings")),
        [("data/meetings", "cannot read: not a folder, so no meetings are read from it")]),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_the_work_tree_and_the_commit_report_the_same_layout(git_group: Path, case: str) -> None:
    lay_out, expected = CASES[case]
    lay_out(git_group)
    commit_all(git_group, case)
    from_disk = facts(load(WorkTree(git_group), use_cache=False))
    at_commit = facts(load(Revision(git_group, "HEAD"), use_cache=False))
    assert at_commit == from_disk
    parent = git_group.resolve().parent.as_posix()
    wanted = [(path, message.replace("{parent}", parent)) for path, message in expected]
    assert [(p[0], p[4]) for p in at_commit["problems"]] == wanted


def test_a_linked_record_is_read_through_its_link(git_group: Path) -> None:
    _shared_member(git_group, "../shared/dana.txt")
    commit_all(git_group)
    repository = load(Revision(git_group, "HEAD"), use_cache=False)
    assert repository.members["dana"].people[0].name == "Dana Kim"
    assert repository.file_of("members", "dana").rel == M + "dana.yaml"


def test_a_moved_record_folder_is_read_through_its_link(git_group: Path) -> None:
    _record_folder_moved(git_group)
    commit_all(git_group)
    repository = load(Revision(git_group, "HEAD"), use_cache=False)
    assert set(repository.members) == {"north-tenants", "city-office"}
    assert repository.file_of("members", "city-office").rel == M + "city-office.yaml"
