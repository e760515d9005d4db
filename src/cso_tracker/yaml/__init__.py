"""The one place that knows the YAML dialect of record files.

reader: bytes -> plain values, fast and safe (libyaml's events, our composer).
positions: where each key and value stands. messages: syntax errors in the
members' words. roundtrip: ruamel's round-trip mode for editing one file.
quoting, edits, canonical: writing values, structural edits that keep
comments, and the canonical layout that `tracker fmt` writes.
"""

from typing import Final

MAX_FILE_BYTES: Final = 256 * 1024
"""The largest record file read. Here, not in reader: a source refuses a
file by its size without the reader (a run answered from a stored verdict
never imports it)."""
