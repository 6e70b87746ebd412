"""The dashboard as an ASGI app (st.App) with the document language set to Swedish from the first byte.

Streamlit's index.html says `<html lang="en">`; screen readers then read Swedish text with English rules
(WCAG 3.1.1). `SwedishDocument` rewrites that one attribute in every HTML response before it leaves the
server, and adds the page-wide styles (dashboard.a11y: focus ring, no English toolbars) to its head, so they apply
before the first page has run. Every page — including deep links and the sign-in redirect target — is served
as `lang="sv"`.
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
        if _asks_for_html(scope):
            # The page itself is a few kB: serve it uncompressed so its language can be set.
            scope = {**scope, "headers": [(k, v) for k, v in scope.get("headers") or [] if k != b"accept-encoding"]}
        state: dict = {"start": None, "passthrough": False, "body": bytearray()}

        async def capture(message):
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                is_html = headers.get(b"content-type", b"").startswith(b"text/html")
                if not is_html or headers.get(b"content-encoding"):
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
            html = with_styles(with_language(bytes(state["body"])), STYLE)
            start = state["start"]
            headers = [(k, v) for k, v in start.get("headers") or [] if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(html)).encode())]})
            await send({"type": "http.response.body", "body": html})

        await self.app(scope, receive, capture)
