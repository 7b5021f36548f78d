-- Mentor load at the reference date of each fiscal year $first_fy..$last_fy in scope.
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
years AS (
    SELECT fy::INTEGER AS fiscal_year, least(make_date(fy::INTEGER - 543, 9, 30), $data_date::DATE) AS d
    FROM range($first_fy, $last_fy + 1) AS r(fy)
),
loads AS (
    SELECT y.fiscal_year, m.mentor_id, count(v.volunteer_id) AS load
    FROM years y
    JOIN mentors m ON m.started_on <= y.d AND (m.left_on IS NULL OR m.left_on > y.d)
    LEFT JOIN volunteers v
      ON v.mentor_id = m.mentor_id AND v.registered_on <= y.d
     AND y.d < COALESCE(v.term_ends_on, CAST(v.registered_on + INTERVAL 3 YEAR AS DATE))
     AND (v.left_on IS NULL OR v.left_on > y.d)
    WHERE m.province_code IN (SELECT province_code FROM scope)
    GROUP BY y.fiscal_year, m.mentor_id
)
SELECT fiscal_year, count(*) AS serving_mentors, round(avg(load), 2) AS mean_load, max(load) AS max_load,
       count(*) FILTER (WHERE load > $threshold) AS overloaded_mentors
FROM loads GROUP BY fiscal_year ORDER BY fiscal_year
