"""Write a fictional registry of N records (default 10,000 commitments plus
their members and meetings) for the benchmarks. Deterministic: same N, same
files."""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

MEMBERS = 40
MEETINGS = 60


def generate(root: Path, commitments: int, seed: int = 2013) -> Path:
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    for kind in ("members", "meetings", "commitments"):
        (root / "data" / kind).mkdir(parents=True)
    (root / "tracker.yaml").write_text("group: Benchmark Forum\n", encoding="utf-8")
    for m in range(MEMBERS):
        (root / "data" / "members" / f"org-{m:02d}.yaml").write_text(
            f"id: org-{m:02d}\nname: Organisation {m:02d}\nacronym: O{m:02d}\n"
            "type: civil-society\nrole: member\npeople:\n"
            f"  - name: Person {m:02d}a\n    focal_point: true\n  - name: Person {m:02d}b\n",
            encoding="utf-8",
        )
    for m in range(MEETINGS):
        year, month = 2015 + m // 12, m % 12 + 1
        (root / "data" / "meetings" / f"{year}-{month:02d}-01-call.yaml").write_text(
            f"id: {year}-{month:02d}-01-call\ntitle: Monthly call {m}\ndate: {year}-{month:02d}-01\n"
            "kind: teleconference\nstatus: held\nconvened_by: org-00\n",
            encoding="utf-8",
        )
    statuses = ["agreed", "in-progress", "stalled", "done"]
    for c in range(commitments):
        m = rng.randrange(MEETINGS)
        year, month = 2015 + m // 12, m % 12 + 1
        owner = rng.randrange(MEMBERS)
        status = rng.choice(statuses)
        lines = [
            f"id: item-{c:05d}",
            f"number: {c + 1}",
            f"title: Benchmark item {c}",
            f"text: The group agreed to do thing number {c}, with partners, by the date below.",
            f"agreed_at: {year}-{month:02d}-01-call",
            "owners:",
            f"  - org-{owner:02d}",
            f"status: {status}",
            f"due: {year + 1}-{month:02d}-15",
            "tags:",
            "  - benchmark",
        ]
        if status != "agreed":
            lines += [
                "updates:",
                f"  - date: {year}-{month:02d}-20",
                f"    by: org-{owner:02d}",
                f"    author: Person {owner:02d}a",
                f"    status: {status}",
                "    note: Progress reported on the monthly call.",
            ]
            if status == "done":
                lines += ["    evidence:", "      - https://example.org/report.pdf"]
        (root / "data" / "commitments" / f"item-{c:05d}.yaml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", "--commitments", type=int, default=10_000)
    arguments = parser.parse_args()
    generate(arguments.folder, arguments.commitments)


if __name__ == "__main__":
    main()
