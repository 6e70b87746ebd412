"""Chart builders: ekonomi."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts.common import swedish

__all__: list[str] = []
