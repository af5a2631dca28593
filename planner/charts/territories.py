"""Charts of a territory plan: per-rep balance against the tolerance band, the map, a scenario comparison."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from planner.charts.theme import PALETTE, style
from planner.schema import Account, Score, Territory
from planner.territories import PlanComparison, TerritoryPlan

_BAND_FILL = "rgba(0, 158, 115, 0.15)"
_BAND_SWATCH = "rgba(0, 158, 115, 0.35)"  # the band's legend swatch: the pale fill would not show there


def rep_balance(plan: TerritoryPlan) -> go.Figure:
    """Each rep's potential and workload as a difference from the team mean, the tolerance band shaded.

    A deviation chart: bars grow from 0 (the team mean), so a rep 5% over draws a bar half as long
    as one 10% over. Bars of percent-of-mean on an axis cut at 85% made a 5% gap look like 50%.
    Bars outside the band are the reps the plan could not bring within tolerance. The band is named
    in the legend: a label inside the plot sat behind the bars.
    """
    reps = plan.reps
    figure = go.Figure()
    band = f"±{100 * plan.tolerance:g}% tolerance band"
    figure.add_hrect(y0=-plan.tolerance, y1=plan.tolerance, fillcolor=_BAND_FILL, line_width=0, layer="below")
    # The band's legend entry: a swatch of its colour (a shape has no legend of its own).
    figure.add_scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=band,
        hoverinfo="skip",
        marker={"symbol": "square", "size": 14, "color": _BAND_SWATCH},
    )
    if plan.workload_tolerance != plan.tolerance:
        for y in (-plan.workload_tolerance, plan.workload_tolerance):
            figure.add_hline(y=y, line_dash="dot", line_color=PALETTE[1], line_width=1)
        figure.add_scatter(
            x=[None],
            y=[None],
            mode="lines",
            hoverinfo="skip",
            name=f"±{100 * plan.workload_tolerance:g}% workload tolerance",
            line={"dash": "dot", "color": PALETTE[1], "width": 1},
        )
    for column, label, colour in (
        (Territory.POTENTIAL_INDEX, "Potential", PALETTE[0]),
        (Territory.WORKLOAD_INDEX, "Workload", PALETTE[1]),
    ):
        figure.add_bar(
            x=reps[Territory.REP],
            y=reps[column] - 1,
            name=label,
            marker_color=colour,
            customdata=reps[column],
            hovertemplate=f"%{{x}}<br>{label}: %{{customdata:.1%}} of the team mean (%{{y:+.1%}})"
            "<extra></extra>",
        )
    figure.add_hline(y=0, line_color="#555555", line_width=1)
    deviations = np.abs(reps[[Territory.POTENTIAL_INDEX, Territory.WORKLOAD_INDEX]].to_numpy(float) - 1)
    reach = max(float(np.nanmax(deviations, initial=0.0)), plan.tolerance, plan.workload_tolerance) * 1.25
    figure.update_layout(barmode="group", yaxis={"tickformat": "+.0%", "range": [-reach, reach]})
    figure.update_yaxes(title="difference from the team mean", zeroline=False)
    figure.update_xaxes(type="category")  # the legend's empty traces would otherwise make it numeric
    return style(figure, title="Potential and workload per rep: difference from the team mean")


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
            marker=_rep_marker(i, is_moved),
            text=group[Account.NAME] + "<br>" + group[Territory.REASON],
            hovertemplate="%{text}<extra>" + str(rep) + "</extra>",
        )
    stretch = 1.0 / max(0.2, float(np.cos(np.radians(frame[Account.LAT].mean()))))
    figure.update_xaxes(title="Longitude", showgrid=False, zeroline=False)
    figure.update_yaxes(title="Latitude", showgrid=False, zeroline=False, scaleanchor="x", scaleratio=stretch)
    return style(figure, title="Accounts by new rep (diamonds moved)", height=560)


# The colour-blind-safe palette has 8 colours; the 9th rep on gets them again outlined, the 17th hollow,
# so a team of 24 still has 24 looks.
_LOOKS = ({}, {"line": {"color": "#1a1a1a", "width": 1.5}}, {"open": True})


def _rep_marker(i: int, is_moved: np.ndarray) -> dict:
    """Rep ``i``'s marker: its colour and look, diamonds for moved accounts."""
    look = _LOOKS[(i // len(PALETTE)) % len(_LOOKS)]
    suffix = "-open" if look.get("open") else ""
    marker = {
        "color": PALETTE[i % len(PALETTE)],
        "size": np.where(is_moved, 9, 5) + (2 if suffix else 0),
        "symbol": np.where(is_moved, "diamond" + suffix, "circle" + suffix),
        "opacity": 0.8,
    }
    return marker | ({"line": look["line"]} if "line" in look else {})


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
