-- Serving mentors in scope at $d: load (serving volunteers), of whom engaged in the 90 days to $d.
-- One GROUP BY, and engagement as IN on the window's volunteer ids rather than a correlated EXISTS: at scale 10,
-- 16 instead of 21 MB of working memory, and faster (docs/performance.md).
WITH
serving_mentors AS (
    SELECT m.mentor_id, m.province_code, p.name_th AS province_th, p.name_en AS province_en, m.full_name, m.position,
           m.started_on
    FROM mentors m JOIN provinces p USING (province_code)
    WHERE m.province_code IN (SELECT unnest($scope::VARCHAR[]))
      AND m.started_on <= $d AND (m.left_on IS NULL OR m.left_on > $d)
),
serving AS (
    SELECT v.volunteer_id, v.mentor_id
    FROM volunteers v
    WHERE v.mentor_id IN (SELECT mentor_id FROM serving_mentors)
      AND v.registered_on <= $d AND $d < COALESCE(v.term_ends_on, CAST(v.registered_on + INTERVAL 3 YEAR AS DATE))
      AND (v.left_on IS NULL OR v.left_on > $d)
),
counts AS (
    SELECT mentor_id, count(*) AS load,
           count(*) FILTER (WHERE volunteer_id IN (
               SELECT volunteer_id FROM activities WHERE activity_date BETWEEN $d - 89 AND $d)) AS engaged
    FROM serving GROUP BY mentor_id
)
SELECT m.*, COALESCE(c.load, 0) AS load, COALESCE(c.engaged, 0) AS engaged
FROM serving_mentors m LEFT JOIN counts c USING (mentor_id)
ORDER BY load DESC, m.mentor_id
