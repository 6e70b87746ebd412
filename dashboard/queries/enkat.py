"""Queries: enkat."""

from __future__ import annotations

import pandas as pd

from dashboard.db import query

__all__: list[str] = []
