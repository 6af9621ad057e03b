"""The languages of names and quotes: one list, the one the SHACL shapes allow.

``LANGUAGES`` is what ``--lang`` offers, what an imported row may say in its ``lang`` column
and what the synthetic ecosystem writes; a test checks it against every ``sh:languageIn`` of
the shapes, so the tool never accepts a tag that validation then refuses.
"""

from __future__ import annotations

# English first (the fallback of every label), then the languages of the regions we cover.
LANGUAGES: tuple[str, ...] = ("en", "pl", "cs", "de", "fr", "it")
DEFAULT_LANGUAGE = "en"


def check(tag: str) -> str:
    """``tag`` in lower case if it is one of ``LANGUAGES``; ValueError saying which are."""
    lowered = tag.strip().lower()
    if lowered not in LANGUAGES:
        raise ValueError(
            f"{tag!r} is not a language clusterkg uses; use one of {', '.join(LANGUAGES)}"
        )
    return lowered
