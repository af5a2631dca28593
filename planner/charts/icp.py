"""Charts of the ideal-profile result: where each cluster sits, how k was chosen, what the tree used."""

from __future__ import annotations

from typing import Final

import numpy as np
import plotly.graph_objects as go

from planner.charts.theme import PALETTE, PERCENT, style
from planner.formatting import money
from planner.icp import IcpResult
from planner.icp.profiles import ClusterProfile
from planner.icp.wording import attribute_label

_BEST = PALETTE[3]
_OTHER = PALETTE[0]
_HOVER = "%{text} %{customdata[0]}<br>%{customdata[1]:,} deals · PMF %{customdata[2]:.2f}<extra></extra>"


# Where a bubble's label may go, in order of preference (plotly's textposition values).
LABEL_POSITIONS: Final = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)
# The plot area a label is laid out on (the chart's usual size on a page) and a label's size, in pixels.
_AREA: Final = (900.0, 280.0)
_CHAR_WIDTH, _LINE_HEIGHT, _PAD = 8.0, 14.0, 3.0


def _gap(upper: float | None, lower: float | None) -> float:
    return 0.0 if upper is None or lower is None else upper - lower


def _scaled(values: np.ndarray, extent: tuple[float, float], pixels: float) -> np.ndarray:
    low, high = extent
    return (values - low) / (high - low) * pixels if high > low else np.full(len(values), pixels / 2)


def _label_box(x: float, y: float, radius: float, text: str, position: str) -> tuple[float, ...]:
    """(left, bottom, right, top) of a label placed at ``position`` around a bubble, in pixels."""
    width, height = _CHAR_WIDTH * len(text), _LINE_HEIGHT
    vertical, horizontal = position.split()
    reach = radius + _PAD
    centre_x = x + {"left": -(reach + width / 2), "center": 0.0, "right": reach + width / 2}[horizontal]
    if vertical == "middle":
        centre_y = y
    else:  # above or below, clearing the bubble's edge (less at a corner, where the circle is lower)
        offset = (reach if horizontal == "center" else 0.7 * reach) + height / 2
        centre_y = y + offset if vertical == "top" else y - offset
    return (centre_x - width / 2, centre_y - height / 2, centre_x + width / 2, centre_y + height / 2)


def _overlaps(box: tuple[float, ...], other: tuple[float, ...]) -> bool:
    return box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]


def label_positions(
    x: list[float],
    y: list[float],
    diameters: list[float],
    texts: list[str],
    *,
    y_extent: tuple[float, float] | None = None,
    whiskers: list[tuple[float, float]] | None = None,
) -> list[str]:
    """A text position per bubble such that no label covers another label or another bubble.

    Plotly puts every label on the same side of its point, so two clusters of similar size and win
    rate printed "#2#3" over each other. The bubbles are laid out on the chart's usual plot area
    (``x`` as drawn, i.e. log10 for a log axis; ``y_extent`` the y axis's span when error bars widen
    it), biggest first, each label taking the first position of ``LABEL_POSITIONS`` that clashes with
    nothing, else the one that clashes least. ``whiskers`` are each bubble's error bar (low, high):
    a label on one would be struck through.
    """
    xs, ys, radius = (np.asarray(values, float) for values in (x, y, diameters))
    px = _scaled(xs, (xs.min(), xs.max()), _AREA[0])
    extent = y_extent or (ys.min(), ys.max())
    py = _scaled(ys, extent, _AREA[1])
    radius = radius / 2
    bubbles = [(px[i] - r, py[i] - r, px[i] + r, py[i] + r) for i, r in enumerate(radius)]
    for i, (low, high) in enumerate(whiskers or []):
        bottom, top = _scaled(np.array([low, high]), extent, _AREA[1])
        bubbles.append((px[i] - 1.0, bottom, px[i] + 1.0, top))
    placed: list[tuple[float, ...]] = []
    chosen = [LABEL_POSITIONS[0]] * len(xs)
    for i in sorted(range(len(xs)), key=lambda i: -radius[i]):
        others = placed + bubbles[:i] + bubbles[i + 1 :]  # its own whisker (after the bubbles) counts
        boxes = {p: _label_box(px[i], py[i], radius[i], texts[i], p) for p in LABEL_POSITIONS}
        chosen[i] = min(LABEL_POSITIONS, key=lambda p: sum(_overlaps(boxes[p], o) for o in others))
        placed.append(boxes[chosen[i]])
    return chosen


def _money_ticks(low: float, high: float) -> list[float]:
    """1-2-5 steps covering [low, high] on a log axis, so every tick reads as money ("$20k").

    Plotly's own log ticks put the "$" on the powers of ten only ("$10k, 20k, 50k, $100k").
    """
    low, high = max(low, 1.0), max(high, 1.0)
    decades = range(int(np.floor(np.log10(low))) - 1, int(np.ceil(np.log10(high))) + 1)
    steps = [m * 10.0**d for d in decades for m in (1, 2, 5)]
    inside = [v for v in steps if low / 1.5 <= v <= high * 1.5]
    return inside or [low]


def _y_extent(clusters: list[ClusterProfile], y: list[float]) -> tuple[float, float]:
    """The y axis's span: the bubbles and their intervals."""
    lows = [p.win_rate_low for p in clusters if p.win_rate_low is not None]
    highs = [p.win_rate_high for p in clusters if p.win_rate_high is not None]
    return min([*y, *lows]), max([*y, *highs])


def _whiskers(clusters: list[ClusterProfile], y: list[float]) -> list[tuple[float, float]]:
    """Each bubble's drawn interval (its own value where it has none)."""
    return [
        (v if p.win_rate_low is None else p.win_rate_low, v if p.win_rate_high is None else p.win_rate_high)
        for p, v in zip(clusters, y, strict=True)
    ]


def profile_bubbles(result: IcpResult) -> go.Figure:
    """Win rate (with its 95% interval) against average won deal, one bubble per cluster sized by deals.

    With won deals only there is no win rate: the y axis becomes each cluster's share of all wins.
    """
    clusters = [p for p in result.clusters if p.average_won_deal is not None] or list(result.clusters)
    has_rate = result.win_rate_available
    y = [p.win_rate if has_rate else p.won / max(result.overall.won, 1) for p in clusters]
    largest = max(p.deals for p in clusters)
    x = [p.average_won_deal or 0.0 for p in clusters]
    sizes = [12 + 48 * (p.deals / largest) ** 0.5 for p in clusters]
    texts = [p.label for p in clusters]
    figure = go.Figure(
        go.Scatter(
            x=x,
            y=y,
            mode="markers+text",
            text=texts,
            textposition=label_positions(
                list(np.log10(np.maximum(x, 1.0))),
                y,
                sizes,
                texts,
                y_extent=_y_extent(clusters, y),
                whiskers=_whiskers(clusters, y) if has_rate else None,
            ),
            marker={
                "size": sizes,
                "color": [_BEST if p.cluster == result.best.cluster else _OTHER for p in clusters],
                "opacity": 0.75,
                "line": {"width": 1, "color": "white"},
            },
            error_y=(
                {
                    "type": "data",
                    "symmetric": False,
                    "array": [_gap(p.win_rate_high, p.win_rate) for p in clusters],
                    "arrayminus": [_gap(p.win_rate, p.win_rate_low) for p in clusters],
                    "thickness": 1.2,
                    "color": "#666666",
                }
                if has_rate
                else None
            ),
            customdata=[[p.card, p.deals, p.pmf_score] for p in clusters],
            hovertemplate=_HOVER,
            name="clusters",
            showlegend=False,
        )
    )
    if has_rate and result.overall.win_rate is not None:
        figure.add_hline(
            y=result.overall.win_rate,
            line_dash="dot",
            line_color="#999999",
            annotation_text="overall win rate",
            annotation_position="bottom right",
        )
    ticks = _money_ticks(min(x), max(x))
    figure.update_xaxes(
        title="Average won deal", type="log", tickvals=ticks, ticktext=[money(v) for v in ticks]
    )
    figure.update_yaxes(
        title="Win rate (95% interval)" if has_rate else "Share of all wins", tickformat=PERCENT
    )
    return style(figure, title="Clusters: win rate vs deal size (bubble size = deals; orange = best fit)")


def k_choice(result: IcpResult) -> go.Figure:
    """The score behind the choice of k for every k tried, the chosen k marked."""
    scores = result.separation or result.silhouette
    label = "Held-out win/loss separation" if result.separation else "Silhouette"
    figure = go.Figure(
        go.Scatter(
            x=list(scores), y=list(scores.values()), mode="lines+markers", name=label, showlegend=False
        )
    )
    if scores:
        figure.add_vline(x=result.k, line_dash="dot", line_color=_BEST, annotation_text=f"k = {result.k}")
    figure.update_xaxes(title="Number of clusters (k)", dtick=1)
    figure.update_yaxes(title=label)
    return style(figure, title="How the number of clusters was chosen", height=320)


def rule_importance(result: IcpResult) -> go.Figure:
    """How much each attribute mattered to the won/lost tree (share of its impurity decrease)."""
    importance = {} if result.rules is None else result.rules.importance
    shown = {attribute_label(k): v for k, v in importance.items() if v > 0}
    figure = go.Figure(
        go.Bar(
            x=list(shown.values())[::-1],
            y=list(shown)[::-1],
            orientation="h",
            marker_color=_OTHER,
            hovertemplate="%{y}: %{x:.0%}<extra></extra>",
        )
    )
    figure.update_xaxes(title="Share of the tree's decisions", tickformat=PERCENT)
    return style(figure, title="Which attributes change the odds of winning", height=300)
