"""Which Chromium prints the one-page PDF, and what to say when there is none (a module of its own: the Briefing
page asks on every run, and need not load the deck and PDF builders to know)."""

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


def unavailable_message() -> str:
    """Says why there is no Chromium to print with and how to get one (the setting, or Debian's package)."""
    configured = settings.get("chromium_path")
    if configured:
        return (f"Chromium is not available: DASHBOARD_CHROMIUM_PATH (the chromium_path setting) is {configured!r}, "
                "which is not an executable file")
    return (f"Chromium is not available: none of {', '.join(BROWSERS)} is on PATH; install Debian's chromium "
            "package or set DASHBOARD_CHROMIUM_PATH")
