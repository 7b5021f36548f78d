"""Entry point: `streamlit run streamlit_app.py`. Navigation only; each page does its own setup and links.

`streamlit run` finds `app` below and serves it: the server imports this file as a module once, to start (warm-up,
chart preload: dashboard/ui/startup.py; the guard of uploads and routes: dashboard/ui/server_guard.py), and runs it
as the app's script (`__main__`) for every visit.
"""

import streamlit as st

if __name__ != "__main__":
    from starlette.middleware import Middleware

    from dashboard.ui.server_guard import ServerGuard
    from dashboard.ui.startup import PreloadChartLibrary, lifespan

    app = st.App("streamlit_app.py", lifespan=lifespan,
                 middleware=[Middleware(ServerGuard), Middleware(PreloadChartLibrary)])
else:
    from dashboard.i18n import Translator
    from dashboard.ui.pages import PAGES
    from dashboard.ui.setup import current_language
    from dashboard.ui.url_state import note_unknown_page

    t = Translator(current_language())
    pages = [st.Page(p.path, title=t(p.title_key), icon=p.icon, url_path=p.url_path) for p in PAGES]

    def home() -> None:
        # Streamlit serves the default page at "/" and at any path that names no page; it forwards to the first
        # page with the link's filters, so every page keeps a stable address such as /overview?fy=2568. A path
        # that names no page is said above the page shown instead.
        note_unknown_page(st.context.url, ["home", *(p.url_path for p in PAGES)],
                          st.get_option("server.baseUrlPath"))
        st.switch_page(pages[0], query_params={k: st.query_params.get_all(k) for k in st.query_params})

    navigation = st.navigation([st.Page(home, title=t(PAGES[0].title_key), url_path="home", default=True),
                                *pages], position="hidden")
    navigation.run()
