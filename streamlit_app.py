"""Entry point: `streamlit run streamlit_app.py`. Navigation only; each page does its own setup and links."""

import streamlit as st

from dashboard.i18n import Translator
from dashboard.ui.pages import PAGES
from dashboard.ui.setup import current_language

t = Translator(current_language())
navigation = st.navigation(
    [st.Page(p.path, title=t(p.title_key), icon=p.icon, url_path=p.url_path, default=i == 0)
     for i, p in enumerate(PAGES)],
    position="hidden",
)
navigation.run()
