"""The server configuration users rely on: no error details in the browser, only known host names."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text("utf-8"))


def test_users_never_see_tracebacks_exception_texts_or_server_paths():
    assert CONFIG["client"]["showErrorDetails"] == "none"  # Streamlit 1.67: full | stacktrace | type | none


def test_only_local_host_names_are_allowed_by_default():
    assert CONFIG["server"]["allowedHosts"] == ["localhost", "127.0.0.1", "::1"]
    assert CONFIG["server"]["address"] == "localhost"
