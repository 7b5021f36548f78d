"""Tables of answers per fiscal year, derived at write time (docs/performance.md): the network's KPIs
(`network_years`) and what the volunteers did (`outcome_years`), per province, at the default reference date of
every fiscal year with data. Each write that changes what they count rebuilds them in its transaction, from the
same SQL the dashboard runs when they cannot serve (the same numbers by construction)."""

from dashboard.db.queries import sql
from dashboard.db.schema import YEAR_TABLES_MARK


def refresh_year_tables(con, *, threshold: int, ending_months: int) -> None:
    """Rebuilds network_years (kpis.sql) and outcome_years (outcome_kpis_by_year.sql, read from activity_years, which
    is rebuilt first when older than the activities: a file written before it existed) on a writer's DuckDB
    connection, one run per fiscal year, and notes in meta what they were built from and with which settings."""
    if not con.execute(sql("activity_years_current")).fetchone()[0]:
        con.execute(sql("activity_years_refresh"))
    con.execute("DELETE FROM network_years")
    con.execute("DELETE FROM outcome_years")
    scope = [code for (code,) in con.execute("SELECT province_code FROM provinces ORDER BY province_code").fetchall()]
    for fiscal_year, reference_date in con.execute(sql("year_tables_dates")).fetchall():
        con.execute(f"INSERT INTO network_years BY NAME SELECT $d AS reference_date, * EXCLUDE (period) "
                    f"FROM ({sql('kpis')})",
                    {"scope": scope, "d": reference_date, "previous_d": None, "threshold": threshold,
                     "ending_months": ending_months})
        con.execute(f"INSERT INTO outcome_years BY NAME SELECT $fiscal_year AS fiscal_year, $d AS reference_date, "
                    f"* EXCLUDE (period) FROM ({sql('outcome_kpis_by_year')})",
                    {"scope": scope, "fiscal_year": fiscal_year, "d": reference_date, "previous_fiscal_year": None,
                     "previous_d": None})
    con.execute(f"INSERT OR REPLACE INTO meta SELECT '{YEAR_TABLES_MARK}', inputs FROM ({sql('year_tables_inputs')})",
                {"threshold": threshold, "ending_months": ending_months})
