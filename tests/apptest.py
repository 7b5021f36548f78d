"""Opening a page of the app in AppTest, through navigation, with URL parameters."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")


def open_page(page: str, **params) -> AppTest:
    """Runs pages/<page>.py through the app's navigation with the given query parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(f"pages/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()
