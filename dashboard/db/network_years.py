"""network_years: the network's KPIs per province at the default reference date of every fiscal year with data,
rebuilt by each write that changes what they count, in its transaction (docs/performance.md)."""

from dashboard.db.queries import sql
from dashboard.db.schema import NETWORK_YEARS_MARK


def refresh_network_years(con, *, threshold: int, ending_months: int) -> None:
    """Rebuilds network_years on a writer's DuckDB connection from kpis.sql itself (one run per fiscal year: the
    same numbers by construction), and notes in meta what it was built from and with which settings."""
    con.execute("DELETE FROM network_years")
    scope = [code for (code,) in con.execute("SELECT province_code FROM provinces ORDER BY province_code").fetchall()]
    for _, reference_date in con.execute(sql("network_years_dates")).fetchall():
        con.execute(f"INSERT INTO network_years BY NAME SELECT $d AS reference_date, * EXCLUDE (period) "
                    f"FROM ({sql('kpis')})",
                    {"scope": scope, "d": reference_date, "previous_d": None, "threshold": threshold,
                     "ending_months": ending_months})
    con.execute(f"INSERT OR REPLACE INTO meta SELECT '{NETWORK_YEARS_MARK}', inputs FROM ({sql('network_inputs')})",
                {"threshold": threshold, "ending_months": ending_months})
