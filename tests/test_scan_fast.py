"""The scan's shortcuts give what the plain rules give: the walk's stat of a
file is os.stat's, the fast path of tree.record_files finds the same record
files and problems as the general rules on a tree holding every odd entry
beside ordinary ones, and the fingerprint still changes with every key."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import commit_all, init_git, write_records
from cso_tracker.problems import Problem, Severity
from cso_tracker.repo import tree
from cso_tracker.repo.layout import KINDS, RecordFile
from cso_tracker.repo.revision import Revision
from cso_tracker.repo.scan import Scan, scan
from cso_tracker.repo.source import CacheKey, WorkTree, stat_key
from cso_tracker.repo.tree import RecordRel
from cso_tracker.repo.walk import walk

RECORD = "id: x\n"


def _odd_tree(root: Path) -> Path:
    """Ordinary records beside every entry the layout rules single out."""
    write_records(root, {
        "tracker.yaml": "group: x\n",
        "data/members/north-tenants.yaml": RECORD,
        "data/members/south-tenants.yaml": RECORD,
        "data/members/wrong-suffix.yml": RECORD,
        "data/members/LOUD.YAML": RECORD,
        "data/members/.hidden.yaml": RECORD,
        "data/members/notes.txt": "not a record\n",
        "data/members/sub/deep.yaml": RECORD,
        "data/members/named-like.yaml/inside.yaml": RECORD,
        "data/meetings/2024-01-01.yaml": RECORD,
        "data/commitments/repair-survey.yaml": RECORD,
        "data/commitments/other-place.yaml": RECORD,
        "data/updates/repair-survey/2024-04-02-north.yaml": RECORD,
        "data/updates/repair-survey/2024-04-03-north.yml": RECORD,
        "data/updates/repair-survey/.draft.yaml": RECORD,
        "data/updates/repair-survey/sub/2024-04-04.yaml": RECORD,
        "data/updates/Not_A_Slug/2024-04-05.yaml": RECORD,
        "data/updates/.hidden-folder/2024-04-06.yaml": RECORD,
        "data/updates/folder.yaml/2024-04-07.yaml": RECORD,
        "data/updates/loose.yaml": RECORD,
        "data/updates/loose-file": "x\n",
        "data/stray.yaml": RECORD,
        "data/memebers/typo.yaml": RECORD,
        "data/elsewhere/linked-target.yaml": RECORD,
        "data/elsewhere/folder/kept.yaml": RECORD,
        "data/.git-like/x.yaml": RECORD,
        "outside.yaml": RECORD,
    })  # fmt: skip
    data = root / "data"
    links = {
        "members/linked-inside.yaml": "../elsewhere/linked-target.yaml",
        "members/linked-outside.yaml": "../../outside.yaml",
        "members/linked-missing.yaml": "../elsewhere/none.yaml",
        "members/linked-loop.yaml": "linked-loop.yaml",
        "commitments/linked-folder.yaml": "../elsewhere/folder",
        "updates/repair-survey/linked.yaml": "../../elsewhere/linked-target.yaml",
        "updates/linked-commitment": "../elsewhere/folder",
    }
    for rel, target in links.items():
        (data / rel).symlink_to(target)
    if hasattr(os, "mkfifo"):
        os.mkfifo(data / "members" / "pipe.yaml")
        os.mkfifo(data / "updates" / "repair-survey" / "pipe.yaml")
        os.mkfifo(data / "pipe")
    return root


def _general(root: Path) -> tuple[list[RecordFile], list[Problem]]:
    """What the general rules alone make of every entry the walk lists."""
    return _general_of(root, _every_node(root))


def _every_node(root: Path) -> list[tree.Node]:
    """Every entry the walk lists as a Node, a regular file too (as a
    revision hands them over)."""
    nodes, files_in = walk(root)
    return [*nodes, *(tree.Node(rel, tree.NodeKind.FILE) for _, rels in files_in for rel in rels)]


def _sorted(problems: list[Problem]) -> list[str]:
    return sorted(map(repr, problems))


def test_the_fast_path_finds_what_the_general_rules_find(tmp_path: Path) -> None:
    root = _odd_tree(tmp_path / "group")
    files, problems = _general(root)
    assert len(files) == 10 and len(problems) >= 15  # the tree is as odd as meant
    fast_files, fast_problems = WorkTree(root).record_files()
    assert (fast_files, _sorted(fast_problems)) == (files, _sorted(problems))
    # Node by node, as a revision hands them over, through the per-folder cache.
    by_node = tree.record_files(root, _every_node(root))
    assert (by_node[0], _sorted(by_node[1])) == (files, _sorted(problems))
    scanned = scan(WorkTree(root))
    assert (scanned.files, _sorted(scanned.problems)) == (files, _sorted(problems))
    assert scanned.keys == [stat_key(f.path.stat()) for f in files]


def test_a_revision_reads_the_odd_tree_as_the_work_tree(tmp_path: Path) -> None:
    root = _odd_tree(tmp_path / "group")
    for pipe in (root / "data").rglob("pipe*"):
        pipe.unlink()  # git keeps no named pipe
    init_git(root)
    commit_all(root, "an odd tree")
    at_head, problems = Revision(root, "HEAD").record_files()
    files, on_disk = WorkTree(root).record_files()
    assert [f.rel for f in at_head] == [f.rel for f in files]
    assert _sorted(problems) == _sorted(on_disk)


def test_a_key_taken_by_the_walk_is_os_stat_s(tmp_path: Path) -> None:
    """A link is keyed by what it leads to (as reading it follows it), a
    file in a linked record folder by the file itself."""
    root = _odd_tree(tmp_path / "group")
    (root / "data" / "meetings").rename(root / "data" / "meetings-real")
    (root / "data" / "meetings").symlink_to("meetings-real")
    scanned = scan(WorkTree(root))
    by_rel = dict(zip([f.rel for f in scanned.files], scanned.keys, strict=True))
    linked = root / "data" / "elsewhere" / "linked-target.yaml"
    assert by_rel["data/members/linked-inside.yaml"] == stat_key(linked.stat())
    assert by_rel["data/members/linked-inside.yaml"] != stat_key(
        (root / "data" / "members" / "linked-inside.yaml").lstat()
    )
    meeting = root / "data" / "meetings-real" / "2024-01-01.yaml"
    assert by_rel["data/meetings/2024-01-01.yaml"] == stat_key(meeting.stat())
    assert scanned.keys == [WorkTree(root).cache_key(f) for f in scanned.files]


def _aged(root: Path) -> Path:
    then = time.time() - 10
    for path in [root / "tracker.yaml", *(root / "data").rglob("*.y*ml")]:
        if not path.is_symlink() and path.is_file():
            os.utime(path, (then, then))
    return root


def _fingerprint(root: Path) -> str:
    fingerprint = scan(WorkTree(root)).fingerprint
    assert fingerprint is not None
    return fingerprint


def _group(tmp_path: Path) -> Path:
    return _aged(write_records(tmp_path / "group", {
        "tracker.yaml": "group: x\n",
        "data/members/north-tenants.yaml": RECORD,
        "data/commitments/repair-survey.yaml": RECORD,
        "data/updates/repair-survey/2024-04-02-north.yaml": RECORD,
    }))  # fmt: skip


MEMBER = "data/members/north-tenants.yaml"


def _replace_keeping_size_and_times(path: Path) -> None:
    """A new file (a new inode) of the same size and mtime."""
    info = path.stat()
    copy = path.with_name("copy.tmp")
    shutil.copyfile(path, copy)
    path.unlink()
    copy.rename(path)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_ino != info.st_ino and path.stat().st_size == info.st_size


def _same_mtime_new_content(path: Path) -> None:
    info = path.stat()
    path.write_text(RECORD.replace("x", "y"), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # only ctime tells


def _older_mtime(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - 1_000_000_000))


@pytest.mark.parametrize("change", [_replace_keeping_size_and_times, _same_mtime_new_content,
                                    _older_mtime])  # fmt: skip
def test_every_part_of_a_key_changes_the_fingerprint(tmp_path: Path, change: object) -> None:
    root = _group(tmp_path)
    before = _fingerprint(root)
    assert _fingerprint(root) == before  # unchanged: the same
    time.sleep(0.01)  # a ctime of its own
    change(root / MEMBER)  # type: ignore[operator]
    assert _fingerprint(root) != before


def test_a_renamed_file_changes_the_fingerprint(tmp_path: Path) -> None:
    root = _group(tmp_path)
    before = _fingerprint(root)
    (root / MEMBER).rename(root / "data/members/south-tenants.yaml")  # the same stat
    assert _fingerprint(root) != before


def test_one_racy_file_among_many_leaves_no_fingerprint(tmp_path: Path) -> None:
    root = _group(tmp_path)
    write_records(root, {f"data/members/m-{n}.yaml": RECORD for n in range(50)})
    _aged(root)
    assert scan(WorkTree(root)).fingerprint is not None
    (root / "data/members/m-25.yaml").write_text(RECORD, encoding="utf-8")
    assert scan(WorkTree(root)).fingerprint is None


@pytest.mark.parametrize("newest", [time.time_ns(), time.time_ns() - 10**10])
def test_a_key_that_is_a_problem_is_fingerprinted_and_racy_checked(
    tmp_path: Path, newest: int
) -> None:
    """A file that could not be stat'ed (its key a Problem) takes the
    fingerprint's slower path, which still says no when another file is racy."""
    root = _group(tmp_path)
    ok = scan(WorkTree(root))
    problem = Problem(MEMBER, 1, 1, Severity.ERROR, "cannot read: gone", "file-unreadable")
    keys: list[CacheKey | Problem] = [problem, *ok.keys[1:-1], (3, newest, newest, 7)]
    with_problem = _scan_with(root, ok, keys)
    if newest > time.time_ns() - 10**9:
        assert with_problem.fingerprint is None
    else:
        assert with_problem.fingerprint not in (None, ok.fingerprint)


def _scan_with(root: Path, scanned: Scan, keys: list[CacheKey | Problem]) -> Scan:
    class Keyed(WorkTree):
        def keyed_records(
            self,
        ) -> tuple[list[RecordRel], list[Problem], list[CacheKey | Problem], None]:
            return scanned.rels, scanned.problems, keys, None

    return scan(Keyed(root))


def test_a_revision_s_fingerprint_follows_its_blobs(tmp_path: Path) -> None:
    root = _group(tmp_path)
    init_git(root)
    commit_all(root, "first")
    first = scan(Revision(root, "HEAD")).fingerprint
    (root / MEMBER).write_text(RECORD.replace("x", "y"), encoding="utf-8")
    commit_all(root, "second")
    second = scan(Revision(root, "HEAD")).fingerprint
    assert None not in (first, second) and first != second
    assert scan(Revision(root, "HEAD~1")).fingerprint == first


def test_a_record_file_s_names_are_worked_out_when_asked(tmp_path: Path) -> None:
    update = RecordFile(
        "updates", tmp_path / "u.yaml", "data/updates/repair-survey/2024-04-02.yaml"
    )
    member = RecordFile("members", str(tmp_path / "m.yaml"), "data/members/north-tenants.yaml")
    assert (update.stem_id, update.update_place, update.record_id) == (
        "2024-04-02",
        ("repair-survey", "2024-04-02"),
        "repair-survey/2024-04-02",
    )
    assert (member.stem_id, member.record_id) == ("north-tenants", "north-tenants")
    assert member.path == tmp_path / "m.yaml" and update.location == str(tmp_path / "u.yaml")
    assert update == RecordFile("updates", str(tmp_path / "u.yaml"), update.rel)


def test_files_handed_by_folder_are_judged_as_nodes_are(tmp_path: Path) -> None:
    """What the work tree's walk never lists (hidden names) still follows
    the general rules when a source hands files over by folder."""
    folders = {
        "data/members": [".hidden.yaml", "a.yaml", "b.yml", "C.YAML", "notes.txt"],
        "data/updates/repair-survey": [".x.yaml", "2024-01-01.yaml"],
        "data/updates/.hidden": ["2024-01-02.yaml"],
        "data/updates": ["loose.yaml", "repair-survey"],
        "data": ["stray.yaml"],
        "data/members/sub": ["deep.yaml"],
    }
    files_in = [
        (folder, [f"{folder}/{name}" for name in names]) for folder, names in folders.items()
    ]
    nodes = [tree.Node(rel, tree.NodeKind.FILE) for _, rels in files_in for rel in rels]
    by_folder = tree.record_files(tmp_path, [], files_in)
    assert [f.rel for f in by_folder[0]] == [
        "data/members/a.yaml", "data/updates/repair-survey/2024-01-01.yaml"
    ]  # fmt: skip
    expected = _general_of(tmp_path, nodes)
    assert (by_folder[0], _sorted(by_folder[1])) == (expected[0], _sorted(expected[1]))
    assert len(by_folder[1]) == 6  # b.yml, C.YAML, loose.yaml, repair-survey, stray, deep


def _general_of(root: Path, nodes: list[tree.Node]) -> tuple[list[RecordFile], list[Problem]]:
    """What the general rules alone make of `nodes`."""
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    problems: list[Problem] = []
    for node in nodes:
        tree._general(node, found, problems)
    rels = [(kind, rel) for kind in KINDS for rel in sorted(found[kind])]
    return tree.record_files_of(tree.root_base(root), rels), problems


def test_a_work_tree_that_keys_its_own_way_is_keyed_its_way(tmp_path: Path) -> None:
    """The walk's keys stand for cache_key's only where cache_key is WorkTree's."""

    class Sized(WorkTree):
        def cache_key(self, record_file: RecordFile) -> CacheKey | Problem:
            return ("size", record_file.path.stat().st_size)

    root = _group(tmp_path)
    keys = scan(Sized(root)).keys
    assert keys == [("size", len(RECORD))] * 3
