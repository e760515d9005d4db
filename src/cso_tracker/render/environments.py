"""The two Jinja2 environments the reports render in, with one configuration.

A template a group supplies (its `templates/` folder, a revision's
`templates/`, or `--template FILE`) runs in Jinja's sandbox, with limits on
`*` and `**`: the group's text must not reach Python's internals, fill the
memory or hang. The package's own templates are this package's code, as
trusted as the Python beside them; they run in a plain environment, with a
bytecode cache in the user's cache folder (render/bytecode.py), and give the
same bytes: the sandbox only refuses, it never changes a value.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from cso_tracker.errors import TemplateRenderError
from cso_tracker.render.escape import bar, cell, evidence, md, mermaid, nearest, plural
from cso_tracker.render.packaged import PACKAGE_TEMPLATES, REPOSITORY_TEMPLATES
from cso_tracker.render.wording import number

if TYPE_CHECKING:
    from jinja2 import Environment
    from jinja2.sandbox import SandboxedEnvironment


MAX_REPEAT: Final = 100_000
"""The longest string or list a template may make with `*`, and the largest
exponent of `**`: a group's template must not fill the memory or hang."""

OPTIONS: Final[Mapping[str, Any]] = {
    "autoescape": False,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}
"""What both environments share besides undefined values being errors (and
what the bytecode cache's files are told apart by: see render/bytecode.py)."""

FILTERS: Final = {"cell": cell, "md": md, "mermaid": mermaid, "evidence": evidence, "bar": bar,
                   "plural": plural, "nearest": nearest, "number": number}  # fmt: skip
"""`number` is also `words.number`: as a filter Jinja calls it directly, not
through its slower `context.call` (a fifth of the time of 10,000 rows)."""


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


def _configured(env: Environment) -> Environment:
    env.filters.update(FILTERS)
    return env


def environment(
    folders: Iterable[Path], committed: Mapping[str, str] | None = None
) -> SandboxedEnvironment:
    """The sandbox, for templates a group supplies. `committed`: the
    repository's templates as a revision holds them (by name), looked up
    after the --template file's folder and before the package's defaults,
    named `templates/<name>` in error messages."""
    from jinja2 import BaseLoader, ChoiceLoader, FunctionLoader, StrictUndefined

    found = [str(f) for f in folders]
    loader: BaseLoader = _file_loader(found)
    if committed is not None:

        def from_revision(name: str) -> tuple[str, str, Callable[[], bool]] | None:
            source = committed.get(name)
            return None if source is None else (source, f"{REPOSITORY_TEMPLATES}/{name}", _always)

        user, package = _file_loader(found[:-1]), _file_loader(found[-1:])
        loader = ChoiceLoader([user, FunctionLoader(from_revision), package])
    env = _sandbox_type()(loader=loader, undefined=StrictUndefined, **OPTIONS)
    _configured(env)
    return env


def package_environment() -> Environment:
    """The plain environment of the package's own templates, one per cache
    folder (so a process that renders many digests compiles each once)."""
    from cso_tracker.userdirs import cache_home

    return _package_environment(str(cache_home()))


@functools.lru_cache(maxsize=4)
def _package_environment(cache: str) -> Environment:
    from jinja2 import Environment, StrictUndefined

    from cso_tracker.render.bytecode import TrustedBytecodeCache

    settings = f"{sorted(OPTIONS.items())}/{sorted(FILTERS)}"
    env = Environment(
        loader=_file_loader([str(PACKAGE_TEMPLATES)]),
        undefined=StrictUndefined,
        bytecode_cache=TrustedBytecodeCache(Path(cache) / "templates", settings),
        **OPTIONS,
    )
    return _configured(env)


def _always() -> bool:
    return True
