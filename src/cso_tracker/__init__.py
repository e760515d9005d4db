"""cso-tracker: a commitment tracker whose data is YAML records in git."""

__version__ = "0.1.0"

SOURCE_URL = "https://github.com/cso-tracker/cso-tracker"
"""Where the tracker's source, its GitHub Action and its pre-commit hooks are
published; the same as [project.urls] Source in pyproject.toml (a test keeps
them equal). `tracker init` points a new group's workflows at it."""
