"""Benchmarks on a generated registry of 10,000 commitments (bench/generate.py).

Runs each command as a user would (a subprocess), several times, and prints
the median wall time. "cold" means an empty record cache; "warm" means the
cache was filled by an earlier run. check-jsonschema (installed by
`make bench`) is timed on the same files against the JSON Schema of the
Commitment model, as the yardstick for `validate`.

    python bench/run.py [-n 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent


def timed(command: Sequence[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed:\n{completed.stderr.decode()}")
    return elapsed


def median_of(
    repeat: int, command: Sequence[str], cwd: Path, env: dict[str, str],
    before: Callable[[], None] | None = None,
) -> float:  # fmt: skip
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        times.append(timed(command, cwd, env))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--commitments", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()

    work = HERE / ".work"
    registry = work / "registry"
    print(f"generating {arguments.commitments:,} commitments in {registry} ...")
    generate(registry, arguments.commitments)
    # Age the files beyond the cache's racy window, as in a real checkout.
    then = time.time() - 60
    for path in registry.rglob("*.yaml"):
        os.utime(path, (then, then))

    cache = Path(tempfile.mkdtemp(prefix="tracker-bench-cache-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "TERM": "dumb", "NO_COLOR": "1"}

    def clear_cache() -> None:
        shutil.rmtree(cache / "cso-tracker", ignore_errors=True)

    tracker = str(BIN / "tracker")
    rows: list[tuple[str, float]] = []
    rows.append(("tracker validate (cold)",
                 median_of(arguments.repeat, [tracker, "validate"], registry, env, clear_cache)))  # fmt: skip
    timed([tracker, "validate"], registry, env)
    rows.append(("tracker validate (warm)",
                 median_of(arguments.repeat, [tracker, "validate"], registry, env)))  # fmt: skip
    status = subprocess.run([tracker, "status", "--help"], capture_output=True, check=False)
    if status.returncode == 0:
        rows.append(("tracker status --format md (warm)",
                     median_of(arguments.repeat, [tracker, "status", "--format", "md"], registry, env)))  # fmt: skip
    update = subprocess.run([tracker, "update", "--help"], capture_output=True, check=False)
    if update.returncode == 0:
        counter = iter(range(1_000_000))

        def fresh_note() -> None:
            next(counter)

        rows.append((
            "tracker update (one record, warm)",
            median_of(arguments.repeat,
                      [tracker, "update", "item-00001", "--note", "Benchmark note.",
                       "--by", "org-00", "--date", "2026-01-01"], registry, env, fresh_note),
        ))  # fmt: skip

    checker = BIN / "check-jsonschema"
    if checker.exists():
        from cso_tracker.models import Commitment

        schema = work / "commitment.schema.json"
        schema.write_text(json.dumps(Commitment.model_json_schema()), encoding="utf-8")
        files = sorted(str(p) for p in (registry / "data" / "commitments").glob("*.yaml"))
        rows.append((
            "check-jsonschema, commitments only (yardstick)",
            median_of(1, [str(checker), "--schemafile", str(schema), *files], registry, env),
        ))  # fmt: skip
    else:
        print("check-jsonschema is not installed: `make bench` installs it")

    print(f"\n| what ({arguments.commitments:,} commitments) | median of {arguments.repeat} |")
    print("| --- | --- |")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} s |")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
