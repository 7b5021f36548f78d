-- The first and last day with programme data (registrations, seminars, activities).
SELECT
    least((SELECT min(registered_on) FROM volunteers), (SELECT min(start_date) FROM seminars),
          (SELECT min(activity_date) FROM activities)) AS first_day,
    (SELECT max(activity_date) FROM activities) AS last_day
