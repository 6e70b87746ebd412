"""Answers without content: "Inget att tillägga", "Se tidigare svar", "-" and the like.

Such answers are marked "Inget sakinnehåll" and left out of theme counts and the review
queue. The rule recognises them; a reviewer can set or clear the mark per answer (stored in
the users' store, userstore.sakinnehall), and the reviewer's mark always wins.
"""

from __future__ import annotations

import re
import unicodedata

__all__: list[str] = ["ETIKETT", "saknar_sakinnehall", "hanvisar_till_tidigare"]

ETIKETT = "Inget sakinnehåll"

# Whole answers (after normalising case, punctuation and spaces) that carry no content.
_TOMMA = {
    "", "inget", "ingenting", "inga", "nej", "ja", "x", "na", "n a", "ok", "vet ej", "vet inte", "ej aktuellt",
    "inte aktuellt", "ingen kommentar", "inga kommentarer", "inget att tillägga", "inget ytterligare",
    "inget ytterligare att tillägga", "inget mer att tillägga", "har inget att tillägga", "inget svar",
    "se ovan", "se tidigare svar", "se föregående svar", "se svar ovan", "samma som ovan", "samma som tidigare",
    "samma som förra året", "se förra årets svar", "se svaret från förra året", "som tidigare",
}
_TIDIGARE = re.compile(r"\b(se|samma som)\b.*\b(tidigare|föregående|förra året|förra årets)\b")


def _normalised(text: str) -> str:
    """Lower case, letters and digits only, single spaces ('Inget att tillägga!' -> 'inget att tillägga')."""
    text = unicodedata.normalize("NFC", str(text or "")).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split()).replace("_", " ").strip()


def saknar_sakinnehall(text: str | None) -> bool:
    """True when the whole answer carries no content ('-', 'Inget att tillägga.', 'Se tidigare svar')."""
    return _normalised(text or "") in _TOMMA


def hanvisar_till_tidigare(text: str | None) -> bool:
    """True when the answer only points to an earlier answer ('Se tidigare svar', 'Samma som förra året')."""
    normalised = _normalised(text or "")
    return normalised in _TOMMA and bool(_TIDIGARE.search(normalised))
