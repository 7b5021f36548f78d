"""Sarabun's letter widths, read from the font files of fontpkg-sarabun with Pillow (shaped, Thai marks included):
how the tile map and the deck know whether a text fits before a browser or PowerPoint draws it."""

from functools import cache
from pathlib import Path

import fontpkg_sarabun
from PIL import ImageFont


@cache
def _sarabun(tenths: int, bold: bool) -> ImageFont.FreeTypeFont:
    name = "Sarabun-Bold.ttf" if bold else "Sarabun-Regular.ttf"
    return ImageFont.truetype(str(Path(fontpkg_sarabun.ROOT) / "files" / name), tenths)


def sarabun_width(text: str, size: float, *, bold: bool = False) -> float:
    """Returns the width of text on one line in Sarabun at `size`, in the unit of the size (points in, points out;
    pixels in, pixels out)."""
    return _sarabun(round(size * 10), bold).getlength(text) / 10
