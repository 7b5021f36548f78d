"""The province scope of a signed-in user, applied under every query: in-memory tables that shadow the tables.

A scoped `Database` runs its queries against tables of the same names as the file's tables, each holding only the
rows of the provinces in `_scope`, so no query, page, chart, download or briefing can see another province's rows,
whatever the filters ask. They are copied once when the connection opens: the file is opened read-only and a
connection lives as long as the file it opened (a writer replaces the file, and the app reconnects), so a copy
never goes stale, and every query then reads a province's rows instead of filtering the whole country's again (a
view did that on every query: about 70 ms each at ten times national scale). The rows kept are what the KPI rules
need for an in-scope filter, so the numbers of a province are the same for its provincial user as for an
executive who picks it:

- volunteers, tambons, districts and provinces of the scope;
- the mentors of the scope, and any mentor of one of its volunteers (load and "mentor not serving");
- the activities of the scope's volunteers;
- the seminars held in the scope, or attended or rated by someone of the scope;
- attendance at seminars held in the scope, and of the scope's volunteers and mentors anywhere;
- feedback from respondents of the scope, and on seminars held in it (a respondent without a province
  counts for the seminar's province);
- nothing of the import log and rejects (the Data page is for administrators).
"""

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
    "import_log": "false",
    "import_rejects": "false",
}


def scoped_table_statements(raw: str, tables: list[str]) -> list[str]:
    """Returns the statements that copy the scope's rows of each table of the attached database `raw` into a table
    of the same name in memory.main."""
    statements = []
    for table in tables:
        condition = ROW_FILTERS.get(table, "true").format(raw=raw)
        statements.append(f'CREATE TABLE memory.main."{table}" AS SELECT * FROM {raw}."{table}" WHERE {condition}')
    return statements
