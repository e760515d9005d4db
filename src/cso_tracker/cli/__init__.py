"""The command line: parse, call the core, render. Commands live in one
module per group and register themselves on the shared app.

Nothing is imported here until it is needed: `tracker` imports `main` from
this package, so whatever this module imports runs before the error boundary
exists, and a Ctrl-C during those imports (typer, the commands: ~0.1 s) or
while typer built the parser printed a Python traceback.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not from typing: importing typing alone takes ~10 ms
if TYPE_CHECKING:
    from typing import Any


def _load_app() -> Any:
    # Each command module registers its commands on the app when imported.
    from cso_tracker.cli import (  # noqa: F401
        codeowners,
        fmt,
        history,
        init,
        meeting,
        member,
        minutes,
        records,
        report,
        review,
        update,
        validate,
    )
    from cso_tracker.cli._app import app

    return app


def _answer_version() -> None:
    """`tracker --version` alone, answered before typer and the commands are
    imported: building every command's parameters was most of its time. The
    same line as the eager option in _app.py, which still answers it among
    other options (`tracker --root X --version`) and in the test runner."""
    from cso_tracker import __version__

    try:
        sys.stdout.write(f"tracker (cso-tracker) {__version__}\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `tracker --version | true`: as the option does
        from cso_tracker.cli._app import _discard_stdout

        _discard_stdout()
    raise SystemExit(0)


def main() -> None:
    # The boundary in _app.py catches Ctrl-C while a command runs; this one,
    # while the commands are imported and typer builds the parser from them.
    try:
        if sys.argv[1:] == ["--version"]:
            _answer_version()
        from cso_tracker.cli._app import OWN_PROCESS

        _load_app()(prog_name="tracker", obj=OWN_PROCESS)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None


def __getattr__(name: str) -> Any:
    if name == "app":
        return _load_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app", "main"]  # app comes from __getattr__
