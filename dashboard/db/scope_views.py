"""The province scope of a signed-in user, applied under every query: in-memory tables that shadow the tables.

Each table of the file is copied, once when the connection opens, into a table of the same name holding only the
rows `ROW_FILTERS` keeps for the scope, so no query can see another province's rows and none filters the whole
country again (why, and which rows each table keeps: docs/design-notes.md).
"""

from dashboard.db.schema import ACTIVITY_YEARS_MARK

IN_SCOPE = "province_code IN (SELECT province_code FROM memory.main._scope)"
SCOPE_VOLUNTEERS = f"SELECT volunteer_id FROM {{raw}}.volunteers WHERE {IN_SCOPE}"
SCOPE_MENTORS = f"SELECT mentor_id FROM {{raw}}.mentors WHERE {IN_SCOPE}"
HOSTED_SEMINARS = f"SELECT seminar_id FROM {{raw}}.seminars WHERE {IN_SCOPE}"

ROW_FILTERS = {
    "provinces": IN_SCOPE,
    "districts": IN_SCOPE,
    "subdistricts": IN_SCOPE,
    "volunteers": IN_SCOPE,
    "mentors": f"{IN_SCOPE} OR mentor_id IN (SELECT mentor_id FROM {{raw}}.volunteers WHERE {IN_SCOPE})",
    "activities": f"volunteer_id IN ({SCOPE_VOLUNTEERS})",
    "attendance": f"seminar_id IN ({HOSTED_SEMINARS}) OR person_id IN ({SCOPE_VOLUNTEERS}) "
                  f"OR person_id IN ({SCOPE_MENTORS})",
    "feedback": f"{IN_SCOPE} OR seminar_id IN ({HOSTED_SEMINARS})",
    "seminars": f"{IN_SCOPE} OR seminar_id IN (SELECT seminar_id FROM {{raw}}.attendance "
                f"WHERE person_id IN ({SCOPE_VOLUNTEERS}) OR person_id IN ({SCOPE_MENTORS})) "
                f"OR seminar_id IN (SELECT seminar_id FROM {{raw}}.feedback WHERE {IN_SCOPE})",
    "targets": "scope IN (SELECT province_code FROM memory.main._scope)",   # a province's own; not the country's
    "activity_years": f"volunteer_id IN ({SCOPE_VOLUNTEERS})",
    "network_years": IN_SCOPE,   # their mark then differs from the scope's tables: read from them (docs/performance.md)
    "outcome_years": IN_SCOPE,
    "import_log": "false",
    "import_rejects": "false",
}


FILE_DATA_DATE = "file_data_date"   # meta's key, in a scoped connection only: the whole file's data date


def scoped_table_statements(raw: str, tables: list[str]) -> list[str]:
    """Returns the statements that copy the scope's rows of each table of the attached database `raw` into a table
    of the same name in memory.main; and that note in the copy of `meta` the file's data date (the latest activity
    of the whole database, as the contract defines it), so that a provincial user's reference date is an
    executive's, not that of the last activity recorded in their province."""
    statements = []
    for table in tables:
        condition = ROW_FILTERS.get(table, "true").format(raw=raw)
        statements.append(f'CREATE TABLE memory.main."{table}" AS SELECT * FROM {raw}."{table}" WHERE {condition}')
    if "meta" in tables and "activities" in tables:
        statements.append(f"INSERT INTO memory.main.meta SELECT '{FILE_DATA_DATE}', CAST(max(activity_date) AS VARCHAR) "
                          f"FROM {raw}.activities")
        # activity_years is current for the scope's copy when the file's is current for the file's activities
        mark = "count(*) || ' ' || COALESCE(CAST(max(activity_date) AS VARCHAR), '')"
        statements.append(f"UPDATE memory.main.meta SET value = (SELECT {mark} FROM memory.main.activities) "
                          f"WHERE key = '{ACTIVITY_YEARS_MARK}' AND value = (SELECT {mark} FROM {raw}.activities)")
    return statements
