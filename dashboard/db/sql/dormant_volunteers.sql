-- The volunteers of the scope serving at $d who recorded no activity from $start to $d, by id with their tambon,
-- district and mentor id (no name leaves the database): the Outcomes page's list for the provincial office.
-- Parameters: $scope (VARCHAR[] of province codes), $start, $d (DATE).
WITH serving AS (
    SELECT volunteer_id, subdistrict_code, district_code, province_code, mentor_id
    FROM volunteers
    WHERE province_code IN (SELECT unnest($scope::VARCHAR[]))
      AND registered_on <= $d::DATE
      AND $d::DATE < COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE))
      AND (left_on IS NULL OR left_on > $d::DATE)
)
SELECT s.volunteer_id, s.subdistrict_code, sd.name_th AS subdistrict_th, sd.name_en AS subdistrict_en,
       s.district_code, d.name_th AS district_th, d.name_en AS district_en, s.province_code, s.mentor_id
FROM serving s ANTI JOIN (
    SELECT volunteer_id FROM activities WHERE activity_date BETWEEN $start::DATE AND $d::DATE
) a ON a.volunteer_id = s.volunteer_id
LEFT JOIN subdistricts sd ON sd.subdistrict_code = s.subdistrict_code
LEFT JOIN districts d ON d.district_code = s.district_code
ORDER BY s.province_code, s.district_code, s.subdistrict_code, s.volunteer_id
