"""Chart builders: enkat."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import common

__all__: list[str] = []
