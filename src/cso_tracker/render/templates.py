"""Rendering the Markdown reports from their templates, and their errors.

Templates are looked up in this order: the file given by the user, then
the repository's `templates/<name>` (the copy a group may edit), then the
default shipped in the package. A group's templates run in Jinja's sandbox,
the package's own in a plain environment (render/environments.py); in both
undefined variables are errors. Records reach templates only as values,
never as template source, so a note that contains `{{ 7*7 }}` is printed as
written. Nothing here prints.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import SimpleNamespace, TracebackType
from typing import TYPE_CHECKING, Any, Final

from cso_tracker.errors import MissingFileError, TemplateRenderError, TrackerError
from cso_tracker.models import Commitment, Member

if TYPE_CHECKING:
    from jinja2 import Environment

    from cso_tracker.query.agenda import Agenda
    from cso_tracker.query.minutes import Minutes
    from cso_tracker.query.status import StatusReport

from cso_tracker.render import wording
from cso_tracker.render.change_words import commit_day, summary_md, who
from cso_tracker.render.environments import environment, package_environment, template_folders
from cso_tracker.render.escape import md
from cso_tracker.render.packaged import group_supplies_any

STATUS_TEMPLATE: Final = "status.md.j2"
AGENDA_TEMPLATE: Final = "agenda.md.j2"
MINUTES_TEMPLATE: Final = "minutes.md.j2"
MEMBER_TEMPLATE: Final = "member.md.j2"


# --- rendering -------------------------------------------------------------------


def _where(filename: str | None, line: int | None) -> str:
    place = filename if filename is not None else "<template>"
    return f"{place}:{line}" if line is not None else place


def _template_line(
    traceback: TracebackType | None, filenames: Iterable[str]
) -> tuple[str, int] | None:
    """The template file and line where a render error happened (the
    innermost template frame): Jinja rewrites the traceback so that template
    frames carry the template's own file and lines."""
    files = frozenset(filenames)
    found = None
    while traceback is not None:
        code = traceback.tb_frame.f_code
        if code.co_filename in files:
            found = (code.co_filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


_RENDER_ERRORS: Final = (TypeError, AttributeError, ArithmeticError, LookupError, ValueError)
"""What a template's own expressions raise (`{{ 1/0 }}`, `{{ x[9] }}`): the
template's fault, not a bug in tracker."""


def render(
    name: str,
    context: Mapping[str, Any],
    *,
    root: Path | None = None,
    template: Path | None = None,
    committed: Mapping[str, str] | None = None,
) -> str:
    """Render the template `name` (or the file `template`) with `context`;
    `committed`: the repository's templates as a revision holds them, in
    place of its templates/ folder.

    Raises MissingFileError when `template` does not exist and TemplateRenderError,
    naming the template file and line, when it is broken or uses a value the
    context lacks.
    """
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    if template is not None and not template.is_file():
        raise MissingFileError(str(template), f"{template}: no such file")
    env: Environment
    if template is None and not group_supplies_any(root, committed):
        env = package_environment()
    else:
        env = environment(template_folders(root, template, committed=committed is not None),
                          committed)  # fmt: skip
    wanted = template.name if template is not None else name
    try:
        compiled = env.get_template(wanted)
    except TemplateSyntaxError as exc:
        raise TemplateRenderError(
            f"{_where(exc.filename, exc.lineno)}: template syntax error: {exc.message}",
            hint="fix the template, or delete the repository's copy to use the default",
        ) from exc
    except TemplateNotFound as exc:
        raise TemplateRenderError(f"template {exc.name} not found") from exc
    filename = compiled.filename if compiled.filename is not None else wanted
    try:
        return compiled.render(**context)
    except (TemplateError, RecursionError, *_RENDER_ERRORS) as exc:
        raise _render_error(exc, env, filename) from exc


def _render_error(exc: BaseException, env: Environment, filename: str) -> TrackerError:
    """`exc`, raised while rendering, as an error naming the template and line."""
    from jinja2 import TemplateSyntaxError
    from jinja2.exceptions import UndefinedError

    if isinstance(exc, TemplateSyntaxError):  # an {% include %} that is broken
        return TemplateRenderError(
            f"{_where(exc.filename, exc.lineno)}: template syntax error: {exc.message}",
            hint="fix the template, or delete the repository's copy to use the default",
        )
    files = {filename, *(t.filename for t in _loaded(env) if t.filename is not None)}
    found = _template_line(exc.__traceback__, files)
    where = _where(*found) if found is not None else filename
    if isinstance(exc, RecursionError):
        return TemplateRenderError(
            f"{where}: the template calls itself without end "
            "(a macro that calls itself, or a template that includes itself)",
            hint="give the recursion an end, or remove the include",
        )
    kind = "undefined value" if isinstance(exc, UndefinedError) else "template error"
    return TemplateRenderError(
        f"{where}: {kind}: {exc}",
        hint="the names a template can use are listed at the top of the default template",
    )


def _loaded(env: Environment) -> list[Any]:
    cache = env.cache
    return list(cache.values()) if cache is not None else []


def render_status(
    report: StatusReport,
    *,
    root: Path | None = None,
    template: Path | None = None,
    max_rows: int | None = None,
    committed: Mapping[str, str] | None = None,
) -> str:
    """The status report in Markdown; `max_rows` caps the long sections
    (Overdue, Changed since the last meeting, Stale, each member's items in
    By owner, Recently closed, the Timeline's bars), each with a line saying
    how many more there are. None: no cap.
    `committed`: see `render`."""
    context = status_context(report, max_rows=max_rows)
    return render(STATUS_TEMPLATE, context, root=root, template=template, committed=committed)


def render_member(
    report: StatusReport,
    *,
    root: Path | None = None,
    committed: Mapping[str, str] | None = None,
) -> str:
    """One member's digest in Markdown (member.md.j2), from a report narrowed
    to that member (`build_status(owner=...)`)."""
    if report.owner is None:
        raise ValueError("a member's digest needs a report narrowed to the member")
    context = {**status_context(report), "member": report.owner, "owed": wording.owed(report)}
    return render(MEMBER_TEMPLATE, context, root=root, committed=committed)


def render_agenda(
    agenda: Agenda,
    *,
    root: Path | None = None,
    template: Path | None = None,
    committed: Mapping[str, str] | None = None,
) -> str:
    context = agenda_context(agenda)
    return render(AGENDA_TEMPLATE, context, root=root, template=template, committed=committed)


def render_minutes(
    minutes: Minutes,
    *,
    root: Path | None = None,
    template: Path | None = None,
    committed: Mapping[str, str] | None = None,
) -> str:
    """The Note for the Record of a meeting (context: render/minutes.py)."""
    from cso_tracker.render.minutes import minutes_context

    context = minutes_context(minutes)
    return render(MINUTES_TEMPLATE, context, root=root, template=template, committed=committed)


# --- template contexts ---------------------------------------------------------------


def _owner_labels(members: Mapping[str, Member]) -> Any:
    from cso_tracker.query.asof import owner_labels

    def owners(commitment: Commitment) -> str:
        return owner_labels(commitment, members) or "—"

    return owners


def _code(text: str) -> str:
    return f"`{text}`"


_WORDS: Final = SimpleNamespace(
    heading=wording.heading, empty=wording.empty, more=wording.more, due=wording.due_words,
    see_all=wording.see_all,
    version=functools.partial(wording.data_version, text=md, code=_code),
    number=wording.number, late=wording.late, left=wording.left, quiet=wording.quiet,
    span=wording.span, also_quiet=wording.also_quiet, also_stale=wording.also_stale,
    bar_label=wording.bar_label, calendar=wording.CALENDAR, today=wording.today,
    charted=wording.charted, commits=wording.commits_line, missing=wording.history_missing,
    change=summary_md, day=commit_day, who=who,
)  # fmt: skip
"""The report's shared words (render/wording.py), as `words.heading(...)` etc."""


def status_context(report: StatusReport, *, max_rows: int | None = None) -> dict[str, Any]:
    """What status.md.j2 sees: `report` (query.status.StatusReport), `owners(c)`,
    `words` (render/wording.py) and `max_rows` (see render_status)."""
    return {
        "report": report,
        "owners": _owner_labels(report.members),
        "max_rows": max_rows,
        "words": _WORDS,
    }


def agenda_context(agenda: Agenda) -> dict[str, Any]:
    """What agenda.md.j2 sees: `agenda` (query.Agenda), `owners(c)` and
    `words` (render/wording.py)."""
    return {"agenda": agenda, "owners": _owner_labels(agenda.members), "words": _WORDS}
