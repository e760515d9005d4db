"""Rendering, never printing: Markdown from the Jinja2 templates (templates,
with escape and wording), versioned JSON (json_shapes), problems for people,
GitHub and JSON (problems), Rich renderables for a terminal (terminal,
terminal_records), `list` as CSV or a Markdown table (tables) and the diff
of a dry run (diff). The command line prints what these return."""
