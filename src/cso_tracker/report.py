"""Reports: the Jinja2 environment that renders Markdown, and the JSON shapes.

Templates are looked up in this order: the file given with `--template`,
then the repository's `templates/<name>` (the copy a group may edit), then
the default shipped in the package. They run in Jinja's sandbox with
undefined variables as errors. Autoescaping is off (the output is Markdown,
not HTML), so every user string goes through one of the filters below:

- `cell`: inside a table cell: `|` escaped, line breaks as `<br>`, HTML and
  Markdown-active characters escaped.
- `md`: inline text outside tables: the same, minus the pipe, plus a leading
  `#`, `-`, `+` or `1.` and a closing `#` escaped, since the value may start
  a list item or end a heading.
- `evidence`: a list of evidence for a table cell: URLs as autolinks.
- `mermaid`: a label inside a Mermaid gantt chart: characters that end a
  task (`:`, `;`, `#`, line breaks) and quotes removed, and a label that
  starts with a gantt keyword (`Call for papers`) put in quotes.

`nearest` picks the timeline bars a capped chart shows (`max_rows`).

Records reach templates only as values, never as template source, so a note
that contains `{{ 7*7 }}` is printed as written. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final

from cso_tracker.errors import TemplateRenderError, UsageError
from cso_tracker.models import Commitment, Meeting, Member, Update

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

    from cso_tracker.query import Agenda, StatusReport, TimelineItem

REPORT_SCHEMA_VERSION: Final = 1
"""Version of every JSON object the query commands print; bumped when a key
changes meaning or disappears (adding a key does not bump it)."""

PACKAGE_TEMPLATES: Final = Path(__file__).resolve().parent / "templates"
REPOSITORY_TEMPLATES: Final = "templates"
STATUS_TEMPLATE: Final = "status.md.j2"
AGENDA_TEMPLATE: Final = "agenda.md.j2"

# --- escaping -------------------------------------------------------------------

# One pass over the text escapes HTML, line breaks and every character that
# can start emphasis, code, a link, strikethrough, an escape or (on GitHub)
# math anywhere in a line.
_INLINE: Final = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\n": "<br>",
        "\r": "<br>",
        **{ch: "\\" + ch for ch in "\\`*_[]~!$"},
    }
)
# A value may start a line in a template (`- {{ sub|md }}`, `### {{ label|md }}`),
# where `#`, `-`, `+` or `1.` would open a heading or a list inside it.
_BLOCK_START: Final = re.compile(r"^(\d+(?=[.)])|(?=[#+-]))(.)")
# A run of `#` at the end of a heading is its closing sequence: it vanishes.
_BLOCK_FIRST: Final = frozenset("#+-0123456789")
_CLOSING_HASHES: Final = re.compile(r"(^|\s)(#+)$")
_MERMAID_UNSAFE: Final = re.compile(r"[:;#\"'`<>{}\[\]|%\\\r\n]+")
# Mermaid's gantt lexer tries these before a task's text, case-insensitively,
# so a task named "Call for papers" or "Title IX review" broke the chart.
_MERMAID_KEYWORD: Final = re.compile(
    r"^(?:gantt|topaxis|inclusiveenddates|acctitle|accdescr|\d{4}-\d{2}-\d{2}"
    r"|(?:dateformat|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend"
    r"|title|section|click|call|href)\s)",
    re.IGNORECASE,
)


def _text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def md(value: object) -> str:
    """Inline Markdown text that renders as written and stays on its line."""
    text = _text(value).strip().replace("\r\n", "\n").translate(_INLINE)
    # The checks before each regex skip it for almost every value: a
    # 10,000-item report calls this some 40,000 times.
    if text[:1] in _BLOCK_FIRST:
        text = _BLOCK_START.sub(r"\1\\\2", text, count=1)
    if text.endswith("#"):
        text = _CLOSING_HASHES.sub(r"\1\\\2", text, count=1)
    return text


def cell(value: object) -> str:
    """Text for one GFM table cell: `md`, plus pipes escaped."""
    return md(value).replace("|", "\\|")


_URL: Final = re.compile(r"^https?://[^\s<>|\\`]+$")


def evidence(items: Iterable[object]) -> str:
    """Evidence for a table cell: each URL as an autolink (no escapes inside,
    so `_` in a URL survives), anything else through `cell`; one per line."""
    shown = [
        f"<{text}>" if _URL.match(text) else cell(text)
        for text in (_text(item).strip() for item in items)
    ]
    return "<br>".join(shown) if shown else "—"


def mermaid(value: object, width: int = 60) -> str:
    """A Mermaid gantt label: no character that ends a task or a section."""
    text = " ".join(_MERMAID_UNSAFE.sub(" ", _text(value)).split())
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    if _MERMAID_KEYWORD.match(text):
        text = f"“{text}”"
    return text or "untitled"


def bar(count: int, total: int, width: int = 20) -> str:
    """A text bar: `count` out of `total` as up to `width` blocks."""
    if total <= 0 or count <= 0:
        return ""
    return "█" * max(1, round(width * count / total))


def nearest(
    items: Sequence[TimelineItem], limit: int | None, as_of: dt.date
) -> Sequence[TimelineItem]:
    """The `limit` timeline bars due nearest the as-of day (all when `limit`
    is None), in chart order. A gantt of thousands of bars is unreadable,
    and GitHub's Mermaid refuses a diagram over 50,000 characters."""
    if limit is None or len(items) <= limit:
        return items
    by_distance = sorted(range(len(items)), key=lambda i: (abs((items[i].end - as_of).days), i))
    return [items[i] for i in sorted(by_distance[:limit])]


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


# --- the environment -------------------------------------------------------------


def template_folders(root: Path | None, template: Path | None) -> list[Path]:
    folders = []
    if template is not None:
        folders.append(template.resolve().parent)
    if root is not None and (root / REPOSITORY_TEMPLATES).is_dir():
        folders.append(root / REPOSITORY_TEMPLATES)
    folders.append(PACKAGE_TEMPLATES)
    return folders


def environment(folders: Iterable[Path]) -> SandboxedEnvironment:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class Sandbox(SandboxedEnvironment):
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

    env = Sandbox(
        loader=FileSystemLoader([str(f) for f in folders]),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(cell=cell, md=md, mermaid=mermaid, evidence=evidence, bar=bar, plural=plural,
                       nearest=nearest)  # fmt: skip
    return env


def _where(filename: str | None, line: int | None) -> str:
    place = filename if filename is not None else "<template>"
    return f"{place}:{line}" if line is not None else place


def _template_line(traceback: TracebackType | None, filename: str) -> int | None:
    """The line of `filename` where a render error happened: Jinja rewrites
    the traceback so that template frames carry the template's own lines."""
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == filename:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def render(
    name: str,
    context: Mapping[str, Any],
    *,
    root: Path | None = None,
    template: Path | None = None,
) -> str:
    """Render the template `name` (or the file `template`) with `context`.

    Raises UsageError when `template` does not exist and TemplateRenderError,
    naming the template file and line, when it is broken or uses a value the
    context lacks.
    """
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError

    if template is not None and not template.is_file():
        raise UsageError(f"--template: {template}: no such file")
    env = environment(template_folders(root, template))
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
    except (UndefinedError, SecurityError, TemplateError, TypeError, AttributeError) as exc:
        if isinstance(exc, TemplateSyntaxError):  # an {% include %} that is broken
            where = _where(exc.filename, exc.lineno)
        else:
            where = _where(filename, _template_line(exc.__traceback__, filename))
        kind = "undefined value" if isinstance(exc, UndefinedError) else "template error"
        raise TemplateRenderError(
            f"{where}: {kind}: {exc}",
            hint="the names a template can use are listed at the top of the default template",
        ) from exc


def render_status(
    report: StatusReport,
    *,
    root: Path | None = None,
    template: Path | None = None,
    max_rows: int | None = None,
) -> str:
    """The status report in Markdown; `max_rows` caps the long overview
    sections (Stale, each member's items in By owner, the Timeline's bars),
    each with a line saying how many more there are. None: no cap."""
    context = status_context(report, max_rows=max_rows)
    return render(STATUS_TEMPLATE, context, root=root, template=template)


def render_agenda(agenda: Agenda, *, root: Path | None = None, template: Path | None = None) -> str:
    return render(AGENDA_TEMPLATE, agenda_context(agenda), root=root, template=template)


# --- template contexts ---------------------------------------------------------------


def _owner_labels(members: Mapping[str, Member]) -> Any:
    from cso_tracker.query import owner_labels

    def owners(commitment: Commitment) -> str:
        return owner_labels(commitment, members) or "—"

    return owners


def status_context(report: StatusReport, *, max_rows: int | None = None) -> dict[str, Any]:
    """What status.md.j2 sees: `report` (query.StatusReport), `owners(c)` and
    `max_rows` (see render_status)."""
    return {"report": report, "owners": _owner_labels(report.members), "max_rows": max_rows}


def agenda_context(agenda: Agenda) -> dict[str, Any]:
    """What agenda.md.j2 sees: `agenda` (query.Agenda) and `owners(c)`."""
    return {"agenda": agenda, "owners": _owner_labels(agenda.members)}


# --- JSON --------------------------------------------------------------------------------


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def commitment_ref(commitment: Commitment) -> dict[str, Any]:
    return {
        "id": commitment.id,
        "title": commitment.title,
        "status": commitment.status.value,
        "owners": list(commitment.owners),
        "due": _day(commitment.due),
    }


def update_json(update: Update) -> dict[str, Any]:
    return {
        "date": update.date.isoformat(),
        "by": update.by,
        "author": update.author,
        "status": update.status.value if update.status is not None else None,
        "note": update.note,
        "evidence": list(update.evidence),
    }


def commitment_json(commitment: Commitment) -> dict[str, Any]:
    """Every field of a commitment, with its full update history."""
    return {
        **commitment_ref(commitment),
        "number": commitment.number,
        "text": commitment.text,
        "agreed_at": commitment.agreed_at,
        "partners": list(commitment.partners),
        "due_note": commitment.due_note,
        "recurrence": commitment.recurrence.value if commitment.recurrence is not None else None,
        "tags": list(commitment.tags),
        "links": [{"title": link.title, "url": link.url} for link in commitment.links],
        "updates": [update_json(u) for u in commitment.updates],
    }


def meeting_ref(meeting: Meeting | None) -> dict[str, Any] | None:
    if meeting is None:
        return None
    return {
        "id": meeting.id,
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "end": _day(meeting.end),
        "kind": meeting.kind.value,
        "status": meeting.status.value,
        "location": meeting.location,
    }


def meeting_json(meeting: Meeting) -> dict[str, Any]:
    return {
        **(meeting_ref(meeting) or {}),
        "convened_by": meeting.convened_by,
        "chair": meeting.chair.model_dump() if meeting.chair is not None else None,
        "attendees": [{"member": a.member, "people": list(a.people)} for a in meeting.attendees],
        "apologies": [{"member": a.member, "people": list(a.people)} for a in meeting.apologies],
        "decisions": list(meeting.decisions),
        "notes": meeting.notes,
    }


def member_json(member: Member, open_items: int | None = None) -> dict[str, Any]:
    return {
        "id": member.id,
        "name": member.name,
        "acronym": member.acronym,
        "label": member.label,
        "type": member.type.value,
        "role": member.role.value,
        "scope": member.scope.value if member.scope is not None else None,
        "region": member.region,
        "joined": _day(member.joined),
        "left": _day(member.left),
        "focal_points": [{"name": p.name, "email": p.email} for p in member.focal_points],
        "people": [
            {
                "name": p.name,
                "title": p.title,
                "focal_point": p.focal_point,
                "email": p.email,
                "since": _day(p.since),
                "until": _day(p.until),
            }
            for p in member.people
        ],
        "open_items": open_items,
    }


def envelope(kind: str, **data: Any) -> dict[str, Any]:
    """The outer object of every JSON output: `schema_version`, `kind`, data."""
    return {"schema_version": REPORT_SCHEMA_VERSION, "kind": kind, **data}


_SINCE_SOURCE: Final = {"last meeting": "last-meeting", "given": "given"}


def status_json(report: StatusReport) -> dict[str, Any]:
    """The JSON of `tracker status --format json`, schema_version 1.

    Keys (dates as YYYY-MM-DD; absent values are null, absent lists []):
    schema_version, kind ("status"), group, as_of, since (date or null),
    since_source ("last-meeting", "given", or null when no meeting was held
    and no --since was given), owner
    (member id or null), last_meeting and next_meeting (meeting or null),
    version ({commit, dirty} or null outside git), settings
    ({stale_after_days, due_soon_days}), tally ({open, closed, total,
    by_status: {status: count}}), overdue, due_soon, changes, stale, by_owner,
    recently_closed, obligations, upcoming_meetings, timeline (lists);
    undated (ids of open items with no due date, which are never overdue). A
    commitment in a list is {id, title, status, owners, due} plus the
    section's own keys.
    """
    return envelope(
        "status",
        group=report.group,
        as_of=report.as_of.isoformat(),
        since=_day(report.since),
        since_source=_SINCE_SOURCE.get(report.since_label),
        owner=report.owner.id if report.owner is not None else None,
        last_meeting=meeting_ref(report.last_meeting),
        next_meeting=meeting_ref(report.next_meeting),
        version=(
            {"commit": report.version.commit, "dirty": report.version.dirty}
            if report.version is not None
            else None
        ),
        settings={
            "stale_after_days": report.settings.stale_after_days,
            "due_soon_days": report.settings.due_soon_days,
        },
        tally={
            "open": report.open_count,
            "closed": report.closed_count,
            "total": report.total,
            "by_status": {t.status.value: t.count for t in report.tallies},
        },
        overdue=[
            {**commitment_ref(o.commitment), "days_overdue": o.days_overdue} for o in report.overdue
        ],
        undated=[c.id for c in report.undated],
        due_soon=[
            {
                **commitment_ref(d.commitment),
                "days_left": d.days_left,
                "within_window": d.within_window,
                "before_next_meeting": d.before_next_meeting,
            }
            for d in report.due_soon
        ],
        changes=[
            {
                "commitment": commitment_ref(c.commitment),
                **update_json(c.update),
                "old_status": c.old_status.value,
                "new_status": c.new_status.value if c.new_status is not None else None,
            }
            for c in report.changes
        ],
        stale=[
            {
                **commitment_ref(s.commitment),
                "last_activity": s.last_activity.isoformat(),
                "days_quiet": s.days_quiet,
                "last_update": _day(s.last_update.date) if s.last_update is not None else None,
            }
            for s in report.stale
        ],
        by_owner=[
            {
                "member": g.member_id,
                "label": g.label,
                "name": g.member.name if g.member is not None else None,
                "focal_points": [{"name": p.name, "email": p.email} for p in g.focal_points],
                "open": [commitment_ref(c) for c in g.items],
            }
            for g in report.by_owner
        ],
        recently_closed=[
            {
                **commitment_ref(c.commitment),
                "closed_on": c.update.date.isoformat(),
                "note": c.update.note,
                "evidence": list(c.update.evidence),
            }
            for c in report.recently_closed
        ],
        obligations=[
            {
                **commitment_ref(o.commitment),
                "recurrence": o.recurrence.value,
                "period": o.period,
                "start": o.start.isoformat(),
                "end": o.end.isoformat(),
                "met": o.met,
                "met_by_meeting": o.met_by_meeting.id if o.met_by_meeting is not None else None,
                "met_by_update": _day(o.met_by_update.date)
                if o.met_by_update is not None
                else None,
            }
            for o in report.obligations
        ],
        upcoming_meetings=[meeting_ref(m) for m in report.upcoming_meetings],
        timeline=[
            {
                "commitment": t.commitment.id,
                "start": t.start.isoformat(),
                "end": t.end.isoformat(),
                "section": t.section,
                "overdue": t.overdue,
            }
            for t in report.timeline
        ],
    )


def agenda_json(agenda: Agenda) -> dict[str, Any]:
    """The JSON of `tracker agenda --format json`, schema_version 1: kind
    "agenda", group, as_of, meeting, last_meeting (or null), review (open
    items, overdue first, each with overdue, days_overdue and last_update
    date or null), new_items, obligations (with period and met)."""
    return envelope(
        "agenda",
        group=agenda.group,
        as_of=agenda.as_of.isoformat(),
        meeting=meeting_ref(agenda.meeting),
        last_meeting=meeting_ref(agenda.last_meeting),
        review=[
            {
                **commitment_ref(r.commitment),
                "overdue": r.overdue,
                "days_overdue": r.days_overdue,
                "last_update": _day(r.last_update.date) if r.last_update is not None else None,
            }
            for r in agenda.review
        ],
        new_items=[commitment_ref(c) for c in agenda.new_items],
        obligations=[
            {**commitment_ref(o.commitment), "period": o.period, "met": o.met}
            for o in agenda.obligations
        ],
    )
