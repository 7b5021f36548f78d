-- Rows stored per programme table, and the date range each covers (targets: the fiscal years, B.E., they cover).
SELECT 'mentors' AS kind, count(*) AS stored_rows, min(started_on) AS first_day, max(started_on) AS last_day,
       CAST(NULL AS INTEGER) AS first_fiscal_year, CAST(NULL AS INTEGER) AS last_fiscal_year FROM mentors
UNION ALL SELECT 'volunteers', count(*), min(registered_on), max(registered_on), NULL, NULL FROM volunteers
UNION ALL SELECT 'activities', count(*), min(activity_date), max(activity_date), NULL, NULL FROM activities
UNION ALL SELECT 'seminars', count(*), min(start_date), max(start_date), NULL, NULL FROM seminars
UNION ALL SELECT 'attendance', count(*), NULL, NULL, NULL, NULL FROM attendance
UNION ALL SELECT 'feedback', count(*), NULL, NULL, NULL, NULL FROM feedback
UNION ALL SELECT 'targets', count(*), NULL, NULL, min(fiscal_year), max(fiscal_year) FROM targets
