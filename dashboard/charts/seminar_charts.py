"""Seminar figures: rating distributions as diverging stacked bars, and satisfaction and knowledge over years."""

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import ACCENT, GRID, MUTED, PRIMARY, theme_layout
from dashboard.charts.trend import target_line

LOW, NEUTRAL, HIGH = "#d6604d", "#c9c9c9", "#4393c3"


def rating_bars(distribution: pd.DataFrame, *, question_labels: dict[str, str], low_label: str,
                neutral_label: str, high_label: str, height: int = 300) -> go.Figure:
    """Returns one diverging bar per question: 1-2 to the left of zero, 3 centred on it, 4-5 to the right."""
    frame = distribution[distribution["responses"] > 0].iloc[::-1]
    names = [f"{question_labels[q]}  ({m:.2f})" for q, m in zip(frame["question"], frame["mean"])]
    half = frame["neutral_pct"] / 2
    bar = {"type": "bar", "y": names, "orientation": "h"}
    traces = [
        {**bar, "x": -frame["low_pct"], "base": -half, "name": low_label, "marker": {"color": LOW},
         "customdata": frame["low_pct"], "hovertemplate": f"%{{y}}<br>{low_label}: %{{customdata:.1f}}%<extra></extra>"},
        {**bar, "x": frame["neutral_pct"], "base": -half, "name": neutral_label, "marker": {"color": NEUTRAL},
         "hovertemplate": f"%{{y}}<br>{neutral_label}: %{{x:.1f}}%<extra></extra>"},
        {**bar, "x": frame["high_pct"], "base": half, "name": high_label, "marker": {"color": HIGH},
         "text": [f"{v:.0f}%" for v in frame["high_pct"]], "textposition": "inside",
         "hovertemplate": f"%{{y}}<br>{high_label}: %{{x:.1f}}%<extra></extra>"}]
    return go.Figure(data=traces, layout={
        **theme_layout(height=height), "barmode": "overlay",
        "xaxis": {"range": [-60, 105], "ticksuffix": "%", "gridcolor": GRID, "zeroline": True, "zerolinecolor": "#888",
                  "title": None},
        "yaxis": {"title": None, "automargin": True}, "bargap": 0.35})


def seminar_trend_figure(trend: pd.DataFrame, *, satisfaction_label: str, gain_label: str,
                         height: int = 300, target: float | None = None, target_label: str = "") -> go.Figure:
    """Returns satisfaction (1-5, left axis) and knowledge gain (points, right axis) per fiscal year, with the
    satisfaction target as a dashed line named `target_label` when given."""
    years = trend["fiscal_year"].astype(str)
    traces = [
        {"type": "scatter", "x": years, "y": trend["satisfaction_mean"], "name": satisfaction_label,
         "mode": "lines+markers", "line": {"color": PRIMARY, "width": 3},
         "hovertemplate": f"%{{x}}<br>{satisfaction_label}: %{{y:.2f}}<extra></extra>"},
        {"type": "scatter", "x": years, "y": trend["knowledge_gain"], "name": gain_label, "mode": "lines+markers",
         "yaxis": "y2", "line": {"color": ACCENT, "width": 2, "dash": "dot"},
         "hovertemplate": f"%{{x}}<br>{gain_label}: %{{y:+.2f}}<extra></extra>"}]
    return go.Figure(data=traces, layout={
        **theme_layout(height=height), "xaxis": {"type": "category", "title": None},
        "yaxis": {"range": [1, 5], "gridcolor": GRID},
        "yaxis2": {"overlaying": "y", "side": "right", "range": [0, 2.5], "dtick": 0.5, "showgrid": False},
        "hovermode": "x unified",
        **(target_line(value=target, label=target_label, colour=MUTED) if target is not None else {})})
