"""One look for every chart: a colour-blind-safe palette and shared number formats."""

from __future__ import annotations

from typing import Final

import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE: Final = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
TIER_COLOURS: Final = {"A": "#0072B2", "B": "#009E73", "C": "#E69F00", "D": "#999999"}
MONEY: Final = "$,.0f"
PERCENT: Final = ".0%"


def style(figure: go.Figure, *, title: str | None = None, height: int = 420) -> go.Figure:
    """Apply the house layout: white background, readable font, legend on top."""
    figure.update_layout(
        template="plotly_white",
        colorway=list(PALETTE),
        title=title,
        height=height,
        # Title on the first line, legend on its own line under it: never on top of each other.
        title_y=0.98,
        title_yanchor="top",
        margin={"l": 10, "r": 10, "t": 80 if title else 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        font={"size": 13},
    )
    return figure
