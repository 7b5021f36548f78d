"""Which Chromium prints the one-page PDF (a module of its own: the Briefing page asks on every run, and need not
load the deck and PDF builders to know)."""

import os
import shutil

from dashboard import settings

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def chromium_path() -> str | None:
    """Returns the Chromium to print with: the chromium_path setting if set, else the first browser on PATH."""
    configured = settings.get("chromium_path")
    if configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)
