"""Horizontal bars of coverage per area, coloured on the shared coverage scale."""

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import COVERAGE_RANGE, COVERAGE_SCALE, GRID, theme_layout


def coverage_bars(areas: pd.DataFrame, *, name_column: str, value_column: str = "coverage_pct",
                  value_label: str, height: int | None = None) -> go.Figure:
    """Returns one bar per area (lowest at the top), labelled with its percentage and coloured by it."""
    ordered = areas.sort_values(value_column, ascending=False)
    values = ordered[value_column]
    fig = go.Figure(go.Bar(
        x=values, y=ordered[name_column], orientation="h",
        marker={"color": values, "colorscale": COVERAGE_SCALE, "cmin": COVERAGE_RANGE[0], "cmax": COVERAGE_RANGE[1]},
        text=[f"{v:.1f}%" for v in values], textposition="outside", cliponaxis=False,
        customdata=ordered["area_code"],
        hovertemplate=f"%{{y}}<br>{value_label}: %{{x:.1f}}%<extra></extra>",
    ), layout=theme_layout(height=height or max(220, 34 * len(ordered) + 60)))
    fig.update_layout(xaxis={"range": [0, 112], "ticksuffix": "%", "gridcolor": GRID, "title": None},
                      yaxis={"title": None, "automargin": True}, bargap=0.3, showlegend=False)
    return fig
