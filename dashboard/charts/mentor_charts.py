"""Mentor load figures: the distribution with the threshold, loads per province or mentor, the trend."""

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import ACCENT, GRID, MUTED, PRIMARY, as_label, theme_layout

OVER = "#b2182b"
UNDER = "#6a9fcb"


def _threshold_line(threshold: int, label: str, *, horizontal: bool) -> dict:
    """Returns the layout of a dashed red line at the threshold with its label (what fig.add_hline / add_vline
    draw, given with the rest of the layout: each of those calls costs about 3 ms)."""
    line = {"color": OVER, "width": 2, "dash": "dash"}
    text = {"text": label, "font": {"color": OVER}, "showarrow": False}
    if horizontal:
        shape = {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": threshold, "y1": threshold}
        note = {"xref": "x domain", "x": 0, "xanchor": "left", "yref": "y", "y": threshold, "yanchor": "bottom"}
    else:
        shape = {"type": "line", "xref": "x", "x0": threshold, "x1": threshold, "yref": "y domain", "y0": 0, "y1": 1}
        note = {"xref": "x", "x": threshold, "xanchor": "left", "yref": "y domain", "y": 1, "yanchor": "top"}
    return {"shapes": [{**shape, "line": line}], "annotations": [{**note, **text}]}


def whole_ticks(peak: float, *, most: int = 5) -> dict:
    """Returns axis settings for counts: ticks from 0 every 1, 2 or 5 times a power of ten, at most `most` of them
    up to the peak (plotly's own step can fall between whole numbers, which ",d" then rounds to "0, 0, 1, 1")."""
    steps = [m * 10 ** e for e in range(0, 7) for m in (1, 2, 5)]
    step = next(s for s in steps if peak / s <= most)
    return {"tick0": 0, "dtick": step, "tickformat": ",d", "rangemode": "tozero"}


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
                           hovertemplate=f"{load_label} %{{customdata}}<br>{mentors_label}: %{{y}}<extra></extra>"),
                    layout=theme_layout(height=height))
    fig.update_layout(**_threshold_line(threshold, threshold_label, horizontal=False),
                      xaxis={"title": load_label, "gridcolor": GRID},
                      yaxis={"title": mentors_label, "gridcolor": GRID, **whole_ticks(counts.max() if len(counts) else 0)},
                      showlegend=False, bargap=0)
    return fig


def load_bars(frame: pd.DataFrame, *, name_column: str, max_column: str, mean_column: str | None, threshold: int,
              max_label: str, mean_label: str, threshold_label: str, height: int | None = None) -> go.Figure:
    """Returns one horizontal bar per province (or mentor): the max load, red when over the threshold,
    with the mean as a marker; the heaviest at the top."""
    ordered = frame.sort_values(max_column, ascending=True)
    colours = [OVER if v > threshold else UNDER for v in ordered[max_column]]
    names = as_label(ordered[name_column])   # mentor ids come from imported files
    fig = go.Figure(go.Bar(x=ordered[max_column], y=names, orientation="h", name=max_label,
                           marker_color=colours, hovertemplate=f"%{{y}}<br>{max_label}: %{{x}}<extra></extra>"),
                    layout=theme_layout(height=height or max(260, 22 * len(ordered) + 80)))
    if mean_column:
        fig.add_scatter(x=ordered[mean_column], y=names, mode="markers", name=mean_label,
                        marker={"symbol": "line-ns", "size": 14, "line": {"width": 3, "color": PRIMARY}},
                        hovertemplate=f"%{{y}}<br>{mean_label}: %{{x:.1f}}<extra></extra>")
    fig.update_layout(**_threshold_line(threshold, threshold_label, horizontal=False),
                      xaxis={"gridcolor": GRID, "title": None, "rangemode": "tozero"},
                      yaxis={"title": None, "automargin": True}, bargap=0.25)
    return fig


def load_trend(trend: pd.DataFrame, threshold: int, *, mean_label: str, max_label: str, overloaded_label: str,
               threshold_label: str, height: int = 320) -> go.Figure:
    """Returns mean and max load per fiscal year (lines) and the overloaded mentors (bars, right axis)."""
    years = trend["fiscal_year"].astype(str)
    overloaded_peak = trend["overloaded_mentors"].fillna(0).max() if len(trend) else 0   # NaN: no mentors there
    fig = go.Figure(layout=theme_layout(height=height))
    fig.add_bar(x=years, y=trend["overloaded_mentors"], name=overloaded_label, yaxis="y2",
                marker_color="rgba(178,24,43,0.25)", hovertemplate=f"%{{x}}<br>{overloaded_label}: %{{y}}<extra></extra>")
    fig.add_scatter(x=years, y=trend["max_load"], name=max_label, mode="lines+markers",
                    line={"color": ACCENT, "width": 2}, hovertemplate=f"%{{x}}<br>{max_label}: %{{y}}<extra></extra>")
    fig.add_scatter(x=years, y=trend["mean_load"], name=mean_label, mode="lines+markers",
                    line={"color": PRIMARY, "width": 3}, hovertemplate=f"%{{x}}<br>{mean_label}: %{{y:.1f}}<extra></extra>")
    fig.update_layout(**_threshold_line(threshold, threshold_label, horizontal=True),
                      xaxis={"type": "category", "title": None}, yaxis={"gridcolor": GRID, "rangemode": "tozero"},
                      yaxis2={"overlaying": "y", "side": "right", "showgrid": False, **whole_ticks(overloaded_peak),
                              "title": {"text": overloaded_label, "font": {"color": MUTED, "size": 12}},
                              "tickfont": {"color": MUTED}}, hovermode="x unified")
    return fig
