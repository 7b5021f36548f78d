-- Whether activity_years was built from the activities there are now (activity_years_refresh.sql notes which).
SELECT COALESCE((SELECT value FROM meta WHERE key = 'activity_years_of')
                = (SELECT count(*) || ' ' || COALESCE(CAST(max(activity_date) AS VARCHAR), '') FROM activities),
                false) AS current
