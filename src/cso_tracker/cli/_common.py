"""What the command modules share: the as-of day and date options, loading
the records with a warning for files that have errors, and writing text or
JSON to the screen or a file."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cso_tracker import clock
from cso_tracker.cli._app import options, print_plain, stderr_console, stdout_console
from cso_tracker.cli._words import naming
from cso_tracker.dates import FORMS_HELP
from cso_tracker.errors import UsageError

if TYPE_CHECKING:
    from cso_tracker.git import Version
    from cso_tracker.repo.repository import Repository
    from cso_tracker.repo.source import Source

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help=f"The reference day for overdue, due soon and stale ({FORMS_HELP}). Default: today.",
        show_default=False,
    ),
]
_AT_HELP = (
    "Read the records as committed at this git revision (a tag, branch, commit or "
    "HEAD~3) instead of the work tree: from git's objects, nothing is checked out "
    "and the work tree is untouched. Needs the history: a shallow clone lacks it "
    "(git fetch --unshallow)."
)


def _at_option(help_text: str) -> Any:
    return typer.Option("--at", metavar="REV", help=help_text, show_default=False)


AtOption = Annotated[str | None, _at_option(_AT_HELP)]
ReportAtOption = Annotated[
    str | None,
    _at_option(
        f"{_AT_HELP} The records, the data version and the templates (templates/, else "
        "the built-in default) are all as committed at REV, so with --as-of the day it "
        "was sent this is the report a clean checkout of REV gave, byte for byte; "
        "--template still takes a file from the disk."
    ),
]
"""--at for the reports, whose templates are part of the revision too."""
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically) instead of the screen.",
        dir_okay=False,
        show_default=False,
    ),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option(
        "--template",
        help="Render with this Jinja2 template instead of templates/<name> "
        "in the repository or the built-in default.",
        dir_okay=False,
        show_default=False,
    ),
]


def date_option(value: str, option: str, *, relative_to: dt.date | None = None) -> dt.date:
    """The day an option's value names (relative forms count from
    `relative_to`, default today): the one date parser of every command."""
    from cso_tracker.dates import parse_date

    with naming(option):
        return parse_date(value, relative_to=relative_to or clock.today())


def optional_date(
    value: str | None, option: str, *, relative_to: dt.date | None = None
) -> dt.date | None:
    return None if value is None else date_option(value, option, relative_to=relative_to)


def as_of_day(value: str | None) -> dt.date:
    return clock.today() if value is None else date_option(value, "--as-of")


def source_at(root: Path, at: str | None) -> Source:
    """The work tree at `root`, or revision `at` of its repository."""
    from cso_tracker.repo.source import WorkTree

    if at is None:
        return WorkTree(root)
    from cso_tracker.repo.revision import Revision

    with naming("--at"):
        return Revision(root, at)


def load_at(
    root: Path, at: str | None, *, use_cache: bool = True, freeze: bool = False
) -> Repository:
    """The records in the work tree at `root`, or as committed at revision `at`
    (from the record cache unless `use_cache` is false: --no-cache; frozen
    for the garbage collector in a process of its own, see repo.load.load)."""
    from cso_tracker.repo.load import load

    source = source_at(root, at)
    with naming("--at"):
        return load(source, use_cache=use_cache, freeze=freeze)


def load_checked(ctx: typer.Context, at: str | None = None) -> Repository:
    """The records (as committed at revision `at`, when given); with a
    warning on stderr when some files have errors (the commands still answer
    from the records that loaded)."""
    global_options = options(ctx)
    repository = load_at(
        global_options.find_root(), at,
        use_cache=global_options.use_cache, freeze=global_options.own_process,
    )  # fmt: skip
    warn_broken(files_with_errors(repository), at)
    return repository


def files_with_errors(repository: Repository) -> int:
    """How many of the record files have errors (by today's verdict)."""
    from cso_tracker.checks.run import validate

    return len({p.path for p in validate(repository, today=clock.today()).errors})


def warn_broken(count: int, at: str | None) -> None:
    """Say on stderr that `count` files have errors, when any do."""
    if not count:
        return
    from rich.markup import escape

    command = "tracker validate" if at is None else f"tracker validate --at {escape(at)}"
    stderr_console().print(
        f"[bold yellow]warning:[/] {count} file{'s' if count != 1 else ''} "
        f"{'have' if count != 1 else 'has'} errors; this covers only the records "
        f"that loaded (run `{command}` to see them)",
        markup=True,
    )


def data_version(repository: Repository) -> Version | None:
    """Which state of the records a report describes (see git.Version)."""
    with naming("--at"):
        return repository.source.data_version()


def write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from cso_tracker.atomic import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"--output: cannot write {output}: {exc.strerror}") from None
    print_plain(f"wrote {output}")


def write_json(data: Any, output: Path | None = None) -> None:
    write_text(json_text(data, output), output)


def json_text(data: Any, output: Path | None = None) -> str:
    """`data` as indented JSON, for the screen (when `output` is None) or a file."""
    from cso_tracker.render.json_text import dumps

    text = dumps(data, ensure_ascii=False) + "\n"
    if output is None and not _can_show(text):
        # JSON has its own escapes: a terminal that cannot show a character
        # still gets every one, as \u2013, instead of a replaced `?`.
        text = dumps(data, ensure_ascii=True) + "\n"
    return text


def _can_show(text: str) -> bool:
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def print_view(renderables: Iterable[Any]) -> None:
    console = stdout_console()
    for renderable in renderables:
        console.print(renderable)
