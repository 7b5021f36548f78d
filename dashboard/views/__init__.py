"""What each page shows: one view module per page, the only thing a page asks.

The way through the house, top to bottom (tests/test_layers.py holds it):

    pages/*.py            read widgets, ask a view, render. Import only dashboard.ui and dashboard.views (and the
                          standard library and Streamlit): no domain module, no SQL, no figure built.
    dashboard/ui/         Streamlit glue: page setup, the sign-in gate, the sidebar filters and URL, the cache
                          (`ui.data.cached`), rendering helpers.
    dashboard/views/      per page, everything it shows for the filters and a language, finished: the caption, the
                          cards (from dashboard.cards), the figures as dicts, the tables with translated headers as
                          shown and downloaded. A new column of a table goes in the view's table function (e.g.
                          `views.coverage.area_table`); a new page gets a new module here.
    dashboard/*.py        the domain: numbers for a filter (kpis, coverage, mentors, seminars, findings,
                          rebalance), each through the filters' scope and period in dashboard.scope.
    dashboard/charts/     DataFrame in, plotly Figure out.
    dashboard/db/         the one door to DuckDB; every query a named .sql file.

The briefing (dashboard/briefing) builds the deck and the one-pager from the same cards, the same domain calls and
the same country map as the pages, never its own SQL.

Every view function takes (db, filters, keyword values) and, when it asks other functions, `run`: through
`dashboard.ui.data.cached` the pages cache each view per database file, province scope, filters and arguments, and
what it asks of `run` (the KPIs, the coverage per area, the loads, the feedback) is shared with the other pages and
the briefing. No Streamlit here.
"""
