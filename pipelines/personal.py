"""Mask personal data typed into free text: e-mail addresses, phone numbers and personnummer.

Applied at staging to every free-text answer, and to every rejected value (rejected_rows
is published too), so none of it reaches the curated database. Each kind has its own Swedish placeholder; the number masked is counted
so the build can report it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from pipelines.errors import Rejection

# Separators people (and Word's autocorrect) put between digit groups: space, no-break space, hyphen, en dash.
_SEP = r"[\s\u00a0\u2009\u202f\-\u2013/]"
# Personnummer include samordningsnummer (day + 60). Order matters: personnummer before phone numbers (both are
# digit runs with a hyphen). Ten digits in a row that begin with 0 are a phone number (0701234567).
PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("e-post", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}"), "[e-post borttagen]"),
    ("personnummer", re.compile(r"(?<![\d\-\u2013])(?!0\d{9}(?!\d))(?:19|20)?\d{2}(?:0[1-9]|1[0-2])"
                                r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+\u2013 ]?\d{4}(?![\d\-\u2013])"),
     "[personnummer borttaget]"),
    ("telefonnummer", re.compile(rf"(?<![\w+])(?:(?:\+|00)46{_SEP}?\(?0?\)?|\(?0)\d{{1,3}}\)?"
                                 rf"(?:{_SEP}{{0,3}}\d{{2,3}}){{2,4}}(?!\d)"), "[telefonnummer borttaget]"),
)


def mask_personal_data(text: str) -> tuple[str, Counter]:
    """The text with personal data replaced by placeholders, and how many of each kind were masked."""
    counts: Counter = Counter()
    for kind, pattern, placeholder in PATTERNS:
        text, found = pattern.subn(placeholder, text)
        if found:
            counts[kind] += found
    return text, counts


def describe_masked(counts: Counter) -> str:
    """'2 e-postadresser och 1 telefonnummer' – what was masked, in Swedish."""
    names = {"e-post": ("e-postadress", "e-postadresser"), "personnummer": ("personnummer", "personnummer"),
             "telefonnummer": ("telefonnummer", "telefonnummer")}
    parts = [f"{n} {names[k][0] if n == 1 else names[k][1]}" for k, n in counts.items() if n]
    return " och ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else "".join(parts)


def mask_rejected_values(rejections: list[Rejection]) -> tuple[list[Rejection], Counter]:
    """Rejections with personal data in their value masked (they are published in rejected_rows); count per file."""
    masked, per_file = [], Counter()
    for rejection in rejections:
        value, counts = mask_personal_data(rejection.varde)
        per_file[rejection.fil] += sum(counts.values())
        masked.append(replace(rejection, varde=value) if counts else rejection)
    return masked, +per_file
