"""User text made safe for Markdown, tables and Mermaid charts, and the small
formatting filters the report templates share.

Autoescaping is off (the output is Markdown, not HTML), so every user string goes through one of the filters below:

- `cell`: inside a table cell: `|` escaped, line breaks as `<br>`, HTML and
  Markdown-active characters escaped.
- `md`: inline text outside tables: the same, minus the pipe, plus a leading
  `#`, `-`, `+` or `1.` and a closing `#` escaped, since the value may start
  a list item or end a heading.
- `evidence`: a list of evidence for a table cell: URLs as autolinks.
- `mermaid`: a label inside a Mermaid gantt chart: characters that end a
  task (`:`, `;`, `#`, line breaks) and quotes removed, and a label that
  starts with a gantt keyword (`Call for papers`) put in quotes.

`visible` shows control characters and bidirectional overrides as escapes
(`\x1b`, `\u202e`) wherever text reaches a terminal or a CI log.

`nearest` picks the timeline bars a capped chart shows (`max_rows`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from cso_tracker.query.sections import TimelineItem

# --- escaping -------------------------------------------------------------------

# C0 and C1 controls and DEL (an escape sequence recolours, moves the cursor
# or retitles a terminal; a carriage return overwrites the line shown), the
# line and paragraph separators, and the marks and overrides that reorder
# text on screen (U+202E shows "txt.exe" for "exe.txt").
_HIDDEN: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, keep: str = "") -> str:
    """`text` with every control character and bidirectional mark shown as
    an escape (`\x1b`, `\u202e`), except those in `keep` (a Rich view keeps
    its own line breaks and tabs). The one function for text bound for a terminal or
    a CI log: problems, error messages, the Rich views, Markdown."""
    if _HIDDEN.search(text) is None:  # almost every string: no copy
        return text
    if not keep:
        return _HIDDEN.sub(_escaped, text)
    return _HIDDEN.sub(lambda m: m.group() if m.group() in keep else _escaped(m), text)


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


# Any character `md` changes: most titles have none, and skip its two passes.
_MD_ACTIVE: Final = re.compile("[" + re.escape("".join(map(chr, _INLINE))) + "]|" + _HIDDEN.pattern)


def md(value: object) -> str:
    """Inline Markdown text that renders as written and stays on its line."""
    text = _text(value).strip()
    if _MD_ACTIVE.search(text) is not None:
        text = visible(text.replace("\r\n", "\n").translate(_INLINE), keep="\t")
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


_URL: Final = re.compile(r"https?://[^\s<>|\\`]+")


def evidence(items: Iterable[object]) -> str:
    """Evidence for a table cell: each URL as an autolink (no escapes inside,
    so `_` in a URL survives), anything else through `cell`; one per line."""
    shown = [
        f"<{text}>" if _URL.fullmatch(text) else cell(text)
        for text in (_text(item).strip() for item in items)
    ]
    return "<br>".join(shown) if shown else "—"


def mermaid(value: object, width: int = 60) -> str:
    """A Mermaid gantt label: no character that ends a task or a section."""
    text = " ".join(_MERMAID_UNSAFE.sub(" ", _HIDDEN.sub(" ", _text(value))).split())
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
