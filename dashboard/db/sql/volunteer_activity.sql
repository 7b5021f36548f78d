-- Each volunteer of the scope serving at $d, with the activities they recorded from $start to $d: the Outcomes
-- page's distribution, its areas and its list of volunteers to follow up (ids only: no name leaves the database).
-- Parameters: $scope (VARCHAR[] of province codes), $start, $d (DATE).
WITH serving AS (
    SELECT volunteer_id, subdistrict_code, district_code, province_code, mentor_id
    FROM volunteers
    WHERE province_code IN (SELECT unnest($scope::VARCHAR[]))
      AND registered_on <= $d::DATE
      AND $d::DATE < COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE))
      AND (left_on IS NULL OR left_on > $d::DATE)
),
counted AS (
    SELECT volunteer_id, count(*) AS activities, max(activity_date) AS last_activity
    FROM activities
    WHERE activity_date BETWEEN $start::DATE AND $d::DATE AND volunteer_id IN (SELECT volunteer_id FROM serving)
    GROUP BY volunteer_id
)
SELECT s.volunteer_id, s.subdistrict_code, sd.name_th AS subdistrict_th, sd.name_en AS subdistrict_en,
       s.district_code, d.name_th AS district_th, d.name_en AS district_en, s.province_code, s.mentor_id,
       COALESCE(c.activities, 0) AS activities, c.last_activity
FROM serving s LEFT JOIN counted c USING (volunteer_id)
LEFT JOIN subdistricts sd ON sd.subdistrict_code = s.subdistrict_code
LEFT JOIN districts d ON d.district_code = s.district_code
ORDER BY s.province_code, s.district_code, s.subdistrict_code, s.volunteer_id
