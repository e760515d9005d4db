"""cso-tracker: a commitment tracker whose data is YAML records in git."""

__version__ = "0.1.0"
