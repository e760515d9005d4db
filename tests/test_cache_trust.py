"""The record cache is data, never code, and is believed only when it is
the user's own: a planted pickle is not run, a cache others may write is
ignored, anything of the wrong shape is a miss, and the cache follows every
change of the files."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO_ROOT, run_cli
from cso_tracker.models import RECORD_MODELS
from cso_tracker.repo import plain
from cso_tracker.repo.cache import RecordCache, cache_folder
from cso_tracker.repo.load import load_repository
from cso_tracker.repo.parse import parse_record
from cso_tracker.repo.verdicts import VerdictStore

COMMITMENT = "data/commitments/repair-survey.yaml"


def aged(root: Path) -> Path:
    """Every record file and tracker.yaml moved out of the racy window, so
    they are cached and a verdict is stored (a fresh tracker.yaml gives no
    fingerprint: the test failed whenever four runs took under 2 s)."""
    then = time.time() - 10
    for path in [*(root / "data").rglob("*.yaml"), root / "tracker.yaml"]:
        os.utime(path, (then, then))
    return root


def filled(root: Path) -> Path:
    """The cache file of `root`, after one load filled it."""
    load_repository(aged(root))
    path = RecordCache(root).path
    assert path.is_file()
    return path


def plant_title(cache_file: Path, title: str) -> None:
    """Change the cached title of repair-survey, keeping its key: a cache
    believed would serve it."""
    stored = json.loads(cache_file.read_bytes())
    stored["entries"][COMMITMENT][1][1]["title"] = title
    cache_file.write_text(json.dumps(stored), "utf-8")
    cache_file.chmod(0o600)


def title(root: Path, **kwargs: bool) -> str:
    return load_repository(root, **kwargs).commitments["repair-survey"].title


class _Planted:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_pickle_is_never_run(minimal_group: Path, tmp_path: Path) -> None:
    """A cache file holding a pickle that would create a marker file, under
    the new name and the old one: neither runs, and the run is as usual."""
    cache_file = filled(minimal_group)
    marker = tmp_path / "marker"
    payload = pickle.dumps({"version": "x", "entries": _Planted(marker)})
    for path in (cache_file, cache_file.with_suffix(".pickle")):
        path.write_bytes(payload)
        path.chmod(0o600)
    result = run_cli("validate", cwd=minimal_group)
    assert result.exit_code == 0, result.output
    assert run_cli("status", "--format", "md", cwd=minimal_group).exit_code == 0
    assert not marker.exists()
    assert json.loads(cache_file.read_bytes())["entries"]  # rebuilt as JSON
    assert not cache_file.with_suffix(".pickle").exists()


def test_a_trusted_cache_is_believed(minimal_group: Path) -> None:
    """The control for the tests below: the user's own cache, 0600, is served
    as it is (the cache holds what the loader validated), and use_cache=False
    bypasses it. (There is no --no-cache option.)"""
    cache_file = filled(minimal_group)
    plant_title(cache_file, "Served from the cache")
    assert title(minimal_group) == "Served from the cache"
    assert title(minimal_group, use_cache=False) == "Repair survey"


@pytest.mark.parametrize("mode", [0o666, 0o620, 0o602])
def test_a_cache_file_others_may_write_is_ignored(minimal_group: Path, mode: int) -> None:
    cache_file = filled(minimal_group)
    plant_title(cache_file, "Planted")
    cache_file.chmod(mode)
    assert title(minimal_group) == "Repair survey"
    assert cache_file.stat().st_mode & 0o777 == 0o600  # rebuilt, the user's own again
    assert title(minimal_group) == "Repair survey"


def test_a_cache_folder_others_may_write_is_ignored(minimal_group: Path) -> None:
    cache_file = filled(minimal_group)
    plant_title(cache_file, "Planted")
    cache_file.parent.chmod(0o777)
    try:
        assert title(minimal_group) == "Repair survey"
        assert title(minimal_group) == "Repair survey"
    finally:
        cache_file.parent.chmod(0o700)


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to chown")
def test_a_cache_file_of_another_user_is_ignored(minimal_group: Path) -> None:
    cache_file = filled(minimal_group)
    plant_title(cache_file, "Planted")
    os.chown(cache_file, 4242, -1)
    assert title(minimal_group) == "Repair survey"


def test_a_symbolic_link_is_not_followed(minimal_group: Path, tmp_path: Path) -> None:
    cache_file = filled(minimal_group)
    plant_title(cache_file, "Planted")
    elsewhere = tmp_path / "elsewhere.json"
    cache_file.rename(elsewhere)
    cache_file.symlink_to(elsewhere)
    assert title(minimal_group) == "Repair survey"


@pytest.mark.parametrize(
    "damage",
    ["truncated", "not-utf8", "wrong-version", "entries-not-a-mapping", "date-not-a-date",
     "unknown-field", "unknown-model", "status-not-a-status", "key-not-a-list", "problem-short"],
)  # fmt: skip
def test_a_cache_of_the_wrong_shape_is_a_miss(minimal_group: Path, damage: str) -> None:
    """Each damage leaves valid-looking JSON (or not): the records are read
    from the files, and the cache is rebuilt."""
    cache_file = filled(minimal_group)
    text = cache_file.read_text("utf-8")
    stored = json.loads(text)
    entry = stored["entries"][COMMITMENT]
    if damage == "truncated":
        cache_file.write_text(text[: len(text) // 2], "utf-8")
    elif damage == "not-utf8":
        cache_file.write_bytes(b"\xff\xfe" + text.encode())
    else:
        if damage == "wrong-version":
            stored["version"] = "1/0/0/0/0"
        elif damage == "entries-not-a-mapping":
            stored["entries"] = [1, 2]
        elif damage == "date-not-a-date":
            entry[1][1]["due"] = "2024-02-30"
        elif damage == "unknown-field":
            entry[1][1]["planted"] = "x"
        elif damage == "unknown-model":
            entry[1][0] = "Popen"
        elif damage == "status-not-a-status":
            stored["entries"]["data/updates/repair-survey/2024-04-02-north-tenants.yaml"][1][1][
                "status"
            ] = "hacked"
        elif damage == "key-not-a-list":
            entry[0] = "key"
        elif damage == "problem-short":
            entry[2] = [["a", 1]]
        entry[1][1]["title"] = "Planted"
        cache_file.write_text(json.dumps(stored), "utf-8")
    cache_file.chmod(0o600)
    repository = load_repository(minimal_group)
    assert repository.commitments["repair-survey"].title == "Repair survey"
    assert repository.commitments["repair-survey"].status.value == "in-progress"
    assert json.loads(cache_file.read_bytes())["entries"][COMMITMENT][1][1]["title"] == (
        "Repair survey"
    )


def test_every_change_of_the_files_is_seen(minimal_group: Path) -> None:
    """Edited, added, removed and renamed files, each on the next run."""
    filled(minimal_group)
    commitments = minimal_group / "data" / "commitments"
    path = commitments / "repair-survey.yaml"
    path.write_text(path.read_text("utf-8").replace("Repair survey", "Repair census"), "utf-8")
    assert title(minimal_group) == "Repair census"
    aged(minimal_group)
    extra = (
        path.read_text("utf-8")
        .replace("repair-survey", "roof-survey")
        .replace("number: 1", "number: 2")
    )
    (commitments / "roof-survey.yaml").write_text(extra, "utf-8")
    assert set(load_repository(aged(minimal_group)).commitments) == {"repair-survey", "roof-survey"}
    (commitments / "roof-survey.yaml").rename(commitments / "attic-survey.yaml")
    renamed = load_repository(minimal_group)
    assert "data/commitments/attic-survey.yaml" in {p.path for p in renamed.problems}  # id-mismatch
    (commitments / "attic-survey.yaml").unlink()
    assert set(load_repository(minimal_group).commitments) == {"repair-survey"}


def test_two_runs_at_once_leave_a_whole_cache(minimal_group: Path) -> None:
    aged(minimal_group)
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_folder().parent.parent)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "cso_tracker", "--root", str(minimal_group), "validate"],
            env=env,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    for run in runs:
        run.communicate(timeout=120)
    assert [run.returncode for run in runs] == [0, 0, 0, 0]
    cache_file = RecordCache(minimal_group).path
    stored = json.loads(cache_file.read_bytes())
    assert COMMITMENT in stored["entries"]
    verdicts = json.loads(VerdictStore(minimal_group, "worktree").path.read_bytes())
    assert [entry[2:] for entry in verdicts["verdicts"]] == [[5, []]]  # one verdict: clean
    assert [p.name for p in cache_file.parent.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("root", ["data", "tests/fixtures/groups/riverside/data"])
def test_every_record_comes_back_from_plain_data_as_it_was(root: Path) -> None:
    """The bundled records and a fixture group: equal, with the same fields
    set, after a round trip through the cache's JSON."""
    folder = REPO_ROOT / root
    count = 0
    for path in sorted(folder.rglob("*.yaml")):
        kind = path.relative_to(folder).parts[0]
        record, _ = parse_record(path.read_bytes(), path.name, RECORD_MODELS[kind])
        assert record is not None
        back = plain.from_plain(json.loads(json.dumps(plain.to_plain(record))))
        assert back == record
        assert back is not None and back.model_fields_set == record.model_fields_set
        count += 1
    assert count > 20
