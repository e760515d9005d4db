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
    from collections.abc import Sequence
    from typing import Any

_MODULES = (
    "codeowners", "fmt", "history", "init", "meeting", "member", "minutes",
    "records", "report", "review", "update", "validate",
)  # fmt: skip
"""Every command module; each registers its commands on the app when imported."""

_COMMANDS = {
    "status": "report", "agenda": "report", "minutes": "minutes",
    "list": "records", "show": "records", "members": "records", "meetings": "records",
    "changes": "history", "log": "history", "validate": "validate", "check-pr": "review",
    "fmt": "fmt", "update": "update", "add": "update", "migrate": "update",
    "meeting": "meeting", "member": "member", "codeowners": "codeowners", "init": "init",
}  # fmt: skip
"""Which module registers each command (a test keeps this equal to the app).
A command missing here still works: the whole app is built for it."""


def _load_app(command: str | None = None) -> Any:
    """The app with every command, or only with `command` (a name from
    _COMMANDS): importing every command module and letting typer build every
    command's parameters took ~60 ms of each run, for one command used."""
    from importlib import import_module

    for module in (_COMMANDS[command],) if command in _COMMANDS else _MODULES:
        import_module(f"cso_tracker.cli.{module}")
    from cso_tracker.cli._app import app

    return app


def _command_named(args: Sequence[str]) -> str | None:
    """The command `args` run, when nothing before it needs the others:
    only the global options --root and --no-cache may come first. Anything
    else (-h, --help, an unknown name or option) gets the whole app, so its
    help, its errors and their suggestions stay exactly as they were."""
    rest = iter(args)
    for arg in rest:
        if arg == "--root":
            next(rest, None)
        elif arg != "--no-cache" and not arg.startswith("--root="):
            return arg if arg in _COMMANDS else None
    return None


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

        app = _load_app(_command_named(sys.argv[1:]))
        app(prog_name="tracker", obj=OWN_PROCESS)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None


def __getattr__(name: str) -> Any:
    if name == "app":
        return _load_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app", "main"]  # app comes from __getattr__
