"""The package's own templates render in a plain Jinja environment with a
bytecode cache, a group's in the sandbox, and the two give the same bytes.
The bytecode cache holds code, so it is believed only when the user's own
and no one else may write it; anything else costs the compile, never the
report."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import REPO_ROOT, RIVERSIDE, copy_group, run_cli
from cso_tracker.query import status
from cso_tracker.render import templates
from cso_tracker.render.environments import package_environment
from cso_tracker.repo.load import load_repository
from cso_tracker.userdirs import cache_home

AS_OF = dt.date(2026, 11, 10)


def build(root: Path) -> status.StatusReport:
    repo = load_repository(root)
    return status.build_status(
        group=repo.settings.group, settings=repo.settings, members=repo.members,
        meetings=repo.meetings, commitments=repo.commitments.values(), as_of=AS_OF,
    )  # fmt: skip


def code_files() -> list[Path]:
    folder = cache_home() / "templates"
    return sorted(folder.glob("*.code")) if folder.is_dir() else []


def plant(source: str) -> Path:
    """Compiled code of `source` stored as status.md.j2's, with the real
    template's checksum: a cache that believed it would run it."""
    env = package_environment()
    cache = env.bytecode_cache
    assert cache is not None
    real, filename, _ = env.loader.get_source(env, templates.STATUS_TEMPLATE)  # type: ignore[union-attr]
    bucket = cache.get_bucket(env, templates.STATUS_TEMPLATE, filename, real)
    bucket.code = env.compile(source, templates.STATUS_TEMPLATE, filename)
    cache.set_bucket(bucket)
    (path,) = code_files()
    return path


def test_plain_and_sandboxed_give_the_same_bytes(tmp_path: Path) -> None:
    """The default report (plain) is byte for byte what the sandbox renders
    from a group's unchanged copy of the templates."""
    plain_root = copy_group(RIVERSIDE, tmp_path / "plain")
    copied = copy_group(RIVERSIDE, tmp_path / "copied")
    shutil.copytree(REPO_ROOT / "templates", copied / "templates")
    plain = templates.render_status(build(plain_root), root=plain_root, max_rows=2)
    sandboxed = templates.render_status(build(copied), root=copied, max_rows=2)
    assert plain == sandboxed


def test_a_group_template_may_include_the_package_default(tmp_path: Path) -> None:
    """`{% include "status.md.j2" %}` in a group's own template finds the
    package's default, rendered in the sandbox like the template itself."""
    root = copy_group(RIVERSIDE, tmp_path / "group")
    (root / "templates").mkdir()
    (root / "templates" / "weekly.md.j2").write_text(
        'Weekly\n\n{% include "status.md.j2" %}', "utf-8"
    )
    report = build(root)
    text = templates.render_status(report, root=root, template=root / "templates" / "weekly.md.j2")
    assert text == "Weekly\n\n" + templates.render_status(report, root=root)


def test_the_package_template_is_compiled_once_into_the_users_cache(tmp_path: Path) -> None:
    root = copy_group(RIVERSIDE, tmp_path / "group")
    first = templates.render_status(build(root), root=root)
    (path,) = code_files()
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert templates.render_status(build(root), root=root) == first


def test_a_group_with_its_own_copy_of_any_template_renders_in_the_sandbox(tmp_path: Path) -> None:
    """A group's member.md.j2 alone sends status.md.j2 to the sandbox too
    (a package template including another must find the group's copy), so
    no package code is compiled into the cache."""
    root = copy_group(RIVERSIDE, tmp_path / "group")
    (root / "templates").mkdir()
    shutil.copyfile(REPO_ROOT / "templates" / "member.md.j2", root / "templates" / "member.md.j2")
    text = templates.render_status(build(root), root=root)
    assert text.startswith("# Status of commitments: ")
    assert code_files() == []


def test_cached_code_in_a_trusted_folder_is_what_runs(tmp_path: Path) -> None:
    """The check the next tests rely on: planted code is run when believed."""
    plant("planted {{ report.group }}\n")
    root = copy_group(RIVERSIDE, tmp_path / "group")
    assert templates.render_status(build(root), root=root) == "planted Riverside Water Forum\n"


@pytest.mark.parametrize("where", ["folder", "file"])
def test_cached_code_others_may_write_is_never_run(tmp_path: Path, where: str) -> None:
    path = plant("planted {{ report.group }}\n")
    (path.parent if where == "folder" else path).chmod(0o777 if where == "folder" else 0o666)
    root = copy_group(RIVERSIDE, tmp_path / "group")
    text = templates.render_status(build(root), root=root)
    assert text.startswith("# Status of commitments: Riverside Water Forum\n")


def test_cached_code_behind_a_symbolic_link_is_never_run(tmp_path: Path) -> None:
    path = plant("planted {{ report.group }}\n")
    target = tmp_path / "elsewhere.code"
    path.rename(target)
    path.symlink_to(target)
    root = copy_group(RIVERSIDE, tmp_path / "group")
    assert templates.render_status(build(root), root=root).startswith("# Status of commitments: ")


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_corrupt_cache_file_is_compiled_again_and_replaced(tmp_path: Path, damage: str) -> None:
    path = plant("planted\n")
    data = path.read_bytes()
    broken = {
        "truncated": data[: len(data) - 20],
        "garbage": data[:60] + b"\x00" * 99,
        "empty": b"",
    }
    path.write_bytes(broken[damage])
    root = copy_group(RIVERSIDE, tmp_path / "group")
    text = templates.render_status(build(root), root=root)
    assert text.startswith("# Status of commitments: Riverside Water Forum\n")
    assert path.read_bytes() != broken[damage]  # replaced by the compiled default


def test_a_cache_folder_that_cannot_be_written_costs_no_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """XDG_CACHE_HOME a file: nothing can be cached, the report is the same."""
    root = copy_group(RIVERSIDE, tmp_path / "group")
    expected = run_cli("--root", str(root), "status", "--as-of", "2026-11-10", "--format", "md")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    result = run_cli("--root", str(root), "status", "--as-of", "2026-11-10", "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout == expected.stdout
    assert result.stderr == ""
