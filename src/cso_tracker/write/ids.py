"""Ids of new records: slugs made from a title or a name, or given."""

from __future__ import annotations

import re
import unicodedata

from cso_tracker.errors import InvalidIdError
from cso_tracker.vocabulary import is_slug


def slugify(text: str, *, limit: int = 60) -> str:
    """'Finalise the WHO/UNODC document' -> 'finalise-the-who-unodc-document'."""
    spaced = re.sub(r"[^\w]+|_", " ", text)  # dashes and punctuation separate words
    ascii_text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit and slug:
            break
        slug = candidate[:limit]
    return slug


def given_id(record_id: str | None, derived_from: str) -> str:
    """`record_id` if one was given (it must be a slug), else a slug of
    `derived_from`."""
    if record_id is not None:
        if not is_slug(record_id):
            raise InvalidIdError(record_id, f"{record_id!r} is not a valid id")
        return record_id
    slug = slugify(derived_from)
    if slug == "":
        raise InvalidIdError(
            derived_from,
            f"cannot make an id from {derived_from!r} (no Latin letters or digits)",
            derived=True,
        )
    return slug
