"""The floor of issue 12: a Python process that reads every record file of a
registry and parses it with libyaml's C loader, and does nothing else (no
schema, no references, no lines). `tracker validate` cold is measured
against it.

PyYAML's CSafeLoader when PyYAML is installed with libyaml, else
ruamel.yaml's CSafeLoader (libyaml's C parser, from ruamel.yaml.clib, a dependency of
the tracker). `--which` prints the loader used and exits.

    python bench/floor.py ROOT
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def loader() -> tuple[str, Callable[[str], Any]]:
    try:
        import yaml

        if getattr(yaml, "__with_libyaml__", False):
            return "PyYAML CSafeLoader", lambda text: yaml.load(text, Loader=yaml.CSafeLoader)
    except ImportError:
        pass
    # The old-style loader: libyaml parses and composes in C, the safe
    # constructor builds plain values; YAML(typ="safe").load is twice as
    # slow per file (it sets up a loader each call), so it would flatter us.
    from ruamel.yaml.cyaml import CSafeLoader  # type: ignore[attr-defined]

    def load(text: str) -> Any:
        parser = CSafeLoader(text)
        try:
            return parser.get_single_data()
        finally:
            parser.dispose()

    return "ruamel.yaml.cyaml.CSafeLoader (libyaml's C parser)", load


def main() -> None:
    name, load = loader()
    if sys.argv[1] == "--which":
        print(name)
        return
    root = Path(sys.argv[1])
    files = [root / "tracker.yaml", *sorted((root / "data").rglob("*.yaml"))]
    for path in files:
        if load(path.read_text(encoding="utf-8")) is None:
            sys.exit(f"{path}: empty")
    print(f"{len(files)} files parsed")


if __name__ == "__main__":
    main()
