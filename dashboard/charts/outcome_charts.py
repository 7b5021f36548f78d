"""The Outcomes page's figures (DataFrame in, plotly Figure out): the referral chain, referrals by month and
department, activities by type, activities per volunteer, the areas that recorded least."""

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.mentor_charts import OVER, whole_ticks
from dashboard.charts.theme import ACCENT, GRID, MUTED, PRIMARY, as_label, theme_layout

DEPARTMENT_COLOURS = ["#1f4e79", "#4a90c2", "#d9822b", "#7a9a01", "#9aa5b1"]   # the last: unspecified
CHAIN_COLOURS = ["#9ecae1", "#4a90c2", PRIMARY]


def chain_funnel(chain: pd.DataFrame, *, step_labels: list[str], of_previous: str, height: int = 300) -> go.Figure:
    """Returns the referral chain as a funnel: each step's cases beside its bar, and under the step's name the share
    of the step before (inside a narrow bar plotly shrank the text to nothing)."""
    names = [label if pct is None or pd.isna(pct) else f"{label}<br>{of_previous.format(pct=f'{pct:.1f}%')}"
             for label, pct in zip(as_label(step_labels), chain["pct_of_previous"])]
    fig = go.Figure(go.Funnel(y=names, x=chain["cases"], text=[f"{c:,}" for c in chain["cases"]],
                              textinfo="text", textposition="outside", marker={"color": CHAIN_COLOURS},
                              connector={"line": {"color": GRID}}, cliponaxis=False,
                              hovertemplate="%{y}: %{x:,}<extra></extra>"),
                    layout=theme_layout(height=height))
    margin = theme_layout()["margin"]
    fig.update_layout(yaxis={"title": None, "automargin": True}, showlegend=False,
                      margin={**margin, "r": 56})   # room for the first step's count beside its full-width bar
    return fig


def referrals_by_month_bars(by_month: pd.DataFrame, *, month_labels: list[str], department_names: dict[str, str],
                            referrals_label: str, height: int = 340) -> go.Figure:
    """Returns referrals per month stacked by department, the months of the fiscal year in order."""
    fig = go.Figure(layout=theme_layout(height=height))
    for colour, (department, rows) in zip(DEPARTMENT_COLOURS, by_month.groupby("department", sort=False)):
        name = department_names.get(department, department)
        fig.add_bar(x=month_labels, y=rows["referrals"], name=name, marker_color=colour,
                    hovertemplate=f"%{{x}}<br>{as_label([name])[0]}: %{{y:,}}<extra></extra>")
    peak = by_month.groupby("month")["referrals"].sum().max() if len(by_month) else 0
    fig.update_layout(barmode="stack", xaxis={"type": "category", "title": None},
                      yaxis={"title": referrals_label, "gridcolor": GRID, **whole_ticks(peak)},
                      legend={"orientation": "h", "y": -0.18, "yanchor": "top", "x": 0})
    return fig


def activities_by_type_bars(by_type: pd.DataFrame, *, type_labels: list[str], activities_label: str,
                            height: int = 320) -> go.Figure:
    """Returns activities per type as horizontal bars in the order of the code list, the chain's steps in accent."""
    colours = [ACCENT if code in ("identify", "screen", "refer") else PRIMARY for code in by_type["activity_type"]]
    fig = go.Figure(go.Bar(x=by_type["activities"][::-1], y=type_labels[::-1], orientation="h",
                           marker_color=colours[::-1], text=[f"{v:,}" for v in by_type["activities"][::-1]],
                           textposition="outside", cliponaxis=False,
                           hovertemplate=f"%{{y}}<br>{activities_label}: %{{x:,}}<extra></extra>"),
                    layout=theme_layout(height=height))
    top = max(1, int(by_type["activities"].max()))
    fig.update_layout(xaxis={"title": None, "gridcolor": GRID, "range": [0, top * 1.4], "tickformat": ",d"},
                      yaxis={"title": None, "automargin": True}, showlegend=False, bargap=0.3)
    return fig


def activity_band_bars(bands: pd.DataFrame, *, band_labels: list[str], volunteers_label: str,
                       height: int = 300) -> go.Figure:
    """Returns serving volunteers per band of activities recorded, the dormant band (none) in red."""
    colours = [OVER if low == 0 else PRIMARY for low in bands["low"]]
    fig = go.Figure(go.Bar(x=band_labels, y=bands["volunteers"], marker_color=colours,
                           text=[f"{v:,}" for v in bands["volunteers"]], textposition="outside", cliponaxis=False,
                           hovertemplate=f"%{{x}}<br>{volunteers_label}: %{{y:,}}<extra></extra>"),
                    layout=theme_layout(height=height))
    top = max(1, int(bands["volunteers"].max()))
    fig.update_layout(xaxis={"type": "category", "title": None},
                      yaxis={"title": volunteers_label, "gridcolor": GRID, "range": [0, top * 1.2], "tickformat": ",d"},
                      showlegend=False, bargap=0.25)
    return fig


def least_recorded_bars(areas: pd.DataFrame, *, name_column: str, value_label: str, height: int | None = None) -> go.Figure:
    """Returns activities per volunteer of the areas that recorded least (fewest at the top)."""
    ordered = areas.sort_values("per_volunteer", ascending=False)
    fig = go.Figure(go.Bar(x=ordered["per_volunteer"], y=as_label(ordered[name_column]), orientation="h",
                           marker_color=MUTED, text=[f"{v:.1f}" for v in ordered["per_volunteer"]],
                           textposition="outside", cliponaxis=False, customdata=ordered["area_code"],
                           hovertemplate=f"%{{y}}<br>{value_label}: %{{x:.1f}}<extra></extra>"),
                    layout=theme_layout(height=height or max(220, 34 * len(ordered) + 60)))
    top = max(1.0, float(ordered["per_volunteer"].max() or 0))
    fig.update_layout(xaxis={"title": None, "gridcolor": GRID, "range": [0, top * 1.25]},
                      yaxis={"title": None, "automargin": True}, showlegend=False, bargap=0.3)
    return fig
