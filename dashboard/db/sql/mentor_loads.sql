-- Serving mentors in scope at $d: load (serving volunteers), of whom engaged in the 90 days to $d.
WITH
serving_mentors AS (
    SELECT m.mentor_id, m.province_code, p.name_th AS province_th, p.name_en AS province_en, m.full_name, m.position,
           m.started_on
    FROM mentors m JOIN provinces p USING (province_code)
    WHERE m.province_code IN (SELECT unnest($scope::VARCHAR[]))
      AND m.started_on <= $d AND (m.left_on IS NULL OR m.left_on > $d)
),
serving AS (
    SELECT v.volunteer_id, v.mentor_id,
           EXISTS (SELECT 1 FROM activities a
                   WHERE a.volunteer_id = v.volunteer_id AND a.activity_date BETWEEN $d - 89 AND $d) AS engaged
    FROM volunteers v
    WHERE v.mentor_id IN (SELECT mentor_id FROM serving_mentors)
      AND v.registered_on <= $d AND $d < COALESCE(v.term_ends_on, CAST(v.registered_on + INTERVAL 3 YEAR AS DATE))
      AND (v.left_on IS NULL OR v.left_on > $d)
)
SELECT m.*, count(s.volunteer_id) AS load, count(s.volunteer_id) FILTER (WHERE s.engaged) AS engaged
FROM serving_mentors m LEFT JOIN serving s USING (mentor_id)
GROUP BY ALL
ORDER BY load DESC, m.mentor_id
