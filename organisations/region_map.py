"""A schematic map of the programme's regions for the directory: each region a
circle at its place (drawn on the server as SVG, no map service), its area
proportional to the number of organisations. Beside it the table of counts,
which screen readers and printing read instead, and whose rows link to each
region's filter.

Where a region lies is data of its own (its centre's latitude and longitude,
below by slug); a region added later without one is simply not drawn and still
counted in the table."""

import math
from dataclasses import dataclass

# Centres (latitude, longitude) of the programme's regions.
CENTRES = {
    "karelia": (63.5, 33.0),
    "spb": (59.94, 30.31),
    "kaliningrad": (54.7, 21.0),
    "crimea": (45.2, 34.2),
}
WIDTH, HEIGHT, PAD = 360, 400, 50
MAX_RADIUS = 34


@dataclass
class Spot:
    x: float
    y: float
    r: float
    count: int
    name: str
    slug: str
    label_y: float


def region_map(by_region):
    """by_region: [(region, count, ...)] as the directory's region counts."""
    placed = [(row[0], row[1]) for row in by_region if row[0].slug in CENTRES]
    if not placed:
        return None
    lats = [CENTRES[r.slug][0] for r, _n in placed]
    lons = [CENTRES[r.slug][1] for r, _n in placed]
    # An equirectangular projection scaled by the middle latitude: shapes stay fair.
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * squeeze, 1)
    span_y = max(max(lats) - min(lats), 1)
    scale = min((WIDTH - 2 * PAD) / span_x, (HEIGHT - 2 * PAD) / span_y)
    largest = max([n for _r, n in placed] + [1])
    spots = []
    for region, count in placed:
        lat, lon = CENTRES[region.slug]
        x = PAD + (lon - min(lons)) * squeeze * scale
        y = PAD + (max(lats) - lat) * scale
        r = max(6.0, MAX_RADIUS * math.sqrt(count / largest))
        spots.append(Spot(round(x, 1), round(y, 1), round(r, 1), count, region.name,
                          region.slug, round(y + r + 14, 1)))  # fmt: skip
    return {"width": WIDTH, "height": HEIGHT, "spots": spots}
