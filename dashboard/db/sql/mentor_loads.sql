-- Serving mentors in scope at $d: load (serving volunteers), of whom engaged in the 90 days to $d.
WITH
serving AS (
    SELECT volunteer_id, mentor_id FROM volunteers
    WHERE registered_on <= $d AND $d < COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE))
      AND (left_on IS NULL OR left_on > $d)
),
engaged AS (
    SELECT DISTINCT a.volunteer_id FROM activities a JOIN serving s USING (volunteer_id)
    WHERE a.activity_date BETWEEN $d - 89 AND $d
)
SELECT m.mentor_id, m.province_code, p.name_th AS province_th, p.name_en AS province_en, m.full_name, m.position,
       m.started_on, count(s.volunteer_id) AS load, count(e.volunteer_id) AS engaged
FROM mentors m
JOIN provinces p USING (province_code)
LEFT JOIN serving s ON s.mentor_id = m.mentor_id
LEFT JOIN engaged e ON e.volunteer_id = s.volunteer_id
WHERE m.province_code IN (SELECT unnest($scope::VARCHAR[]))
  AND m.started_on <= $d AND (m.left_on IS NULL OR m.left_on > $d)
GROUP BY ALL
ORDER BY load DESC, m.mentor_id
