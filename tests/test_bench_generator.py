"""bench/generate.py writes registries in the current data contract, so the
benchmarks measure valid records: a small one validates with no problem,
even under --strict, and is the same on every run."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import REPO_ROOT, git, run_cli

pytestmark = pytest.mark.today(dt.date(2026, 12, 1))


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_generate", REPO_ROOT / "bench" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_a_generated_registry_validates_with_no_problem(tmp_path: Path) -> None:
    root = _generator().generate(tmp_path / "registry", 50)
    updates = list((root / "data" / "updates").glob("*/*.yaml"))
    assert len(updates) > 50, "0-6 updates per commitment, as update files"
    assert not any("status:" in p.read_text() for p in (root / "data" / "commitments").iterdir())

    result = run_cli("validate", "--strict", cwd=root)

    assert result.exit_code == 0, result.output
    assert "no problems" in result.output
    assert git(root, "log", "--format=%s").splitlines() == ["A round of updates", "The registry"]
    assert run_cli("status", "--at", "HEAD~1", "--format", "md", cwd=root).exit_code == 0


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    generate = _generator().generate
    first = generate(tmp_path / "one", 30, git=False)
    second = generate(tmp_path / "two", 30, git=False)
    other = generate(tmp_path / "three", 30, seed=7, git=False)
    assert _files(first) == _files(second)
    assert _files(first) != _files(other)
