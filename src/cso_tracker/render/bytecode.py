"""A bytecode cache for the package's own templates: compiling status.md.j2
takes about 0.1 s, loading its code about 1 ms.

A cache file holds code that runs, so it is believed only as the record
cache is (repo/cache.py `trusted`): its folder and the file itself belong
to the user and no one else may write them; the file is checked through its
open descriptor, never through a symbolic link. The file is a header (what
made it: Jinja's and Python's versions and the environment's settings, then
the template source's checksum) and the marshalled code; it holds no pickle,
which Jinja's own format does. Anything unexpected is a miss, and a folder
that cannot be written costs the compile, never a report.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Final

from jinja2 import __version__ as jinja_version
from jinja2.bccache import Bucket, BytecodeCache

from cso_tracker.repo.cache import read_trusted, write_trusted_bytes

_MAX_BYTES: Final = 16 << 20


class TrustedBytecodeCache(BytecodeCache):
    """Compiled templates in `folder`, one file per template; `settings`:
    the environment's, which the code depends on besides its source."""

    def __init__(self, folder: Path, settings: str) -> None:
        self.folder = folder
        made_by = f"{jinja_version}/{sys.version_info[:2]}/{settings}"
        self.header = b"cso-tracker template code 1 " + hashlib.sha256(made_by.encode()).digest()

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.code"

    def load_bytecode(self, bucket: Bucket) -> None:
        data = read_trusted(self._path(bucket), _MAX_BYTES)
        expected = self.header + bucket.checksum.encode("ascii")
        if data is None or not data.startswith(expected):
            return
        try:
            code = marshal.loads(data[len(expected) :])
        except (EOFError, ValueError, TypeError):  # a torn or corrupt file
            return
        if isinstance(code, CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        data = self.header + bucket.checksum.encode("ascii") + marshal.dumps(bucket.code)
        write_trusted_bytes(self._path(bucket), data)
