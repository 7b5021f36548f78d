"""Mentor load figures: the distribution with the threshold, loads per province or mentor, the rebalancing plan's
before and after, the trend."""

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import ACCENT, GRID, MUTED, PRIMARY, as_label, theme_layout
from dashboard.mentors import load_bands

OVER = "#b2182b"
UNDER = "#6a9fcb"
BEFORE = "#c3c9d1"   # the load now, beside what a plan makes it: muted, so the plan's colours carry the message


def _threshold_line(threshold: float, label: str, *, horizontal: bool, axis_max: float | None = None) -> dict:
    """Returns the layout of a dashed red line at the threshold with its label (what fig.add_hline / add_vline
    draw, given with the rest of the layout: each of those calls costs about 3 ms). The figures here are built at
    once, data and layout: plotly's add_bar, add_scatter and update_layout cost 10-13 ms a figure, one Figure of
    the same dicts under 2 ms.

    A vertical line's label sits inside the plot area at its top, where the charts leave headroom, on the side of
    the line with more room: over a red bar it could not be read, and past the plot's edge it was cut ("ห์ 80")."""
    line = {"color": OVER, "width": 2, "dash": "dash"}
    text = {"text": label, "font": {"color": OVER}, "showarrow": False}
    if horizontal:
        shape = {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": threshold, "y1": threshold}
        note = {"xref": "x domain", "x": 0, "xanchor": "left", "yref": "y", "y": threshold, "yanchor": "bottom"}
    else:
        right_half = axis_max is not None and threshold > axis_max / 2
        shape = {"type": "line", "xref": "x", "x0": threshold, "x1": threshold, "yref": "y domain", "y0": 0, "y1": 1}
        note = {"xref": "x", "x": threshold, "xanchor": "right" if right_half else "left",
                "xshift": -4 if right_half else 4, "yref": "y domain", "y": 1, "yanchor": "top"}
    return {"shapes": [{**shape, "line": line}], "annotations": [{**note, **text}]}


def _category_headroom(count: int) -> dict:
    """Returns a category axis range with one empty slot above the last category, where the threshold's label
    goes."""
    return {"range": [-0.5, count + 0.5]}


def whole_ticks(peak: float, *, most: int = 5) -> dict:
    """Returns axis settings for counts: ticks from 0 every 1, 2 or 5 times a power of ten, at most `most` of them
    up to the peak (plotly's own step can fall between whole numbers, which ",d" then rounds to "0, 0, 1, 1")."""
    steps = [m * 10 ** e for e in range(0, 7) for m in (1, 2, 5)]
    step = next(s for s in steps if peak / s <= most)
    return {"tick0": 0, "dtick": step, "tickformat": ",d", "rangemode": "tozero"}


def load_distribution(loads: pd.DataFrame, threshold: int, *, load_label: str, mentors_label: str,
                      threshold_label: str, within_label: str | None = None, over_label: str | None = None,
                      height: int = 320) -> go.Figure:
    """Returns mentors per band of load (10 volunteers wide, one band ending at the threshold, as in the deck):
    bands at or under the threshold blue, over it red, each colour named in the legend when labels are given."""
    bands = load_bands(loads["load"], threshold)
    peak = int(bands["mentors"].max()) if len(bands) else 0
    bars = []
    for over, colour, name in ((False, UNDER, within_label), (True, OVER, over_label)):
        part = bands[bands["over_threshold"] == over]
        if part.empty:
            continue
        bars.append({"type": "bar", "x": (part["low"] + part["high"]) / 2, "y": part["mentors"],
                     "width": part["high"] - part["low"], "marker": {"color": colour}, "name": name or "",
                     "showlegend": name is not None,
                     "customdata": [f"{low}-{high}" for low, high in zip(part["low"], part["high"])],
                     "hovertemplate": f"{load_label} %{{customdata}}<br>{mentors_label}: %{{y}}<extra></extra>"})
    top = int(bands["high"].max()) + 1 if len(bands) else threshold + 10
    return go.Figure(data=bars, layout={
        **theme_layout(height=height), **_threshold_line(threshold + 0.5, threshold_label, horizontal=False, axis_max=top),
        "xaxis": {"title": {"text": load_label}, "gridcolor": GRID, "range": [0, top]},
        "yaxis": {"title": {"text": mentors_label}, "gridcolor": GRID, **whole_ticks(peak),
                  "range": [0, max(peak, 1) * 1.25]},
        "bargap": 0})


def load_bars(frame: pd.DataFrame, *, name_column: str, max_column: str, mean_column: str | None, threshold: int,
              max_label: str, mean_label: str, threshold_label: str, within_label: str | None = None,
              over_label: str | None = None, height: int | None = None) -> go.Figure:
    """Returns one horizontal bar per province (or mentor), the heaviest at the top: the max load, blue at or
    under the threshold and red over it (each colour its own legend entry), with the mean as a marker."""
    ordered = frame.sort_values(max_column, ascending=True)
    names = as_label(ordered[name_column])   # mentor ids come from imported files
    over = (ordered[max_column] > threshold).to_numpy()
    traces = []
    for part, colour, name in ((~over, UNDER, within_label), (over, OVER, over_label)):
        if part.any():
            traces.append({"type": "bar", "x": ordered[max_column][part], "y": [n for n, p in zip(names, part) if p],
                           "orientation": "h", "name": name or max_label, "offsetgroup": "max",
                           "marker": {"color": colour}, "hovertemplate": f"%{{y}}<br>{max_label}: %{{x}}<extra></extra>"})
    if mean_column:
        traces.append({"type": "scatter", "x": ordered[mean_column], "y": names, "mode": "markers", "name": mean_label,
                       "marker": {"symbol": "line-ns", "size": 14, "line": {"width": 3, "color": PRIMARY}},
                       "hovertemplate": f"%{{y}}<br>{mean_label}: %{{x:.1f}}<extra></extra>"})
    top = max(float(ordered[max_column].max()) if len(ordered) else 0, threshold) * 1.05
    return go.Figure(data=traces, layout={
        **theme_layout(height=height or max(260, 22 * (len(ordered) + 1) + 80)),
        **_threshold_line(threshold, threshold_label, horizontal=False, axis_max=top),
        "xaxis": {"gridcolor": GRID, "title": None, "range": [0, top]},
        "yaxis": {"title": None, "automargin": True, "categoryorder": "array", "categoryarray": names,
                  **_category_headroom(len(names))},
        "bargap": 0.25})


def rebalance_bars(compare: pd.DataFrame, threshold: int, *, before_label: str, within_label: str, over_label: str,
                   threshold_label: str, height: int | None = None) -> go.Figure:
    """Returns two bars per mentor (columns mentor_id, before, after), the heaviest before at the top: the load
    now, muted, and the load after the plan, blue at or under the threshold and red only over it, with
    "before → after" written beside them."""
    ordered = compare.iloc[::-1]
    names = as_label(ordered["mentor_id"])
    over = (ordered["after"] > threshold).to_numpy()
    fig = go.Figure(layout=theme_layout(height=height or max(260, 40 * (len(ordered) + 1) + 90)))
    # plotly stacks a category's groups upwards in the order of the traces: "after" first puts "before" on top
    for rank, (part, colour, name) in enumerate(((~over, UNDER, within_label), (over, OVER, over_label)), start=2):
        if part.any():
            fig.add_bar(x=ordered["after"][part], y=[n for n, p in zip(names, part) if p], orientation="h",
                        name=name, offsetgroup="after", marker_color=colour, legendrank=rank,
                        hovertemplate=f"%{{y}}<br>{name}: %{{x}}<extra></extra>")
    fig.add_bar(x=ordered["before"], y=names, orientation="h", name=before_label, offsetgroup="before",
                marker_color=BEFORE, legendrank=1, hovertemplate=f"%{{y}}<br>{before_label}: %{{x}}<extra></extra>")
    top = max(int(ordered[["before", "after"]].max().max()) if len(ordered) else 0, threshold)
    change = [f"{b} → {a}" if a != b else f"{b}" for b, a in zip(ordered["before"], ordered["after"])]
    fig.add_scatter(x=ordered[["before", "after"]].max(axis=1) + top * 0.02, y=names, mode="text", text=change,
                    textposition="middle right", cliponaxis=False, showlegend=False, hoverinfo="skip",
                    textfont={"color": MUTED, "size": 13})
    fig.update_layout(**_threshold_line(threshold, threshold_label, horizontal=False, axis_max=top * 1.3),
                      xaxis={"gridcolor": GRID, "title": None, "range": [0, top * 1.3]},
                      yaxis={"title": None, "automargin": True, "categoryorder": "array", "categoryarray": names,
                             **_category_headroom(len(names))},
                      barmode="group", bargap=0.3, bargroupgap=0.05)
    return fig


def load_trend(trend: pd.DataFrame, threshold: int, *, mean_label: str, max_label: str, overloaded_label: str,
               threshold_label: str, height: int = 320) -> go.Figure:
    """Returns mean and max load per fiscal year (lines) and the overloaded mentors (bars, right axis)."""
    years = trend["fiscal_year"].astype(str)
    overloaded_peak = trend["overloaded_mentors"].fillna(0).max() if len(trend) else 0   # NaN: no mentors there
    traces = [
        {"type": "bar", "x": years, "y": trend["overloaded_mentors"], "name": overloaded_label, "yaxis": "y2",
         "marker": {"color": "rgba(178,24,43,0.25)"},
         "hovertemplate": f"%{{x}}<br>{overloaded_label}: %{{y}}<extra></extra>"},
        {"type": "scatter", "x": years, "y": trend["max_load"], "name": max_label, "mode": "lines+markers",
         "line": {"color": ACCENT, "width": 2}, "hovertemplate": f"%{{x}}<br>{max_label}: %{{y}}<extra></extra>"},
        {"type": "scatter", "x": years, "y": trend["mean_load"], "name": mean_label, "mode": "lines+markers",
         "line": {"color": PRIMARY, "width": 3}, "hovertemplate": f"%{{x}}<br>{mean_label}: %{{y:.1f}}<extra></extra>"}]
    return go.Figure(data=traces, layout={
        **theme_layout(height=height), **_threshold_line(threshold, threshold_label, horizontal=True),
        "xaxis": {"type": "category", "title": None, "tickangle": 0,
                  # in a half-width column more than ten years were turned on end: every other one, ending on the
                  # latest, stays level
                  "tickvals": list(years)[::-1][::2][::-1] if len(years) > 10 else None},
        "yaxis": {"gridcolor": GRID, "rangemode": "tozero"},
        "yaxis2": {"overlaying": "y", "side": "right", "showgrid": False, **whole_ticks(overloaded_peak),
                   "title": {"text": overloaded_label, "font": {"color": MUTED, "size": 12}},
                   "tickfont": {"color": MUTED}},
        "hovermode": "x unified"})
