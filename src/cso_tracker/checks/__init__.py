"""The validator's rules across records (references, uniqueness, history,
timing, completeness), their registry, and the verdict that combines them
with what loading found. Rules are pure functions of the loaded records and
the day; nothing here reads files."""
