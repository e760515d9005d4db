"""The command line: parse, call the core, render. Commands live in one
module per group and register themselves on the shared app."""

from __future__ import annotations

from cso_tracker.cli import edit as _edit  # noqa: F401  (registers commands)
from cso_tracker.cli import query as _query  # noqa: F401  (registers commands)
from cso_tracker.cli import validate as _validate  # noqa: F401  (registers commands)
from cso_tracker.cli._app import app


def main() -> None:
    app(prog_name="tracker")


__all__ = ["app", "main"]
