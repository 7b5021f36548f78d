-- How many volunteers of the scope serving at $d recorded each number of activities from $start to $d (0 included):
-- the Outcomes page's distribution, as a few rows per province rather than one per volunteer (a filter sums its
-- provinces' rows of the country's, dashboard/country.py).
-- Parameters: $scope (VARCHAR[] of province codes), $start, $d (DATE).
WITH serving AS (
    SELECT volunteer_id, province_code
    FROM volunteers
    WHERE province_code IN (SELECT unnest($scope::VARCHAR[]))
      AND registered_on <= $d::DATE
      AND $d::DATE < COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE))
      AND (left_on IS NULL OR left_on > $d::DATE)
),
counted AS (
    SELECT a.volunteer_id, count(*) AS activities
    FROM activities a SEMI JOIN serving s ON s.volunteer_id = a.volunteer_id
    WHERE a.activity_date BETWEEN $start::DATE AND $d::DATE
    GROUP BY a.volunteer_id
)
SELECT s.province_code, COALESCE(c.activities, 0) AS activities, count(*) AS volunteers
FROM serving s LEFT JOIN counted c USING (volunteer_id)
GROUP BY ALL
ORDER BY province_code, activities
