"""The Typer application, its global options and the one error boundary.

Every command runs inside `_BoundaryGroup.invoke`, so whether the CLI is
started as `tracker`, `python -m cso_tracker` or through Typer's test runner,
a TrackerError becomes a message and its exit code (1 or 2), Ctrl-C becomes
130, and anything else is reported as a bug with exit code 3 and the
traceback written to a log file instead of the screen.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Final

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from cso_tracker import __version__
from cso_tracker.cli._coercion import on_demand
from cso_tracker.errors import InvalidDataError, TrackerError

EXIT_BUG: Final = 3
EXIT_INTERRUPTED: Final = 130


@functools.cache
def _console_type() -> Any:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich's own handler points stdout at os.devnull and raises
            # SystemExit(1), which passes every `except Exception`: the boundary
            # never saw it, and `tracker list | head -1` exited 1. Raise the
            # error itself, so the one boundary ends the command as for any write.
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

        def render(self, renderable: Any, options: Any = None) -> Any:
            # Every segment on its way out: a control character in user text
            # (an escape sequence, a carriage return, a bidi override) is
            # shown as an escape, never sent to the terminal. Rich's own
            # styles travel apart from the text, and are kept.
            from rich.segment import Segment

            from cso_tracker.render.escape import visible

            for segment in super().render(renderable, options):
                if segment.control is None and segment.text:
                    shown = visible(segment.text, keep="\n\t")
                    if shown is not segment.text:
                        segment = Segment(shown, segment.style)
                yield segment

    return _Console


def stderr_console() -> Any:
    return _console_type()(stderr=True, highlight=False, soft_wrap=True)


def stdout_console() -> Any:
    return _console_type()(highlight=False, soft_wrap=True)


def _discard_stdout() -> None:
    """Point stdout at os.devnull after a BrokenPipeError, so that neither a
    later write nor the interpreter's final flush of what is still buffered
    fails again (the pattern of Python's documentation, "Note on SIGPIPE")."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):  # not a real file (a test runner's)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


def replace_unencodable() -> None:
    """Let stdout and stderr replace what their encoding cannot show (an en
    dash on a latin-1 or ASCII terminal becomes `?`) instead of raising
    UnicodeEncodeError halfway through a report: the rest is still worth
    reading. Streams already told what to do with such text are left alone."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            try:
                reconfigure(errors="replace")
            except (OSError, ValueError):  # a closed or detached stream
                continue


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Plain text to stdout (or stderr), through the same stream as Rich's
    consoles. Not typer.echo: on a terminal whose encoding is ASCII it
    writes UTF-8 anyway, where the consoles replace what cannot be shown."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n" if nl else text)
    stream.flush()


_EMOJI_CODE: Final = re.compile(r":\S*:")
"""What Rich reads as an emoji code (`:warning:`), even with markup off."""


def print_plain(text: str) -> None:
    """One line to stderr, exactly as the stderr console prints it with
    markup off (`tracker validate`'s summary, `wrote FILE`). Text Rich
    would leave as it is (printable, no emoji code) is written directly:
    importing Rich took ~35 ms of a command that printed nothing else."""
    if text.isprintable() and _EMOJI_CODE.search(text) is None:
        echo(text, err=True)
    else:
        stderr_console().print(text, markup=False)


def _log_path() -> Path:
    from cso_tracker.userdirs import cache_home

    return cache_home() / "tracker.log"


def report_error(error: TrackerError) -> None:
    from rich.markup import escape

    from cso_tracker.render.escape import visible
    from cso_tracker.render.problems import format_text

    console = stderr_console()
    if isinstance(error, InvalidDataError):
        for problem in error.problems:
            console.print(escape(format_text(problem)))
    console.print(f"[bold red]error:[/] {escape(visible(error.message))}")
    if error.hint is not None:
        console.print(f"[bold]hint:[/] {escape(visible(error.hint))}")


def report_bug(error: BaseException) -> None:
    from rich.markup import escape

    from cso_tracker.render.escape import visible

    console = stderr_console()
    detail = "".join(traceback.format_exception(error))
    where = _log_path()
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        with where.open("a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now().isoformat()} tracker {__version__}\n")
            log.write(f"argv: {sys.argv!r}\n{detail}\n")
        saved = f"the details are in {where}"
    except OSError:
        saved = "the details could not be saved"
    console.print(
        f"[bold red]error:[/] an unexpected error occurred (this is a bug in tracker): "
        f"{escape(type(error).__name__)}: {escape(visible(str(error)))}"
    )
    console.print(f"[bold]hint:[/] please report it; {escape(saved)}")


_HELP_ORDER: Final = (
    "status", "agenda", "minutes", "list", "show", "members", "meetings", "changes", "log",
    "validate", "check-pr", "fmt", "update", "add", "meeting", "member",
    "migrate", "codeowners", "init",
)  # fmt: skip
"""Reading first, then checking, then writing: the order of a user's day."""


def refuse_repeated(command: Any, ctx: Any, args: list[str]) -> None:
    """Refuse, as a usage error naming the option and its values, an option
    of `command` that takes one value and was given more than once in
    `args` (Click keeps the last one silently: `--note a --note b` lost the
    first note). Options meant to repeat (`multiple`, --owner, --tag) may.

    The arguments are parsed once more with Click's own parser, every
    single-value option made to collect its values, so a value that looks
    like an option (`--note --status`) counts exactly as Click reads it."""
    parser = command.make_parser(ctx)
    for option in {*parser._long_opt.values(), *parser._short_opt.values()}:
        if option.action == "store" and not getattr(option.obj, "multiple", False):
            option.action = "append"
    try:
        values, _, _ = parser.parse_args(args=list(args))
    except TyperException:  # the real parse reports it
        return
    for param in command.get_params(ctx):
        given = values.get(param.name)
        if isinstance(given, list) and len(given) > 1 and not param.multiple:
            first, *others = sorted(param.opts, key=lambda opt: not opt.startswith("--"))
            name = f"{first} ({', '.join(others)})" if others else first
            times = "twice" if len(given) == 2 else f"{len(given)} times"
            shown = [repr(value) for value in given]
            listed = ", ".join(shown[:-1]) + " and " + shown[-1]
            ctx.fail(f"{name} was given {times} ({listed}); give it once")


class HelpGroup(TyperGroup):
    """Lists commands in a deliberate order, each with its whole first
    sentence; refuses a one-value option given twice, to itself or to any
    of its commands (the one place every command's options pass), and lets
    their values be coerced without pydantic where it is not needed
    (cli/_coercion.py)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        refuse_repeated(self, ctx, args)
        on_demand(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            probe = command.context_class(command, info_name=name, parent=ctx)
            on_demand(command.get_params(probe))
            if not ctx.resilient_parsing:
                refuse_repeated(command, probe, rest)
        return name, command, rest

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: index for index, name in enumerate(_HELP_ORDER)}
        return sorted(names, key=lambda name: (rank.get(name, len(rank)), name))

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # Click cuts each description to fit one line ("Append an update to
        # a commitment: its status, a note,..."); show the whole first
        # sentence instead and let the formatter wrap it.
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class _BoundaryGroup(HelpGroup):
    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        # `tracker --help` and `--version` print while the options are parsed,
        # before invoke: their reader may go away too, and their terminal may
        # not show every character either.
        replace_unencodable()
        try:
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:
            _discard_stdout()
            raise typer.Exit(0) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except TrackerError as error:
            from cso_tracker.cli._words import worded

            error = worded(error)
            report_error(error)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            print_plain("interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # `tracker list | head`: the reader went away; not an error of ours.
            _discard_stdout()
            raise typer.Exit(0) from None
        except Exception as error:
            report_bug(error)
            raise typer.Exit(EXIT_BUG) from None


app = typer.Typer(
    cls=_BoundaryGroup,
    name="tracker",
    help="Track what a working group agreed, who owns it and by when, in YAML records kept in git.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


@dataclass
class Options:
    """Global options, shared with every command through the click context."""

    root: Path | None
    use_cache: bool = True
    own_process: bool = False
    """Started by `main` (the console script, python -m), so the process
    ends with the command: what it loads may be frozen for the collector."""

    def find_root(self) -> Path:
        from cso_tracker.repo.layout import find_root

        return find_root(self.root, os.environ, Path.cwd(), explicit_origin="--root")


OWN_PROCESS: Final = object()
"""What `main` starts the app with (click's `obj`)."""


def _show_version(value: bool) -> None:
    if value:
        echo(f"tracker (cso-tracker) {__version__}")
        raise typer.Exit(0)


@app.callback()
def _global_options(
    ctx: typer.Context,
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            help="The tracker folder (the one holding data/). "
            "Default: $TRACKER_ROOT, else the nearest folder above the current one.",
            file_okay=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read and check every record file, neither reading nor writing the record "
            "cache, stored verdicts or stored reports (in $XDG_CACHE_HOME/cso-tracker, else "
            "~/.cache/cso-tracker).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show the version and exit.",
            is_eager=True,
            callback=_show_version,
        ),
    ] = False,
) -> None:
    # `main` passes OWN_PROCESS as the context's object; a test runner, none.
    ctx.obj = Options(root=root, use_cache=not no_cache, own_process=ctx.obj is OWN_PROCESS)


def options(ctx: typer.Context) -> Options:
    found = ctx.find_object(Options)
    return found if found is not None else Options(root=None)
