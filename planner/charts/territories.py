"""Charts of a territory plan: per-rep balance against the tolerance band, the map, a scenario comparison."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from planner.charts.theme import PALETTE, style
from planner.schema import Account, Score, Territory
from planner.territories import PlanComparison, TerritoryPlan

_BAND_FILL = "rgba(0, 158, 115, 0.12)"


def rep_balance(plan: TerritoryPlan) -> go.Figure:
    """Each rep's potential and workload as % of the team mean, with the tolerance band shaded.

    Bars outside the shaded band are the reps the plan could not bring within tolerance.
    """
    reps = plan.reps
    figure = go.Figure()
    figure.add_hrect(
        y0=1 - plan.tolerance,
        y1=1 + plan.tolerance,
        fillcolor=_BAND_FILL,
        line_width=0,
        annotation_text=f"±{100 * plan.tolerance:g}% band",
        annotation_position="top left",
    )
    if plan.workload_tolerance != plan.tolerance:
        for y in (1 - plan.workload_tolerance, 1 + plan.workload_tolerance):
            figure.add_hline(y=y, line_dash="dot", line_color=PALETTE[1], line_width=1)
    figure.add_hline(y=1.0, line_color="#555555", line_width=1)
    for column, label, colour in (
        (Territory.POTENTIAL_INDEX, "Potential", PALETTE[0]),
        (Territory.WORKLOAD_INDEX, "Workload", PALETTE[1]),
    ):
        figure.add_bar(
            x=reps[Territory.REP],
            y=reps[column],
            name=label,
            marker_color=colour,
            hovertemplate="%{x}<br>" + label + ": %{y:.1%} of the team mean<extra></extra>",
        )
    low = float(np.nanmin([reps[Territory.POTENTIAL_INDEX].min(), reps[Territory.WORKLOAD_INDEX].min(), 0.9]))
    high = float(
        np.nanmax([reps[Territory.POTENTIAL_INDEX].max(), reps[Territory.WORKLOAD_INDEX].max(), 1.1])
    )
    figure.update_layout(
        barmode="group", yaxis={"tickformat": ".0%", "range": [max(0.0, low - 0.05), high + 0.05]}
    )
    figure.update_yaxes(title="% of team mean")
    return style(figure, title="Potential and workload per rep vs the tolerance band")


def territory_map(plan: TerritoryPlan, *, max_points: int = 8_000) -> go.Figure | None:
    """Accounts placed by longitude and latitude, coloured by their new rep; moved accounts as diamonds.

    Drawn on plain axes, not a basemap: plotly fetches its map shapes from a CDN, which offline and
    proxied installs cannot reach, and the map would then show only its legend. Latitude is stretched
    by 1/cos(mean latitude), so distances look as they do on a map at that latitude. None without
    locations. Large books are thinned to ``max_points`` (moved accounts always kept).
    """
    frame = plan.assignments.dropna(subset=[Account.LAT, Account.LON])
    if frame.empty:
        return None
    moved = frame[Territory.MOVED] == "yes"
    if len(frame) > max_points:
        keep = frame[~moved].sample(max(0, max_points - int(moved.sum())), random_state=0)
        frame = frame.loc[frame.index.isin(keep.index) | moved]
    figure = go.Figure()
    for i, (rep, group) in enumerate(frame.groupby(Territory.NEW_OWNER, sort=True)):
        is_moved = (group[Territory.MOVED] == "yes").to_numpy()
        figure.add_scattergl(
            x=group[Account.LON],
            y=group[Account.LAT],
            name=str(rep),
            mode="markers",
            marker={
                "color": PALETTE[i % len(PALETTE)],
                "size": np.where(is_moved, 9, 5),
                "symbol": np.where(is_moved, "diamond", "circle"),
                "opacity": 0.8,
            },
            text=group[Account.NAME] + "<br>" + group[Territory.REASON],
            hovertemplate="%{text}<extra>" + str(rep) + "</extra>",
        )
    stretch = 1.0 / max(0.2, float(np.cos(np.radians(frame[Account.LAT].mean()))))
    figure.update_xaxes(title="Longitude", showgrid=False, zeroline=False)
    figure.update_yaxes(title="Latitude", showgrid=False, zeroline=False, scaleanchor="x", scaleratio=stretch)
    return style(figure, title="Accounts by new rep (diamonds moved)", height=560)


def scenario_deltas(comparison: PlanComparison) -> go.Figure:
    """Per-rep change in potential and workload (% of team mean) from the left plan to the right one."""
    reps = comparison.reps
    figure = go.Figure()
    for column, label, colour in (
        (Score.POTENTIAL, "Potential", PALETTE[0]),
        (Score.WORKLOAD, "Workload", PALETTE[1]),
    ):
        left = reps[f"{column} (left)"]
        change = reps[f"{column} change"] / left.mean()
        figure.add_bar(
            x=reps[Territory.REP],
            y=change,
            name=label,
            marker_color=colour,
            hovertemplate="%{x}<br>" + label + " change: %{y:+.1%} of the team mean<extra></extra>",
        )
    figure.add_hline(y=0, line_color="#555555", line_width=1)
    figure.update_layout(barmode="group", yaxis={"tickformat": "+.0%", "title": "change, % of team mean"})
    return style(figure, title=f"{comparison.right} vs {comparison.left}: change per rep")
