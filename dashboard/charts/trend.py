"""The network over fiscal years: serving volunteers (bars) and tambon coverage (line)."""

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import ACCENT, GRID, PRIMARY, theme_layout


def coverage_trend_figure(trend: pd.DataFrame, *, volunteers_label: str, coverage_label: str,
                          year_label: str, height: int = 360, target_pct: float | None = None,
                          target_label: str = "") -> go.Figure:
    """Returns bars of serving volunteers and a line of coverage (%) per fiscal year (B.E.), with the coverage
    target of the last year as a dashed line labelled `target_label` when given."""
    years = trend["fiscal_year"].astype(str)
    traces = [
        {"type": "bar", "x": years, "y": trend["serving_volunteers"], "name": volunteers_label,
         "marker": {"color": "#9fb8d3", "line": {"width": 0}},
         "hovertemplate": f"{year_label} %{{x}}<br>{volunteers_label}: %{{y:,}}<extra></extra>"},
        {"type": "scatter", "x": years, "y": trend["coverage_pct"], "name": coverage_label, "yaxis": "y2",
         "mode": "lines+markers+text", "line": {"color": PRIMARY, "width": 3}, "marker": {"size": 7},
         "text": [f"{v:.0f}%" if i == len(trend) - 1 else "" for i, v in enumerate(trend["coverage_pct"])],
         "textposition": "top center", "textfont": {"color": PRIMARY},
         "hovertemplate": f"{year_label} %{{x}}<br>{coverage_label}: %{{y:.1f}}%<extra></extra>"}]
    return go.Figure(data=traces, layout={
        **theme_layout(height=height),
        "xaxis": {"type": "category", "title": None, "tickangle": -45, "tickfont": {"size": 11}},
        "yaxis": {"title": None, "gridcolor": GRID, "tickformat": ",", "rangemode": "tozero"},
        "yaxis2": {"overlaying": "y", "side": "right", "range": [0, 105], "dtick": 20, "ticksuffix": "%",
                   "showgrid": False, "tickfont": {"color": PRIMARY}},
        "bargap": 0.35, "hovermode": "x unified",
        **(target_line(value=target_pct, label=target_label, yref="y2", colour=ACCENT) if target_pct is not None
           else {})})


def target_line(*, value: float, label: str, yref: str = "y", colour: str = ACCENT) -> dict:
    """Returns the layout (shapes, annotations) of a target across the plot as a dashed line on an axis, named in
    words at its left end (the line is never the only sign of what it is). Figures here are built at once, data and
    layout: plotly's add_bar, add_scatter, update_layout and add_shape cost milliseconds each."""
    return {"shapes": [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": yref, "y0": value, "y1": value,
                        "line": {"color": colour, "width": 2, "dash": "dash"}, "layer": "above"}],
            "annotations": [{"xref": "paper", "x": 0, "xanchor": "left", "yref": yref, "y": value, "yanchor": "bottom",
                             "text": label, "showarrow": False, "font": {"color": colour, "size": 11},
                             "bgcolor": "rgba(255,255,255,0.8)"}]}
