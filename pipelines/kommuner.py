"""Resolve kommun names as people type them ("Umeå kommun", "UMEÅ", "Umea", "2480") to kommunkod."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

_SUFFIXES = (" kommun", " kn", " kommunen")


def fold(text: str) -> str:
    """Lower-case, strip accents (å→a, ö→o, ø→o) and collapse white space."""
    text = unicodedata.normalize("NFKD", str(text).replace("ø", "o").replace("Ø", "o"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip().lower()


def candidate_keys(text: str) -> list[str]:
    """Keys to try for a typed name: as is, without 'kommun', without a genitive 's'."""
    key = fold(text)
    keys = [key]
    for suffix in _SUFFIXES:
        if key.endswith(suffix):
            key = key[: -len(suffix)].strip()
            keys.append(key)
            break
    if key.endswith("s"):
        keys.append(key[:-1])
    return keys


@dataclass(frozen=True)
class KommunResolver:
    """Maps folded spellings and kommunkoder to kommunkod."""

    lookup: dict[str, str]

    @classmethod
    def from_reference(cls, kommuner: pd.DataFrame) -> "KommunResolver":
        """Build from the reference table (kommunkod, kommun, stavningar separated by '|')."""
        lookup: dict[str, str] = {}
        for row in kommuner.itertuples(index=False):
            kod = str(row.kommunkod)
            variants = [kod, row.kommun, *str(row.stavningar or "").split("|")]
            for variant in filter(None, (v.strip() for v in variants)):
                lookup[fold(variant)] = kod
        return cls(lookup)

    def resolve(self, text) -> str | None:
        """Return the kommunkod for a typed name or code, or None if it cannot be resolved."""
        if text is None or (isinstance(text, float) and pd.isna(text)):
            return None
        if isinstance(text, (int, float)):
            text = str(int(text))
        for key in candidate_keys(str(text)):
            if key in self.lookup:
                return self.lookup[key]
        return None
