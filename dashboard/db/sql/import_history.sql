-- The most recent imports, newest first.
SELECT import_id, kind, file_name, started_at, finished_at, rows_read, imported, inserted, updated, unchanged,
       rejected, encoding
FROM import_log
ORDER BY import_id DESC
LIMIT $limit
