"""Mentor load figures: the distribution with the threshold, loads per province or mentor, the trend."""

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import ACCENT, GRID, MUTED, PRIMARY, apply_theme

OVER = "#b2182b"
UNDER = "#6a9fcb"


def _threshold_line(fig: go.Figure, threshold: int, label: str, *, horizontal: bool) -> None:
    common = {"line": {"color": OVER, "width": 2, "dash": "dash"}, "annotation_text": label,
              "annotation_font": {"color": OVER}}
    if horizontal:
        fig.add_hline(y=threshold, annotation_position="top left", **common)
    else:
        fig.add_vline(x=threshold, annotation_position="top right", **common)


def load_distribution(loads: pd.DataFrame, threshold: int, *, load_label: str, mentors_label: str,
                      threshold_label: str, height: int = 320) -> go.Figure:
    """Returns a histogram of mentors by load in bins of 10, bins above the threshold in red."""
    top = max(int(loads["load"].max()) if len(loads) else 0, threshold) + 10
    edges = list(range(0, top + 10, 10))
    counts = pd.cut(loads["load"], bins=edges, right=False).value_counts(sort=False)
    starts = [interval.left for interval in counts.index]
    colours = [OVER if start >= threshold else UNDER for start in starts]
    fig = go.Figure(go.Bar(x=[s + 5 for s in starts], y=counts.to_numpy(), width=9, marker_color=colours,
                           customdata=[f"{s}-{s + 9}" for s in starts],
                           hovertemplate=f"{load_label} %{{customdata}}<br>{mentors_label}: %{{y}}<extra></extra>"))
    _threshold_line(fig, threshold, threshold_label, horizontal=False)
    fig.update_layout(xaxis={"title": load_label, "gridcolor": GRID},
                      yaxis={"title": mentors_label, "gridcolor": GRID, "tickformat": ",d", "rangemode": "tozero"},
                      showlegend=False, bargap=0)
    return apply_theme(fig, height=height)


def load_bars(frame: pd.DataFrame, *, name_column: str, max_column: str, mean_column: str | None, threshold: int,
              max_label: str, mean_label: str, threshold_label: str, height: int | None = None) -> go.Figure:
    """Returns one horizontal bar per province (or mentor): the max load, red when over the threshold,
    with the mean as a marker; the heaviest at the top."""
    ordered = frame.sort_values(max_column, ascending=True)
    colours = [OVER if v > threshold else UNDER for v in ordered[max_column]]
    fig = go.Figure(go.Bar(x=ordered[max_column], y=ordered[name_column], orientation="h", name=max_label,
                           marker_color=colours, hovertemplate=f"%{{y}}<br>{max_label}: %{{x}}<extra></extra>"))
    if mean_column:
        fig.add_scatter(x=ordered[mean_column], y=ordered[name_column], mode="markers", name=mean_label,
                        marker={"symbol": "line-ns", "size": 14, "line": {"width": 3, "color": PRIMARY}},
                        hovertemplate=f"%{{y}}<br>{mean_label}: %{{x:.1f}}<extra></extra>")
    _threshold_line(fig, threshold, threshold_label, horizontal=False)
    fig.update_layout(xaxis={"gridcolor": GRID, "title": None, "rangemode": "tozero"},
                      yaxis={"title": None, "automargin": True}, bargap=0.25)
    return apply_theme(fig, height=height or max(260, 22 * len(ordered) + 80))


def load_trend(trend: pd.DataFrame, threshold: int, *, mean_label: str, max_label: str, overloaded_label: str,
               threshold_label: str, height: int = 320) -> go.Figure:
    """Returns mean and max load per fiscal year (lines) and the overloaded mentors (bars, right axis)."""
    years = trend["fiscal_year"].astype(str)
    fig = go.Figure()
    fig.add_bar(x=years, y=trend["overloaded_mentors"], name=overloaded_label, yaxis="y2",
                marker_color="rgba(178,24,43,0.25)", hovertemplate=f"%{{x}}<br>{overloaded_label}: %{{y}}<extra></extra>")
    fig.add_scatter(x=years, y=trend["max_load"], name=max_label, mode="lines+markers",
                    line={"color": ACCENT, "width": 2}, hovertemplate=f"%{{x}}<br>{max_label}: %{{y}}<extra></extra>")
    fig.add_scatter(x=years, y=trend["mean_load"], name=mean_label, mode="lines+markers",
                    line={"color": PRIMARY, "width": 3}, hovertemplate=f"%{{x}}<br>{mean_label}: %{{y:.1f}}<extra></extra>")
    _threshold_line(fig, threshold, threshold_label, horizontal=True)
    fig.update_layout(xaxis={"type": "category", "title": None}, yaxis={"gridcolor": GRID, "rangemode": "tozero"},
                      yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "rangemode": "tozero",
                              "tickformat": ",d", "dtick": max(1, int(trend["overloaded_mentors"].max() or 1) // 4),
                              "tickfont": {"color": MUTED}}, hovermode="x unified")
    return apply_theme(fig, height=height)
