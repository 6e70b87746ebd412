"""Text shown through st.markdown / st.caption, escaped so that nothing in it is read as Markdown or HTML."""

from __future__ import annotations

import re

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:^&=\"'])")


def escape_markdown(text: object) -> str:
    """Escape text for st.markdown/st.caption so it renders literally, on one line."""
    one_line = " ".join(str(text).split())
    return MD_SPECIAL.sub(r"\\\1", one_line)
