"""Charts of the scoring result: segments by market size and win rate, segment matrix, tiers, calibration."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from planner.charts.theme import MONEY, PALETTE, PERCENT, TIER_COLOURS, style
from planner.formatting import money
from planner.schema import TIERS, Account, Score, SegmentStats
from planner.scoring.backtest import BacktestResult

METRIC_LABELS = {
    SegmentStats.WIN_RATE: "Win rate",
    SegmentStats.SCORE: "Mean priority of the accounts",
    SegmentStats.POTENTIAL: "Market size (summed potential)",
    SegmentStats.WHITESPACE: "Whitespace",
    SegmentStats.PENETRATION: "Penetration (share already customers)",
    SegmentStats.AVG_WON: "Average won deal",
    SegmentStats.ACCOUNTS: "Accounts",
}
_SYMBOLS = ("circle", "diamond", "square")
_MONEY_METRICS = {SegmentStats.POTENTIAL, SegmentStats.WHITESPACE, SegmentStats.AVG_WON}
_SHARE_METRICS = {SegmentStats.WIN_RATE, SegmentStats.PENETRATION}


def _number_format(metric: str) -> str:
    if metric in _MONEY_METRICS:
        return MONEY
    if metric in _SHARE_METRICS:
        return PERCENT
    return ",.0f"


def segment_bubbles(segments: pd.DataFrame, *, min_deals: int = 5) -> go.Figure:
    """Market size (x, log) vs win rate (y), bubble area = accounts, one colour per industry.

    Segments with fewer than ``min_deals`` closed deals have no trustworthy win rate and are left out.
    """
    shown = segments[segments[SegmentStats.CLOSED] >= min_deals]
    figure = go.Figure()
    largest = max(float(shown[SegmentStats.ACCOUNTS].max()), 1.0) if len(shown) else 1.0
    for index, (industry, group) in enumerate(shown.groupby(Account.INDUSTRY, sort=True)):
        figure.add_trace(
            go.Scatter(
                x=group[SegmentStats.POTENTIAL],
                y=group[SegmentStats.WIN_RATE],
                mode="markers",
                name=str(industry),
                marker={
                    "size": 8 + 42 * np.sqrt(group[SegmentStats.ACCOUNTS] / largest),
                    "color": PALETTE[index % len(PALETTE)],
                    # More industries than colours: the shape tells repeated colours apart.
                    "symbol": _SYMBOLS[(index // len(PALETTE)) % len(_SYMBOLS)],
                    "opacity": 0.7,
                    "line": {"width": 1, "color": "white"},
                },
                customdata=np.column_stack(
                    [
                        group[Account.SEGMENT].astype(str),
                        group[SegmentStats.ACCOUNTS],
                        group[SegmentStats.CLOSED],
                        group[SegmentStats.AVG_WON].fillna(0.0),
                        group[SegmentStats.PENETRATION],
                    ]
                ),
                hovertemplate="<b>%{customdata[0]}</b><br>market size %{x:$,.0f} · win rate %{y:.0%}"
                "<br>%{customdata[1]:,} accounts · %{customdata[2]:,} closed deals"
                "<br>average won deal %{customdata[3]:$,.0f} · penetration %{customdata[4]:.0%}"
                "<extra></extra>",
            )
        )
    figure.update_xaxes(
        type="log", dtick=1, title="Market size: summed potential of the segment's accounts", tickformat="$~s"
    )
    figure.update_yaxes(title="Win rate of closed deals", tickformat=PERCENT)
    style(figure, title="Segments: market size vs win rate (bubble = accounts)", height=560)
    # Many industries: a legend on the right keeps the title readable.
    figure.update_layout(
        legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top", "title": "Industry"}
    )
    return figure


def segment_heatmap(table: pd.DataFrame, metric: str) -> go.Figure:
    """A segment matrix (e.g. industry x size band) of one metric, the value written in each cell."""
    values = table.to_numpy(dtype=float)
    text_format = _number_format(metric)
    text = [[_format_cell(v, text_format) for v in row] for row in values]
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=[str(c) for c in table.columns],
            y=[str(i) for i in table.index],
            text=text,
            texttemplate="%{text}",
            colorscale="Blues",
            colorbar={"title": METRIC_LABELS.get(metric, metric), "tickformat": text_format},
            hovertemplate="%{y} · %{x}<br>%{text}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed")
    return style(figure, title=METRIC_LABELS.get(metric, metric), height=max(320, 34 * len(table) + 120))


def _format_cell(value: float, text_format: str) -> str:
    if not np.isfinite(value):
        return "–"
    if text_format == PERCENT:
        return f"{value:.0%}"
    if text_format == MONEY:
        return f"${value / 1e6:.1f}M" if value >= 1e6 else f"${value / 1e3:.0f}k"
    return f"{value:,.0f}"


def tier_bars(accounts: pd.DataFrame) -> go.Figure:
    """Whitespace per account in each tier, its accounts and total on the bar: a manager sees where the
    room to grow sits. Totals alone read as if tiering were wrong (tier A is the smallest tier, so it
    held the least whitespace in all while each of its accounts holds the most)."""
    tiers = accounts[Score.TIER].astype(str)
    counts = tiers.value_counts().reindex(list(TIERS), fill_value=0)
    room = accounts[Score.WHITESPACE].groupby(tiers).sum().reindex(list(TIERS), fill_value=0.0)
    per_account = room / counts.where(counts > 0)
    figure = go.Figure(
        go.Bar(
            x=list(TIERS),
            y=per_account.fillna(0.0).to_numpy(),
            marker_color=[TIER_COLOURS[t] for t in TIERS],
            text=[f"{n:,} accounts<br>{money(total)} in all" for n, total in zip(counts, room, strict=True)],
            textposition="outside",
            hovertemplate="Tier %{x}<br>whitespace per account %{y:$,.0f}<extra></extra>",
        )
    )
    figure.update_yaxes(title="Whitespace per account", tickformat="$~s")
    figure.update_xaxes(title="Tier")
    return style(figure, title="Whitespace per account, by tier", height=360)


def calibration_chart(result: BacktestResult) -> go.Figure:
    """Predicted vs observed win rate per decile of the newer (test) deals; the diagonal is perfect."""
    table = result.calibration
    top = float(max(table["predicted_win_rate"].max(), table["observed_win_rate"].max(), 0.05)) * 1.1
    figure = go.Figure(
        [
            go.Scatter(
                x=[0, top],
                y=[0, top],
                mode="lines",
                name="perfectly calibrated",
                line={"dash": "dot", "color": "#999999"},
            ),
            go.Scatter(
                x=table["predicted_win_rate"],
                y=table["observed_win_rate"],
                mode="markers+lines",
                name="fit score",
                marker={"size": 6 + 14 * np.sqrt(table["deals"] / table["deals"].max()), "color": PALETTE[0]},
                customdata=np.column_stack([table["decile"], table["deals"]]),
                hovertemplate="decile %{customdata[0]} · %{customdata[1]:,} deals"
                "<br>predicted %{x:.1%} · observed %{y:.1%}<extra></extra>",
            ),
        ]
    )
    figure.update_xaxes(title="Predicted win rate", tickformat=PERCENT, range=[0, top])
    figure.update_yaxes(title="Observed win rate (newer deals)", tickformat=PERCENT, range=[0, top])
    return style(figure, title="Calibration on the newer deals", height=380)
