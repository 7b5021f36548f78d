"""One look for every figure: fonts that render Thai, the colours, the coverage colour scale."""

import html

# Fonts installed on Thai government PCs and on our servers (fonts-thai-tlwg); nothing is downloaded.
FONT_FAMILY = "Sarabun, 'TH Sarabun New', Tahoma, Loma, 'Noto Sans Thai', sans-serif"
INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#e4e7eb"
PRIMARY = "#1f4e79"
ACCENT = "#d9822b"
NO_DATA = "#d5d8dc"

# Low coverage red, high blue (diverging, readable for red-green colour blindness).
COVERAGE_SCALE = [[0.0, "#b2182b"], [0.5, "#f4a582"], [0.7, "#f7f7f7"], [0.85, "#92c5de"], [1.0, "#2166ac"]]
COVERAGE_RANGE = (40, 100)
# Counts (e.g. participants): light to dark blue; nothing about them is "bad".
COUNT_SCALE = [[0.0, "#deebf7"], [0.5, "#6baed6"], [1.0, "#08306b"]]

# A status against its target (off track 0, at risk 1, on track 2): three steps, each named on the colour bar and
# marked in its tile (✗ ! ✓), so that the colour is never the only sign.
# (plotly cannot sample a scale with two colours at one position: the steps change over a hundredth)
STATUS_SCALE = [[0.0, "#c0392b"], [0.33, "#c0392b"], [0.34, "#f0a04b"], [0.66, "#f0a04b"], [0.67, "#4f9a5c"],
                [1.0, "#4f9a5c"]]

REGION_COLOURS = {"N": "#7b3294", "NE": "#c2a5cf", "C": "#5e3c99", "E": "#008837", "W": "#a6dba0", "S": "#0571b0"}


def theme_layout(*, height: int | None = None) -> dict:
    """Returns the shared fonts, margins and background as layout properties (to build a figure with)."""
    layout = {
        "font": {"family": FONT_FAMILY, "size": 14, "color": INK},
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 8, "r": 8, "t": 40, "b": 8},
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": 14}},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    }
    return {**layout, "height": height} if height else layout


# Text drawn on a dark fill (a low- or high-coverage tile); INK is used on light fills.
ON_DARK = "#ffffff"


def as_label(values) -> list[str]:
    """Returns values from data as text plotly shows as written: its labels and hovers read a little HTML (links,
    bold), so <, > and & are written as entities, which plotly shows as the characters themselves."""
    return [html.escape(str(v), quote=False) for v in values]
