"""Search hits in free-text answers, highlighted safely for st.markdown."""

from __future__ import annotations

import re

__all__: list[str] = [
    "markera_traffar",
]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:^&=\"'])")


def _one_line(text: object) -> str:
    """Collapse line breaks and runs of ordinary whitespace to one space (no-break spaces are kept)."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", str(text)).strip()


def _escape(text: str) -> str:
    """Backslash-escape every Markdown/HTML special character so st.markdown shows the text literally."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def markera_traffar(text: str, sok: str) -> str:
    """Markdown for an answer with the (case-insensitive) hits of sok highlighted; all of the text escaped.

    With an empty sok it only escapes (use it for any text shown with st.markdown).
    Line breaks of the answer are kept (as Markdown hard breaks); other whitespace runs
    become one space. A hit inside a word highlights the whole word ("bredband" marks
    "Bredbandsutbyggnaden"), so words are never split. Each line is escaped character by
    character and each hit wrapped in ``:orange-background[**...**]``, so nothing from
    the answer is ever interpreted as Markdown or HTML.
    """
    lines = [_one_line(line) for line in re.split(r"\r\n|\r|\n", str(text))]
    lines = [line for line in lines if line] or [""]
    needle = _one_line(sok)
    if not needle:
        return "  \n".join(_escape(line) for line in lines)
    pattern = re.compile(rf"(\w*{re.escape(needle)}\w*)", flags=re.IGNORECASE)
    return "  \n".join(
        "".join(f":orange-background[**{_escape(p)}**]" if i % 2 else _escape(p)
                for i, p in enumerate(pattern.split(line)))
        for line in lines)
