"""The dashboard as an ASGI app (st.App) with the document language set to Swedish from the first byte.

Streamlit's index.html says `<html lang="en">`; screen readers then read Swedish text with English rules
(WCAG 3.1.1). `SwedishDocument` rewrites that one attribute in every HTML response before it leaves the
server, and adds the page-wide styles (dashboard.a11y: focus ring, no English toolbars) to its head, so they apply
before the first page has run. Every page — including deep links and the sign-in redirect target — is served
as `lang="sv"`.
Streamlit's scripts carry English texts that reach users and screen readers ("No results", "Clear all", "Select
all", the limit message, "Link to heading", "Skip to main content"); Streamlit has no translation mechanism, so
the same middleware serves the scripts holding them with the texts in Swedish (`FRONTEND_TEXTS`). A browser test checks that the texts are
still found in the installed Streamlit version.
Start it with `streamlit run serve.py` (the Makefile's `run` target does).
"""

from __future__ import annotations

import re

from dashboard.a11y import STYLE

LANGUAGE = b"sv"
_HTML_LANG = re.compile(rb"<html([^>]*?)\blang=\"[^\"]*\"")


def with_language(html: bytes, language: bytes = LANGUAGE) -> bytes:
    """The HTML document with its <html lang> set to `language` (added when missing)."""
    replaced, count = _HTML_LANG.subn(rb'<html\1lang="' + language + b'"', html, count=1)
    if count:
        return replaced
    return re.sub(rb"<html(?=[\s>])", b'<html lang="' + language + b'"', html, count=1)


def with_styles(html: bytes, style: str) -> bytes:
    """The HTML document with `style` (a <style> element) at the end of its <head>, so it applies from the start."""
    return html.replace(b"</head>", style.strip().encode() + b"</head>", 1)


# Streamlit's English widget texts, as written in its selectbox and multiselect scripts, and their Swedish.
FRONTEND_TEXTS: dict[str, str] = {
    "`No results`": "`Inga träffar`",
    "`Clear all`": "`Rensa alla`",
    "`Clear value`": "`Rensa valet`",
    "`Select all`": "`Välj alla`",
    "`Selected values`": "`Valda värden`",
    "`Selectbox options`": "`Alternativ`",
    "`Multiselect options`": "`Alternativ`",
    "`You can only select up to ${t.maxSelections} ${e}. Remove an option first.`":
        "`Du kan välja högst ${t.maxSelections}. Ta bort ett val först.`",
    "`Link to heading`": "`Länk till rubriken`",
    "`Skip to main content`": "`Hoppa till huvudinnehållet`",
}
TRANSLATED_SCRIPTS = r"(Selectbox|Multiselect|StreamlitMarkdown|index)\.[\w-]+\.js"
_TRANSLATED_SCRIPT = re.compile(rf"/static/js/{TRANSLATED_SCRIPTS}$")


def in_swedish(script: bytes) -> bytes:
    """A widget script with Streamlit's English texts replaced by Swedish (FRONTEND_TEXTS)."""
    for english, swedish in FRONTEND_TEXTS.items():
        script = script.replace(english.encode(), swedish.encode())
    return script


def _translated_script(scope) -> bool:
    """True for a request of one of the widget scripts whose texts are served in Swedish."""
    return bool(_TRANSLATED_SCRIPT.search(scope.get("path") or ""))


def _asks_for_html(scope) -> bool:
    """True for a browser's request of a page (its Accept header names text/html)."""
    return any(k == b"accept" and b"text/html" in v for k, v in scope.get("headers") or [])


class SwedishDocument:
    """Pure ASGI middleware: HTML responses get `lang="sv"`; everything else passes through untouched."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        script = _translated_script(scope)
        if script or _asks_for_html(scope):
            # The page (a few kB) and the translated scripts are served uncompressed so they can be rewritten.
            scope = {**scope, "headers": [(k, v) for k, v in scope.get("headers") or [] if k != b"accept-encoding"]}
        state: dict = {"start": None, "passthrough": False, "body": bytearray()}

        async def capture(message):
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                is_html = headers.get(b"content-type", b"").startswith(b"text/html")
                if not (is_html or (script and message.get("status") == 200)) or headers.get(b"content-encoding"):
                    state["passthrough"] = True
                    await send(message)
                else:
                    state["start"] = message
                return
            if state["passthrough"] or message["type"] != "http.response.body":
                await send(message)
                return
            state["body"].extend(message.get("body", b""))
            if message.get("more_body"):
                return
            body = in_swedish(bytes(state["body"])) if script else with_styles(with_language(bytes(state["body"])),
                                                                                STYLE)
            start = state["start"]
            headers = [(k, v) for k, v in start.get("headers") or [] if k.lower() not in (b"content-length", b"etag")]
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)
