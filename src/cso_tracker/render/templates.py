"""The Jinja2 environment that renders Markdown reports, and its errors.

Templates are looked up in this order: the file given by the user, then
the repository's `templates/<name>` (the copy a group may edit), then the
default shipped in the package. They run in Jinja's sandbox with undefined
variables as errors. Records reach templates only as values, never as
template source, so a note that contains `{{ 7*7 }}` is printed as written.
Nothing here prints.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import SimpleNamespace, TracebackType
from typing import TYPE_CHECKING, Any, Final

from cso_tracker.errors import MissingFileError, TemplateRenderError, TrackerError
from cso_tracker.models import Commitment, Member

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

    from cso_tracker.query.agenda import Agenda
    from cso_tracker.query.minutes import Minutes
    from cso_tracker.query.status import StatusReport

from cso_tracker.render import wording
from cso_tracker.render.change_words import commit_day, summary_md, who
from cso_tracker.render.escape import bar, cell, evidence, md, mermaid, nearest, plural

PACKAGE_TEMPLATES: Final = Path(__file__).resolve().parent.parent / "templates"
REPOSITORY_TEMPLATES: Final = "templates"
STATUS_TEMPLATE: Final = "status.md.j2"
AGENDA_TEMPLATE: Final = "agenda.md.j2"
MINUTES_TEMPLATE: Final = "minutes.md.j2"
MEMBER_TEMPLATE: Final = "member.md.j2"


# --- the environment -------------------------------------------------------------


def template_folders(
    root: Path | None, template: Path | None, *, committed: bool = False
) -> list[Path]:
    """Where templates are looked up, in order; `committed`: the repository's
    templates come from a revision instead of its folder (see `environment`)."""
    folders = []
    if template is not None:
        folders.append(template.resolve().parent)
    if not committed and root is not None and (root / REPOSITORY_TEMPLATES).is_dir():
        folders.append(root / REPOSITORY_TEMPLATES)
    folders.append(PACKAGE_TEMPLATES)
    return folders


MAX_REPEAT: Final = 100_000
"""The longest string or list a template may make with `*`, and the largest
exponent of `**`: a group's template must not fill the memory or hang."""


def _file_loader(folders: list[str]) -> Any:
    from jinja2 import FileSystemLoader

    class Utf8Loader(FileSystemLoader):
        # Jinja's loader lets a UnicodeDecodeError escape, naming no file.
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            try:
                return super().get_source(environment, template)
            except UnicodeDecodeError as exc:
                raise _not_utf8(self.searchpath, template, exc) from None

    return Utf8Loader(folders)


def _not_utf8(folders: Iterable[str], name: str, exc: UnicodeDecodeError) -> TemplateRenderError:
    for folder in folders:
        path = Path(folder) / name
        if path.is_file():
            line = path.read_bytes()[: exc.start].count(b"\n") + 1
            return TemplateRenderError(
                f"{path}:{line}: the template is not UTF-8 text (byte {exc.object[exc.start]:#04x})",
                hint="save the template as UTF-8",
            )
    return TemplateRenderError(f"{name}: the template is not UTF-8 text", hint="save it as UTF-8")


@functools.cache
def _sandbox_type() -> type[SandboxedEnvironment]:
    """Jinja's sandbox, with limits on `*` and `**` and a faster attribute check."""
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class Sandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            # The sandbox limits range() but not `"x" * 10**9` or `9**9**9`.
            if operator == "**" and isinstance(right, int) and abs(right) > MAX_REPEAT:
                raise SecurityError(f"exponent {right} is larger than {MAX_REPEAT}")
            if operator == "*":
                for count, other in ((left, right), (right, left)):
                    if (
                        isinstance(count, int)
                        and isinstance(other, (str, list, tuple))
                        and count * len(other) > MAX_REPEAT
                    ):
                        raise SecurityError(f"a result longer than {MAX_REPEAT} items")
            return super().call_binop(context, operator, left, right)

        # Jinja's check depends only on the attribute name and isinstance
        # tests of the object, so caching it per (type, name) gives the same
        # answers; it halves render time on a 10,000-item report.
        _safe: dict[tuple[type, str], bool] = {}  # noqa: RUF012 (a per-class cache)

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            key = (type(obj), attr)
            found = self._safe.get(key)
            if found is None:
                found = self._safe[key] = super().is_safe_attribute(obj, attr, value)
            return found

    return Sandbox


def environment(
    folders: Iterable[Path], committed: Mapping[str, str] | None = None
) -> SandboxedEnvironment:
    """`committed`: the repository's templates as a revision holds them (by
    name), looked up after the --template file's folder and before the
    package's defaults, named `templates/<name>` in error messages."""
    from jinja2 import BaseLoader, ChoiceLoader, FunctionLoader, StrictUndefined

    found = [str(f) for f in folders]
    loader: BaseLoader = _file_loader(found)
    if committed is not None:

        def from_revision(name: str) -> tuple[str, str, Callable[[], bool]] | None:
            source = committed.get(name)
            return None if source is None else (source, f"{REPOSITORY_TEMPLATES}/{name}", _always)

        user, package = _file_loader(found[:-1]), _file_loader(found[-1:])
        loader = ChoiceLoader([user, FunctionLoader(from_revision), package])

    env = _sandbox_type()(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(cell=cell, md=md, mermaid=mermaid, evidence=evidence, bar=bar, plural=plural,
                       nearest=nearest)  # fmt: skip
    return env


def _always() -> bool:
    return True


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
    env = environment(template_folders(root, template, committed=committed is not None), committed)
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


def _render_error(exc: BaseException, env: SandboxedEnvironment, filename: str) -> TrackerError:
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


def _loaded(env: SandboxedEnvironment) -> list[Any]:
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
    """The status report in Markdown; `max_rows` caps the long overview
    sections (Stale, each member's items in By owner, the Timeline's bars),
    each with a line saying how many more there are. None: no cap.
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
