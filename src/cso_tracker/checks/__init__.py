"""The validator's rules across records (references, identity, history,
timing, completeness), their registry, and the verdict that combines them
with what loading found. Rules are pure functions of the loaded records and
the day; nothing here reads files."""
