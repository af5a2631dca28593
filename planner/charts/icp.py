"""Charts of the ideal-profile result: where each cluster sits, how k was chosen, what the tree used."""

from __future__ import annotations

import plotly.graph_objects as go

from planner.charts.theme import PALETTE, PERCENT, style
from planner.icp import IcpResult
from planner.icp.wording import attribute_label

_BEST = PALETTE[3]
_OTHER = PALETTE[0]
_HOVER = "%{customdata[0]}<br>%{customdata[1]:,} deals · PMF %{customdata[2]:.2f}<extra></extra>"


def _gap(upper: float | None, lower: float | None) -> float:
    return 0.0 if upper is None or lower is None else upper - lower


def profile_bubbles(result: IcpResult) -> go.Figure:
    """Win rate (with its 95% interval) against average won deal, one bubble per cluster sized by deals.

    With won deals only there is no win rate: the y axis becomes each cluster's share of all wins.
    """
    clusters = [p for p in result.clusters if p.average_won_deal is not None] or list(result.clusters)
    has_rate = result.win_rate_available
    y = [p.win_rate if has_rate else p.won / max(result.overall.won, 1) for p in clusters]
    largest = max(p.deals for p in clusters)
    figure = go.Figure(
        go.Scatter(
            x=[p.average_won_deal or 0.0 for p in clusters],
            y=y,
            mode="markers+text",
            text=[f"#{p.cluster}" for p in clusters],
            textposition="top center",
            marker={
                "size": [12 + 48 * (p.deals / largest) ** 0.5 for p in clusters],
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
    figure.update_xaxes(title="Average won deal", tickprefix="$", tickformat="~s", type="log", dtick="D2")
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
