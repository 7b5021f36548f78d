-- The rejected rows of one import, in file order.
SELECT line_no, reason, raw FROM import_rejects WHERE import_id = $import_id ORDER BY line_no
