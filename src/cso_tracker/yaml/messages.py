"""libyaml's syntax errors, said in the words of the members who edit records
and placed where the fix goes."""

from __future__ import annotations

from cso_tracker.yaml.errors import YamlError, line_col_of_offset


def syntax_error(exc: Exception, text: str) -> YamlError:
    from ruamel.yaml.error import MarkedYAMLError

    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark if exc.problem_mark is not None else exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = exc.problem if exc.problem is not None else str(exc)
        context_mark = exc.context_mark
        explained = _explain_syntax(
            problem,
            exc.context,
            (line, column),
            (context_mark.line + 1, context_mark.column + 1) if context_mark is not None else None,
            text,
        )
        if explained is not None:
            problem, (line, column) = explained
        elif exc.context:
            problem = f"{problem} ({exc.context})"
        return YamlError(problem, line=line, column=column, rule="yaml-syntax")
    # A ReaderError (a control character) carries a byte offset, not a mark.
    offset = getattr(exc, "position", None)
    line, column = line_col_of_offset(text.encode(), offset) if isinstance(offset, int) else (1, 1)
    reason = getattr(exc, "reason", None)
    character = getattr(exc, "character", None)
    message = (
        f"character U+{character:04X} is not allowed ({reason})"
        if reason is not None and isinstance(character, int)
        else str(exc).splitlines()[0]
    )
    return YamlError(message, line=line, column=column, rule="yaml-syntax")


def merge_conflict(rel: str, lines: list[int]) -> str:
    """What to do about a file git left with conflict markers (at `lines`)."""
    where = ", ".join(str(line) for line in lines)
    return (
        f"unresolved merge conflict (git's markers <<<<<<<, =======, >>>>>>> on line"
        f"{'s' if len(lines) > 1 else ''} {where}): keep the side you want, delete the marker "
        f"lines, or take one side whole with `git checkout --ours {rel}` or "
        f"`git checkout --theirs {rel}`; then `git add {rel}`"
    )


def _explain_syntax(
    problem: str,
    context: str | None,
    at: tuple[int, int],
    context_at: tuple[int, int] | None,
    text: str,
) -> tuple[str, tuple[int, int]] | None:
    """libyaml's wording for the mistakes members make most, said in their
    terms and placed where the fix goes; None to keep libyaml's own words."""
    lines = text.splitlines()
    line, column = at
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    character = source[column - 1] if 0 < column <= len(source) else ""
    if context in ("while parsing a flow sequence", "while parsing a flow mapping"):
        opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
        if context_at is not None:
            return (
                f"this '{opener}' is never closed: expected ',' or '{closer}' "
                f"before line {line}, column {column}",
                context_at,
            )
    if context == "while scanning a quoted scalar" and context_at is not None:
        return "this quote is never closed; end the text with the same quote mark", context_at
    if context == "while scanning a simple key" and context_at is not None:
        return "expected 'key: value' on this line, but it has no ': '", context_at
    if problem == "mapping values are not allowed in this context":
        if ": " in source[: column - 1] or source[: column - 1].rstrip().endswith(":"):
            return (
                "a second ': ' on this line; if it is part of the value, "
                "put the whole value in quotes",
                at,
            )
        return "unexpected ': '; check this line's indentation against the line above", at
    if problem == "found unexpected ':'" and context == "while scanning a plain scalar":
        # `evidence: [https://example.org/x]`: inside brackets a URL needs quotes.
        return (
            "a ':' inside a value in brackets ([...] or {...}); put that value in quotes, "
            'e.g. ["https://example.org/report"]',
            context_at if context_at is not None else at,
        )
    if problem == "found character that cannot start any token" and character not in ("", "\t"):
        return f"a value cannot start with '{character}'; put the value in quotes", at
    if problem in ("did not find expected key", "did not find expected '-' indicator"):
        if character in ("]", "}", ","):
            return f"unexpected '{character}': there is nothing to close or separate here", at
        if context_at is not None:
            expected, shape = (
                ("'key: value'", "mapping") if problem.endswith("key") else ("'- item'", "list")
            )
            return (
                f"expected {expected} here, lined up with the {shape} that starts at "
                f"line {context_at[0]}, column {context_at[1]}; check the indentation",
                at,
            )
    return None
