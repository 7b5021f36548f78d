"""Figures as plain dicts, so that they can be cached.

`st.cache_data` pickles what it stores and unpickles it on every hit; plotly rebuilds a pickled Figure through its
validators, which costs as much as building it (about 20 ms for the tile map). A figure's dict pickles in well under
a millisecond, and a Figure made from it without validating again (it was validated when it was built) costs one.
"""

import plotly.graph_objects as go


def figure_spec(fig: go.Figure) -> dict:
    """Returns the figure as a plain dict (data and layout), to cache or to send."""
    return fig.to_dict()


def figure_from_spec(spec: dict) -> go.Figure:
    """Returns the Figure of a dict made by `figure_spec`, without validating it a second time."""
    return go.Figure(spec, _validate=False)
