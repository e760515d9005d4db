"""A tracker's repository of records: where they live (layout, tree), where
they are read from (source: the work tree or a git revision), how one file
becomes a record (parse, schema), the loaded whole (repository, load) and the
per-user cache that spares parsing unchanged files again (cache)."""
