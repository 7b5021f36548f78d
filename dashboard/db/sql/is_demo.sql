-- Whether the demo generator built this database.
SELECT count(*) > 0 AS is_demo FROM meta WHERE key = 'demo_seed'
