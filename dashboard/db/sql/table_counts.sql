-- Rows stored per programme table, and the date range each covers.
SELECT 'mentors' AS kind, count(*) AS stored_rows, min(started_on) AS first_day, max(started_on) AS last_day FROM mentors
UNION ALL SELECT 'volunteers', count(*), min(registered_on), max(registered_on) FROM volunteers
UNION ALL SELECT 'activities', count(*), min(activity_date), max(activity_date) FROM activities
UNION ALL SELECT 'seminars', count(*), min(start_date), max(start_date) FROM seminars
UNION ALL SELECT 'attendance', count(*), NULL, NULL FROM attendance
UNION ALL SELECT 'feedback', count(*), NULL, NULL FROM feedback
