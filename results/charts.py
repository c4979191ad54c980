"""Server-rendered bar charts (SVG geometry for templates/results/includes/chart.svg):
readable without JavaScript; every chart has a data table beside it."""

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 80, 12, 16, 44


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    label_x: float
    anchor: str = "middle"


def _nice_ceiling(value):
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude) if step * magnitude >= 1 else 1
    return int(10 * magnitude)


def bar_chart(points, baseline=None):
    """points: [(label, value)], oldest first. Returns the geometry a template draws."""
    top = _nice_ceiling(max([v for _l, v in points] + [baseline or 0, 1]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        height = plot_h * value / top
        x = LEFT + index * slot + slot * 0.15
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(TOP + plot_h - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                value=value,
                label=label,
                label_x=round(x + slot * 0.35, 1),
            )
        )
    if bars and len(points) > 6:
        # Only the first and last periods are labelled: align them to the plot's
        # edges so neither is cut off.
        bars[0].label_x, bars[0].anchor = bars[0].x, "start"
        bars[-1].label_x, bars[-1].anchor = round(bars[-1].x + bars[-1].width, 1), "end"
    ticks = [(round(TOP + plot_h - plot_h * f, 1), int(top * f)) for f in (0, 0.5, 1)]
    baseline_y = round(TOP + plot_h - plot_h * baseline / top, 1) if baseline is not None else None
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "axis_y": TOP + plot_h,
        "label_y": TOP + plot_h + 16,
        "bars": bars,
        "ticks": ticks,
        "baseline_y": baseline_y,
        "short_labels": len(points) > 6,
    }
