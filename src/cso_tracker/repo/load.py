"""Loading a source into a Repository: every record file listed, read (or
taken from the record cache when its content cannot have changed), parsed
and schema-checked, with every problem collected on the way."""

from __future__ import annotations

import gc
import re
from pathlib import Path

from cso_tracker.models import RECORD_MODELS, FileRecord, Settings, Update, UpdateFile
from cso_tracker.problems import Problem, Severity, sort_problems
from cso_tracker.repo.cache import RecordCache
from cso_tracker.repo.layout import RECORD_SUFFIX, SETTINGS_FILE, UPDATES, RecordFile
from cso_tracker.repo.parse import parse_record, parse_settings
from cso_tracker.repo.repository import Repository
from cso_tracker.repo.scan import Scan, scan
from cso_tracker.repo.source import CacheKey, Source, WorkTree


def load(
    source: Source, *, use_cache: bool = True, freeze: bool = False, scanned: Scan | None = None
) -> Repository:
    """Read and schema-check every record file the source holds.

    With `use_cache`, files whose content cannot have changed since an
    earlier run (same stat, or same blob) are taken from the user's record
    cache instead of being parsed again. With `freeze`, what is loaded is
    moved out of the garbage collector's sight (gc.freeze): only for a
    process that ends after one command, as the command line's. `scanned`
    is the source's `scan`, when the caller has made it already."""
    # Loading builds hundreds of thousands of objects, none of them garbage
    # yet: the collector ran full collections over all of them for nothing
    # (a tenth of a cold load at 10,000 commitments). Left off if the caller
    # turned it off.
    enabled = gc.isenabled()
    gc.disable()
    try:
        repository = _load(source, use_cache=use_cache, scanned=scanned)
        if freeze:
            # Before the collector is on again, or its first run would scan
            # them all once more. Frozen objects are never collected as
            # cycles: a library user loading many times would leak them.
            gc.freeze()
    finally:
        if enabled:
            gc.enable()
    return repository


def _load(source: Source, *, use_cache: bool, scanned: Scan | None) -> Repository:
    cache = RecordCache(source.root, source.cache_name) if use_cache else None
    listing = scanned if scanned is not None else scan(source, use_cache=use_cache)
    files = listing.files
    source.prefetch(files, lambda rel, key: cache is None or not cache.peek(rel, key))
    settings, problems = _settings(source, cache)
    # A copy: the list may be the cache's own, and the repository's grows.
    repository = Repository(source=source, settings=settings, problems=[*problems])
    repository.problems.extend(listing.problems)
    for record_file, key in zip(files, listing.keys, strict=True):
        _load_file(repository, record_file, key, cache)
    repository.apply_updates()
    if cache is not None:
        cache.save()
    repository.problems = sort_problems(repository.problems)
    repository.fingerprint = listing.fingerprint
    return repository


def load_repository(root: Path, *, use_cache: bool = True, freeze: bool = False) -> Repository:
    """The records as they are in the work tree at `root` (see `load`)."""
    return load(WorkTree(root), use_cache=use_cache, freeze=freeze)


def _settings(source: Source, cache: RecordCache | None) -> tuple[Settings, list[Problem]]:
    """tracker.yaml's settings and problems, taken from the cache while its
    content cannot have changed (as a record's are): at a revision, a warm
    load then reads no blob at all."""
    key = source.settings_key() if cache is not None else None
    if cache is not None and key is not None:
        cached = cache.get(SETTINGS_FILE, key)
        if cached is not None:
            settings, problems = cached
            return settings, problems
    data = source.read_settings()
    settings, problems = parse_settings(data)
    if cache is not None and key is not None and isinstance(data, bytes):
        cache.put(SETTINGS_FILE, key, (settings, problems))
    return settings, problems


def _load_file(
    repository: Repository,
    record_file: RecordFile,
    key: CacheKey | Problem,
    cache: RecordCache | None,
) -> None:
    repository.files_checked += 1
    source = repository.source
    if isinstance(key, Problem):
        _add_record(repository, record_file, None, [key])
        return
    cached = cache.get(record_file.rel, key) if cache is not None else None
    if cached is not None:
        _add_record(repository, record_file, *cached)
        return
    data = source.read(record_file)
    if isinstance(data, Problem):
        _add_record(repository, record_file, None, [data])
        return
    repository.contents[record_file.rel] = data
    record, problems = parse_record(data, record_file.rel, RECORD_MODELS[record_file.kind])
    if cache is not None:
        cache.put(record_file.rel, key, (record, problems))
    _add_record(repository, record_file, record, problems)


def _add_record(
    repository: Repository,
    record_file: RecordFile,
    record: FileRecord | None,
    problems: list[Problem],
) -> None:
    repository.problems.extend(problems)
    if record is None:
        repository.unloaded.add((record_file.kind, record_file.record_id))
        return
    if isinstance(record, UpdateFile):
        _add_update(repository, record_file, record)
        return
    table = repository.records(record_file.kind)
    if record.id in table:
        holder = repository.files[(record_file.kind, record.id)]
        if holder.stem_id != record.id and record_file.stem_id == record.id:
            # The file named after the id owns it. The other one (already
            # reported as id-mismatch) was read first only because its name
            # sorts first: it is the copy, and cross-record rules use this one.
            table[record.id] = record
            repository.files[(record_file.kind, record.id)] = record_file
            repository.problems.append(
                Problem(holder.rel, 1, 1, Severity.ERROR,
                        f"id '{record.id}' is already used by {record_file.rel}", "id-duplicate")
            )  # fmt: skip
            return
        repository.problems.append(
            Problem(record_file.rel, 1, 1, Severity.ERROR,
                    f"id '{record.id}' is already used by {holder.rel}", "id-duplicate")
        )  # fmt: skip
        return
    table[record.id] = record
    repository.files[(record_file.kind, record.id)] = record_file
    if record.id != record_file.stem_id:
        repository.problems.append(
            repository.problem(record_file.kind, record.id, ("id",), Severity.ERROR,
                               f"id '{record.id}' does not match the file name; rename the file "
                               f"to {record.id}{RECORD_SUFFIX} or set id: {record_file.stem_id}",
                               "id-mismatch")
        )  # fmt: skip


UPDATE_SUFFIX_HELP = "a hyphen and lowercase letters or digits"
_SUFFIX = re.compile(r"-[a-z0-9]+")


def _add_update(repository: Repository, record_file: RecordFile, record: UpdateFile) -> None:
    """An update joins its commitment's; its file name must start with the
    date and the member it holds, so a folder lists who reported when."""
    update = Update.placed(record, *record_file.update_place)
    name = update.name
    repository.updates[record_file.record_id] = update
    repository.files[(UPDATES, record_file.record_id)] = record_file
    if record.by != record.by.lower():
        # `by: HRI`, an acronym: the reference rule says which id to write;
        # the name is checked against that once it is written.
        return
    expected = f"{record.date}-{record.by}"
    rest = name.removeprefix(expected)
    if name.startswith(expected) and (rest == "" or _SUFFIX.fullmatch(rest) is not None):
        return
    repository.problems.append(
        repository.problem(UPDATES, record_file.record_id, (), Severity.ERROR,
                           f"the file name must be the update's date and member: "
                           f"{expected}{RECORD_SUFFIX}, or {expected}-<suffix>{RECORD_SUFFIX} "
                           f"with {UPDATE_SUFFIX_HELP}", "update-name")
    )  # fmt: skip
