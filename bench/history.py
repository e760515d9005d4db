"""Benchmark of `tracker changes` (issue 9: under 2 s): a generated registry
of N commitments (bench/generate.py, progress moved into update files)
committed once, then C more commits of the kinds a group makes (updates
with a new status, a revised due date, an owner added, a title edited, a
new commitment), and `tracker changes` over all C timed as a user runs it
(a subprocess), with an empty record cache (cold) and a filled one (warm).

    python bench/history.py [-n 1000] [--commits 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import BIN, median_of, timed  # noqa: E402

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench Author", "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench Author", "GIT_COMMITTER_EMAIL": "bench@example.org",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}  # fmt: skip


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV, **(env or {})})  # fmt: skip


def _agreed_only(root: Path) -> None:
    """generate.py writes status and updates into the commitment (the old
    layout): keep only what was agreed, as the registry holds it now."""
    for path in (root / "data" / "commitments").glob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines()
        cut = lines.index("updates:") if "updates:" in lines else len(lines)
        kept = [line for line in lines[:cut] if not line.startswith("status:")]
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")


def _one_change(root: Path, rng: random.Random, step: int, count: int) -> None:
    """One commit's worth of change, of a kind chosen in turn."""
    item = f"item-{rng.randrange(count):05d}"
    path = root / "data" / "commitments" / f"{item}.yaml"
    text = path.read_text(encoding="utf-8")
    owner = text.split("owners:\n  - ", 1)[1].split("\n", 1)[0]
    kind = step % 5
    if kind in (0, 1):  # an update with a status, or a revised due date
        folder = root / "data" / "updates" / item
        folder.mkdir(parents=True, exist_ok=True)
        day = f"2026-{step % 12 + 1:02d}-{step % 27 + 1:02d}"
        extra = "status: in-progress\n" if kind == 0 else "due: 2027-06-30\n"
        (folder / f"{day}-{owner}-s{step}.yaml").write_text(
            f"date: {day}\nby: {owner}\n{extra}note: Step {step} of the benchmark.\n",
            encoding="utf-8",
        )
    elif kind == 2:  # an owner added
        other = "org-39" if owner != "org-39" else "org-38"
        path.write_text(text.replace(f"  - {owner}\n", f"  - {owner}\n  - {other}\n"), "utf-8")
    elif kind == 3:  # a title edited
        path.write_text(text.replace("title: Benchmark item", "title: Revised item"), "utf-8")
    else:  # a new commitment
        new = root / "data" / "commitments" / f"new-{step:03d}.yaml"
        new.write_text(text.replace(f"id: {item}", f"id: new-{step:03d}")
                       .replace("number: ", f"number: {count + step}0"), "utf-8")  # fmt: skip


def build(root: Path, count: int, commits: int) -> Path:
    generate(root, count)
    _agreed_only(root)
    _git(root, "init", "--quiet", "--initial-branch=main")
    _git(root, "add", "-A")
    _git(root, "commit", "--quiet", "-m", "The registry", "--no-gpg-sign")
    _git(root, "tag", "start")
    rng = random.Random(2013)
    for step in range(commits):
        _one_change(root, rng, step, count)
        _git(root, "add", "-A")
        _git(root, "commit", "--quiet", "--no-gpg-sign", "-m", f"Change {step}")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--commitments", type=int, default=1_000)
    parser.add_argument("--commits", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()

    registry = HERE / ".work" / "history"
    print(f"building {arguments.commitments:,} commitments and {arguments.commits} commits ...")
    build(registry, arguments.commitments, arguments.commits)
    cache = Path(tempfile.mkdtemp(prefix="tracker-bench-cache-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "TERM": "dumb", "NO_COLOR": "1"}

    def clear_cache() -> None:
        shutil.rmtree(cache / "cso-tracker", ignore_errors=True)

    command = [str(BIN / "tracker"), "changes", "--since", "start", "--format", "json"]
    cold = median_of(arguments.repeat, command, registry, env, clear_cache)
    timed(command, registry, env)
    warm = median_of(arguments.repeat, command, registry, env)
    label = f"{arguments.commitments:,} commitments, {arguments.commits} commits"
    print(f"\n| tracker changes ({label}) | median of {arguments.repeat} |")
    print("| --- | --- |")
    print(f"| cold record cache | {cold:.2f} s |")
    print(f"| warm record cache | {warm:.2f} s |")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
