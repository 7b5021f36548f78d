-- The data date: the latest activity in the database (NULL when there are none). A scoped connection sees only its
-- provinces' activities, so it reads the whole file's, noted in its copy of meta (dashboard/db/scope_views.py).
SELECT coalesce((SELECT CAST(value AS DATE) FROM meta WHERE key = 'file_data_date'),
                (SELECT max(activity_date) FROM activities)) AS data_date
